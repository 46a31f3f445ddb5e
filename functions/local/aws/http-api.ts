/**
 * API Gateway HTTP API in front of Lambda proxy integrations (payload format 2.0), over plain
 * node:http, for the routes a synthesized template declares:
 *
 * - route selection as API Gateway does it: a full match of method and path first (literal path
 *   segments before `{variables}`, the method before `ANY`), then the greedy `{proxy+}` routes
 *   (longest prefix first), then `$default`; no match is 404 `{"message":"Not Found"}`;
 * - the route's JWT authorizer (jwt-authorizer.ts): 401 `{"message":"Unauthorized"}`;
 * - the event: lower-cased headers (repeats joined with commas), cookies apart, the raw and the
 *   parsed query string, path parameters, the request context (request id, method, path, source
 *   IP, user agent, route key, `$default` stage, time), the body base64-encoded unless textual;
 * - the answer: status, headers, cookies, a base64 body decoded; a response without `statusCode`
 *   is sent as JSON with 200, as API Gateway infers it;
 * - failures the way HTTP APIs report a failed Lambda integration: a function error, a timeout, a
 *   crash or a response over Lambda's 6 MB is 500 `{"message":"Internal Server Error"}`; no answer
 *   within the integration timeout (30 s unless configured) is 503 `{"message":"Service
 *   Unavailable"}`; a request body over the HTTP API's 10 MB is 413, and so is an event over
 *   Lambda's 6 MB request limit (`{"message":"Request Too Long"}`, as reported for API Gateway).
 *
 * Not reproduced: throttling, CORS, mutual TLS, custom domains, access logs.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { JWTVerifyGetKey } from 'jose';
import type { HttpRouteSpec } from './cloud-assembly.ts';
import type { IntrinsicResolver } from './intrinsics.ts';
import { jwtAuthorizer, type AuthorizerVerdict, type AuthorizerRequest } from './jwt-authorizer.ts';
import { REQUEST_TOO_LARGE, type InvokeResult } from './lambda-service.ts';

/** The HTTP API payload limit. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export interface HttpApiOptions {
  routes: HttpRouteSpec[];
  resolver: IntrinsicResolver;
  /** The identity provider's keys (what the authorizer would fetch from the issuer's jwks_uri). */
  keys: JWTVerifyGetKey;
  invoke: (functionId: string, event: unknown) => Promise<InvokeResult>;
  apiId: string;
  accountId: string;
  /** An integration failed (for the log: API Gateway keeps this in $context.integrationErrorMessage). */
  onIntegrationError?: (route: string, message: string) => void;
}

interface CompiledRoute {
  spec: HttpRouteSpec;
  segments: string[];
  greedy: boolean;
  authorize?: (request: AuthorizerRequest, scopes: readonly string[]) => Promise<AuthorizerVerdict>;
}

interface RouteMatch {
  route: CompiledRoute;
  pathParameters?: Record<string, string>;
}

const MESSAGES = {
  404: 'Not Found',
  401: 'Unauthorized',
  413: 'Request Too Long',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
} as const;

