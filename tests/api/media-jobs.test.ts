/**
 * Issue 14 §4: the end of AWS media jobs, fed to the real handler as EventBridge delivers them
 * (the documented "MediaConvert Job State Change" / "Transcribe Job State Change" shapes), over
 * the real stores (dynalite, s3rver): a conversion becomes the pitch (`transcoded: true`, the
 * original deleted) or rejects it with a sentence; Transcribe's WebVTT becomes the automatic
 * caption track, which the team replaces with theirs. Each event delivered twice changes nothing
 * more. The organiser's "caption automatically" answers 409 where the deployment has no Transcribe.
 * Where a job is started, the port is a recording stand-in for the AWS service (the adapters'
 * requests are tests/unit/media-adapters.test.ts).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PitchUploader } from '../../web/src/upload/pitch-uploader.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { runUpload } from '../support/pitch-upload.ts';
import { DEFAULT_PITCH_POLICY } from '../../functions/domain/pitch.ts';
import { createMediaJobEventHandler } from '../../functions/app/media-job-events.ts';
import type { MediaConvertJobStateChange, TranscribeJobStateChange } from '../../functions/domain/media-jobs.ts';
import type { Transcriber } from '../../functions/use-cases/ports.ts';

const API = 'http://api.test';
let h: Harness;
const fixture = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(new URL(`../fixtures/video/${name}`, import.meta.url)));

function relabelled(name: string, from: string, to: string): Uint8Array<ArrayBuffer> {
  const data = fixture(name);
  const needle = Array.from(from, (c) => c.charCodeAt(0));
  const at = data.findIndex((_, i) => needle.every((b, j) => data[i + j] === b) && String.fromCharCode(...data.subarray(i - 16, i - 12)) === 'stsd');
  data.set(Array.from(to, (c) => c.charCodeAt(0)), at);
  return data;
}

async function competitionWith(unplayable: 'reject' | 'transcode', who = people.sme1) {
  const c = await openCompetition(h, { title: `Media jobs ${unplayable}`, pitch: { ...DEFAULT_PITCH_POLICY, unplayable } });
  await h.call('POST', `/api/competitions/${c.id}/registration`, who, registrationInput());
  const sid = (await h.call('POST', `/api/competitions/${c.id}/submissions`, who, submissionContent())).json.id as string;
  return { cid: c.id as string, sid };
}

function upload(cid: string, sid: string, file: Uint8Array<ArrayBuffer>, fileName: string, contentType: string) {
  const up = new PitchUploader({
    apiBase: API,
    competitionId: cid,
    submissionId: sid,
    file: new Blob([file]),
    fileName,
    contentType,
    authorization: async () => `Bearer ${await h.token(people.sme1)}`,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      return url.startsWith(API) ? h.app.request(url.slice(API.length), init) : fetch(input, init);
    }) as typeof fetch,
    pollMs: 20,
  });
  return runUpload(h, up);
}

/** AWS's documented MediaConvert event (https://docs.aws.amazon.com/mediaconvert/latest/ug/mediaconvert_cwe_events.html), the fields it always has. */
function mediaConvertEvent(status: 'COMPLETE' | 'ERROR', jobId: string, metadata: Record<string, string>, extra: Partial<MediaConvertJobStateChange['detail']> = {}): MediaConvertJobStateChange {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account: '123456789012',
    time: '2026-12-01T10:05:00Z',
    region: 'eu-west-1',
    resources: [`arn:aws:mediaconvert:eu-west-1:123456789012:jobs/${jobId}`],
    detail: { timestamp: 1_796_000_000_000, accountId: '123456789012', queue: 'arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default', jobId, status, userMetadata: metadata, ...extra },
  } as MediaConvertJobStateChange;
}

/** AWS's documented Transcribe event (https://docs.aws.amazon.com/transcribe/latest/dg/monitoring-events.html). */
function transcribeEvent(name: string, status: 'COMPLETED' | 'FAILED', failure?: string): TranscribeJobStateChange {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Transcribe Job State Change',
    source: 'aws.transcribe',
    account: '123456789012',
    time: '2026-12-01T10:06:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: { TranscriptionJobName: name, TranscriptionJobStatus: status, ...(failure ? { FailureReason: failure } : {}) },
  } as TranscribeJobStateChange;
}

