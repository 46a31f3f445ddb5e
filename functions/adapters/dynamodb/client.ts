/**
 * A small DynamoDB document client for the Lambda bundles: DynamoDB's JSON protocol
 * (`POST /`, `X-Amz-Target: DynamoDB_20120810.<Operation>`) over node:http(s) with keep-alive,
 * signed with SigV4 (sigv4.ts). It replaces `@aws-sdk/client-dynamodb` + `@aws-sdk/lib-dynamodb`
 * (with `@smithy/core`, `@aws-sdk/core`, the signer and the HTTP handler: ~230 KB of every bundle
 * and a cold start 1.6× a one-route Hono handler's on their own) for the seven operations the
 * repositories make, keeping their call style:
 * `await db.send(new GetCommand({ TableName, Key }))` → `{ Item }` (commands.ts).
 *
 * Not `fetch`: the first `fetch` in a process loads Node's undici, ~50 ms of the first request a
 * Lambda container serves (measured here; node:http costs ~5 ms). See sigv4.ts for the signer.
 *
 * What the SDK did that callers rely on, it does alike (checked against the SDK by
 * tests/unit/dynamodb-protocol.test.ts on loopback and tests/api/dynamodb-client.test.ts against
 * dynalite): documents marshalled by the SDK's own util-dynamodb; errors are `Error`s
 * named after DynamoDB's error type (`ConditionalCheckFailedException`, `ValidationException`, …),
 * with its message; throttling and transient failures retried as the SDK's standard mode does
 * (retry-policy.ts); requests signed as the SDK's signer signs them.
 *
 * `onCall` lets tests watch calls (and hold one back), as an SDK middleware did.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AwsCredentials } from '../aws-credentials.ts';
import { CODECS, type Command, type InputOf, type Operation, type OutputOf } from './commands.ts';
import { backoffMs, classify, MAX_ATTEMPTS, RetryQuota } from './retry-policy.ts';
import { signPost } from './sigv4.ts';

export * from './commands.ts';

/** Where DynamoDB is and who signs. */
export interface DynamoTarget {
  region: string;
  /** A stand-in such as dynalite (`http://127.0.0.1:8000`); by default DynamoDB in `region`. */
  endpoint?: string;
  /** Read before each attempt, so rotated credentials are picked up. */
  credentials: () => AwsCredentials | Promise<AwsCredentials>;
}

/** A call as `onCall` listeners see it: its id (the same at start and end), operation and input. */
export type CallInfo = { [O in Operation]: { id: number; operation: O; input: Readonly<InputOf<O>> } }[Operation];
export type CallEvent =
  | (CallInfo & { phase: 'start' })
  /** `attempts`: how many requests the call took (retries included); `error`: why it failed, if it did. */
  | (CallInfo & { phase: 'end'; attempts: number; error?: unknown });
/** A listener that returns a promise holds the call until the promise settles. */
export type CallListener = (event: CallEvent) => void | Promise<void>;

/** DynamoDB refused a call, or could not be reached (`name` 'NetworkError', the reason in `cause`). */
export class DynamoDBError extends Error {
  /** How many attempts were made before giving up. */
  attempts = 1;
  constructor(
    name: string,
    message: string,
    /** Undefined when no answer came. */
    readonly statusCode: number | undefined,
    readonly requestId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = name;
  }
}

const TARGET_PREFIX = 'DynamoDB_20120810.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * `https://dynamodb.<region>.amazonaws.com` (`.com.cn` in the China regions), as the SDK resolves
 * it in the partitions Podium can be deployed to; elsewhere, set DYNAMODB_ENDPOINT.
 */
