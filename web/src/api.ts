/**
 * The one place the app talks to the API: adds the bearer token, turns error bodies into
 * ApiError, and treats 401 as "the session is over".
 */
import { clearSession, getIdToken } from './auth.ts';

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

/** Called when the API says 401; the app shows "Sign in again". */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

async function request(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getIdToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached. Check your connection and try again.');
  }
  if (res.ok) return res;
  let code = 'HTTP_' + res.status;
  let message = res.statusText || 'Request failed.';
  let fields: FieldErrors | undefined;
  try {
    const data = (await res.json()) as { error?: { code?: string; message?: string; fields?: FieldErrors } };
    if (data.error) {
      code = data.error.code ?? code;
      message = data.error.message ?? message;
      fields = data.error.fields;
    }
  } catch {
    /* not JSON: keep the status text */
  }
  if (res.status === 401) {
    clearSession();
    onUnauthorized();
  }
  throw new ApiError(res.status, code, message, fields);
}

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await request(method, path, body);
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string) => json<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => json<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => json<T>('PUT', path, body),
  del: <T>(path: string) => json<T>('DELETE', path),
  /** For endpoints that answer 204 No Content. */
  async send(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown = {}): Promise<void> {
    await request(method, path, body);
  },
  /** Fetches a file with the bearer token and hands it to the browser as a download. */
  async download(path: string, fallbackName: string): Promise<void> {
    const res = await request('GET', path);
    const blob = await res.blob();
    const disposition = res.headers.get('content-disposition') ?? '';
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

/** Builds a query string from the non-empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function enc(id: string): string {
  return encodeURIComponent(id);
}
