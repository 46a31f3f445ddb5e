/**
 * Signed requests to one S3 bucket over its REST API, shared by the pitch-video store and the
 * export file store: plain HTTP signed with SigV4 by `aws4fetch` (a small, dependency-free
 * signer) instead of the S3 SDK client and presigner, which would be ~150 KB of every bundle and
 * ~15 ms of its cold start. Presigned URLs are built exactly as the SDK builds them (same query
 * parameters, same signature: see tests/unit/s3-signing.test.ts).
 */
import { AwsClient, AwsV4Signer } from 'aws4fetch';
import { createHmac } from 'node:crypto';
import type { AwsCredentials } from '../aws-credentials.ts';

/** Where the bucket is and who signs: S3 in a region, or a stand-in at `endpoint` (path-style). */
export interface S3Target {
  region: string;
  /** e.g. `http://127.0.0.1:4569` for s3rver; empty on AWS (virtual-hosted `<bucket>.s3.<region>.amazonaws.com`). */
  endpoint?: string;
  /** Read on every call, so rotated credentials are picked up. */
  credentials: () => AwsCredentials | Promise<AwsCredentials>;
  /** Signing time (tests fix it). @default now */
  now?: () => Date;
}

/** An S3 error answer: `code` from its XML body, or from the status when there is none (HEAD). */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`S3 ${status} ${code}: ${message}`);
    this.name = 'S3Error';
  }
}

/** Every byte but S3's unreserved characters percent-encoded, `/` kept: S3's canonical key path. */
function encodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

export function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m?.[1]?.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export async function failure(r: Response): Promise<S3Error> {
  const body = await r.text().catch(() => '');
  const code = xmlText(body, 'Code') ?? (r.status === 404 ? 'NotFound' : r.status === 403 ? 'Forbidden' : `HTTP${r.status}`);
  return new S3Error(r.status, code, xmlText(body, 'Message') ?? r.statusText);
}

export interface BucketRequests {
  objectUrl(key: string, query?: Record<string, string>): Promise<URL>;
  /** A signed request; retried like the SDK (3 attempts) on 5xx and throttling. */
  send(method: string, url: URL, init?: { headers?: Record<string, string>; body?: string | Uint8Array }): Promise<Response>;
  /** A presigned URL as the SDK's presigner makes it (same parameters, so the same signature). */
  presign(method: string, key: string, query: Record<string, string>, operation: string, expiresInSeconds: number): Promise<string>;
  /** A presigned POST's form fields (SigV4 over a policy of `conditions`) and where to post them. */
  presignPost(key: string, expiresInSeconds: number, formFields: Record<string, string>, conditions: unknown[]): Promise<{ url: string; fields: Record<string, string> }>;
  /** CompleteMultipartUpload; S3 may answer 200 and still report an error in the body. */
  complete(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<S3Error | undefined>;
}

/** `target` may still be resolving (e.g. read from an SDK client's configuration). */
export function bucketRequests(target: S3Target | Promise<S3Target>, bucket: string): BucketRequests {
  // Signing keys are derived once per day and region; aws4fetch caches them here.
  const signingKeys = new Map<string, ArrayBuffer>();
  const objectUrl = async (key: string, query: Record<string, string> = {}) => {
    const { endpoint, region } = await target;
    const base = endpoint
      ? `${endpoint.replace(/\/+$/, '')}/${bucket}/${encodeKey(key)}`
      : `https://${bucket}.s3.${region}.amazonaws.com/${encodeKey(key)}`;
    const url = new URL(base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  };
  /** Who signs, where, and when (`datetime` only when the target fixes the clock). */
  const signing = async () => {
    const t = await target;
    return { ...(await t.credentials()), service: 's3', region: t.region, cache: signingKeys, datetime: t.now?.().toISOString().replace(/[:-]|\.\d{3}/g, '') };
  };

  const send: BucketRequests['send'] = async (method, url, init = {}) => {
    const { datetime, ...who } = await signing();
    return new AwsClient({ ...who, retries: 2 }).fetch(url, { method, headers: init.headers, body: init.body as BodyInit | undefined, aws: { datetime } });
  };

  return {
    objectUrl,
    send,
    async presign(method, key, query, operation, expiresInSeconds) {
      const url = await objectUrl(key, { ...query, 'x-id': operation, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD', 'X-Amz-Expires': String(expiresInSeconds) });
      const signer = new AwsV4Signer({ ...(await signing()), url: url.toString(), method, signQuery: true });
      return (await signer.sign()).url.toString();
    },
    async presignPost(key, expiresInSeconds, formFields, conditions) {
      const t = await target;
      const creds = await t.credentials();
      const now = t.now?.() ?? new Date();
      const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
      const day = amzDate.slice(0, 8);
      const credential = `${creds.accessKeyId}/${day}/${t.region}/s3/aws4_request`;
      const fields: Record<string, string> = {
        key,
        ...formFields,
        'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
        'X-Amz-Credential': credential,
        'X-Amz-Date': amzDate,
        ...(creds.sessionToken ? { 'X-Amz-Security-Token': creds.sessionToken } : {}),
      };
      const policy = {
        expiration: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(),
        conditions: [{ bucket }, ...Object.entries(fields).map(([k, v]) => ({ [k]: v })), ...conditions],
      };
      const encoded = Buffer.from(JSON.stringify(policy), 'utf8').toString('base64');
      const hmac = (k: string | Buffer, data: string) => createHmac('sha256', k).update(data, 'utf8').digest();
      const signingKey = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), t.region), 's3'), 'aws4_request');
      fields.Policy = encoded;
      fields['X-Amz-Signature'] = createHmac('sha256', signingKey).update(encoded, 'utf8').digest('hex');
      const base = t.endpoint ? `${t.endpoint.replace(/\/+$/, '')}/${bucket}` : `https://${bucket}.s3.${t.region}.amazonaws.com`;
      return { url: base, fields };
    },
    async complete(key, uploadId, parts) {
      const body = `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts
        .map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${xmlEscape(p.etag)}</ETag></Part>`)
        .join('')}</CompleteMultipartUpload>`;
      const r = await send('POST', await objectUrl(key, { uploadId }), { headers: { 'Content-Type': 'application/xml' }, body });
      const text = r.ok ? await r.text() : '';
      return r.ok ? (/<Error>/.test(text) ? new S3Error(200, xmlText(text, 'Code') ?? 'InternalError', xmlText(text, 'Message') ?? '') : undefined) : await failure(r);
    },
  };
}
