/**
 * The pitch upload client: sends a video straight to S3 in parts through presigned URLs, several
 * in parallel, reporting each part's ETag to the API so that an upload can resume — after a
 * pause, a lost connection or a reload — without re-sending finished parts. The API never
 * receives video bytes.
 *
 * Framework-free on purpose: the web page drives it, and the tests and `npm run bench` run the
 * very same code under Node (where `file` is a Blob from `fs.openAsBlob`). It talks to the API
 * through its own client, typed from the OpenAPI document like the page's (web/src/api.ts), because
 * it takes its base URL, token and `fetch` as options and reports failures as UploadError.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/api.d.ts';

export type UploadView = components['schemas']['Upload'];
export type PitchStatus = components['schemas']['PitchStatus'];

export interface UploadProgress {
  phase: 'starting' | 'uploading' | 'paused' | 'completing' | 'verifying' | 'transcoding' | 'ready' | 'rejected' | 'cancelled' | 'failed';
  sentBytes: number;
  totalBytes: number;
  percent: number;
  bytesPerSecond: number;
  secondsLeft?: number;
  partsDone: number;
  partCount: number;
}

export interface UploadOutcome {
  state: 'ready' | 'rejected' | 'transcoding';
  reason?: string;
  /** The refusal's facts (web/src/pitch-problems.ts words them). */
  problem?: NonNullable<PitchStatus['last']>['problem'];
  pitch?: PitchStatus['current'];
}

/** Where an interrupted upload is remembered (localStorage in the browser). */
export interface ResumeStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export interface UploaderOptions {
  /** `''` in the browser (same origin); `http://localhost:3000` from Node. */
  apiBase: string;
  competitionId: string;
  submissionId: string;
  file: Blob;
  fileName: string;
  contentType: string;
  /** The `Authorization` header value, asked for before each API call (tokens may be renewed). */
  authorization: () => string | Promise<string>;
  concurrency?: number;
  onProgress?: (p: UploadProgress) => void;
  store?: ResumeStore;
  fetch?: typeof fetch;
  /** How often to ask whether verification is done. */
  pollMs?: number;
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status = 0,
    readonly fields: Record<string, string> = {},
    /** The API error's `params` (for its message in other languages, web/src/upload/upload-error-text.ts). */
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

class Paused extends Error {}

const MAX_TRIES = 5;
/** The shortest interval between two progress reports while bytes are flowing. */
const PROGRESS_MS = 100;

export class PitchUploader {
  private readonly o: Required<Pick<UploaderOptions, 'concurrency' | 'pollMs'>> & UploaderOptions;
  private readonly fetchFn: typeof fetch;
  private readonly client: Client<paths>;
  private view?: UploadView;
  private paused = false;
  private cancelled = false;
  private inFlight = new Set<AbortController>();
  private reports: Promise<unknown>[] = [];
  private partsSent = 0;
  private partBytes = new Map<number, number>();
  /** Parts whose ETag the server has recorded. */
  private recorded = new Set<number>();
  private lastEmit = 0;
  private doneBytes = 0;
  private speed = { at: 0, bytes: 0, rate: 0 };
  private phase: UploadProgress['phase'] = 'starting';

  constructor(options: UploaderOptions) {
    // Six parts in flight: what browsers allow per host over HTTP/1.1.
    this.o = { concurrency: 6, pollMs: 500, ...options };
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    // API calls go out through the same `fetch` as the parts, called as fetch(url, init).
    this.client = createClient<paths>({
      baseUrl: this.o.apiBase,
      fetch: async (req) =>
        this.fetchFn(req.url, { method: req.method, headers: req.headers, body: req.body ? await req.text() : undefined }),
    });
  }

  get uploadId(): string | undefined {
    return this.view?.id;
  }

  private get storeKey() {
    return `podium.pitch-upload.${this.o.competitionId}.${this.o.submissionId}`;
  }

  /** The path parameters of every call: this submission's pitch. */
  private get pitch() {
    return { competitionId: this.o.competitionId, submissionId: this.o.submissionId };
  }

  private upload(uploadId: string) {
    return { path: { ...this.pitch, uploadId } };
  }

