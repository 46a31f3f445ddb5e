/**
 * The AWS SDK's own SigV4 signer as a reference for the requests Podium signs itself (S3 and SES
 * through aws4fetch): given a request as it arrived, the signature the SDK computes over the
 * headers the request names as signed. Equal signatures mean AWS accepts both or neither.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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

/** An answer an AwsStandIn gives: status, body and extra headers. */
export type StandInAnswer = [number, string, Record<string, string>?];

/**
 * A local HTTP endpoint that records every request as it arrived (for referenceSignature) and
 * answers the queued `answers` in order, then `fallback`: what the signed-request tests of S3, SES
 * and SQS talk to. `start()` in beforeAll, `stop()` in afterAll.
 */
export function awsStandIn(fallback: StandInAnswer, headers: (received: number) => Record<string, string>) {
  const received: ReceivedRequest[] = [];
  const answers: StandInAnswer[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const [status, text, extra] = answers.shift() ?? fallback;
      res.writeHead(status, { ...headers(received.length), ...extra });
      res.end(text);
    });
  });
  const standIn = {
    received,
    answers,
    endpoint: '',
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      standIn.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
  return standIn;
}
