/**
 * The AWS SDK's own SigV4 signer as a reference for the requests Podium signs itself (S3 and SES
 * through aws4fetch): given a request as it arrived, the signature the SDK computes over the
 * headers the request names as signed. Equal signatures mean AWS accepts both or neither.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** SHA-256 and HMAC as the SDK's signer wants them (a checksum class), over node:crypto. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

function bytes(d: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return Buffer.from(d);
}

export interface ReceivedRequest {
  method: string;
  /** Path and query as they arrived. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export function signatureIn(headers: IncomingHttpHeaders): string | undefined {
  return /Signature=([0-9a-f]{64})/.exec(String(headers.authorization ?? ''))?.[1];
}

export async function referenceSignature(
  r: ReceivedRequest,
  o: { origin: string; service: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; at: Date },
): Promise<string> {
  const signed = /SignedHeaders=([^,]+)/.exec(String(r.headers.authorization))![1]!.split(';');
  const url = new URL(r.url, o.origin);
  const signer = new SignatureV4({ credentials: o.credentials, region: o.region, service: o.service, sha256: Sha256, uriEscapePath: o.service !== 's3', applyChecksum: false });
  const out = await signer.sign(
    {
      method: r.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(signed.map((h) => [h, h === 'host' ? url.host : String(r.headers[h])])),
      body: r.body,
    },
    { signingDate: o.at },
  );
  return signatureIn(out.headers as IncomingHttpHeaders)!;
}
