/**
 * The pitch processor's Lambda entry, invoked with a real S3 notification event (URL-encoded key,
 * multipart completion) against dynalite and s3rver.
 */
import type { Context, S3Event } from 'aws-lambda';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/adapters/config.ts';
import type { AppDeps } from '../../functions/app/deps.ts';
import { buildDeps } from '../../functions/composition-all.ts';
import { ensureTable, localDynamoClient, startDynalite, startS3rver, type RunningService } from '../../functions/local/stand-ins.ts';
import { createCompetition } from '../../functions/use-cases/create-competition.ts';
import { completePitchUpload, startPitchUpload } from '../../functions/use-cases/pitch-uploads.ts';
import { publishCompetition } from '../../functions/use-cases/publish-competition.ts';
import { registerEntrant } from '../../functions/use-cases/register-entrant.ts';
import { createSubmission } from '../../functions/use-cases/submissions.ts';
import { CompetitionInput, RegistrationInput, SubmissionContentInput } from '../../functions/app/schemas.ts';
import { competitionInput, people, registrationInput, submissionContent } from '../support/api-harness.ts';
import { captureOutput } from '../support/output-capture.ts';

type Handler = (event: S3Event, context: Context) => Promise<string[]>;

let dynamo: RunningService;
let s3: RunningService;
let dir: string;
let handler: Handler;
let deps: AppDeps;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podium-processor-'));
  dynamo = await startDynalite();
  s3 = await startS3rver({ directory: dir, buckets: ['pitches-test'] });
  await ensureTable(localDynamoClient(dynamo.endpoint), 'podium-processor-test');
  const env = {
    TABLE_NAME: 'podium-processor-test',
    BUCKET_NAME: 'pitches-test',
    AWS_REGION: 'eu-west-1',
    // s3rver accepts only its own well-known key pair.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    S3_ENDPOINT: s3.endpoint,
    AUTH_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST',
    AUTH_AUDIENCE: 'web-client-id',
    CURSOR_SECRET: 'lambda-test-cursor-secret-0123456789',
    // Set by Lambda itself: metrics go out as EMF lines (adapters/config.ts).
    AWS_LAMBDA_FUNCTION_NAME: 'pitch-processor',
  };
  Object.assign(process.env, env);
  ({ handler } = (await import('../../functions/lambda/pitch-processor.ts')) as unknown as { handler: Handler });
  deps = buildDeps(loadConfig(env));
});
afterAll(async () => {
  await Promise.all([dynamo.stop(), s3.stop()]);
  await rm(dir, { recursive: true, force: true });
});

/** An S3 notification as AWS delivers it for a completed multipart upload. */
function s3Event(key: string, size: number): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-west-1',
        eventTime: '2026-12-01T10:00:00.000Z',
        eventName: 'ObjectCreated:CompleteMultipartUpload',
        userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
        requestParameters: { sourceIPAddress: '203.0.113.7' },
        responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'PitchUploaded',
          bucket: { name: 'pitches-test', ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: 'arn:aws:s3:::pitches-test' },
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size, eTag: '0123456789abcdef0123456789abcdef-1', sequencer: '0A1B2C3D4E5F678901' },
        },
      },
    ],
  };
}

const schedule = competitionInput().schedule;
const context = { awsRequestId: 'test', functionName: 'pitch-processor' } as Context;

async function uploadedPitch(file: string, contentType: string) {
  const fixture = new Uint8Array(await readFile(new URL(`../fixtures/video/${file}`, import.meta.url)));
  // Inputs pass through the API's own schemas, so defaults are filled in as for a request.
  const c = await createCompetition(deps, people.organiser, CompetitionInput.parse(competitionInput({ schedule: { ...schedule, submissionsOpen: '2020-01-01T00:00' } })));
  const published = await publishCompetition(deps, people.organiser, c.id, c.version);
  await registerEntrant(deps, people.sme1, published.id, RegistrationInput.parse(registrationInput()));
  const s = await createSubmission(deps, people.sme1, published.id, SubmissionContentInput.parse(submissionContent()));
  const upload = await startPitchUpload(deps, people.sme1, published.id, s.id, { fileName: file, sizeBytes: fixture.length, contentType });
  const put = await fetch(upload.pendingParts[0]!.url, { method: 'PUT', body: fixture });
  await deps.pitches.recordPart(published.id, upload.id, 1, put.headers.get('etag')!);
  await completePitchUpload(deps, people.sme1, published.id, s.id, upload.id);
  const pitch = await deps.pitches.get(published.id, upload.id);
  return { competitionId: published.id, submissionId: s.id, pitch: pitch!, size: fixture.length };
}

describe('pitch processor Lambda', () => {
  it('marks a valid upload ready from a real S3 event, and ignores the same event delivered again', async () => {
    const { competitionId, submissionId, pitch, size } = await uploadedPitch('clip.webm', 'video/webm');
    const first = await captureOutput(() => handler(s3Event(pitch.objectKey, size), context), 'INFO');
    expect(first.result).toEqual(['ready']);
    const slot = await deps.pitches.getSlot(competitionId, submissionId);
    expect(slot.current).toMatchObject({ pitchId: pitch.id, format: 'webm', durationSeconds: 2, width: 64, height: 48 });
    // One EMF document for the invocation, and a log line with the invocation's and the upload's ids.
    expect(first.emf).toEqual([expect.objectContaining({ service: 'podium', PitchesAccepted: 1 })]);
    expect(first.emf[0]!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Podium', Dimensions: [['service']] });
    expect(first.logs).toEqual([
      expect.objectContaining({
        message: 'pitch processed',
        outcome: 'ready',
        requestId: 'test',
        function_request_id: 'test',
        correlationId: 'C3D13FE58DE4C810',
        competitionId,
        submissionId,
        pitchId: pitch.id,
      }),
    ]);

    const again = await captureOutput(() => handler(s3Event(pitch.objectKey, size), context));
    expect(again.result).toEqual(['ignored']);
    expect(await deps.pitches.getSlot(competitionId, submissionId)).toEqual(slot);
    expect(again.emf).toEqual([]); // not counted twice
  });

  it('rejects a renamed PDF and deletes it', async () => {
    const { competitionId, submissionId, pitch, size } = await uploadedPitch('not-a-video.mp4', 'video/mp4');
    const { result, emf } = await captureOutput(() => handler(s3Event(pitch.objectKey, size), context));
    expect(result).toEqual(['rejected']);
    expect(emf).toEqual([expect.objectContaining({ PitchesRejected: 1 })]);
    expect((await deps.pitches.get(competitionId, pitch.id))?.state).toBe('rejected');
    expect((await deps.pitches.getSlot(competitionId, submissionId)).current).toBeUndefined();
    expect(await deps.videos.head(pitch.objectKey)).toBeUndefined();
  });

  it('ignores objects that are not pitches and removal events', async () => {
    expect(await handler(s3Event('other/thing.txt', 1), context)).toEqual(['ignored']);
    const removal = s3Event('pitches/a/b/c', 1);
    removal.Records[0]!.eventName = 'ObjectRemoved:Delete';
    expect(await handler(removal, context)).toEqual([]);
  });
});
