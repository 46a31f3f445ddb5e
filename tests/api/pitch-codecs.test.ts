/**
 * Issue 14: the real processor reads the codecs of what arrived. An HEVC video (here the ffmpeg
 * H.264 fixture with its sample entry relabelled `hvc1`, which is exactly what a player looks
 * at) is refused with a sentence saying how to export one that plays — or, where the organiser
 * allows it, accepted with that warning; asking for a conversion where there is no transcoder
 * (locally) refuses it and says so.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PitchUploader } from '../../web/src/upload/pitch-uploader.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { runUpload } from '../support/pitch-upload.ts';
import { DEFAULT_PITCH_POLICY, EXPORT_ADVICE } from '../../functions/domain/pitch.ts';

const API = 'http://api.test';
let h: Harness;

const fixture = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(new URL(`../fixtures/video/${name}`, import.meta.url)));

/** The fixture with its stsd sample entry's four-character code replaced. */
function relabelled(name: string, from: string, to: string): Uint8Array<ArrayBuffer> {
  const data = fixture(name);
  const needle = Array.from(from, (c) => c.charCodeAt(0));
  const at = data.findIndex((_, i) => needle.every((b, j) => data[i + j] === b) && String.fromCharCode(...data.subarray(i - 16, i - 12)) === 'stsd');
  if (at < 0) throw new Error(`no ${from} sample entry in ${name}`);
  data.set(Array.from(to, (c) => c.charCodeAt(0)), at);
  return data;
}

async function competitionWith(unplayable?: 'reject' | 'warn' | 'transcode') {
  const c = await openCompetition(h, { title: `Codecs ${unplayable ?? 'default'}`, pitch: { ...DEFAULT_PITCH_POLICY, ...(unplayable ? { unplayable } : {}) } });
  await h.call('POST', `/api/competitions/${c.id}/registration`, people.sme1, registrationInput());
  const sid = (await h.call('POST', `/api/competitions/${c.id}/submissions`, people.sme1, submissionContent())).json.id as string;
  return { cid: c.id as string, sid };
}

async function upload(cid: string, sid: string, file: Uint8Array<ArrayBuffer>, fileName: string, contentType: string) {
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

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('codecs on arrival', () => {
  it('accepts the H.264 fixture and records its codec', async () => {
    const { cid, sid } = await competitionWith();
    expect((await upload(cid, sid, fixture('faststart.mp4'), 'pitch.mp4', 'video/mp4')).state).toBe('ready');
    const status = (await h.call('GET', `/api/competitions/${cid}/submissions/${sid}/pitch`, people.sme1)).json;
    expect(status.current.codecs).toEqual({ video: { codec: 'h264', id: 'avc1' } });
    expect(status.current.warning).toBeUndefined();
  });

  it('refuses an HEVC .mov by default, with a sentence on how to export one that plays', async () => {
    const { cid, sid } = await competitionWith();
    const outcome = await upload(cid, sid, relabelled('clip.mov', 'avc1', 'hvc1'), 'IMG_0042.MOV', 'video/quicktime');
    expect(outcome.state).toBe('rejected');
    expect(outcome.reason).toMatch(/^The picture is encoded with HEVC \(H\.265\) in a QuickTime \(\.mov\) file/);
    expect(outcome.reason).toContain(EXPORT_ADVICE);
    const status = (await h.call('GET', `/api/competitions/${cid}/submissions/${sid}/pitch`, people.sme1)).json;
    expect(status.current).toBeUndefined();
    expect(status.last).toMatchObject({ state: 'rejected', fileName: 'IMG_0042.MOV' });
    const audit = (await h.call('GET', `/api/competitions/${cid}/audit?limit=50`, people.organiser)).json.items;
    expect(audit.find((e: { action: string }) => e.action === 'pitch.rejected').after.code).toBe('CODEC_NOT_PLAYABLE');
  });

  it("accepts it with the warning where the organiser allows unplayable videos ('warn')", async () => {
    const { cid, sid } = await competitionWith('warn');
    expect((await upload(cid, sid, relabelled('faststart.mp4', 'avc1', 'hev1'), 'pitch.mp4', 'video/mp4')).state).toBe('ready');
    const status = (await h.call('GET', `/api/competitions/${cid}/submissions/${sid}/pitch`, people.sme1)).json;
    expect(status.current.codecs.video).toEqual({ codec: 'hevc', id: 'hev1' });
    expect(status.current.warning).toMatch(/^The picture is encoded with HEVC/);
  });

  it("refuses it where conversion was asked for ('transcode') but this deployment has no transcoder, and says so", async () => {
    const { cid, sid } = await competitionWith('transcode');
    const outcome = await upload(cid, sid, relabelled('faststart.mp4', 'avc1', 'hvc1'), 'pitch.mp4', 'video/mp4');
    expect(outcome.state).toBe('rejected');
    expect(outcome.reason).toContain('not available in this deployment');
  });

  it('hands it to the transcoder where there is one: state transcoding, the slot held, the job given both keys', async () => {
    const { cid, sid } = await competitionWith('transcode');
    const started: { sourceKey: string; outputKey: string; pitchId: string }[] = [];
    const original = h.deps.transcoder;
    // A transcoder that records what it is asked (the MediaConvert adapter: tests/unit/media-adapters.test.ts).
    h.deps.transcoder = { available: true, start: async (input) => (started.push(input), 'job-1') };
    try {
      const outcome = await upload(cid, sid, relabelled('faststart.mp4', 'avc1', 'hvc1'), 'pitch.mp4', 'video/mp4');
      expect(outcome.state).toBe('transcoding');
      expect(started).toEqual([{ sourceKey: expect.stringMatching(/^pitches\//), outputKey: expect.stringMatching(/^transcoded\/.*\.mp4$/), pitchId: expect.any(String), competitionId: cid }]);
      const status = (await h.call('GET', `/api/competitions/${cid}/submissions/${sid}/pitch`, people.sme1)).json;
      expect(status.upload).toMatchObject({ state: 'transcoding' });
      expect(status.current).toBeUndefined();
      // While it converts, no second upload starts.
      const again = await h.call('POST', `/api/competitions/${cid}/submissions/${sid}/pitch/uploads`, people.sme1, { fileName: 'b.mp4', sizeBytes: 1000, contentType: 'video/mp4' });
      expect(again.json.error.code).toBe('UPLOAD_IN_PROGRESS');
    } finally {
      h.deps.transcoder = original;
    }
  });
});
