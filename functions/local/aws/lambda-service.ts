/**
 * A local Lambda service for the bundled functions of a cloud assembly. Each warm "execution
 * environment" is a Node process of its own (lambda-bootstrap.mjs) started with exactly the
 * function's environment — nothing of this process's — that loads the bundle once and then takes
 * one invocation at a time. Concurrent invocations get environments of their own, as on Lambda;
 * idle ones are reused (warm starts).
 *
 * Lambda's limits are enforced, and fail the invocation the way Lambda fails it: the function's
 * configured timeout (the environment is killed; the next invocation starts a fresh one), the
 * 10-second init phase, and the 6 MB response payload of a synchronous invocation.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { LambdaFunctionSpec } from './cloud-assembly.ts';

const BOOTSTRAP = fileURLToPath(new URL('./lambda-bootstrap.mjs', import.meta.url));

/** Lambda's synchronous-invocation response limit, as its error message states it (6 MB + 100 bytes). */
export const MAX_RESPONSE_PAYLOAD_BYTES = 6_291_556;
/** Lambda's synchronous-invocation request limit (the event's JSON): 6 MB. */
export const MAX_REQUEST_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** The error type of an invocation Lambda refused for its size (the caller's fault, not the function's). */
export const REQUEST_TOO_LARGE = 'RequestEntityTooLargeException';
/** Lambda's limit on the init phase of an on-demand function. */
const INIT_TIMEOUT_MS = 10_000;
/** Environments per function at most (a local machine is not a Lambda fleet); more wait. */
const DEFAULT_MAX_ENVIRONMENTS = 8;

export type InvokeResult =
  | { ok: true; payload: string; coldStart: boolean; durationMs: number }
  | { ok: false; errorType: string; errorMessage: string; coldStart: boolean; durationMs: number };

export interface LambdaServiceOptions {
  functions: Map<string, LambdaFunctionSpec>;
  /** The complete environment of each function's processes. */
  environment: (fn: LambdaFunctionSpec) => Record<string, string>;
  region: string;
  accountId: string;
  /** A line a function wrote (stdout or stderr). */
  onLog?: (fn: LambdaFunctionSpec, line: string) => void;
}

interface Pending {
  resolve: (message: BootstrapMessage) => void;
}

type BootstrapMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: LambdaError }
  | { type: 'result'; id: string; payload: string }
  | { type: 'error' | 'crash'; id?: string; error: LambdaError };

interface LambdaError {
  errorType: string;
  errorMessage: string;
}

/** One execution environment: a process that has loaded (or is loading) the bundle. */
class ExecutionEnvironment {
  readonly process: ChildProcess;
  readonly ready: Promise<LambdaError | undefined>;
  /** Each environment writes to a log stream of its own, as on Lambda. */
  readonly logStreamName = logStreamName();
  #waiting = new Map<string, Pending>();
  #exited = false;
  #onExit: (() => void)[] = [];

  constructor(
    readonly fn: LambdaFunctionSpec,
    env: Record<string, string>,
    onLog: (line: string) => void,
  ) {
    this.process = fork(BOOTSTRAP, [], {
      cwd: fn.codeDirectory,
      env: { ...env, AWS_LAMBDA_LOG_STREAM_NAME: this.logStreamName },
      // No flags of this process (a TypeScript loader, a test runner's): only the function's NODE_OPTIONS.
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.process.stdout!, this.process.stderr!]) {
      let partial = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) onLog(line);
      });
    }
    // A failed send or kill is reported by 'exit' (or the send callback); it must not throw here.
    this.process.on('error', () => undefined);
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill();
        resolve({ errorType: 'Runtime.InitError', errorMessage: `Init phase took longer than ${INIT_TIMEOUT_MS / 1000} s` });
      }, INIT_TIMEOUT_MS);
      const settle = (error?: LambdaError) => {
        clearTimeout(timer);
        resolve(error);
      };
      this.process.on('message', (m: BootstrapMessage) => {
        if (m.type === 'ready') return settle();
        if (m.type === 'init-error') return settle(m.error);
        const id = 'id' in m ? m.id : undefined;
        const waiting = id === undefined ? [...this.#waiting.values()] : [this.#waiting.get(id)].filter((p) => p !== undefined);
        for (const p of waiting) p.resolve(m);
      });
      this.process.on('exit', (code, signal) => {
        this.#exited = true;
        const error = { errorType: 'Runtime.ExitError', errorMessage: `RequestId: exited before answering (${signal ?? `exit status ${code}`})` };
        settle(error);
        for (const p of this.#waiting.values()) p.resolve({ type: 'crash', error });
        for (const f of this.#onExit.splice(0)) f();
      });
    });
  }

  get alive(): boolean {
    return !this.#exited;
  }

  invoke(id: string, message: Record<string, unknown>): Promise<BootstrapMessage> {
    return new Promise((resolve) => {
      const gone: BootstrapMessage = { type: 'crash', error: { errorType: 'Runtime.ExitError', errorMessage: 'The execution environment is gone.' } };
      if (this.#exited) return resolve(gone);
      this.#waiting.set(id, {
        resolve: (m) => {
          this.#waiting.delete(id);
          resolve(m);
        },
      });
      // The process may exit between our check and the send: the 'exit' handler answers then.
      this.process.send({ ...message, type: 'invoke', id }, (error) => error && this.#waiting.get(id)?.resolve(gone));
    });
  }

  kill(): Promise<void> {
    if (this.#exited) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.#onExit.push(resolve));
    this.process.kill('SIGKILL');
    return exited;
  }
}