const pitchOf = async (cid: string, sid: string) => (await h.call('GET', `/api/competitions/${cid}/submissions/${sid}/pitch`, people.sme1)).json;
const auditActions = async (cid: string) => ((await h.call('GET', `/api/competitions/${cid}/audit?limit=100`, people.organiser)).json.items as { action: string; after?: Record<string, unknown> }[]);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('a conversion finishes (MediaConvert → the processor)', () => {
  async function transcoding() {
    const { cid, sid } = await competitionWith('transcode');
    const started: { sourceKey: string; outputKey: string; pitchId: string; competitionId: string }[] = [];
    const original = h.deps.transcoder;
    h.deps.transcoder = { available: true, start: async (input) => (started.push(input), `job-${started.length}-${sid}`) };
    try {
      expect((await upload(cid, sid, relabelled('faststart.mp4', 'avc1', 'hvc1'), 'IMG_0042.mp4', 'video/mp4')).state).toBe('transcoding');
    } finally {
      h.deps.transcoder = original;
    }
    const job = started[0]!;
    return { cid, sid, job, jobId: `job-1-${sid}`, metadata: { podiumCompetitionId: job.competitionId, podiumPitchId: job.pitchId } };
  }

  it('COMPLETE: the H.264 output is probed and becomes the pitch, transcoded, the original deleted; the same event again does nothing more', async () => {
    const { cid, sid, job, jobId, metadata } = await transcoding();
    // What MediaConvert would have written at the destination it was given.
    await h.deps.videos.put(job.outputKey, fixture('faststart.mp4'), 'video/mp4');
    const handle = createMediaJobEventHandler(h.deps);
    const event = mediaConvertEvent('COMPLETE', jobId, metadata, { outputGroupDetails: [{ outputDetails: [{ outputFilePaths: [`s3://bucket/${job.outputKey}`], durationInMs: 2000 }] }] });
    expect(await handle(event)).toBe('ready');
    const status = await pitchOf(cid, sid);
    expect(status.current).toMatchObject({ transcoded: true, format: 'mp4', codecs: { video: { codec: 'h264' } } });
    expect(status.current.warning).toBeUndefined();
    expect(status.upload?.state ?? 'none').not.toBe('transcoding');
    expect(await h.deps.videos.head(job.sourceKey)).toBeUndefined();
    expect(await h.deps.videos.head(job.outputKey)).toMatchObject({ sizeBytes: fixture('faststart.mp4').length });
    // The playback URL serves the conversion.
    const served = await fetch(status.current.playbackUrl);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer()).length).toBe(fixture('faststart.mp4').length);
    const transcoded = (await auditActions(cid)).filter((e) => e.action === 'pitch.transcoded');
    expect(transcoded).toHaveLength(1);

    expect(await handle(event)).toBe('ignored');
    expect((await auditActions(cid)).filter((e) => e.action === 'pitch.transcoded')).toHaveLength(1);
    expect(await h.deps.videos.head(job.outputKey)).toBeDefined();
  });

  it('ERROR: the upload is rejected with a sentence, the slot freed, nothing left in the bucket; again: nothing more', async () => {
    const { cid, sid, job, jobId, metadata } = await transcoding();
    const handle = createMediaJobEventHandler(h.deps);
    const event = mediaConvertEvent('ERROR', jobId, metadata, { errorCode: 1010, errorMessage: 'Unsupported codec in input' });
    expect(await handle(event)).toBe('rejected');
    const status = await pitchOf(cid, sid);
    expect(status.current).toBeUndefined();
    expect(status.last).toMatchObject({ state: 'rejected', reason: expect.stringMatching(/^The automatic conversion to H\.264 did not succeed \(MediaConvert: Unsupported codec in input\)\. Export the video as MP4/) });
    expect(await h.deps.videos.head(job.sourceKey)).toBeUndefined();
    expect(await handle(event)).toBe('ignored');
    expect((await auditActions(cid)).filter((e) => e.action === 'pitch.rejected')).toHaveLength(1);
    // A new upload may start: the slot is free.
    expect((await h.call('POST', `/api/competitions/${cid}/submissions/${sid}/pitch/uploads`, people.sme1, { fileName: 'b.mp4', sizeBytes: 1000, contentType: 'video/mp4' })).status).toBe(201);
  });

  it('a COMPLETE whose output still does not play everywhere is a rejection, not a pitch', async () => {
    const { cid, sid, job, jobId, metadata } = await transcoding();
    await h.deps.videos.put(job.outputKey, relabelled('faststart.mp4', 'avc1', 'hvc1'), 'video/mp4');
    expect(await createMediaJobEventHandler(h.deps)(mediaConvertEvent('COMPLETE', jobId, metadata))).toBe('rejected');
    expect((await pitchOf(cid, sid)).last.reason).toMatch(/did not succeed \(The picture is encoded with HEVC/);
    expect(await h.deps.videos.head(job.outputKey)).toBeUndefined();
  });

  it("ignores events of other jobs and other accounts' metadata", async () => {
    const { cid, sid, metadata } = await transcoding();
    const handle = createMediaJobEventHandler(h.deps);
    expect(await handle(mediaConvertEvent('COMPLETE', 'someone-elses-job', metadata))).toBe('ignored');
    expect(await handle(mediaConvertEvent('COMPLETE', 'x', {}))).toBe('ignored');
    expect((await pitchOf(cid, sid)).upload).toMatchObject({ state: 'transcoding' });
  });
});

