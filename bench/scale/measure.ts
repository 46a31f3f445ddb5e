/**
 * One measured request: its latency as the caller sees it (sent → last byte), its status and
 * response size, and what the app did in DynamoDB meanwhile (app-process.ts meters it). A request
 * answered 202 with a job is followed to the job's end (`GET …/jobs/{jobId}`, polled with the
 * "poll" tag so the polls' own calls are left out): the sample's time is then the job's, and its
 * calls are everything the job did. Background work (pitch processing, queued jobs) is awaited
 * before the calls are taken, so nothing of one sample leaks into the next.
 */
import type { AppProcess } from './app-client.ts';
import { summarise, type CallSummary } from './metered-client.ts';

export interface HttpRequest {
  method: string;
  path: string;
  token?: string;
  body?: unknown;
}

export interface HttpAnswer {
  status: number;
  text: string;
  json: any;
  bytes: number;
  headers: Headers;
}

export async function send(origin: string, r: HttpRequest, tag = 'request'): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'x-bench-tag': tag };
  if (r.token) headers.authorization = `Bearer ${r.token}`;
  if (r.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(origin + r.path, { method: r.method, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body) });
  const buffer = Buffer.from(await res.arrayBuffer());
  const text = buffer.toString('utf8');
  let json: any;
  try {
    json = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, bytes: buffer.length, headers: res.headers };
}

export interface JobOutcome {
  id: string;
  state: string;
  /** From the request to the job's end, as its poller saw it (polled every 100 ms). */
  durationMs: number;
  polls: number;
  /** Size of what the job produced, downloaded from its link (not through the API). */
  resultBytes?: number;
  error?: string;
}

export interface Sample {
  status: number;
  /** The request's latency, or the job's duration when it answered with one. */
  ms: number;
  requestMs: number;
  /** From the answer until the work it queued had finished (when it queued any and no job was followed). */
  queuedMs?: number;
  bytes: number;
  db: CallSummary;
  /** Of `db`, the calls that started after the answer had arrived: work the request queued (a job). */
  afterAnswer?: CallSummary;
  /** Calls made by work the request left behind under its own tag (pitch processing). */
  background?: Record<string, CallSummary>;
  peakMb: number;
  job?: JobOutcome;
  error?: string;
  text?: string;
  /** The answer's body (a driver reads a version from it, then drops it). */
  json?: any;
}

const TERMINAL = new Set(['succeeded', 'failed', 'completed', 'done', 'error', 'cancelled']);
const POLL_MS = 100;
/** A job still unfinished after this is given up on (Lambda's limit is 15 min a run). */
const JOB_WAIT_MS = 30 * 60_000;

function jobIdOf(a: HttpAnswer): string | undefined {
  const j = a.json;
  const id = j?.id ?? j?.job?.id ?? j?.jobId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * One poll of a job. The app process runs jobs in-process, and a CPU-bound one (the solver at
 * 20,000) can hold its event loop long enough for a kept-alive socket to be reset under the poll:
 * that is the bench's connection, not the job's outcome, so the poll is sent again.
 */
async function poll(app: AppProcess, path: string, token: string | undefined, started: number): Promise<HttpAnswer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(app.origin, { method: 'GET', path, token }, 'poll');
    } catch (e) {
      // Sent again while the app process lives and the job may still finish in time.
      if (!app.alive || performance.now() - started > JOB_WAIT_MS) throw e;
      await new Promise((res) => setTimeout(res, Math.min(5_000, 500 * attempt)));
    }
  }
}

