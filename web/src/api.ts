/**
 * The one place the app talks to the API: a client typed from the OpenAPI document
 * (`npm run generate` writes web/generated/api.d.ts from the route definitions), so a page names
 * an operation by its documented path and gets its documented answer — it cannot call a route that
 * does not exist, send a body the route does not take, or read a field the API does not return.
 * Here too: the bearer token, error bodies turned into ApiError, 401 as "the session is over".
 *
 *   const c = await api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId } } });
 */
import createClient, { type FetchOptions, type FetchResponse } from 'openapi-fetch';
import type { paths } from '../generated/api.d.ts';
import { clearSession, getIdToken } from './auth.ts';
import { errorMessage, fieldMessages } from './error-text.ts';
import { afterSuccess } from './header-refresh.ts';

export type FieldErrors = Record<string, string>;
export type ErrorParams = Record<string, string | number>;
/** Per field, a stable code and its parameters (functions/shared/field-codes.ts): ui.tsx says it in the reader's language. */
export type FieldCodes = Record<string, { code: string; params?: ErrorParams }>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
    /** Values the message was made with (`{ max: 300 }`), for saying `code` in another language. */
    readonly params: ErrorParams = {},
    readonly fieldCodes: FieldCodes = {},
  ) {
    super(message);
  }
}

/** Called when the API says 401; the app shows "Sign in again". */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

/** Builds a query string from the non-empty values (also for links inside the app). */
export function query(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function enc(id: string): string {
  return encodeURIComponent(id);
}

// ——— Types: everything below is computed from the generated `paths` ———

export type Method = 'get' | 'post' | 'put' | 'delete';
/** The documented paths that take `method`. */
export type PathsWith<M extends Method> = { [P in keyof paths]: paths[P] extends Record<M, unknown> ? P : never }[keyof paths];
type Operation<P extends keyof paths, M extends Method> = paths[P] extends Record<M, infer O extends Record<string, unknown>> ? O : never;
/** What the page passes: `params` (path, query) and `body`, each required where the operation requires it. */
type Init<O> = Pick<FetchOptions<O>, Extract<keyof FetchOptions<O>, 'params' | 'body'>>;
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type InitArgs<O> = [RequiredKeys<Init<O>>] extends [never] ? [init?: Init<O>] : [init: Init<O>];
/** The operation's documented success body (`undefined` for 204 No Content). */
type Answer<O extends Record<string, unknown>> = Extract<FetchResponse<O, {}, `${string}/${string}`>, { data: unknown }>['data'] extends infer D
  ? [D] extends [never]
    ? undefined
    : D
  : never;

/** The documented success body of one operation, e.g. `ApiAnswer<'/api/me', 'get'>`. */
export type ApiAnswer<P extends keyof paths, M extends Method> = Answer<Operation<P, M>>;

type Call<M extends Method> = <P extends PathsWith<M>>(path: P, ...init: InitArgs<Operation<P, M>>) => Promise<Answer<Operation<P, M>>>;

// ——— The client ———

// The API is on the app's own origin (CloudFront, and the local platform, route /api/* to it).
// Empty values are left out of query strings, as the pages' filters expect.
const client = createClient<paths>({ baseUrl: location.origin, querySerializer: (q) => query(q).slice(1) });

function headers(): Record<string, string> {
  const token = getIdToken();
  return token ? { accept: 'application/json', authorization: `Bearer ${token}` } : { accept: 'application/json' };
}

/** Sends one request; resolves with the parsed success body and the response, or throws ApiError. */
async function send(method: Method, path: string, init: object | undefined): Promise<{ data: unknown; response: Response }> {
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    // The path and init were checked against `paths` by the typed callers below.
    result = await (client.request as (m: string, p: string, o: object) => Promise<typeof result>)(method, path, { ...init, headers: headers() });
  } catch {
    throw new ApiError(0, 'NETWORK', errorMessage('NETWORK', 'The server could not be reached. Check your connection and try again.'));
  }
  const { response } = result;
  if (response.ok) {
    afterSuccess(method, path);
    return { data: result.data, response };
  }
  throw failure(response, result.error);
}

/** The API's error body (`{ error: { code, message, params, fields, fieldCodes } }`), or the status when there is none. */
function failure(res: Response, body: unknown): ApiError {
  const e = typeof body === 'object' && body !== null && 'error' in body ? (body as { error?: { code?: unknown; message?: unknown; fields?: unknown; params?: unknown; fieldCodes?: unknown } }).error : undefined;
  const code = typeof e?.code === 'string' ? e.code : `HTTP_${res.status}`;
  const message = typeof e?.message === 'string' ? e.message : res.statusText || 'Request failed.';
  const fields = typeof e?.fields === 'object' && e.fields !== null ? (e.fields as FieldErrors) : undefined;
  const params = typeof e?.params === 'object' && e.params !== null ? (e.params as ErrorParams) : undefined;
  const fieldCodes = typeof e?.fieldCodes === 'object' && e.fieldCodes !== null ? (e.fieldCodes as FieldCodes) : undefined;
  if (res.status === 401) {
    clearSession();
    onUnauthorized();
  }
  // Issue 14: `message` and `fields` in the reader's language (English: the server's own sentences).
  return new ApiError(res.status, code, errorMessage(code, message, params), fields && fieldMessages(fields, fieldCodes), params, fieldCodes);
}

function method<M extends Method>(m: M): Call<M> {
  return (async (path: string, init?: object) => (await send(m, path, init)).data) as Call<M>;
}

export const api = {
  GET: method('get'),
  POST: method('post'),
  PUT: method('put'),
  DELETE: method('delete'),
};
