/**
 * Stopping without losing work. A change and its audit entry are two writes; closing the store
 * between them would leave a change without its entry (or crash on "Database is closed"). So a
 * stop first refuses new requests, waits for the ones in flight and for background work (pitch
 * processing, announcements), and only then lets the stand-ins close.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Promises that must settle before the stores close. */
export interface InFlight {
  track<T>(work: Promise<T>): Promise<T>;
  readonly size: number;
  /** True once everything tracked — including what is added meanwhile — has settled; false after `ms`. */
  settled(ms: number): Promise<boolean>;
}

export function inFlight(): InFlight {
  const pending = new Set<Promise<unknown>>();
  return {
    track(work) {
      pending.add(work);
      const done = () => void pending.delete(work);
      work.then(done, done);
      return work;
    },
    get size() {
      return pending.size;
    },
    async settled(ms) {
      const deadline = Date.now() + ms;
      while (pending.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), left)));
        const late = await Promise.race([Promise.allSettled([...pending]).then(() => false), timedOut]);
        clearTimeout(timer);
        if (late) return false;
      }
      return true;
    },
  };
}

export interface DrainingServer {
  server: Server;
  /**
   * Stops listening and answers any further request (on a connection kept alive) with 503; waits
   * for the requests in flight to finish, cutting their connections after `graceMs`, and then for
   * their handlers to return (a handler keeps running when its client is gone, and its writes must
   * not meet a closed store). Idempotent.
   */
  drain(graceMs: number): Promise<void>;
}

export function drainingServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
  log: (message: string) => void,
): DrainingServer {
  const handlers = inFlight();
  const responses = inFlight();
  const open = new Set<ServerResponse>();
  let draining: Promise<void> | undefined;

  const server = createServer((req, res) => {
    if (draining) return refuse(res);
    open.add(res);
    responses.track(
      new Promise<void>((resolve) => {
        res.once('finish', resolve);
        res.once('close', resolve);
      }).then(() => void open.delete(res)),
    );
    handlers.track(
      Promise.resolve()
        .then(() => handle(req, res))
        .catch((err: unknown) => {
          log(`Request failed: ${err instanceof Error ? err.message : String(err)}`);
          if (!res.headersSent) res.writeHead(500).end();
        }),
    );
  });

  async function drain(graceMs: number): Promise<void> {
    // Answers still to be written close their connection rather than keep it alive.
    for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const started = Date.now();
    const answered = (await responses.settled(graceMs)) && (await handlers.settled(Math.max(0, graceMs - (Date.now() - started))));
    if (!answered) {
      log(`${open.size} request(s) still unanswered after ${graceMs / 1000} s: closing their connections.`);
      server.closeAllConnections();
      if (!(await handlers.settled(graceMs))) log(`${handlers.size} request handler(s) still running; stopping anyway.`);
    }
    server.closeAllConnections();
    await closed;
  }

  return { server, drain: (graceMs) => (draining ??= drain(graceMs)) };
}

function refuse(res: ServerResponse): void {
  const body = JSON.stringify({ error: { code: 'SHUTTING_DOWN', message: 'Podium is stopping. Try again once it has started again.' } });
  res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '5', Connection: 'close' });
  res.end(body);
}