export function httpApi(o: HttpApiOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const routes = o.routes.map((spec): CompiledRoute => {
    const segments = spec.path ? spec.path.split('/').slice(1) : [];
    const authorizer = spec.authorizer;
    return {
      spec,
      segments,
      greedy: segments.at(-1)?.endsWith('+}') ?? false,
      authorize: authorizer
        ? jwtAuthorizer({
            issuer: o.resolver.string(authorizer.issuer, `the issuer of the authorizer ${authorizer.logicalId}`),
            audience: authorizer.audience.map((a, i) => o.resolver.string(a, `audience ${i + 1} of the authorizer ${authorizer.logicalId}`)),
            identitySource: authorizer.identitySource,
            keys: o.keys,
          })
        : undefined,
    };
  });
  const domainPrefix = o.apiId;

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const reply = (status: keyof typeof MESSAGES, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'apigw-requestid': requestId, ...extra });
      res.end(JSON.stringify({ message: MESSAGES[status] }));
    };
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQueryString = q < 0 ? '' : url.slice(q + 1);
    const method = (req.method ?? 'GET').toUpperCase();

    const body = await readBody(req, MAX_REQUEST_BYTES);
    if (body === 'too large') {
      res.writeHead(413, { 'content-type': 'text; charset=utf-8', 'apigw-requestid': requestId });
      return void res.end(`HTTP content length exceeded ${MAX_REQUEST_BYTES} bytes.`);
    }

    const match = selectRoute(routes, method, rawPath);
    if (!match) return reply(404);
    const { headers, cookies } = eventHeaders(req);
    const query = new URLSearchParams(rawQueryString);

    let authorizer: { jwt: { claims: Record<string, string>; scopes: string[] | null } } | undefined;
    if (match.route.authorize) {
      const verdict = await match.route.authorize({ headers, query }, match.route.spec.authorizationScopes);
      if (!verdict.ok) return reply(401, verdict.wwwAuthenticate ? { 'www-authenticate': verdict.wwwAuthenticate } : {});
      authorizer = { jwt: { claims: verdict.claims, scopes: verdict.scopes } };
    }

    const now = new Date();
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const host = headers.host ?? 'localhost';
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
    headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
    headers['x-forwarded-proto'] = 'encrypted' in req.socket ? 'https' : 'http';
    headers['x-amzn-trace-id'] ??= `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const textual = isTextual(headers['content-type']);
    const routeKey = match.route.spec.routeKey;
    const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
      version: '2.0',
      routeKey,
      rawPath,
      rawQueryString,
      ...(cookies.length > 0 ? { cookies } : {}),
      headers,
      ...(rawQueryString !== '' ? { queryStringParameters: queryParameters(query) } : {}),
      requestContext: {
        accountId: o.accountId,
        apiId: o.apiId,
        ...(authorizer ? { authorizer } : {}),
        domainName: host,
        domainPrefix,
        http: { method, path: rawPath, protocol: `HTTP/${req.httpVersion}`, sourceIp, userAgent: headers['user-agent'] ?? '' },
        requestId,
        routeKey,
        stage: '$default',
        time: requestTime(now),
        timeEpoch: now.getTime(),
      } as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'],
      ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
      ...(body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: body.length > 0 && !textual,
    };

    const integration = match.route.spec.integration;
    let timer: NodeJS.Timeout | undefined;
    const integrationTimeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), integration.timeoutMs)));
    const result = await Promise.race([o.invoke(integration.functionId, event), integrationTimeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      o.onIntegrationError?.(routeKey, `The integration did not answer within ${integration.timeoutMs} ms`);
      return reply(503);
    }
    if (!result.ok) {
      o.onIntegrationError?.(routeKey, `${result.errorType}: ${result.errorMessage}`);
      return reply(result.errorType === REQUEST_TOO_LARGE ? 413 : 500);
    }
    const response = toHttpResponse(result.payload);
    if (!response) {
      o.onIntegrationError?.(routeKey, 'The Lambda function returned a malformed response');
      return reply(500);
    }
    res.writeHead(response.statusCode, { ...response.headers, 'apigw-requestid': requestId });
    res.end(response.body);
  };

  return async (req, res) => {
    const requestId = randomBytes(12).toString('base64').replace(/\//g, 'x').replace(/\+/g, 'y');
    try {
      await handle(req, res, requestId);
    } catch (err) {
      // A fault of the emulation itself (a request aborted while read, say): still an HTTP answer.
      o.onIntegrationError?.(req.url ?? '', `The local gateway failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'apigw-requestid': requestId }).end(JSON.stringify({ message: MESSAGES[500] }));
      else res.destroy();
    }
  };
}