export class LambdaService {
  readonly #idle = new Map<string, ExecutionEnvironment[]>();
  readonly #all = new Set<ExecutionEnvironment>();
  readonly #queues = new Map<string, (() => void)[]>();
  readonly #busy = new Map<string, number>();
  #stopped = false;

  constructor(private readonly o: LambdaServiceOptions) {}

  functionSpec(functionId: string): LambdaFunctionSpec {
    const fn = this.o.functions.get(functionId);
    if (!fn) throw new Error(`No function ${functionId} in the cloud assembly.`);
    return fn;
  }

  /** Invokes synchronously (RequestResponse): the function's result or its error, never a throw. */
  async invoke(functionId: string, event: unknown): Promise<InvokeResult> {
    const fn = this.functionSpec(functionId);
    const started = Date.now();
    const requestBytes = Buffer.byteLength(JSON.stringify(event));
    if (requestBytes > MAX_REQUEST_PAYLOAD_BYTES)
      return { ok: false, errorType: REQUEST_TOO_LARGE, errorMessage: `${requestBytes} byte payload is too large for the RequestResponse invocation type (limit ${MAX_REQUEST_PAYLOAD_BYTES} bytes)`, coldStart: false, durationMs: 0 };
    const release = await this.#slot(fn);
    let environment = this.#idle.get(fn.logicalId)?.pop();
    const coldStart = environment === undefined;
    try {
      const fail = (e: LambdaError): InvokeResult => ({ ok: false, ...e, coldStart, durationMs: Date.now() - started });
      if (this.#stopped) return fail({ errorType: 'ServiceException', errorMessage: 'The local Lambda service is stopping.' });
      if (!environment) {
        environment = this.#spawn(fn);
        const initError = await environment.ready;
        if (initError) {
          void environment.kill();
          return fail(initError);
        }
      }
      const requestId = randomUUID();
      const timeoutMs = fn.timeoutSeconds * 1000;
      const deadline = Date.now() + timeoutMs;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const answer = await Promise.race([
        environment.invoke(requestId, { event, deadline, traceId: traceId(), context: this.#context(fn, requestId, environment.logStreamName) }),
        timedOut,
      ]);
      clearTimeout(timer);
      if (answer === 'timeout') {
        await environment.kill();
        return fail({ errorType: 'Sandbox.Timedout', errorMessage: `${requestId} Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds` });
      }
      if (answer.type === 'result') {
        const bytes = Buffer.byteLength(answer.payload);
        if (bytes > MAX_RESPONSE_PAYLOAD_BYTES) {
          this.#park(environment);
          return fail({ errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_PAYLOAD_BYTES} bytes).` });
        }
        this.#park(environment);
        return { ok: true, payload: answer.payload, coldStart, durationMs: Date.now() - started };
      }
      if (answer.type === 'error') {
        this.#park(environment);
        return fail(answer.error as LambdaError);
      }
      // A crash or an exit: the environment is gone.
      await environment.kill();
      return fail((answer as { error: LambdaError }).error);
    } finally {
      release();
    }
  }

  /** Stops every environment (idle or busy). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all([...this.#all].map((e) => e.kill()));
    for (const queue of this.#queues.values()) for (const next of queue.splice(0)) next();
  }

  #spawn(fn: LambdaFunctionSpec): ExecutionEnvironment {
    const environment = new ExecutionEnvironment(fn, this.o.environment(fn), (line) => this.o.onLog?.(fn, line));
    this.#all.add(environment);
    environment.process.on('exit', () => {
      this.#all.delete(environment);
      const idle = this.#idle.get(fn.logicalId);
      if (idle?.includes(environment)) idle.splice(idle.indexOf(environment), 1);
    });
    return environment;
  }

  #park(environment: ExecutionEnvironment): void {
    if (!environment.alive || this.#stopped) return;
    const idle = this.#idle.get(environment.fn.logicalId) ?? [];
    idle.push(environment);
    this.#idle.set(environment.fn.logicalId, idle);
  }

  /** Waits for a free environment slot (reserved concurrency, or the local cap); returns its release. */
  async #slot(fn: LambdaFunctionSpec): Promise<() => void> {
    const max = fn.reservedConcurrency ?? DEFAULT_MAX_ENVIRONMENTS;
    const id = fn.logicalId;
    while ((this.#busy.get(id) ?? 0) >= max && !this.#stopped) {
      await new Promise<void>((resolve) => {
        const queue = this.#queues.get(id) ?? [];
        queue.push(resolve);
        this.#queues.set(id, queue);
      });
    }
    this.#busy.set(id, (this.#busy.get(id) ?? 0) + 1);
    return () => {
      this.#busy.set(id, (this.#busy.get(id) ?? 1) - 1);
      this.#queues.get(id)?.shift()?.();
    };
  }

  #context(fn: LambdaFunctionSpec, requestId: string, logStream: string) {
    return {
      awsRequestId: requestId,
      functionName: fn.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.o.region}:${this.o.accountId}:function:${fn.name}`,
      memoryLimitInMB: String(fn.memoryMb),
      logGroupName: `/aws/lambda/${fn.name}`,
      logStreamName: logStream,
    };
  }
}

function traceId(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${randomUUID().replace(/-/g, '').slice(0, 24)};Parent=${randomUUID().replace(/-/g, '').slice(0, 16)};Sampled=0`;
}

function logStreamName(): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${randomUUID().replace(/-/g, '')}`;
}