  /** Starts or resumes, sends every missing part, completes, and waits for the verdict. */
  async run(): Promise<UploadOutcome> {
    this.paused = false;
    try {
      this.view = await this.startOrResume();
      this.remember();
      const view = () => this.view!;
      for (let round = 1; view().pendingParts.length > 0 || view().state === 'uploading'; round++) {
        if (round > 3) throw new UploadError('The storage keeps refusing the uploaded parts.', 'PARTS_REJECTED');
        if (view().pendingParts.length > 0) await this.sendPendingParts();
        this.setPhase('completing');
        const done = await this.api((headers) =>
          this.client.POST('/api/competitions/{competitionId}/submissions/{submissionId}/pitch/uploads/{uploadId}/complete', { params: this.upload(view().id), headers }),
        ).catch(async (e: unknown) => {
          // The storage refused the parts as reported: they were forgotten, so send them again.
          if (e instanceof UploadError && e.fields.parts === 'rejected') return this.refresh();
          throw e;
        });
        this.view = done;
        if (done.state !== 'uploading') break;
      }
      this.setPhase('verifying');
      const outcome = await this.waitForVerdict(view().id);
      this.forget();
      this.setPhase(outcome.state);
      return outcome;
    } catch (e) {
      if (e instanceof Paused) {
        this.setPhase(this.cancelled ? 'cancelled' : 'paused');
        throw new UploadError(this.cancelled ? 'Upload cancelled.' : 'Upload paused.', this.cancelled ? 'CANCELLED' : 'PAUSED');
      }
      this.setPhase('failed');
      throw e;
    }
  }

  /** Stops sending; finished parts stay recorded, so `run()` later resumes. */
  pause(): void {
    this.paused = true;
    for (const c of this.inFlight) c.abort();
  }

  /** Stops and abandons the upload on the server. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    this.pause();
    const id = this.view?.id ?? this.o.store?.get(this.storeKey)?.split('|')[0];
    if (id)
      await this.api((headers) =>
        this.client.DELETE('/api/competitions/{competitionId}/submissions/{submissionId}/pitch/uploads/{uploadId}', { params: this.upload(id), headers }),
      ).catch(() => undefined);
    this.forget();
  }

  private async startOrResume(): Promise<UploadView> {
    const remembered = this.o.store?.get(this.storeKey);
    if (remembered) {
      const [id, name, size] = remembered.split('|');
      if (name === this.o.fileName && Number(size) === this.o.file.size) {
        const view = await this.readUpload(id ?? '').catch(() => undefined);
        if (view?.state === 'uploading' || view?.state === 'verifying') return this.resumeFrom(view);
      }
    }
    try {
      return this.resumeFrom(
        await this.api((headers) =>
          this.client.POST('/api/competitions/{competitionId}/submissions/{submissionId}/pitch/uploads', {
            params: { path: this.pitch },
            body: { fileName: this.o.fileName, sizeBytes: this.o.file.size, contentType: this.o.contentType },
            headers,
          }),
        ),
      );
    } catch (e) {
      // An upload of this very file is already under way (another tab, a lost reload): join it.
      if (!(e instanceof UploadError) || e.code !== 'UPLOAD_IN_PROGRESS') throw e;
      const status = await this.status();
      if (!status.upload) throw e;
      const view = await this.readUpload(status.upload.id);
      if (view.fileName !== this.o.fileName || view.sizeBytes !== this.o.file.size) throw e;
      return this.resumeFrom(view);
    }
  }

  private resumeFrom(view: UploadView): UploadView {
    this.partBytes.clear();
    this.recorded = new Set(view.completedParts.map((p) => p.partNumber));
    this.partsSent = view.completedParts.length;
    this.doneBytes = view.completedParts.reduce((sum, p) => sum + this.partLength(view, p.partNumber), 0);
    this.speed = { at: now(), bytes: this.doneBytes, rate: 0 };
    return view;
  }

  private async refresh(): Promise<UploadView> {
    return this.resumeFrom(await this.readUpload(this.view!.id));
  }

  /** The upload as the server has it: the parts it recorded and fresh URLs for the rest. */
  private readUpload(uploadId: string): Promise<UploadView> {
    return this.api((headers) =>
      this.client.GET('/api/competitions/{competitionId}/submissions/{submissionId}/pitch/uploads/{uploadId}', { params: this.upload(uploadId), headers }),
    );
  }

