/**
 * s3rver reports events in nearly S3's notification shape; two differences are adapted here so
 * the real handler sees what AWS would send: keys are URL-encoded, and a completed multipart
 * upload is `ObjectCreated:CompleteMultipartUpload` (s3rver says `ObjectCreated:Post`).
 */
import type { S3Event } from 'aws-lambda';

interface S3rverEvent {
  Records: { eventName: string; s3: { object: { key: string } } }[];
}

export function toS3Event(raw: unknown): S3Event {
  const e = raw as S3rverEvent;
  return {
    Records: e.Records.map((r) => ({
      ...r,
      eventName: r.eventName === 'ObjectCreated:Post' ? 'ObjectCreated:CompleteMultipartUpload' : r.eventName,
      s3: { ...r.s3, object: { ...r.s3.object, key: encodeURIComponent(r.s3.object.key).replace(/%2F/g, '/').replace(/%20/g, '+') } },
    })),
  } as S3Event;
}
