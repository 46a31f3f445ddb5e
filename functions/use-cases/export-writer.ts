/**
 * Writes an export file in parts, so a job holds at most one part (plus a page) in memory however
 * large the file: text is buffered and, once a buffer reaches PART_BYTES, sent as one part of a
 * multipart upload. A file that never fills a part goes up in one PUT. The upload's state (its id
 * and the parts sent) is small JSON, saved in the job's checkpoint after each part, so a job cut
 * short resumes after its last part instead of starting over.
 */
import type { FileStore } from './ports.ts';

/** S3 wants every part but the last to be at least 5 MiB; 8 MiB parts keep the count low. */
export const PART_BYTES = 8 * 1024 * 1024;

export interface UploadState {
  uploadId?: string;
  parts: { partNumber: number; etag: string }[];
  /** Bytes in the parts sent. */
  bytes: number;
}

export class ExportWriter {
  private chunks: string[] = [];
  private buffered = 0;
  private readonly upload: UploadState;

  constructor(
    private readonly files: FileStore,
    readonly key: string,
    readonly contentType: string,
    resumeFrom?: UploadState,
    private readonly partBytes = PART_BYTES,
  ) {
    this.upload = resumeFrom ? { ...resumeFrom, parts: [...resumeFrom.parts] } : { parts: [], bytes: 0 };
  }

  write(text: string): void {
    if (!text) return;
    this.chunks.push(text);
    this.buffered += Buffer.byteLength(text);
  }

  /** Sends what is buffered as a part once it is large enough; true when a part went up (checkpoint now). */
  async flushPart(): Promise<boolean> {
    if (this.buffered < this.partBytes) return false;
    await this.sendPart();
    return true;
  }

  /** Sends the rest and completes the file; returns its size in bytes. */
  async finish(): Promise<number> {
    if (!this.upload.uploadId) {
      const body = this.take();
      await this.files.put(this.key, body, this.contentType);
      return body.byteLength;
    }
    if (this.buffered > 0 || this.upload.parts.length === 0) await this.sendPart();
    await this.files.completeUpload(this.key, this.upload.uploadId, this.upload.parts);
    return this.upload.bytes;
  }

  /** Where the upload stands (after the parts sent; the buffer is not part of it). */
  state(): UploadState {
    return { ...this.upload, parts: [...this.upload.parts] };
  }

  private take(): Buffer {
    const body = Buffer.from(this.chunks.join(''), 'utf8');
    this.chunks = [];
    this.buffered = 0;
    return body;
  }

  private async sendPart(): Promise<void> {
    this.upload.uploadId ??= await this.files.startUpload(this.key, this.contentType);
    const body = this.take();
    const partNumber = this.upload.parts.length + 1;
    const etag = await this.files.uploadPart(this.key, this.upload.uploadId, partNumber, body);
    this.upload.parts.push({ partNumber, etag });
    this.upload.bytes += body.byteLength;
  }
}
