/**
 * The emulation itself, on a tiny CDK app synthesized here: an HTTP API with overlapping routes,
 * a Cognito JWT authorizer, a function with a 1-second timeout and one behind a 1-second
 * integration timeout, a bucket notification, a schedule, and a queue (with a dead-letter queue) feeding a function — and one small function bundle that
 * echoes its event, sleeps, answers too much, throws or exits on request. What it proves is what
 * API Gateway and Lambda do: the route chosen, the payload 2.0 event, claims as strings, 401/404,
 * the function's timeout and the 6 MB response limit as 500s, the integration timeout as a 503,
 * warm and concurrent environments, an environment of the template's values only.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Code, Function as LambdaFn, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { S3Event } from 'aws-lambda';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntrinsicResolver, type LocalResources } from '../../functions/local/aws/intrinsics.ts';
import { startAwsPlatform, type AwsPlatform } from '../../functions/local/aws/platform.ts';
import { startLocalSqs, type LocalSqs } from '../../functions/local/aws/sqs.ts';

const FUNCTION_CODE = `
import { appendFileSync } from 'node:fs';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const handler = async (event, context) => {
  const q = event.queryStringParameters ?? {};
  switch (event.rawPath) {
    case '/sleep': case '/patient': await sleep(Number(q.ms)); return { statusCode: 200, body: String(process.pid) };
    case '/fn/pid': return { statusCode: 200, body: String(process.pid) };
    case '/fn/big': return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(Number(q.bytes)) };
    case '/fn/throw': throw new Error('boom');
    case '/fn/crash': process.exit(3);
    case '/fn/raw': return { hello: 'world' };
    case '/fn/binary': return { statusCode: 201, headers: { 'content-type': 'application/octet-stream', 'x-answer': 42 }, cookies: ['a=1; Path=/', 'b=2; HttpOnly'], isBase64Encoded: true, body: Buffer.from([0, 1, 2, 255]).toString('base64') };
    case '/fn/env': return { statusCode: 200, body: JSON.stringify({ env: process.env, remainingMs: context.getRemainingTimeInMillis(), functionName: context.functionName }) };
    default: return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
  }
};
export const record = async (event) => { appendFileSync(process.env.OUT_FILE, JSON.stringify(event) + '\\n'); };
export const work = async (event) => {
  for (const r of event.Records) appendFileSync(process.env.OUT_FILE, JSON.stringify({ body: r.body, count: r.attributes.ApproximateReceiveCount, source: r.eventSourceARN }) + '\\n');
  return { batchItemFailures: event.Records.filter((r) => r.body.startsWith('fail')).map((r) => ({ itemIdentifier: r.messageId })) };
};
`;

const LOCAL: LocalResources = {
  region: 'eu-west-1',
  accountId: '000000000000',
  tableName: 'local-table',
  bucketName: 'local-bucket',
  issuer: 'https://idp.test/pool',
  clientId: 'local-client',
  webOrigin: 'http://localhost:1',
  secretString: 'the-local-secret-0123456789abcdef',
};
const INTERNAL_SERVER_ERROR = { message: 'Internal Server Error' };

let dir: string;
let outFile: string;
let platform: AwsPlatform;
let sqs: LocalSqs;
let server: Server;
let url: string;
let privateKey: CryptoKey;

/** The synthetic app: every property the emulation reads, set the way CDK writes it. */
function synthesizeTestApp(codeDir: string, outdir: string): string {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Limits');
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const bucket = new Bucket(stack, 'Bucket');
  const pool = new UserPool(stack, 'Pool');
  const client = pool.addClient('Web');
  const secret = new Secret(stack, 'Secret');
  const fn = (id: string, handler: string, timeout: number, environment: Record<string, string> = {}) =>
    new LambdaFn(stack, id, { runtime: Runtime.NODEJS_22_X, code: Code.fromAsset(codeDir), handler, timeout: Duration.seconds(timeout), memorySize: 256, environment });
  const echo = fn('Echo', 'index.handler', 1, {
    TABLE_NAME: table.tableName,
    BUCKET: bucket.bucketName,
    ISSUER: pool.userPoolProviderUrl,
    CLIENT: client.userPoolClientId,
    SECRET: secret.secretValue.unsafeUnwrap(),
    PLAIN: 'as written',
  });
  const patient = fn('Patient', 'index.handler', 10);
  const recorder = fn('Recorder', 'index.record', 5, { OUT_FILE: outFile });
  const deadLetters = new Queue(stack, 'DeadLetters');
  const queue = new Queue(stack, 'Work', { visibilityTimeout: Duration.seconds(1), deadLetterQueue: { queue: deadLetters, maxReceiveCount: 2 } });
  const worker = fn('Worker', 'index.work', 1, { OUT_FILE: outFile, QUEUE_URL: queue.queueUrl, QUEUE_ARN: queue.queueArn });
  worker.addEventSource(new SqsEventSource(queue, { batchSize: 1, reportBatchItemFailures: true }));

  const api = new HttpApi(stack, 'Api');
  const toEcho = new HttpLambdaIntegration('ToEcho', echo);
  const authorizer = new HttpJwtAuthorizer('Jwt', pool.userPoolProviderUrl, { jwtAudience: [client.userPoolClientId] });
  api.addRoutes({ path: '/echo/{id}', methods: [HttpMethod.GET], integration: toEcho });
  api.addRoutes({ path: '/echo/special', methods: [HttpMethod.GET], integration: toEcho });
  api.addRoutes({ path: '/private/{proxy+}', methods: [HttpMethod.ANY], integration: toEcho, authorizer });
  api.addRoutes({ path: '/private/open', methods: [HttpMethod.GET], integration: toEcho });
  api.addRoutes({ path: '/upload', methods: [HttpMethod.POST], integration: toEcho });
  api.addRoutes({ path: '/sleep', methods: [HttpMethod.GET], integration: toEcho });
  api.addRoutes({ path: '/fn/{proxy+}', methods: [HttpMethod.ANY], integration: toEcho });
  api.addRoutes({ path: '/patient', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('ToPatient', patient, { timeout: Duration.seconds(1) }) });

  bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(recorder), { prefix: 'in/' });
  new Rule(stack, 'Hourly', { schedule: Schedule.rate(Duration.hours(1)), targets: [new LambdaFunction(recorder)] });
  return app.synth().directory;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podium-gateway-'));
  outFile = join(dir, 'recorded.jsonl');
  await writeFile(outFile, '');
  const codeDir = join(dir, 'code');
  await mkdir(codeDir);
  await writeFile(join(codeDir, 'index.mjs'), FUNCTION_CODE);
  const assemblyDirectory = synthesizeTestApp(codeDir, join(dir, 'cdk.out'));

  const keys = await generateKeyPair('RS256');
  privateKey = keys.privateKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256' };
  sqs = await startLocalSqs(LOCAL.region, LOCAL.accountId);
  platform = startAwsPlatform({
    assemblyDirectory,
    local: LOCAL,
    standIns: { dynamodbEndpoint: 'http://127.0.0.1:9', s3Endpoint: 'http://127.0.0.1:9', sqs, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } },
    keys: createLocalJWKSet({ keys: [jwk] }),
  });
  server = createServer((req, res) => void platform.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await platform?.stop();
  await sqs?.stop();
  await new Promise((resolve) => server?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function get(path: string, init: RequestInit = {}) {
  const res = await fetch(url + path, init);
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: any;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8'), json };
}

function token(claims: Record<string, unknown>, o: { key?: CryptoKey; kid?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: LOCAL.issuer, aud: LOCAL.clientId, sub: 'u1', iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'RS256', ...(o.kid === '' ? {} : { kid: o.kid ?? 'k1' }) })
    .sign(o.key ?? privateKey);
}

describe('requests become payload 2.0 events', () => {
  it('with lower-cased headers, cookies apart, the raw and the parsed query, path parameters and the request context', async () => {
    const before = Date.now();
    const r = await get('/echo/abc%20d?a=1&a=2&b=x%20y', { headers: { 'X-Custom': 'v', Cookie: 'c1=v1; c2=v2', 'User-Agent': 'gateway-test' } });
    expect(r.status, r.text).toBe(200);
    const event = r.json;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /echo/{id}',
      rawPath: '/echo/abc%20d',
      rawQueryString: 'a=1&a=2&b=x%20y',
      cookies: ['c1=v1', 'c2=v2'],
      queryStringParameters: { a: '1,2', b: 'x y' },
      pathParameters: { id: 'abc d' },
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'GET /echo/{id}',
        stage: '$default',
        http: { method: 'GET', path: '/echo/abc%20d', sourceIp: '127.0.0.1', userAgent: 'gateway-test' },
      },
    });
    expect(event.headers['x-custom']).toBe('v');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(event.body).toBeUndefined();
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(event.requestContext.requestId).toMatch(/^\S{8,}$/);
    expect(r.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.requestContext.timeEpoch).toBeGreaterThanOrEqual(before);
  });

  it('with a binary body base64-encoded, and a JSON body as text', async () => {
    const binary = await get('/upload', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 1, 2, 255]) });
    expect(binary.json).toMatchObject({ isBase64Encoded: true, body: Buffer.from([0, 1, 2, 255]).toString('base64') });
    const json = await get('/upload', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":"é"}' });
    expect(json.json).toMatchObject({ isBase64Encoded: false, body: '{"a":"é"}' });
  });

  it('and answers become status, headers, cookies and a decoded body; an answer without statusCode is JSON with 200', async () => {
    const binary = await get('/fn/binary');
    expect(binary.status).toBe(201);
    expect([...binary.bytes]).toEqual([0, 1, 2, 255]);
    expect(binary.headers.get('x-answer')).toBe('42');
    expect(binary.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    const raw = await get('/fn/raw');
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/json');
    expect(raw.json).toEqual({ hello: 'world' });
  });
});