  private status(): Promise<PitchStatus> {
    return this.api((headers) => this.client.GET('/api/competitions/{competitionId}/submissions/{submissionId}/pitch', { params: { path: this.pitch }, headers }));
  }

  private partLength(view: UploadView, partNumber: number): number {
    return Math.min(view.partSize, view.sizeBytes - (partNumber - 1) * view.partSize);
  }

  private async sendPendingParts(): Promise<void> {
    this.setPhase('uploading');
    const view = this.view!;
    // The short last part goes first: it is done while the full-size parts are still being sent,
    // instead of being sent alone at the end when most of the connections stand idle.
    const queue = [...view.pendingParts].sort((a, b) => this.partLength(view, a.partNumber) - this.partLength(view, b.partNumber));
    const worker = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) await this.sendPart(part.partNumber, part.url);
    };
    let reported: PromiseSettledResult<unknown>[];
    try {
      await Promise.all(Array.from({ length: Math.min(this.o.concurrency, queue.length) }, worker));
    } finally {
      reported = await Promise.allSettled(this.reports.splice(0));
    }
    // Every part sent and its ETag recorded: nothing is pending, no need to ask. Otherwise the
    // server's list says which parts to send again.
    if (reported.every((r) => r.status === 'fulfilled') && this.recorded.size === this.view!.partCount) this.view = { ...this.view!, pendingParts: [] };
    else this.view = await this.refresh();
  }

  private async sendPart(partNumber: number, firstUrl: string): Promise<void> {
    const view = this.view!;
    const start = (partNumber - 1) * view.partSize;
    const body = this.o.file.slice(start, start + this.partLength(view, partNumber));
    let url = firstUrl;
    for (let attempt = 1; ; attempt++) {
      if (this.paused) throw new Paused();
      try {
        const etag = await this.put(url, body, (sent) => this.onPartBytes(partNumber, sent));
        this.partBytes.delete(partNumber);
        this.doneBytes += body.size;
        this.partsSent += 1;
        this.emit();
        // Reporting the ETag overlaps with sending the next part; all reports finish before completing.
        this.reports.push(
          this.api((headers) =>
            this.client.PUT('/api/competitions/{competitionId}/submissions/{submissionId}/pitch/uploads/{uploadId}/parts/{partNumber}', {
              params: { path: { ...this.pitch, uploadId: view.id, partNumber } },
              body: { etag },
              headers,
            }),
          ).then(() => this.recorded.add(partNumber)),
        );
        return;
      } catch (e) {
        this.partBytes.delete(partNumber);
        if (this.paused) throw new Paused();
        if (e instanceof UploadError && e.status >= 400 && e.status < 500 && e.status !== 403) throw e;
        if (attempt >= MAX_TRIES) throw new UploadError('The connection keeps failing; the upload will resume where it stopped.', 'NETWORK');
        await sleep(Math.min(8000, 500 * 2 ** attempt));
        // Presigned URLs expire: fetch fresh ones before retrying.
        const fresh = await this.refresh();
        const again = fresh.pendingParts.find((p) => p.partNumber === partNumber);
        if (!again) return; // it did arrive after all
        url = again.url;
      }
    }
  }

  /** PUT one part to S3; returns its ETag. XHR in browsers (byte progress), fetch elsewhere. */
  private put(url: string, body: Blob, onBytes: (sent: number) => void): Promise<string> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const done = () => this.inFlight.delete(controller);
    if (typeof XMLHttpRequest !== 'undefined') {
      return new Promise<string>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('PUT', url);
        xhr.upload.onprogress = (e) => onBytes(e.loaded);
        xhr.onload = () => {
          done();
          const etag = xhr.getResponseHeader('ETag');
          if (xhr.status >= 200 && xhr.status < 300 && etag) resolve(etag);
          else reject(new UploadError(`Storage answered ${xhr.status}`, 'STORAGE', xhr.status));
        };
        xhr.onerror = () => (done(), reject(new UploadError('Network error', 'NETWORK')));
        xhr.onabort = () => (done(), reject(new Paused()));
        controller.signal.addEventListener('abort', () => xhr.abort());
        xhr.send(body);
      });
    }
    return this.fetchFn(url, { method: 'PUT', body, signal: controller.signal })
      .then(async (r) => {
        await r.arrayBuffer();
        const etag = r.headers.get('etag');
        if (!r.ok || !etag) throw new UploadError(`Storage answered ${r.status}`, 'STORAGE', r.status);
        onBytes(body.size);
        return etag;
      })
      .finally(done);
  }

  private async waitForVerdict(uploadId: string): Promise<UploadOutcome> {
    for (;;) {
      const status = await this.status();
      if (status.current?.pitchId === uploadId) return { state: 'ready', pitch: status.current };
      if (status.last?.pitchId === uploadId && status.last.state === 'rejected')
        return { state: 'rejected', reason: status.last.reason, problem: status.last.problem };
      if (status.last?.pitchId === uploadId && status.last.state === 'aborted')
        throw new UploadError('The upload was cancelled.', 'CANCELLED');
      // Verified, and being converted to H.264/AAC (issue 14): the page shows that and asks again later.
      if (status.upload?.id === uploadId && status.upload.state === 'transcoding') return { state: 'transcoding' };
      await sleep(this.o.pollMs);
    }
  }

  private onPartBytes(partNumber: number, sent: number) {
    this.partBytes.set(partNumber, sent);
    // Byte counts arrive many times a second per part: report them ten times a second at most, so
    // that the page does not re-render for every chunk sent.
    if (now() - this.lastEmit >= PROGRESS_MS) this.emit();
  }

  private setPhase(phase: UploadProgress['phase']) {
    this.phase = phase;
    this.emit();
  }

  private emit() {
    const total = this.o.file.size;
    let sent = this.doneBytes;
    for (const b of this.partBytes.values()) sent += b;
    const t = now();
    this.lastEmit = t;
    if (t - this.speed.at >= 1000) {
      const rate = ((sent - this.speed.bytes) * 1000) / (t - this.speed.at);
      this.speed = { at: t, bytes: sent, rate: this.speed.rate === 0 ? rate : 0.7 * rate + 0.3 * this.speed.rate };
    }
    const rate = this.speed.rate;
    this.o.onProgress?.({
      phase: this.phase,
      sentBytes: Math.min(sent, total),
      totalBytes: total,
      percent: total === 0 ? 100 : Math.min(100, (sent / total) * 100),
      bytesPerSecond: rate,
      secondsLeft: rate > 0 ? Math.max(0, (total - sent) / rate) : undefined,
      partsDone: this.partsSent,
      partCount: this.view?.partCount ?? 0,
    });
  }

  private remember() {
    this.o.store?.set(this.storeKey, `${this.view!.id}|${this.o.fileName}|${this.o.file.size}`);
  }

  private forget() {
    this.o.store?.remove(this.storeKey);
  }

  /**
   * One API call, sent with a fresh `Authorization` header: the documented answer, or UploadError
   * with the API's code, message and fields.
   */
  private async api<R extends { data?: unknown; error?: unknown; response: Response }>(
    call: (headers: Record<string, string>) => Promise<R>,
  ): Promise<Exclude<R['data'], undefined>> {
    const headers = { authorization: await this.o.authorization(), accept: 'application/json' };
    let r: R;
    try {
      r = await call(headers);
    } catch {
      throw new UploadError('The server could not be reached.', 'NETWORK');
    }
    const { status, ok } = r.response;
    if (!ok) {
      const e = (r.error as { error?: { code?: string; message?: string; fields?: Record<string, string>; params?: Record<string, string | number> } } | undefined)?.error;
      throw new UploadError(e?.message ?? `HTTP ${status}`, e?.code ?? `HTTP_${status}`, status, e?.fields, e?.params);
    }
    // A 2xx is the operation's documented success body (undefined only for 204 No Content).
    return r.data as Exclude<R['data'], undefined>;
  }
}

function now() {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
