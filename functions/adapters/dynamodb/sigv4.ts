/**
 * AWS Signature Version 4 for the DynamoDB client's requests (`POST /` with a JSON body, no
 * query), with node:crypto. Not aws4fetch, which the S3 and SES adapters use: its signer builds a
 * WHATWG `Headers`, and the first `Headers` (or `fetch`) in a process loads Node's bundled undici —
 * measured here at ~25 ms (~50 ms with the first `fetch`) of the first request a Lambda container
 * serves, more than the DynamoDB SDK it replaces cost there; and its WebCrypto HMACs cost ~0.2 ms
 * per call against a few microseconds here. tests/unit/dynamodb-protocol.test.ts checks every
 * signature against the SDK's own signer (@smithy/signature-v4).
 */
import { createHash, createHmac } from 'node:crypto';
import type { AwsCredentials } from '../aws-credentials.ts';

const ALGORITHM = 'AWS4-HMAC-SHA256';

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

export interface SignedRequest {
  /** Lower-case names; `host` included (it is signed, so it must be sent as is). */
  headers: Record<string, string>;
  body: string;
}

/**
 * Signs a POST to `/` on `host` for `service` in `region`: returns every header to send, the
 * signed ones (`host`, `content-type`, `x-amz-*`) and `authorization`. `cache` keeps the derived
 * signing keys (one per secret, day, region and service).
 */
export function signPost(o: {
  host: string;
  headers: Record<string, string>;
  body: string;
  credentials: AwsCredentials;
  region: string;
  service: string;
  cache: Map<string, Buffer>;
  now?: Date;
}): SignedRequest {
  const amzDate = (o.now ?? new Date()).toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { host: o.host, 'x-amz-date': amzDate };
  for (const [name, value] of Object.entries(o.headers)) headers[name.toLowerCase()] = value;
  if (o.credentials.sessionToken) headers['x-amz-security-token'] = o.credentials.sessionToken;

  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(o.body)].join('\n');
  const scope = `${day}/${o.region}/${o.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');

  const cacheKey = `${o.credentials.secretAccessKey}\n${scope}`;
  let key = o.cache.get(cacheKey);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${o.credentials.secretAccessKey}`, day), o.region), o.service), 'aws4_request');
    if (o.cache.size > 8) o.cache.clear();
    o.cache.set(cacheKey, key);
  }
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  headers.authorization = `${ALGORITHM} Credential=${o.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers, body: o.body };
}