describe('routes', () => {
  it('are chosen as API Gateway chooses: a literal segment before a variable, a full match before a greedy path', async () => {
    expect((await get('/echo/special')).json.routeKey).toBe('GET /echo/special');
    expect((await get('/echo/other')).json.routeKey).toBe('GET /echo/{id}');
    expect((await get('/private/open')).json.routeKey).toBe('GET /private/open');
    expect((await get('/fn/a/b')).json).toMatchObject({ routeKey: 'ANY /fn/{proxy+}', pathParameters: { proxy: 'a/b' } });
  });

  it('that do not exist — or not for this method — are 404 {"message":"Not Found"}', async () => {
    for (const [method, path] of [['GET', '/nothing'], ['POST', '/echo/abc'], ['GET', '/echo'], ['GET', '/echo/a/b'], ['DELETE', '/upload']]) {
      const r = await get(path!, { method });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.json).toEqual({ message: 'Not Found' });
    }
  });
});

describe('the JWT authorizer', () => {
  it('lets a valid token through and passes every claim as a string, arrays as "[a b]"', async () => {
    const r = await get('/private/x/y', { headers: { authorization: `Bearer ${await token({ 'cognito:groups': ['organisers', 'reviewers'], email_verified: true, n: 7 })}` } });
    expect(r.status, r.text).toBe(200);
    const claims = r.json.requestContext.authorizer.jwt.claims;
    expect(claims).toMatchObject({ 'cognito:groups': '[organisers reviewers]', email_verified: 'true', n: '7', sub: 'u1', iss: LOCAL.issuer, aud: LOCAL.clientId });
    expect(claims.exp).toMatch(/^\d+$/);
    expect(r.json.requestContext.authorizer.jwt.scopes).toBeNull();
    expect(r.json.pathParameters).toEqual({ proxy: 'x/y' });
    // The token itself still reaches the function, as on AWS.
    expect(r.json.headers.authorization).toMatch(/^Bearer /);
  });

  it('accepts an access token whose client_id is the audience, and a token without "Bearer "', async () => {
    const access = await token({ aud: undefined, client_id: LOCAL.clientId, token_use: 'access' });
    expect((await get('/private/a', { headers: { authorization: `Bearer ${access}` } })).status).toBe(200);
    expect((await get('/private/a', { headers: { authorization: await token({}) } })).status).toBe(200);
  });

  it('refuses with 401 {"message":"Unauthorized"} a missing, expired, foreign, forged or unkeyed token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = await generateKeyPair('RS256');
    for (const [what, value] of [
      ['missing', undefined],
      ['empty', 'Bearer '],
      ['expired', `Bearer ${await token({ iat: now - 900, exp: now - 60 })}`],
      ['not yet valid', `Bearer ${await token({ nbf: now + 600 })}`],
      ['issued in the future', `Bearer ${await token({ iat: now + 600, exp: now + 1200 })}`],
      ['another audience', `Bearer ${await token({ aud: 'someone-else' })}`],
      ['another issuer', `Bearer ${await token({ iss: 'https://elsewhere.test' })}`],
      ['no expiry', `Bearer ${await token({ exp: undefined })}`],
      ['another key', `Bearer ${await token({}, { key: other.privateKey })}`],
      ['no kid', `Bearer ${await token({}, { kid: '' })}`],
      ['garbage', 'Bearer abc.def.ghi'],
    ] as const) {
      const r = await get('/private/a', { headers: value === undefined ? {} : { authorization: value } });
      expect(r.status, what).toBe(401);
      expect(r.json, what).toEqual({ message: 'Unauthorized' });
    }
  });
});