export function defaultEndpoint(region: string): string {
  return `https://dynamodb.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/**
 * DynamoDB's error type from an error answer (`x-amzn-ErrorType` or the body's `__type`/`code`),
 * e.g. "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException" → the part after `#`;
 * `HTTP<status>` when the answer names none (a proxy's page, say), as in the S3 and SES adapters.
 */
function errorFrom(r: Answer): DynamoDBError {
  let body: { __type?: string; code?: string; message?: string; Message?: string } = {};
  try {
    body = r.text ? JSON.parse(r.text) : {};
  } catch {
    // Not JSON: the status tells what happened.
  }
  const header = r.headers['x-amzn-errortype'];
  const raw = (Array.isArray(header) ? header[0] : header) ?? body.code ?? body.__type;
  const type = raw?.split(':')[0]?.split('#').pop() || `HTTP${r.status}`;
  const message = body.message ?? body.Message ?? `DynamoDB answered ${r.status} ${r.statusText}`.trim();
  const requestId = r.headers['x-amzn-requestid'];
  return new DynamoDBError(type, message, r.status, typeof requestId === 'string' ? requestId : undefined);
}

interface Answer {
  status: number;
  statusText: string;
  headers: IncomingMessage['headers'];
  text: string;
}

export class DocumentClient {
  private readonly url: URL;
  private readonly request: typeof httpRequest;
  /** Connections kept open between calls, as the SDK's HTTP handler keeps them (up to 50). */
  private readonly agent: HttpAgent;
  private readonly signingKeys = new Map<string, Buffer>();
  private readonly quota = new RetryQuota();
  private readonly listeners = new Set<CallListener>();
  private calls = 0;

  constructor(private readonly target: DynamoTarget) {
    this.url = new URL(target.endpoint ?? defaultEndpoint(target.region));
    const https = this.url.protocol === 'https:';
    this.request = https ? httpsRequest : httpRequest;
    this.agent = new (https ? HttpsAgent : HttpAgent)({ keepAlive: true, maxSockets: 50 });
  }

  /** Calls `listener` when each call starts and ends; returns a function that stops it. */
  onCall(listener: CallListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async send<O extends Operation>(command: Command<O>): Promise<OutputOf<O>> {
    if (this.listeners.size === 0) return (await this.attempts(command.operation, command.input)).output;
    const call = { id: ++this.calls, operation: command.operation, input: command.input } as CallInfo;
    await this.emit({ ...call, phase: 'start' });
    let done: { output: OutputOf<O>; attempts: number };
    try {
      done = await this.attempts(command.operation, command.input);
    } catch (error) {
      await this.emit({ ...call, phase: 'end', attempts: error instanceof DynamoDBError ? error.attempts : 0, error });
      throw error;
    }
    await this.emit({ ...call, phase: 'end', attempts: done.attempts });
    return done.output;
  }

  private async emit(event: CallEvent) {
    await Promise.all([...this.listeners].map((l) => l(event)));
  }

  /** The call, tried again as retry-policy.ts says. */
  private async attempts<O extends Operation>(operation: O, input: InputOf<O>): Promise<{ output: OutputOf<O>; attempts: number }> {
    const codec = CODECS[operation];
    const body = JSON.stringify(codec.request(input));
    let lastRetryCost: number | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const { json, binary } = await this.post(operation, body);
        this.quota.succeeded(lastRetryCost);
        return { output: codec.response(json, binary), attempts: attempt };
      } catch (e) {
        if (!(e instanceof DynamoDBError)) throw e;
        e.attempts = attempt;
        const kind = classify(e.name, e.statusCode);
        if (kind === 'final' || attempt >= MAX_ATTEMPTS) throw e;
        lastRetryCost = this.quota.take(kind);
        if (lastRetryCost === undefined) throw e;
        await new Promise((r) => setTimeout(r, backoffMs(attempt - 1, kind)));
      }
    }
  }

  /** One signed request. */
  private async post(operation: Operation, body: string): Promise<{ json: Record<string, any>; binary: boolean }> {
    const signed = signPost({
      host: this.url.host,
      headers: { 'content-type': CONTENT_TYPE, 'x-amz-target': TARGET_PREFIX + operation },
      body,
      credentials: await this.target.credentials(),
      region: this.target.region,
      service: 'dynamodb',
      cache: this.signingKeys,
    });
    const r = await this.exchange(signed.headers, body);
    if (r.status < 200 || r.status >= 300) throw errorFrom(r);
    // An answer without binary values (nearly all) is not walked for them.
    return { json: r.text ? JSON.parse(r.text) : {}, binary: /"BS?":/.test(r.text) };
  }

  /** Sends the request and reads the whole answer; a failure on the way is a NetworkError. */
  private exchange(headers: Record<string, string>, body: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const fail = (cause: Error) =>
        reject(new DynamoDBError('NetworkError', `DynamoDB could not be reached at ${this.url.origin} (${cause.message}).`, undefined, undefined, { cause }));
      const req = this.request(
        {
          hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
          port: this.url.port,
          path: '/',
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', fail);
          res.on('end', () =>
            res.complete
              ? resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, text: Buffer.concat(chunks).toString('utf8') })
              : fail(new Error('the answer was cut short')),
          );
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  }
}
