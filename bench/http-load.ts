/**
 * A load generator in a process of its own: HTTP clients are the browsers' work, not the
 * platform's, so their CPU must not be charged to the server under test. The parent sends one
 * round at a time (which requests to make); the child makes them at the given concurrency and
 * answers with the rate and the statuses that were not the expected one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';

export interface HttpRequestSpec {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

interface RoundMessage {
  requests: HttpRequestSpec[];
  concurrency: number;
  expectStatus: number;
}

interface RoundAnswer {
  rps: number;
  unexpected: number[];
}

export interface HttpLoad {
  /** Makes the requests at `concurrency`; requests/s over the whole round. */
  round(requests: HttpRequestSpec[], concurrency: number, expectStatus: number): Promise<RoundAnswer>;
  stop(): Promise<void>;
}

export function startHttpLoad(): HttpLoad {
  const child: ChildProcess = fork(import.meta.filename, ['--worker'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    round: (requests, concurrency, expectStatus) =>
      new Promise((resolve, reject) => {
        child.once('message', (m) => resolve(m as RoundAnswer));
        child.once('error', reject);
        child.send({ requests, concurrency, expectStatus } satisfies RoundMessage);
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

/**
 * Plain node:http with kept-alive connections, one per concurrent client, rather than fetch:
 * fetch costs this process about a millisecond of CPU per request, which on a small machine is
 * taken from the server and the database it measures.
 */
const agent = new Agent({ keepAlive: true });

function send({ url, method, headers, body }: HttpRequestSpec): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent }, (res) => {
      res.on('data', () => undefined).on('end', () => resolve(res.statusCode ?? 0)).on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function runRound({ requests, concurrency, expectStatus }: RoundMessage): Promise<RoundAnswer> {
  let next = 0;
  const unexpected: number[] = [];
  agent.maxSockets = concurrency;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const status = await send(requests[next++]!);
        if (status !== expectStatus) unexpected.push(status);
      }
    }),
  );
  return { rps: requests.length / ((performance.now() - started) / 1000), unexpected };
}

if (process.argv[2] === '--worker' && process.send) {
  process.on('message', (m) => {
    void runRound(m as RoundMessage).then((answer) => process.send!(answer));
  });
  process.on('disconnect', () => process.exit(0));
}