async function followJob(app: AppProcess, r: HttpRequest, answer: HttpAnswer, started: number): Promise<JobOutcome> {
  const id = jobIdOf(answer)!;
  const competition = /^\/api\/competitions\/([^/]+)/.exec(r.path)?.[1];
  const location = answer.headers.get('location');
  const path = location && location.startsWith('/') ? location : `/api/competitions/${competition}/jobs/${encodeURIComponent(id)}`;
  let polls = 0;
  let last: HttpAnswer = answer;
  while (!TERMINAL.has(String(last.json?.state ?? last.json?.status))) {
    if (performance.now() - started > JOB_WAIT_MS) return { id, state: 'unfinished', durationMs: performance.now() - started, polls, error: 'still unfinished after 30 min' };
    await new Promise((res) => setTimeout(res, POLL_MS));
    last = await poll(app, path, r.token, started);
    polls++;
    if (last.status !== 200) return { id, state: `poll answered ${last.status}`, durationMs: performance.now() - started, polls, error: last.text.slice(0, 300) };
  }
  const durationMs = performance.now() - started;
  const state = String(last.json.state ?? last.json.status);
  const outcome: JobOutcome = { id, state, durationMs, polls };
  if (state !== 'succeeded') outcome.error = JSON.stringify(last.json.error ?? last.json).slice(0, 300);
  const url = last.json.downloadUrl ?? last.json.url ?? last.json.resultUrl;
  if (typeof url === 'string') {
    const file = await fetch(url);
    outcome.resultBytes = (await file.arrayBuffer()).byteLength;
  }
  return outcome;
}

/** Tags whose calls are not the sample's own. */
const NOT_MINE = new Set(['poll', 'setup', 'pitch-processor']);

export async function measure(app: AppProcess, r: HttpRequest): Promise<Sample> {
  await app.begin();
  const started = performance.now();
  let answer: HttpAnswer;
  try {
    answer = await send(app.origin, r);
  } catch (e) {
    const crashed = !app.alive;
    return { status: 0, ms: performance.now() - started, requestMs: performance.now() - started, bytes: 0, db: summarise([]), peakMb: 0, error: crashed ? `the app process ${app.lastExit}` : String(e) };
  }
  const requestMs = performance.now() - started;
  let answeredAt = 0;
  let job: JobOutcome | undefined;
  let settledMs = 0;
  let taken: Awaited<ReturnType<AppProcess['take']>>;
  try {
    answeredAt = await app.mark();
    if (answer.status === 202 && jobIdOf(answer)) job = await followJob(app, r, answer, started);
    await app.settle();
    settledMs = performance.now() - started;
    taken = await app.take();
  } catch (e) {
    // The app process ended while its work ran (out of memory, say): the sample records why.
    const why = !app.alive ? `the app process ${app.lastExit}` : e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? '')}` : String(e);
    return { status: answer.status, ms: performance.now() - started, requestMs, bytes: answer.bytes, db: summarise([]), peakMb: 0, error: `after the answer: ${why}`, ...(job ? { job } : {}) };
  }
  const mine = Object.entries(taken.calls).filter(([tag]) => !NOT_MINE.has(tag)).flatMap(([, calls]) => calls);
  const background = taken.calls['pitch-processor'] ? { 'pitch-processor': summarise(taken.calls['pitch-processor']) } : undefined;
  return {
    status: answer.status,
    ms: job ? job.durationMs : requestMs,
    requestMs,
    ...(mine.some((c) => c.start > answeredAt) && !job ? { queuedMs: settledMs - requestMs } : {}),
    bytes: answer.bytes,
    db: summarise(mine),
    ...(mine.some((c) => c.start > answeredAt) ? { afterAnswer: summarise(mine.filter((c) => c.start > answeredAt)) } : {}),
    ...(background ? { background } : {}),
    peakMb: taken.peakMb,
    ...(job ? { job } : {}),
    ...(answer.status >= 400 ? { text: answer.text.slice(0, 400) } : {}),
    json: answer.json,
  };
}

/** Work the bench asks the app process for directly (no route starts it), measured as a job is: to the end of what it queued. */
export async function measureWork(app: AppProcess, work: () => Promise<void>): Promise<Sample> {
  await app.begin();
  const started = performance.now();
  let error: string | undefined;
  try {
    await work();
    await app.settle();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const ms = performance.now() - started;
  const taken = await app.take();
  const mine = Object.entries(taken.calls).filter(([tag]) => !NOT_MINE.has(tag)).flatMap(([, calls]) => calls);
  return {
    status: error ? 0 : 200,
    ms,
    requestMs: ms,
    bytes: 0,
    db: summarise(mine),
    peakMb: taken.peakMb,
    ...(error ? { error } : {}),
  };
}