describe('caption automatically (the organiser) and Transcribe finishing', () => {
  async function readyPitch(who = people.sme1) {
    const { cid, sid } = await competitionWith('reject', who);
    expect((await upload(cid, sid, fixture('faststart.mp4'), 'pitch.mp4', 'video/mp4')).state).toBe('ready');
    const s = (await h.call('GET', `/api/competitions/${cid}/submissions/${sid}`, who)).json;
    expect((await h.call('POST', `/api/competitions/${cid}/submissions/${sid}/submit`, who, { version: s.version })).status).toBe(200);
    return { cid, sid };
  }

  function recordingTranscriber(language = 'en-GB') {
    const started: Parameters<Transcriber['start']>[0][] = [];
    const t: Transcriber = { available: true, start: async (input) => (started.push(input), input.jobName), languageOf: async () => language };
    return { t, started };
  }

  async function withTranscriber<T>(t: Transcriber, run: () => Promise<T>): Promise<T> {
    const original = h.deps.transcriber;
    h.deps.transcriber = t;
    try {
      return await run();
    } finally {
      h.deps.transcriber = original;
    }
  }

  const auto = (cid: string, body: Record<string, unknown> = {}) => h.call('POST', `/api/competitions/${cid}/pitches/automatic-captions`, people.organiser, body);
  /** Asks for automatic captions and waits for the job; returns it as the API shows it. */
  async function captionedBy(cid: string, body: Record<string, unknown> = {}) {
    const started = await auto(cid, body);
    expect(started.status, started.text).toBe(202);
    await h.jobsSettled();
    return (await h.call('GET', `/api/competitions/${cid}/jobs/${started.json.id}`, people.organiser)).json;
  }

  it('answers 409 with a clear sentence where this deployment has no automatic captions (locally), and says so to the web', async () => {
    const { cid } = await readyPitch();
    const res = await auto(cid);
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe('Automatic captions are not available in this deployment.');
    const availability = await h.call('GET', `/api/competitions/${cid}/pitches/automatic-captions`, people.organiser);
    expect(availability.json).toEqual({ available: false, unavailable: 'Automatic captions are not available in this deployment.' });
    // Only the organisers may ask.
    expect((await h.call('POST', `/api/competitions/${cid}/pitches/automatic-captions`, people.sme1, {})).status).toBe(403);
  });

  it('starts one job per pitch without captions; the WebVTT becomes the automatic track; the same event again does nothing more; the team corrects it', async () => {
    const { cid, sid } = await readyPitch();
    const { t, started } = recordingTranscriber();
    // A job starts the Transcribe jobs (never a walk over the competition inside the request).
    const report = await withTranscriber(t, () => captionedBy(cid));
    expect(report).toMatchObject({ kind: 'automatic-captions', state: 'succeeded', params: { language: 'auto' }, result: { counts: { started: 1, alreadyCaptioned: 0, withoutPitch: 0 } } });
    expect(started).toHaveLength(1);
    const job = started[0]!;
    expect(job.sourceKey).toMatch(/^pitches\//);
    expect(job.outputFolder).toBe(`captions-auto/${cid}/${sid}/`);
    expect(job.language).toBeUndefined();
    expect((await auditActions(cid)).find((e) => e.action === 'pitch.captions-automatic-requested')?.after).toMatchObject({ started: 1, language: 'auto' });

    // What Transcribe writes: `<OutputKey><job name>.vtt` (and .json).
    const vttKey = `${job.outputFolder}${job.jobName}.vtt`;
    await h.deps.videos.put(vttKey, 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\nWe make batteries\n\n2\n00:00:01.500 --> 00:00:02.000\nfrom seaweed.\n', 'text/vtt');
    await h.deps.videos.put(`${job.outputFolder}${job.jobName}.json`, '{"results":{}}', 'application/json');
    const handle = createMediaJobEventHandler({ ...h.deps, transcriber: t });
    expect(await handle(transcribeEvent(job.jobName, 'COMPLETED'))).toBe('stored');
    const status = await pitchOf(cid, sid);
    expect(status.captions).toHaveLength(1);
    expect(status.captions[0]).toMatchObject({ language: 'en', origin: 'automatic', cues: 2 });
    const served = await (await fetch(status.captions[0].url)).text();
    expect(served).toContain('from seaweed.');
    expect(await h.deps.videos.head(vttKey)).toBeUndefined();

    expect(await handle(transcribeEvent(job.jobName, 'COMPLETED'))).toBe('ignored');
    expect((await auditActions(cid)).filter((e) => e.action === 'pitch.captions-automatic')).toHaveLength(1);

    // Pressing again starts nothing: the pitch has captions now.
    expect(await withTranscriber(t, () => captionedBy(cid, { language: 'en' }))).toMatchObject({ result: { counts: { started: 0, alreadyCaptioned: 1 } } });

    // The team corrects it by uploading theirs in the same language: it replaces the automatic track.
    const bytes = new TextEncoder().encode('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nWe make batteries from seaweed.\n');
    const up = await h.call('POST', `/api/competitions/${cid}/submissions/${sid}/pitch/captions/uploads`, people.sme1, { sizeBytes: bytes.length });
    expect((await fetch(up.json.url, { method: 'PUT', body: bytes })).ok).toBe(true);
    const done = await h.call('POST', `/api/competitions/${cid}/submissions/${sid}/pitch/captions/uploads/${up.json.uploadId}/complete`, people.sme1, { language: 'en', fileName: 'fixed.vtt' });
    expect(done.status).toBe(200);
    const after = await pitchOf(cid, sid);
    expect(after.captions).toEqual([expect.objectContaining({ language: 'en', origin: 'uploaded', cues: 1 })]);
  });

  it('asked again while Transcribe is still working, starts no second job for the pitch; once it has ended (failed here), starts one', async () => {
    const { cid } = await readyPitch();
    const { t, started } = recordingTranscriber();
    expect(await withTranscriber(t, () => captionedBy(cid))).toMatchObject({ result: { counts: { started: 1, alreadyRequested: 0 } } });
    // A double press, and two jobs racing: still the one Transcribe job.
    expect(await withTranscriber(t, () => captionedBy(cid))).toMatchObject({ result: { counts: { started: 0, alreadyRequested: 1 } } });
    const [a, b] = await Promise.all([h.deps.pitches.claimCaptionRequest({ competitionId: cid, submissionId: 'sx', pitchId: 'p1', jobName: 'j-a', language: 'auto', requestedAt: h.clock.now().toISOString() }, '2000-01-01T00:00:00Z'), h.deps.pitches.claimCaptionRequest({ competitionId: cid, submissionId: 'sx', pitchId: 'p1', jobName: 'j-b', language: 'auto', requestedAt: h.clock.now().toISOString() }, '2000-01-01T00:00:00Z')]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(started).toHaveLength(1);
    // Transcribe's end (a failure) frees the pitch: the next press starts a new job.
    const handle = createMediaJobEventHandler({ ...h.deps, transcriber: t });
    expect(await handle(transcribeEvent(started[0]!.jobName, 'FAILED', 'Internal failure'))).toBe('failed');
    expect(await withTranscriber(t, () => captionedBy(cid))).toMatchObject({ result: { counts: { started: 1, alreadyRequested: 0 } } });
    expect(started).toHaveLength(2);
    expect(started[1]!.jobName).not.toBe(started[0]!.jobName);
  });

  it("keeps the team's own track when Transcribe finishes in a language they already captioned, ignores foreign jobs, and audits a FAILED one with its reason", async () => {
    const { cid, sid } = await readyPitch();
    const { t, started } = recordingTranscriber('fr-FR');
    await withTranscriber(t, () => captionedBy(cid, { language: 'fr' }));
    const job = started[0]!;
    expect(job.language).toBe('fr');
    const bytes = new TextEncoder().encode('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nNous fabriquons des batteries.\n');
    const up = await h.call('POST', `/api/competitions/${cid}/submissions/${sid}/pitch/captions/uploads`, people.sme1, { sizeBytes: bytes.length });
    await fetch(up.json.url, { method: 'PUT', body: bytes });
    await h.call('POST', `/api/competitions/${cid}/submissions/${sid}/pitch/captions/uploads/${up.json.uploadId}/complete`, people.sme1, { language: 'fr', fileName: 'fr.vtt' });
    await h.deps.videos.put(`${job.outputFolder}${job.jobName}.vtt`, 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nauto\n', 'text/vtt');
    const handle = createMediaJobEventHandler({ ...h.deps, transcriber: t });
    expect(await handle(transcribeEvent('podium-other.job', 'COMPLETED'))).toBe('ignored');
    expect(await handle(transcribeEvent(job.jobName, 'FAILED', 'The media format could not be determined'))).toBe('failed');
    // The failure is in the trail, with Transcribe's reason, for the organiser to see.
    expect((await auditActions(cid)).filter((e) => e.action === 'pitch.captions-automatic-failed')).toEqual([
      expect.objectContaining({ after: { job: job.jobName, reason: 'Amazon Transcribe: The media format could not be determined' } }),
    ]);
    expect(await handle(transcribeEvent(job.jobName, 'COMPLETED'))).toBe('kept-team-captions');
    expect((await pitchOf(cid, sid)).captions).toEqual([expect.objectContaining({ language: 'fr', origin: 'uploaded', fileName: 'fr.vtt' })]);
  });
});
