/**
 * The pitch bucket's adapter signs its own S3 requests (aws4fetch) instead of using the SDK. The
 * stand-in (s3rver) checks no signatures, so here the SDK is the reference: presigned URLs must be
 * the very URLs the SDK's presigner makes for the same request, credentials and time, and the
 * requests signed in headers must carry the signature the SDK's SigV4 signer computes for them.
 * A fake S3 on loopback records what arrives and answers as S3 does.
 */
import { GetObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3VideoStore, S3Error, type S3Target } from '../../functions/adapters/s3/video-store.ts';
import { PartsRejected } from '../../functions/use-cases/ports.ts';
import { awsStandIn, referenceSignature, signatureIn, type ReceivedRequest } from '../support/sigv4-reference.ts';

const AT = new Date('2026-12-01T10:00:00Z');
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FQoGZXIvYXdzE+token/with=chars' };
const BUCKET = 'podium-pitches-a1b2c3';
const KEY = 'pitches/01JCOMP/5f3a9c(1)/01JPITCH!*.mp4';

function sdkClient(endpoint?: string) {
  return new S3Client({
    region: 'eu-west-1',
    credentials,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function params(url: string) {
  const u = new URL(url);
  return { where: `${u.origin}${u.pathname}`, query: Object.fromEntries([...u.searchParams].sort(([a], [b]) => a.localeCompare(b))) };
}

describe('presigned URLs', () => {
  const target: S3Target = { region: 'eu-west-1', credentials: () => credentials, now: () => AT };
  const store = s3VideoStore(target, BUCKET);

  it('for a part upload are the SDK presigner’s, signature included (virtual-hosted, with a session token)', async () => {
    // Act
    const ours = await store.presignUploadPart(KEY, 'upload~id/1.x', 7, 3600);
    const sdk = await getSignedUrl(sdkClient(), new UploadPartCommand({ Bucket: BUCKET, Key: KEY, UploadId: 'upload~id/1.x', PartNumber: 7 }), { expiresIn: 3600, signingDate: AT });

    // Assess
    expect(params(ours)).toEqual(params(sdk));
    expect(params(ours).query['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('for playback are the SDK presigner’s', async () => {
    const ours = await store.presignDownload(KEY, 900);
    const sdk = await getSignedUrl(sdkClient(), new GetObjectCommand({ Bucket: BUCKET, Key: KEY, ResponseContentDisposition: 'inline' }), { expiresIn: 900, signingDate: AT });
    expect(params(ours)).toEqual(params(sdk));
  });

  it('for a stand-in are path-style, as the SDK makes them with forcePathStyle', async () => {
    const local = s3VideoStore({ ...target, endpoint: 'http://127.0.0.1:4569' }, BUCKET);
    const ours = await local.presignUploadPart(KEY, 'u1', 1, 60);
    const sdk = await getSignedUrl(sdkClient('http://127.0.0.1:4569'), new UploadPartCommand({ Bucket: BUCKET, Key: KEY, UploadId: 'u1', PartNumber: 1 }), { expiresIn: 60, signingDate: AT });
    expect(params(ours)).toEqual(params(sdk));
    expect(new URL(ours).pathname.startsWith(`/${BUCKET}/pitches/`)).toBe(true);
  });
});

describe('signed requests', () => {
  const aws = awsStandIn([200, ''], () => ({ 'content-type': 'application/xml' }));
  const { received, answers } = aws;
  let endpoint: string;

  beforeAll(async () => {
    await aws.start();
    endpoint = aws.endpoint;
  });
  afterAll(() => aws.stop());

  const store = () => s3VideoStore({ region: 'eu-west-1', endpoint, credentials: () => credentials, now: () => AT }, BUCKET);

  const sdkSignature = (r: ReceivedRequest) => referenceSignature(r, { origin: endpoint, service: 's3', region: 'eu-west-1', credentials, at: AT });

  it('starts a multipart upload with the server’s content type, and signs it as the SDK would', async () => {
    // Prepare
    answers.push([200, `<?xml version="1.0"?><InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>k</Key><UploadId>VXBsb2FkIElE&amp;1</UploadId></InitiateMultipartUploadResult>`]);

    // Act
    const uploadId = await store().startMultipartUpload(KEY, 'video/mp4');

    // Assess
    expect(uploadId).toBe('VXBsb2FkIElE&1');
    const r = received.at(-1)!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe(`/${BUCKET}/pitches/01JCOMP/5f3a9c%281%29/01JPITCH%21%2A.mp4?uploads=`);
    expect(r.headers['content-type']).toBe('video/mp4');
    expect(r.headers['x-amz-security-token']).toBe(credentials.sessionToken);
    expect(signatureIn(r.headers)).toBe(await sdkSignature(r));
  });

  it('completes with the parts in S3’s XML, and reads a refusal in a 200 answer as rejected parts', async () => {
    // Prepare: S3 may report a failure in the body of a 200 once it started assembling.
    answers.push([200, '<?xml version="1.0"?><Error><Code>InvalidPart</Code><Message>One or more of the specified parts could not be found.</Message></Error>']);

    // Act
    const outcome = store().completeMultipartUpload(KEY, 'up-1', [{ partNumber: 1, etag: '"a1"' }, { partNumber: 2, etag: '"b&2"' }]);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(PartsRejected);
    const r = received.at(-1)!;
    expect(r.url).toBe(`/${BUCKET}/pitches/01JCOMP/5f3a9c%281%29/01JPITCH%21%2A.mp4?uploadId=up-1`);
    expect(r.body).toContain('<Part><PartNumber>1</PartNumber><ETag>"a1"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>"b&amp;2"</ETag></Part>');
    expect(signatureIn(r.headers)).toBe(await sdkSignature(r));
  });

  it('reads ranges, reports a missing object as missing, and an S3 error with its code', async () => {
    // Prepare
    answers.push([206, 'abcd', { 'content-type': 'video/mp4' }], [404, ''], [416, '<Error><Code>InvalidRange</Code></Error>'], [403, '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>']);

    // Act / Assess
    expect(new TextDecoder().decode(await store().read(KEY, 10, 4))).toBe('abcd');
    expect(received.at(-1)!.headers.range).toBe('bytes=10-13');
    expect(await sdkSignature(received.at(-1)!)).toBe(signatureIn(received.at(-1)!.headers));
    expect(await store().head(KEY)).toBeUndefined();
    expect((await store().read(KEY, 1_000_000, 4)).length).toBe(0);
    const denied = await store().delete(KEY).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(S3Error);
    expect(denied).toMatchObject({ status: 403, code: 'AccessDenied' });
  });
});
