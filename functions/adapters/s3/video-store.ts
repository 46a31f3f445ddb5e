/**
 * The pitch-video bucket over S3's REST API: multipart uploads by presigned URL, ranged reads.
 *
 * The ten calls Podium makes are plain HTTP requests signed with SigV4 (s3-bucket.ts) instead of
 * the S3 SDK client and presigner. Presigned URLs are built exactly as the SDK builds them (see
 * tests/unit/s3-signing.test.ts), so browsers, CORS and the CSP see the same URLs as before.
 */
import { PartsRejected, type VideoStore } from '../../use-cases/ports.ts';
import { bucketRequests, failure, xmlText, type S3Target } from './s3-bucket.ts';
import { attachment } from './file-store.ts';

export { S3Error, type S3Target } from './s3-bucket.ts';

const PART_ERRORS = new Set(['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall', 'NoSuchUpload', 'MalformedXML']);

/** `target` may still be resolving (e.g. read from an SDK client's configuration). */
export function s3VideoStore(target: S3Target | Promise<S3Target>, bucket: string): VideoStore {
  const { objectUrl, send, presign, presignPost, complete } = bucketRequests(target, bucket);

  return {
    async startMultipartUpload(key, contentType) {
      // The content type is fixed here, by the server, not by what the browser sends later.
      const r = await send('POST', await objectUrl(key, { uploads: '' }), { headers: { 'Content-Type': contentType } });
      if (!r.ok) throw await failure(r);
      const uploadId = xmlText(await r.text(), 'UploadId');
      if (!uploadId) throw new Error('S3 returned no upload id');
      return uploadId;
    },

    presignUploadPart(key, uploadId, partNumber, expiresInSeconds) {
      return presign('PUT', key, { partNumber: String(partNumber), uploadId }, 'UploadPart', expiresInSeconds);
    },

    async completeMultipartUpload(key, uploadId, parts) {
      const error = await complete(key, uploadId, parts);
      if (!error) return;
      if (PART_ERRORS.has(error.code)) throw new PartsRejected(error.message);
      throw error;
    },

    async abortMultipartUpload(key, uploadId) {
      const r = await send('DELETE', await objectUrl(key, { uploadId }));
      if (!r.ok) throw await failure(r);
    },

    async head(key) {
      const r = await send('HEAD', await objectUrl(key));
      if (r.status === 404) return undefined;
      if (!r.ok) throw await failure(r);
      const contentType = r.headers.get('content-type') ?? undefined;
      return { sizeBytes: Number(r.headers.get('content-length') ?? 0), ...(contentType ? { contentType } : {}) };
    },

    async read(key, offset, length) {
      if (length <= 0) return new Uint8Array(0);
      const r = await send('GET', await objectUrl(key), { headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
      // 416: the range starts past the end of the object.
      if (r.status === 416) {
        await r.body?.cancel();
        return new Uint8Array(0);
      }
      if (!r.ok) throw await failure(r);
      return new Uint8Array(await r.arrayBuffer());
    },

    async delete(key) {
      const r = await send('DELETE', await objectUrl(key));
      if (!r.ok) throw await failure(r);
    },

    presignDownload(key, expiresInSeconds, downloadName) {
      return presign('GET', key, { 'response-content-disposition': downloadName ? attachment(downloadName) : 'inline' }, 'GetObject', expiresInSeconds);
    },

    presignPost(key, expiresInSeconds, { contentType, maxBytes }) {
      return presignPost(key, expiresInSeconds, { 'Content-Type': contentType }, [['content-length-range', 1, maxBytes]]);
    },

    presignPut(key, expiresInSeconds) {
      return presign('PUT', key, {}, 'PutObject', expiresInSeconds);
    },

    async put(key, body, contentType) {
      const r = await send('PUT', await objectUrl(key), { headers: { 'Content-Type': contentType }, body });
      if (!r.ok) throw await failure(r);
      await r.body?.cancel();
    },
  };
}