function selectRoute(routes: CompiledRoute[], method: string, rawPath: string): RouteMatch | undefined {
  const segments = rawPath.split('/').slice(1);
  const methodFits = (r: CompiledRoute) => r.spec.method === method || r.spec.method === 'ANY';
  const exact: { route: CompiledRoute; params: Record<string, string>; rank: string }[] = [];
  const greedy: { route: CompiledRoute; params: Record<string, string>; prefix: number }[] = [];
  for (const route of routes) {
    if (!route.spec.path || !methodFits(route)) continue;
    const params: Record<string, string> = {};
    if (route.greedy) {
      const fixed = route.segments.slice(0, -1);
      if (segments.length <= fixed.length) continue;
      if (!fixed.every((s, i) => segmentMatches(s, segments[i]!, params))) continue;
      const rest = segments.slice(fixed.length).join('/');
      if (rest === '') continue;
      params[route.segments.at(-1)!.slice(1, -2)] = safeDecode(rest);
      greedy.push({ route, params, prefix: fixed.length });
    } else {
      if (route.segments.length !== segments.length) continue;
      if (!route.segments.every((s, i) => segmentMatches(s, segments[i]!, params))) continue;
      // Literal segments outrank variables, left to right; then the method outranks ANY.
      const rank = route.segments.map((s) => (isVariable(s) ? '1' : '0')).join('') + (route.spec.method === 'ANY' ? '1' : '0');
      exact.push({ route, params, rank });
    }
  }
  exact.sort((a, b) => a.rank.localeCompare(b.rank));
  greedy.sort((a, b) => b.prefix - a.prefix || Number(a.route.spec.method === 'ANY') - Number(b.route.spec.method === 'ANY'));
  const best = exact[0] ?? greedy[0];
  if (best) return { route: best.route, pathParameters: Object.keys(best.params).length > 0 ? best.params : undefined };
  const fallback = routes.find((r) => r.spec.routeKey === '$default');
  return fallback ? { route: fallback } : undefined;
}

function isVariable(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function segmentMatches(pattern: string, actual: string, params: Record<string, string>): boolean {
  if (!isVariable(pattern)) return pattern === actual;
  if (actual === '') return false;
  params[pattern.slice(1, -1)] = safeDecode(actual);
  return true;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function eventHeaders(req: IncomingMessage): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((c) => c.trim()).filter((c) => c !== ''));
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return { headers, cookies };
}

function queryParameters(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) out[k] = out[k] === undefined ? v : `${out[k]},${v}`;
  return out;
}

/** Bodies API Gateway passes as text; anything else (form posts included) arrives base64-encoded. */
function isTextual(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || /^application\/(json|javascript|xml|[\w.+-]+\+(json|xml))$/.test(type);
}

/** `12/Mar/2020:19:03:58 +0000`, API Gateway's request time. */
function requestTime(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);

/** The function's answer (payload 2.0) as status, headers (cookies included) and body; undefined if malformed. */
function toHttpResponse(payload: string): { statusCode: number; headers: Record<string, string | string[]>; body: Buffer } | undefined {
  let result: unknown;
  try {
    result = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const structured = typeof result === 'object' && result !== null && !Array.isArray(result) && 'statusCode' in result;
  if (!structured) {
    // Without a statusCode API Gateway assumes 200 and sends the result as JSON.
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(payload) };
  }
  const r = result as APIGatewayProxyStructuredResultV2;
  const statusCode = Number(r.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(r.headers ?? {})) {
    // The gateway frames the body itself.
    if (!FRAMING_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = String(value);
  }
  headers['content-type'] ??= 'application/json';
  if (r.cookies?.length) headers['set-cookie'] = r.cookies.map(String);
  const body = r.body === undefined ? Buffer.alloc(0) : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : Buffer.from(String(r.body));
  return { statusCode, headers, body };
}

/** The whole request body, or 'too large' once it passes `max` (reading stops there). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      req.resume();
      return resolve('too large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too large');
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
