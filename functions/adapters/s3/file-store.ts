/**
 * Files that jobs produce (exports), in the pitch bucket under `exports/` (expired after a week by
 * a lifecycle rule, infra/data.ts). Written by the job function — in one PUT when small, in parts
 * (multipart upload) when large, so no job holds a whole export in memory — and downloaded by
 * people through a presigned GET that names the file (`response-content-disposition`), never
 * through the API.
 */
import type { FileStore } from '../../use-cases/ports.ts';
import { bucketRequests, failure, xmlText, type S3Target } from './s3-bucket.ts';

/** Where exports live in the bucket: the only prefix the job function may write. */
export const EXPORT_PREFIX = 'exports/';

/** `attachment; filename="…"`, with an RFC 5987 `filename*` for names that are not plain ASCII. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return ascii === name ? `attachment; filename="${name}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function s3FileStore(target: S3Target | Promise<S3Target>, bucket: string): FileStore {
  const { objectUrl, send, presign, complete } = bucketRequests(target, bucket);
  const ensureExportKey = (key: string) => {
    if (!key.startsWith(EXPORT_PREFIX)) throw new Error(`Export files live under ${EXPORT_PREFIX}, not at ${key}.`);
  };

  return {
    async put(key, body, contentType) {
      ensureExportKey(key);
      const r = await send('PUT', await objectUrl(key), { headers: { 'Content-Type': contentType }, body });
      if (!r.ok) throw await failure(r);
      await r.body?.cancel();
    },

    async startUpload(key, contentType) {
      ensureExportKey(key);
      const r = await send('POST', await objectUrl(key, { uploads: '' }), { headers: { 'Content-Type': contentType } });
      if (!r.ok) throw await failure(r);
      const uploadId = xmlText(await r.text(), 'UploadId');
      if (!uploadId) throw new Error('S3 returned no upload id');
      return uploadId;
    },

    async uploadPart(key, uploadId, partNumber, body) {
      const r = await send('PUT', await objectUrl(key, { partNumber: String(partNumber), uploadId }), { body });
      if (!r.ok) throw await failure(r);
      await r.body?.cancel();
      const etag = r.headers.get('etag');
      if (!etag) throw new Error('S3 returned no ETag for the part');
      return etag;
    },

    async completeUpload(key, uploadId, parts) {
      const error = await complete(key, uploadId, parts);
      if (error) throw error;
    },

    async read(key) {
      const r = await send('GET', await objectUrl(key));
      if (r.status === 404) {
        await r.body?.cancel();
        return undefined;
      }
      if (!r.ok) throw await failure(r);
      return new Uint8Array(await r.arrayBuffer());
    },

    presignDownload(key, expiresInSeconds, downloadName) {
      ensureExportKey(key);
      return presign('GET', key, { 'response-content-disposition': attachment(downloadName) }, 'GetObject', expiresInSeconds);
    },

    async delete(key) {
      ensureExportKey(key);
      const r = await send('DELETE', await objectUrl(key));
      if (!r.ok && r.status !== 404) throw await failure(r);
      await r.body?.cancel();
    },
  };
}