describe('Lambda', () => {
  it('gives the function the template\'s environment with the stand-ins\' values, and nothing of the host\'s', async () => {
    const { env, remainingMs, functionName } = (await get('/fn/env')).json;
    expect(env).toMatchObject({
      TABLE_NAME: LOCAL.tableName,
      BUCKET: LOCAL.bucketName,
      ISSUER: LOCAL.issuer,
      CLIENT: LOCAL.clientId,
      SECRET: LOCAL.secretString,
      PLAIN: 'as written',
      AWS_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      _HANDLER: 'index.handler',
    });
    expect(functionName).toMatch(/^Limits-Echo/);
    expect(env.VITEST).toBeUndefined();
    expect(remainingMs).toBeGreaterThan(0);
    expect(remainingMs).toBeLessThanOrEqual(1000);
  });

  it('reuses a warm environment, and gives concurrent requests environments of their own', async () => {
    const first = (await get('/fn/pid')).text;
    expect((await get('/fn/pid')).text).toBe(first);
    const both = await Promise.all([get('/sleep?ms=300'), get('/sleep?ms=300')]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    // Side by side in two processes (one of them the warm one), not one after the other in one.
    expect(new Set(both.map((r) => r.text)).size).toBe(2);
    expect(both.map((r) => r.text)).toContain(first);
  });

  it('ends an invocation at the function\'s timeout: 500 Internal Server Error, and a fresh environment next time', async () => {
    const warm = (await get('/fn/pid')).text;
    const started = Date.now();
    const late = await get('/sleep?ms=6000');
    expect(late.status).toBe(500);
    expect(late.json).toEqual(INTERNAL_SERVER_ERROR);
    expect(Date.now() - started).toBeLessThan(4500); // cut off at 1 s, not after 6
    const next = await get('/fn/pid');
    expect(next.status).toBe(200);
    expect(next.text).not.toBe(warm);
  });

  it('refuses a response over 6 MB with 500, and sends one just under it', async () => {
    const under = await get('/fn/big?bytes=6000000');
    expect(under.status).toBe(200);
    expect(under.bytes.length).toBe(6_000_000);
    const over = await get('/fn/big?bytes=6400000');
    expect(over.status).toBe(500);
    expect(over.json).toEqual(INTERNAL_SERVER_ERROR);
  });

  it('refuses a request whose event is over Lambda\'s 6 MB, and a body over the HTTP API\'s 10 MB, with 413', async () => {
    const json = { 'content-type': 'application/json' };
    const overLambda = await get('/upload', { method: 'POST', headers: json, body: JSON.stringify({ pad: 'x'.repeat(6_500_000) }) });
    expect(overLambda.status).toBe(413);
    expect(overLambda.json).toEqual({ message: 'Request Too Long' });
    const overGateway = await get('/upload', { method: 'POST', headers: json, body: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect(overGateway.status).toBe(413);
    expect(overGateway.text).toBe('HTTP content length exceeded 10485760 bytes.');
    // Under both, the same route answers.
    expect((await get('/upload', { method: 'POST', headers: json, body: JSON.stringify({ pad: 'x'.repeat(1_000_000) }) })).status).toBe(200);
  });

  it('answers an exception or a crash with 500, and recovers', async () => {
    for (const path of ['/fn/throw', '/fn/crash']) {
      const r = await get(path);
      expect(r.status, path).toBe(500);
      expect(r.json).toEqual(INTERNAL_SERVER_ERROR);
    }
    expect((await get('/fn/pid')).status).toBe(200);
  });

  it('behind an integration timeout shorter than the function\'s: 503 Service Unavailable', async () => {
    const r = await get('/patient?ms=2500');
    expect(r.status).toBe(503);
    expect(r.json).toEqual({ message: 'Service Unavailable' });
  });
});

describe('events', () => {
  const s3Record = (key: string) => ({
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'eu-west-1',
    eventName: 'ObjectCreated:CompleteMultipartUpload',
    s3: { bucket: { name: LOCAL.bucketName }, object: { key } },
  });

  it('the bucket notification invokes its function for the keys its filter takes; the schedule invokes its target', async () => {
    await writeFile(outFile, '');
    await platform.deliverS3Event({ Records: [s3Record('in/a+b.mp4'), s3Record('out/c.mp4')] } as unknown as S3Event);
    await platform.runSchedules();
    const recorded = (await readFile(outFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(recorded).toHaveLength(2);
    expect(recorded[0].Records.map((r: { s3: { object: { key: string } } }) => r.s3.object.key)).toEqual(['in/a+b.mp4']);
    expect(recorded[1]).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
  });

  it("the queue feeds its function: a message reported failed comes back after the visibility timeout, and after maxReceiveCount goes to the dead-letter queue", async () => {
    await writeFile(outFile, '');
    const queueId = platform.platform.queueEventSources[0]!.queueId;
    const dlqId = platform.platform.queues.find((q) => q.logicalId !== queueId)!.logicalId;
    // A client's SendMessage, in SQS's JSON protocol, at the URL the template's Ref resolves to.
    const send = (body: string) =>
      fetch(`${sqs.endpoint}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
        body: JSON.stringify({ QueueUrl: sqs.queueUrl(queueId), MessageBody: body }),
      });
    expect((await send('ok-1')).status).toBe(200);
    expect((await send('fail-1')).status).toBe(200);
    const unknown = await fetch(`${sqs.endpoint}/`, { method: 'POST', headers: { 'x-amz-target': 'AmazonSQS.SendMessage' }, body: JSON.stringify({ QueueUrl: sqs.queueUrl('Nope'), MessageBody: 'x' }) });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).__type).toMatch(/QueueDoesNotExist/);

    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && sqs.depth(dlqId) === 0) await new Promise((r) => setTimeout(r, 100));
    const deliveries = (await readFile(outFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(deliveries.filter((d) => d.body === 'ok-1').map((d) => d.count)).toEqual(['1']);
    expect(deliveries.filter((d) => d.body === 'fail-1').map((d) => d.count)).toEqual(['1', '2']);
    expect(deliveries[0].source).toBe(sqs.queueArn(queueId));
    expect(sqs.depth(queueId)).toBe(0);
    expect(sqs.depth(dlqId)).toBe(1);
  });
});

describe('template values without a local stand-in', () => {
  const template = {
    Resources: {
      TableA: { Type: 'AWS::DynamoDB::Table' },
      TableB: { Type: 'AWS::DynamoDB::Table' },
      Queue: { Type: 'AWS::SQS::Queue' },
      Topic: { Type: 'AWS::SNS::Topic' },
    },
  };

  it('stop the start loudly instead of running with a made-up value', () => {
    const resolver = new IntrinsicResolver(template, LOCAL);
    expect(resolver.string({ Ref: 'TableA' }, 'TABLE_NAME')).toBe(LOCAL.tableName);
    expect(() => resolver.string({ Ref: 'TableB' }, 'OTHER_TABLE')).toThrow(/one table/);
    expect(() => resolver.string({ Ref: 'Queue' }, 'QUEUE_URL')).toThrow(/QUEUE_URL.*no SQS stand-in/);
    expect(() => resolver.string({ Ref: 'Topic' }, 'TOPIC')).toThrow(/TOPIC.*AWS::SNS::Topic/);
    expect(() => resolver.string({ 'Fn::Sub': '${AWS::Region}' }, 'SUB')).toThrow(/Fn::Sub is not supported/);
    expect(() => resolver.string('{{resolve:ssm:/param}}', 'SSM')).toThrow(/unsupported dynamic reference/);
    expect(() => resolver.string({ Ref: 'Nope' }, 'MISSING')).toThrow(/not a resource/);
  });
});
