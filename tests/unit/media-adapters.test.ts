/**
 * Issue 14 §4: the MediaConvert and Transcribe adapters, with the real AWS SDK, against a local
 * HTTP stand-in that records each request and answers as the service does. What is checked is the
 * request the service would receive: operation, role, template, input and output locations, the
 * ids the job-finished event gives back, the caption format and language.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mediaConvertTranscoder } from '../../functions/adapters/media/mediaconvert-transcoder.ts';
import { IDENTIFIED_AMONG, transcribeTranscriber } from '../../functions/adapters/media/transcribe-transcriber.ts';
import { autoCaptionsFolder, parseTranscriptionJobName, transcriptionJobName } from '../../functions/domain/media-jobs.ts';
import { transcodedObjectKey } from '../../functions/use-cases/process-uploaded-pitch.ts';

interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

let server: Server;
let endpoint: string;
const requests: Recorded[] = [];
let answer: (r: Recorded) => { status: number; body: unknown } = () => ({ status: 200, body: {} });

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const r: Recorded = { method: req.method!, path: req.url!, headers: req.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      requests.push(r);
      const { status, body } = answer(r);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests.length = 0;
});

const credentials = () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' });

describe('MediaConvert transcoder', () => {
  it('sends CreateJob with the template, the role, the pitch as input and transcoded/ as destination, and returns the job id', async () => {
    answer = () => ({ status: 201, body: { job: { id: '1700000000000-abc123', status: 'SUBMITTED' } } });
    const transcoder = mediaConvertTranscoder({ region: 'eu-west-1', bucket: 'pitch-bucket', roleArn: 'arn:aws:iam::123456789012:role/mc', jobTemplate: 'podium-h264', credentials, endpoint });
    expect(transcoder.available).toBe(true);
    const sourceKey = 'pitches/c1/s1/p1';
    const id = await transcoder.start({ sourceKey, outputKey: transcodedObjectKey(sourceKey), pitchId: 'p1', competitionId: 'c1' });
    expect(id).toBe('1700000000000-abc123');
    expect(requests).toHaveLength(1);
    const [r] = requests;
    expect(r!.method).toBe('POST');
    expect(r!.path).toBe('/2017-08-29/jobs');
    expect(r!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/mediaconvert\/aws4_request/);
    expect(r!.body).toEqual({
      role: 'arn:aws:iam::123456789012:role/mc',
      jobTemplate: 'podium-h264',
      clientRequestToken: 'podium-p1',
      userMetadata: { podiumCompetitionId: 'c1', podiumPitchId: 'p1' },
      settings: {
        inputs: [{ fileInput: 's3://pitch-bucket/pitches/c1/s1/p1' }],
        outputGroups: [{ outputGroupSettings: { type: 'FILE_GROUP_SETTINGS', fileGroupSettings: { destination: 's3://pitch-bucket/transcoded/c1/s1/p1' } } }],
      },
    });
  });

  it('fails loudly when MediaConvert refuses (the processor lets Lambda retry)', async () => {
    answer = () => ({ status: 400, body: { message: 'Invalid role' } });
    const transcoder = mediaConvertTranscoder({ region: 'eu-west-1', bucket: 'b', roleArn: 'r', jobTemplate: 't', credentials, endpoint });
    await expect(transcoder.start({ sourceKey: 'pitches/c/s/p', outputKey: 'transcoded/c/s/p.mp4', pitchId: 'p', competitionId: 'c' })).rejects.toThrow(/Invalid role/);
  });
});

describe('Transcribe transcriber', () => {
  const transcriber = () => transcribeTranscriber({ region: 'eu-central-1', bucket: 'pitch-bucket', credentials, endpoint });

  it('sends StartTranscriptionJob with WebVTT subtitles under captions-auto/ and the given language', async () => {
    answer = () => ({ status: 200, body: { TranscriptionJob: { TranscriptionJobName: 'x', TranscriptionJobStatus: 'IN_PROGRESS' } } });
    const jobName = transcriptionJobName({ competitionId: 'c1', submissionId: 's1', pitchId: 'p1', language: 'fr', nonce: 'n1' });
    const name = await transcriber().start({ jobName, sourceKey: 'pitches/c1/s1/p1', outputFolder: autoCaptionsFolder('c1', 's1'), language: 'fr' });
    expect(name).toBe(jobName);
    const [r] = requests;
    expect(r!.headers['x-amz-target']).toBe('Transcribe.StartTranscriptionJob');
    expect(r!.headers.authorization).toMatch(/\/eu-central-1\/transcribe\/aws4_request/);
    expect(r!.body).toEqual({
      TranscriptionJobName: 'podium-c1.s1.p1.fr.n1',
      Media: { MediaFileUri: 's3://pitch-bucket/pitches/c1/s1/p1' },
      OutputBucketName: 'pitch-bucket',
      OutputKey: 'captions-auto/c1/s1/',
      Subtitles: { Formats: ['vtt'], OutputStartIndex: 1 },
      LanguageCode: 'fr-FR',
    });
  });

  it('asks Transcribe to identify the language when none is given, and reads back what it found', async () => {
    answer = (r) =>
      r.headers['x-amz-target'] === 'Transcribe.GetTranscriptionJob'
        ? { status: 200, body: { TranscriptionJob: { TranscriptionJobName: r.body.TranscriptionJobName, TranscriptionJobStatus: 'COMPLETED', LanguageCode: 'de-DE' } } }
        : { status: 200, body: { TranscriptionJob: {} } };
    const t = transcriber();
    await t.start({ jobName: 'podium-c.s.p.auto.n', sourceKey: 'transcoded/c/s/p.mp4', outputFolder: 'captions-auto/c/s/' });
    expect(requests[0]!.body).toMatchObject({ IdentifyLanguage: true, LanguageOptions: IDENTIFIED_AMONG });
    expect(requests[0]!.body).not.toHaveProperty('LanguageCode');
    expect(await t.languageOf('podium-c.s.p.auto.n')).toBe('de-DE');
    expect(requests[1]!.body).toEqual({ TranscriptionJobName: 'podium-c.s.p.auto.n' });
  });
});

describe('transcription job names', () => {
  it('carry the ids back, for any ids and language, within what Transcribe allows', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/);
    fc.assert(
      fc.property(id, id, id, fc.constantFrom('auto', 'en', 'fr', 'de-CH', 'pt-BR'), id, (competitionId, submissionId, pitchId, language, nonce) => {
        const ref = { competitionId, submissionId, pitchId, language, nonce };
        const name = transcriptionJobName(ref);
        expect(name).toMatch(/^[0-9a-zA-Z._-]{1,200}$/);
        expect(parseTranscriptionJobName(name)).toEqual(ref);
      }),
    );
  });

  it('refuse names that are not ours', () => {
    for (const name of ['other-job', 'podium-a.b.c', 'podium-a.b.c.d.e.f', 'podium-a.b.c.NOT LANG.e', 'podium-a/b.c.d.en.e']) expect(parseTranscriptionJobName(name)).toBeUndefined();
  });
});

describe('composition', () => {
  const base = { TABLE_NAME: 't', BUCKET_NAME: 'b', AUTH_ISSUER: 'https://issuer.test/pool', AUTH_AUDIENCE: 'web', CURSOR_SECRET: 'c'.repeat(32) };

  it('composes MediaConvert and Transcribe only where the deployment says they exist (the variables infra sets); else "not available"', async () => {
    const { buildDeps } = await import('../../functions/composition-all.ts');
    const { loadConfig } = await import('../../functions/adapters/config.ts');
    const without = buildDeps(loadConfig(base));
    expect(without.transcoder.available).toBe(false);
    expect(without.transcriber.available).toBe(false);
    expect(without.transcriber.unavailable).toMatch(/not available in this deployment/);
    const partial = buildDeps(loadConfig({ ...base, MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::1:role/r' }));
    expect(partial.transcoder.available).toBe(false);
    const deployed = buildDeps(loadConfig({ ...base, MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::1:role/r', MEDIACONVERT_JOB_TEMPLATE: 'tpl', TRANSCRIBE_OUTPUT_PREFIX: 'captions-auto/' }));
    expect(deployed.transcoder.available).toBe(true);
    expect(deployed.transcriber.available).toBe(true);
  });
});
