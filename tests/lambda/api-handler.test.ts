/**
 * The Lambda entry point, invoked as API Gateway would: HTTP API (payload 2.0) events with the
 * JWT authorizer's claims, against dynalite. Same app, same adapters; only configuration differs.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, localDynamoClient, startDynalite, type RunningService } from '../../functions/local/stand-ins.ts';
import { competitionInput } from '../support/api-harness.ts';
import { captureOutput } from '../support/output-capture.ts';

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyResultV2>;

let dynamo: RunningService;
let handler: Handler;

beforeAll(async () => {
  dynamo = await startDynalite();
  await ensureTable(localDynamoClient(dynamo.endpoint), 'podium-lambda-test');
  Object.assign(process.env, {
    TABLE_NAME: 'podium-lambda-test',
    BUCKET_NAME: 'podium-pitches',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AUTH_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST',
    AUTH_AUDIENCE: 'web-client-id',
    CURSOR_SECRET: 'lambda-test-cursor-secret-0123456789',
  });
  ({ handler } = (await import('../../functions/lambda/api-core.ts')) as unknown as { handler: Handler });
});
afterAll(() => dynamo.stop());

/** Claims as API Gateway's JWT authorizer passes them: every value a string. */
function claims(sub: string, email: string, groups: string[]) {
  return {
    sub,
    email,
    email_verified: 'true',
    name: email,
    'cognito:groups': `[${groups.join(' ')}]`,
    iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST',
    aud: 'web-client-id',
    token_use: 'id',
    exp: '1893456000',
    iat: '1764000000',
  };
}

function event(
  method: string,
  path: string,
  o: { body?: unknown; claims?: Record<string, string>; query?: string; base64?: boolean } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const raw = o.body === undefined ? undefined : JSON.stringify(o.body);
  return {
    version: '2.0',
    routeKey: o.claims ? 'ANY /api/{proxy+}' : `${method} ${path}`,
    rawPath: path,
    rawQueryString: o.query ?? '',
    headers: {
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'vitest',
      'x-forwarded-proto': 'https',
      ...(raw ? { 'content-type': 'application/json' } : {}),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: o.claims ?? {}, scopes: [] } },
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: `req-${Math.random()}`,
      routeKey: o.claims ? 'ANY /api/{proxy+}' : `${method} ${path}`,
      stage: '$default',
      time: '26/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795000000000,
    },
    body: raw === undefined ? undefined : o.base64 ? Buffer.from(raw).toString('base64') : raw,
    isBase64Encoded: o.base64 ?? false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** Public routes arrive without an authorizer block at all. */
function publicEvent(method: string, path: string) {
  const e = event(method, path);
  delete (e.requestContext as { authorizer?: unknown }).authorizer;
  return e;
}

const context = { awsRequestId: 'test', functionName: 'api' } as Context;

async function invoke(e: APIGatewayProxyEventV2WithJWTAuthorizer) {
  const r = (await handler(e, context)) as { statusCode: number; body: string; headers: Record<string, string> };
  return { status: r.statusCode, json: r.body ? JSON.parse(r.body) : undefined, headers: r.headers };
}

const organiser = claims('sub-org', 'organiser@demo.test', ['organisers']);
const sme = claims('sub-sme', 'sme1@demo.test', []);

describe('Lambda API handler', () => {
  it('answers health without any identity', async () => {
    const r = await invoke(publicEvent('GET', '/api/health'));
    expect(r).toMatchObject({ status: 200, json: { status: 'ok' } });
  });

  it('turns authorizer claims into the identity: groups decide who may create', async () => {
    const me = await invoke(event('GET', '/api/me', { claims: organiser }));
    expect(me.json).toMatchObject({ email: 'organiser@demo.test', groups: ['organisers'], canCreateCompetitions: true });

    const created = await invoke(event('POST', '/api/competitions', { claims: organiser, body: competitionInput(), base64: true }));
    expect(created.status).toBe(201);
    expect(created.json.myRoles).toEqual(['organiser']);

    const denied = await invoke(event('POST', '/api/competitions', { claims: sme, body: competitionInput() }));
    expect(denied.status).toBe(403);

    // The draft is stored, visible to its organiser, hidden from others and from the public route.
    const mine = await invoke(event('GET', `/api/competitions/${created.json.id}`, { claims: organiser }));
    expect(mine.json.title).toBe('Smart Logistics Challenge');
    expect((await invoke(event('GET', `/api/competitions/${created.json.id}`, { claims: sme }))).status).toBe(404);
    expect((await invoke(publicEvent('GET', `/api/competitions/${created.json.id}`))).status).toBe(404);
  });

  it('serves the public listing and answers bad input with 400 naming the field', async () => {
    const list = await invoke({ ...publicEvent('GET', '/api/competitions'), rawQueryString: 'limit=5' });
    expect(list.status).toBe(200);
    expect(Array.isArray(list.json.items)).toBe(true);
    const bad = await invoke(event('POST', '/api/competitions', { claims: organiser, body: { title: '' } }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty('title');
  });

  it('answers 401, not 500, when the authorizer passed a Cognito access token (no e-mail, no aud)', async () => {
    // What API Gateway's JWT authorizer lets through for an access token of the web client: it
    // matches client_id against the audience, so the claims reach the app without an e-mail.
    const accessToken = {
      sub: 'sub-sme',
      client_id: 'web-client-id',
      token_use: 'access',
      scope: 'openid email profile',
      username: 'sub-sme',
      iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST',
      exp: '1893456000',
      iat: '1764000000',
    };
    const e = event('GET', '/api/me', { claims: accessToken });
    const r = await invoke(e);
    expect(r.status).toBe(401);
    expect(r.json.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/ID token/) });
    // The answer carries API Gateway's request id (as logs do) and the API's security headers.
    expect(r.headers['x-request-id']).toBe(e.requestContext.requestId);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it("logs each request with API Gateway's request id, the caller's correlation id and the invocation's facts", async () => {
    const e = publicEvent('GET', '/api/competitions');
    e.headers['x-correlation-id'] = 'journey-3';
    const { result, logs } = await captureOutput(() => invoke(e), 'INFO');
    expect(result.headers['x-correlation-id']).toBe('journey-3');
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'request',
        service: 'podium',
        requestId: e.requestContext.requestId,
        correlationId: 'journey-3',
        function_request_id: 'test',
        function_name: 'api',
        route: '/api/competitions',
        status: 200,
      }),
    ]);
  });

  it('refuses a public-route call with a bearer token it cannot verify', async () => {
    const e = publicEvent('GET', '/api/competitions');
    e.headers.authorization = 'Bearer not-a-token';
    const r = await invoke(e);
    expect(r.status).toBe(401);
  });
});
