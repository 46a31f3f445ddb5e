/**
 * The pitch upload client: sends a video straight to S3 in parts through presigned URLs, several
 * in parallel, reporting each part's ETag to the API so that an upload can resume — after a
 * pause, a lost connection or a reload — without re-sending finished parts. The API never
 * receives video bytes.
 *
 * Framework-free on purpose: the web page drives it, and the tests and `npm run bench` run the
 * very same code under Node (where `file` is a Blob from `fs.openAsBlob`).
 */

export interface UploadView {
  id: string;
  state: 'uploading' | 'verifying' | 'ready' | 'rejected' | 'aborted';
  fileName: string;
  contentType: string;
  sizeBytes: number;
  partSize: number;
  partCount: number;
  completedParts: { partNumber: number; etag: string }[];
  pendingParts: { partNumber: number; url: string }[];
  urlsExpireAt?: string;
  reason?: string;
}

export interface PitchStatus {
  current?: { pitchId: string; durationSeconds: number; width?: number; height?: number; sizeBytes: number; playbackUrl: string };
  upload?: { id: string; state: string; fileName: string; partCount: number; partsDone: number };
  last?: { pitchId: string; state: string; reason?: string; fileName: string; at: string };
}

export interface UploadProgress {
  phase: 'starting' | 'uploading' | 'paused' | 'completing' | 'verifying' | 'ready' | 'rejected' | 'cancelled' | 'failed';
  sentBytes: number;
  totalBytes: number;
  percent: number;
  bytesPerSecond: number;
  secondsLeft?: number;
  partsDone: number;
  partCount: number;
}

export interface UploadOutcome {
  state: 'ready' | 'rejected';
  reason?: string;
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
  ) {
    super(message);
  }
}

class Paused extends Error {}

const MAX_TRIES = 5;

export class PitchUploader {
  private readonly o: Required<Pick<UploaderOptions, 'concurrency' | 'pollMs'>> & UploaderOptions;
  private readonly fetchFn: typeof fetch;
  private view?: UploadView;
  private paused = false;
  private cancelled = false;
  private inFlight = new Set<AbortController>();
  private reports: Promise<unknown>[] = [];
  private partsSent = 0;
  private partBytes = new Map<number, number>();
  private doneBytes = 0;
  private speed = { at: 0, bytes: 0, rate: 0 };
  private phase: UploadProgress['phase'] = 'starting';

  constructor(options: UploaderOptions) {
    // Six parts in flight: what browsers allow per host over HTTP/1.1.
    this.o = { concurrency: 6, pollMs: 500, ...options };
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  get uploadId(): string | undefined {
    return this.view?.id;
  }

  private get storeKey() {
    return `podium.pitch-upload.${this.o.competitionId}.${this.o.submissionId}`;
  }

  private get base() {
    return `${this.o.apiBase}/api/competitions/${this.o.competitionId}/submissions/${this.o.submissionId}/pitch`;
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
        const done: UploadView = await this.api<UploadView>('POST', `/uploads/${view().id}/complete`).catch(async (e: unknown) => {
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
    if (id) await this.api('DELETE', `/uploads/${id}`).catch(() => undefined);
    this.forget();
  }

  private async startOrResume(): Promise<UploadView> {
    const remembered = this.o.store?.get(this.storeKey);
    if (remembered) {
      const [id, name, size] = remembered.split('|');
      if (name === this.o.fileName && Number(size) === this.o.file.size) {
        const view = await this.api<UploadView>('GET', `/uploads/${id}`).catch(() => undefined);
        if (view?.state === 'uploading' || view?.state === 'verifying') return this.resumeFrom(view);
      }
    }
    try {
      return this.resumeFrom(
        await this.api<UploadView>('POST', '/uploads', {
          fileName: this.o.fileName,
          sizeBytes: this.o.file.size,
          contentType: this.o.contentType,
        }),
      );
    } catch (e) {
      // An upload of this very file is already under way (another tab, a lost reload): join it.
      if (!(e instanceof UploadError) || e.code !== 'UPLOAD_IN_PROGRESS') throw e;
      const status = await this.api<PitchStatus>('GET', '');
      if (!status.upload) throw e;
      const view = await this.api<UploadView>('GET', `/uploads/${status.upload.id}`);
      if (view.fileName !== this.o.fileName || view.sizeBytes !== this.o.file.size) throw e;
      return this.resumeFrom(view);
    }
  }

  private resumeFrom(view: UploadView): UploadView {
    this.partBytes.clear();
    this.partsSent = view.completedParts.length;
    this.doneBytes = view.completedParts.reduce((sum, p) => sum + this.partLength(view, p.partNumber), 0);
    this.speed = { at: now(), bytes: this.doneBytes, rate: 0 };
    return view;
  }

  private async refresh(): Promise<UploadView> {
    return this.resumeFrom(await this.api<UploadView>('GET', `/uploads/${this.view!.id}`));
  }

  private partLength(view: UploadView, partNumber: number): number {
    return Math.min(view.partSize, view.sizeBytes - (partNumber - 1) * view.partSize);
  }

  private async sendPendingParts(): Promise<void> {
    this.setPhase('uploading');
    const queue = [...this.view!.pendingParts];
    const worker = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) await this.sendPart(part.partNumber, part.url);
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.o.concurrency, queue.length) }, worker));
    } finally {
      await Promise.allSettled(this.reports.splice(0));
    }
    this.view = await this.refresh();
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
        this.reports.push(this.api('PUT', `/uploads/${view.id}/parts/${partNumber}`, { etag }));
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
      const status = await this.api<PitchStatus>('GET', '');
      if (status.current?.pitchId === uploadId) return { state: 'ready', pitch: status.current };
      if (status.last?.pitchId === uploadId && status.last.state === 'rejected')
        return { state: 'rejected', reason: status.last.reason };
      if (status.last?.pitchId === uploadId && status.last.state === 'aborted')
        throw new UploadError('The upload was cancelled.', 'CANCELLED');
      await sleep(this.o.pollMs);
    }
  }

  private onPartBytes(partNumber: number, sent: number) {
    this.partBytes.set(partNumber, sent);
    this.emit();
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

  private async api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: await this.o.authorization(), accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new UploadError('The server could not be reached.', 'NETWORK');
    }
    if (res.status === 204) return undefined as T;
    const data = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; fields?: Record<string, string> } };
    if (!res.ok) throw new UploadError(data.error?.message ?? `HTTP ${res.status}`, data.error?.code ?? `HTTP_${res.status}`, res.status, data.error?.fields);
    return data as T;
  }
}

function now() {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
