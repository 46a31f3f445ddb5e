/** The pitch-video bucket over the S3 SDK: multipart uploads by presigned URL, ranged reads. */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PartsRejected, type VideoStore } from '../../use-cases/ports.ts';

const PART_ERRORS = new Set(['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall', 'NoSuchUpload', 'MalformedXML']);

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : '';
}

export function s3VideoStore(s3: S3Client, bucket: string): VideoStore {
  return {
    async startMultipartUpload(key, contentType) {
      // The content type is fixed here, by the server, not by what the browser sends later.
      const r = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }));
      if (!r.UploadId) throw new Error('S3 returned no upload id');
      return r.UploadId;
    },

    presignUploadPart(key, uploadId, partNumber, expiresInSeconds) {
      return getSignedUrl(s3, new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }), {
        expiresIn: expiresInSeconds,
      });
    },

    async completeMultipartUpload(key, uploadId, parts) {
      try {
        await s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
          }),
        );
      } catch (e) {
        if (PART_ERRORS.has(errorName(e))) throw new PartsRejected(e instanceof Error ? e.message : String(e));
        throw e;
      }
    },

    async abortMultipartUpload(key, uploadId) {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    },

    async head(key) {
      try {
        const r = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { sizeBytes: r.ContentLength ?? 0, contentType: r.ContentType };
      } catch (e) {
        if (errorName(e) === 'NotFound' || errorName(e) === 'NoSuchKey') return undefined;
        throw e;
      }
    },

    async read(key, offset, length) {
      if (length <= 0) return new Uint8Array(0);
      try {
        const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${offset}-${offset + length - 1}` }));
        return r.Body ? await r.Body.transformToByteArray() : new Uint8Array(0);
      } catch (e) {
        if (errorName(e) === 'InvalidRange') return new Uint8Array(0);
        throw e;
      }
    },

    async delete(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    presignDownload(key, expiresInSeconds) {
      return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: 'inline' }), {
        expiresIn: expiresInSeconds,
      });
    },
  };
}
