/**
 * The bench's side of app-process.ts: starts it (again after a crash), sets its clock, and makes
 * metered requests — one at a time, so every DynamoDB call between `begin` and `take` is the
 * request's (or, for a job, the job's).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AppMessage, AppProcessConfig } from './app-process.ts';
import type { CallRecord } from './metered-client.ts';

const ENTRY = fileURLToPath(new URL('./app-process.ts', import.meta.url));

/** Distributive, so each message keeps its own fields. */
type Outgoing<M> = M extends unknown ? Omit<M, 'id'> : never;

export interface Taken {
  calls: Record<string, CallRecord[]>;
  peakMb: number;
}

export class AppProcess {
  private child?: ChildProcess;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private clockAt: string;
  origin = '';
  s3Endpoint = '';
  /** Why the last process ended, when it did by itself (out of memory, say). */
  lastExit?: string;
  restarts = 0;

  constructor(
    private readonly config: AppProcessConfig,
    /** Node's heap limit for the app, MB. */
    private readonly heapMb: number,
  ) {
    this.clockAt = config.clock;
  }

  async start(): Promise<void> {
    const child = fork(ENTRY, [JSON.stringify({ ...this.config, clock: this.clockAt })], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${this.heapMb}`],
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'ERROR' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.lastExit = signal ? `killed by ${signal}` : `exited with ${code}`;
      for (const p of this.pending.values()) p.reject(new Error(`the app process ${this.lastExit}`));
      this.pending.clear();
    });
    const ready = await new Promise<{ port: number; s3Endpoint: string }>((resolve, reject) => {
      child.once('exit', () => reject(new Error(`the app process ${this.lastExit} while starting`)));
      child.on('message', (m: any) => {
        if (m.op === 'ready') return resolve(m);
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error) p.reject(new Error(m.error));
        else p.resolve(m);
      });
    });
    this.origin = `http://127.0.0.1:${ready.port}`;
    this.s3Endpoint = ready.s3Endpoint;
  }

  get alive() {
    return this.child !== undefined;
  }

  /** Starts a new app process if the last one ended (the world is in dynalite, so nothing is lost). */
  async ensureRunning(): Promise<boolean> {
    if (this.child) return false;
    this.restarts++;
    await this.start();
    return true;
  }

  private send<T>(message: Outgoing<AppMessage>): Promise<T> {
    const child = this.child;
    if (!child) return Promise.reject(new Error(`the app process is not running (${this.lastExit})`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.send({ ...message, id });
    });
  }

  async setClock(at: string) {
    this.clockAt = at;
    await this.send({ op: 'clock', at });
  }

  begin = () => this.send<void>({ op: 'begin' });
  take = () => this.send<Taken>({ op: 'take' });
  settle = () => this.send<void>({ op: 'settle' });
  /** The meter's counter now (see app-process.ts). */
  mark = async () => (await this.send<{ tick: number }>({ op: 'mark' })).tick;
  /** Starts the live ranking's recomputation in the app (see app-process.ts). */
  recomputeRanking = (competitionId: string) => this.send<void>({ op: 'ranking', competitionId });

  async stop() {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
