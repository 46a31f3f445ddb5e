/**
 * Video pitches end to end against dynalite and s3rver: the app's own upload client sends parts
 * straight to S3 through presigned URLs, the API records ETags, and S3's notifications reach the
 * real processor, which judges the stored object.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PitchUploader, type ResumeStore, UploadError } from '../../web/src/upload/pitch-uploader.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { runUpload } from '../support/pitch-upload.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { s3VideoStore } from '../../functions/adapters/s3/video-store.ts';
import { createFullApp } from '../../functions/app/api-areas.ts';
import { s3TargetOf } from '../../functions/composition.ts';
import { localS3Client } from '../../functions/local/stand-ins.ts';

/** Forwards to s3rver, but answers CompleteMultipartUpload as S3 does when a part's ETag is wrong. */
async function startFaultProxy(target: string) {
  const to = new URL(target);
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url?.includes('uploadId=')) {
      req.resume();
      res.writeHead(400, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidPart</Code><Message>One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.</Message></Error>');
      return;
    }
    const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const fixture = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(new URL(`../fixtures/video/${name}`, import.meta.url)));

/** A valid MP4 of about `mib` MiB: a real clip followed by a `free` box (valid anywhere in ISO BMFF). */
function paddedMp4(mib: number): Uint8Array<ArrayBuffer> {
  const clip = fixture('faststart.mp4');
  const pad = mib * 1024 * 1024 - clip.length;
  const out = new Uint8Array(clip.length + pad);
  out.set(clip);
  new DataView(out.buffer).setUint32(clip.length, pad);
  out.set([0x66, 0x72, 0x65, 0x65], clip.length + 4); // 'free'
  for (let i = clip.length + 8; i < out.length; i += 4096) out[i] = i % 251; // not all zeros
  return out;
}

let h: Harness;
let cid: string;
let sid: string;
let sid2: string;
const API = 'http://api.test';

/** fetch that sends API calls through app.request() and everything else (S3) over the network. */
function fetchVia(counter?: { s3Puts: number[] }): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.startsWith(API)) return h.app.request(url.slice(API.length), init);
    if (counter && init?.method === 'PUT') counter.s3Puts.push(Number(new URL(url).searchParams.get('partNumber')));
    return fetch(input, init);
  }) as typeof fetch;
}

function memoryStore(): ResumeStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, get: (k) => data.get(k) ?? null, set: (k, v) => void data.set(k, v), remove: (k) => void data.delete(k) };
}

function uploader(
  who: Identity,
  submissionId: string,
  file: Uint8Array<ArrayBuffer>,
  o: { name?: string; type?: string; store?: ResumeStore; counter?: { s3Puts: number[] }; onProgress?: (p: { percent: number }) => void } = {},
) {
  return new PitchUploader({
    apiBase: API,
    competitionId: cid,
    submissionId,
    file: new Blob([file]),
    fileName: o.name ?? 'pitch.mp4',
    contentType: o.type ?? 'video/mp4',
    authorization: async () => `Bearer ${await h.token(who)}`,
    fetch: fetchVia(o.counter),
    store: o.store,
    pollMs: 20,
    onProgress: o.onProgress,
    // The processor runs on S3's notification; settle() lets the test wait for it.
  });
}

const run = (u: PitchUploader) => runUpload(h, u);

const pitchPath = (submissionId: string) => `/api/competitions/${cid}/submissions/${submissionId}/pitch`;

async function objectExists(key: string) {
  try {
    await h.s3client.send(new HeadObjectCommand({ Bucket: h.bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  h = await startHarness();
  const c = await openCompetition(h, { title: 'Pitch night' });
  cid = c.id;
  for (const [who, reg] of [
    [people.sme1, registrationInput()],
    [people.sme2, registrationInput({ registryId: 'NL123456789B01', country: 'NL' })],
  ] as const) {
    await h.call('POST', `/api/competitions/${cid}/registration`, who, reg);
  }
  sid = (await h.call('POST', `/api/competitions/${cid}/submissions`, people.sme1, submissionContent())).json.id;
  sid2 = (await h.call('POST', `/api/competitions/${cid}/submissions`, people.sme2, submissionContent())).json.id;
});
afterAll(() => h.stop());

describe('pitch uploads', () => {
  it('uploads a multi-part video straight to S3 in parallel and marks it ready with its duration', async () => {
    const counter = { s3Puts: [] as number[] };
    const progress: number[] = [];
    const outcome = await run(uploader(people.sme1, sid, paddedMp4(17), { counter, onProgress: (p) => progress.push(p.percent) }));
    expect(outcome.state).toBe('ready');
    expect(outcome.pitch).toMatchObject({ durationSeconds: 3, width: 160, height: 90, sizeBytes: 17 * 1024 * 1024 });
    expect(counter.s3Puts.sort()).toEqual([1, 2, 3]); // 8 MiB parts
    expect(Math.max(...progress)).toBe(100);

    const status = await h.call('GET', pitchPath(sid), people.sme1);
    expect(status.json.current).toMatchObject({ fileName: 'pitch.mp4', format: 'mp4', durationSeconds: 3 });
    expect(status.json.upload).toBeUndefined();
    // The playback URL works and supports seeking (range requests).
    const ranged = await fetch(status.json.current.playbackUrl, { headers: { Range: 'bytes=0-99' } });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(100);
  });

  it('resumes an interrupted upload without re-sending the parts already sent', async () => {
    const file = paddedMp4(17);
    const store = memoryStore();
    // First attempt: only part 1 gets through before the tab "dies".
    const started = await h.call('POST', `${pitchPath(sid2)}/uploads`, people.sme2, { fileName: 'resume.mp4', sizeBytes: file.length, contentType: 'video/mp4' });
    expect(started.status).toBe(201);
    expect(started.json.partCount).toBe(3);
    const part1 = started.json.pendingParts[0];
    const put = await fetch(part1.url, { method: 'PUT', body: file.slice(0, started.json.partSize) });
    expect(put.status).toBe(200);
    const recorded = await h.call('PUT', `${pitchPath(sid2)}/uploads/${started.json.id}/parts/1`, people.sme2, { etag: put.headers.get('etag') });
    expect(recorded.status).toBe(204);

    // After a reload the page finds the upload in progress…
    const status = await h.call('GET', pitchPath(sid2), people.sme2);
    expect(status.json.upload).toMatchObject({ id: started.json.id, partsDone: 1, partCount: 3 });
    // …and the client, given the same file, sends only parts 2 and 3.
    const counter = { s3Puts: [] as number[] };
    const outcome = await run(uploader(people.sme2, sid2, file, { name: 'resume.mp4', counter, store }));
    expect(outcome.state).toBe('ready');
    expect(counter.s3Puts.sort()).toEqual([2, 3]);
  });

  it('rejects a video over the duration limit with a reason a person understands, and deletes it', async () => {
    const before = (await h.call('GET', pitchPath(sid), people.sme1)).json.current;
    const outcome = await run(uploader(people.sme1, sid, fixture('too-long.mp4'), { name: 'long.mp4' }));
    expect(outcome).toEqual({ state: 'rejected', reason: 'The video is 3 min 1 s; this competition allows 3 min.', problem: { code: 'TOO_LONG', durationSeconds: 181, maxDurationSeconds: 180 } });
    const status = await h.call('GET', pitchPath(sid), people.sme1);
    expect(status.json.last).toMatchObject({ state: 'rejected', fileName: 'long.mp4', problem: { code: 'TOO_LONG' } });
    // The submission still points at the earlier, verified video, which still exists.
    expect(status.json.current.pitchId).toBe(before.pitchId);
    const rejected = await h.deps.pitches.get(cid, status.json.last.pitchId);
    expect(rejected?.state).toBe('rejected');
    expect(await objectExists(rejected!.objectKey)).toBe(false);
    expect(await objectExists((await h.deps.pitches.getSlot(cid, sid)).current!.objectKey)).toBe(true);
  });

  it.each([
    ['not-a-video.mp4', 'video/mp4', 'This file is not a video'],
    ['truncated.mp4', 'video/mp4', 'incomplete'],
    ['no-duration.webm', 'video/webm', 'does not state its length'],
    ['clip.webm', 'video/mp4', 'sent as MP4 but is a WebM video'],
  ])('rejects %s sent as %s', async (name, type, reason) => {
    const outcome = await run(uploader(people.sme1, sid, fixture(name), { name, type }));
    expect(outcome.state).toBe('rejected');
    expect(outcome.reason).toContain(reason);
  });

  it.each([
    ['clip.mov', 'video/quicktime', 2],
    ['clip.webm', 'video/webm', 2],
    ['moov-at-end.mp4', 'video/mp4', 3],
  ])('accepts %s and replaces the previous pitch, deleting the old video', async (name, type, seconds) => {
    const oldKey = (await h.deps.pitches.getSlot(cid, sid)).current!.objectKey;
    const outcome = await run(uploader(people.sme1, sid, fixture(name), { name, type }));
    expect(outcome.state).toBe('ready');
    expect(outcome.pitch?.durationSeconds).toBeCloseTo(seconds, 1);
    expect(await objectExists(oldKey)).toBe(false);
    const slot = await h.deps.pitches.getSlot(cid, sid);
    expect(await objectExists(slot.current!.objectKey)).toBe(true);
  });

  it('ignores a re-delivered notification: nothing changes', async () => {
    const slot = await h.deps.pitches.getSlot(cid, sid);
    const key = slot.current!.objectKey;
    const event = { Records: [{ eventName: 'ObjectCreated:CompleteMultipartUpload', s3: { object: { key: encodeURIComponent(key).replace(/%2F/g, '/') } } }] };
    expect(await h.pitchEvents(event as never)).toEqual(['ignored']);
    expect(await h.deps.pitches.getSlot(cid, sid)).toEqual(slot);
    expect(await objectExists(key)).toBe(true);
  });
});

describe('pitch uploads refused up front', () => {
  const start = (who: Identity, body: Record<string, unknown>, submissionId = sid) =>
    h.call('POST', `${pitchPath(submissionId)}/uploads`, who, { fileName: 'p.mp4', sizeBytes: 1000, contentType: 'video/mp4', ...body });

  it('refuses a type the competition does not allow, naming the field', async () => {
    const r = await start(people.sme1, { contentType: 'application/pdf' });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('PITCH_NOT_ALLOWED');
    expect(r.json.error.fields.contentType).toContain('MP4, QuickTime (.mov), WebM');
  });

  it('refuses a file over the size limit', async () => {
    const r = await start(people.sme1, { sizeBytes: 2 * 1024 ** 3 });
    expect(r.status).toBe(422);
    expect(r.json.error.fields.size).toBe('The video is 2 GiB; this competition allows at most 1 GiB.');
  });

  it('answers bad input with 400 and stores nothing', async () => {
    const before = await h.allItems();
    for (const body of [{ sizeBytes: 0 }, { sizeBytes: 'big' }, { fileName: '' }, { contentType: 5 }]) {
      const r = await start(people.sme1, body);
      expect(r.status).toBe(400);
    }
    expect(await h.allItems()).toEqual(before);
  });

  it('lets only the owning team upload; others get 404', async () => {
    expect((await start(people.sme2, {})).status).toBe(404);
    expect((await start(people.organiser, {})).status).toBe(404);
    expect((await start(people.otherOrganiser, {})).status).toBe(404);
    expect((await h.call('POST', `${pitchPath(sid)}/uploads`, undefined, {})).status).toBe(401);
  });

  it('allows one upload at a time per submission', async () => {
    const first = await start(people.sme1, {});
    expect(first.status).toBe(201);
    const second = await start(people.sme1, {});
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('UPLOAD_IN_PROGRESS');
    // Someone else cannot complete or cancel it.
    expect((await h.call('POST', `${pitchPath(sid)}/uploads/${first.json.id}/complete`, people.sme2)).status).toBe(404);
    expect((await h.call('DELETE', `${pitchPath(sid2)}/uploads/${first.json.id}`, people.sme2)).status).toBe(404);
    // Completing with parts missing is refused, saying which.
    const incomplete = await h.call('POST', `${pitchPath(sid)}/uploads/${first.json.id}/complete`, people.sme1);
    expect(incomplete.status).toBe(409);
    expect(incomplete.json.error.fields.parts).toBe('1');
    const cancelled = await h.call('DELETE', `${pitchPath(sid)}/uploads/${first.json.id}`, people.sme1);
    expect(cancelled.json.state).toBe('aborted');
    expect((await start(people.sme1, {})).status).toBe(201);
    const status = await h.call('GET', pitchPath(sid), people.sme1);
    await h.call('DELETE', `${pitchPath(sid)}/uploads/${status.json.upload.id}`, people.sme1);
  });

  it('refuses a malformed part ETag', async () => {
    const started = await start(people.sme1, {});
    const r = await h.call('PUT', `${pitchPath(sid)}/uploads/${started.json.id}/parts/1`, people.sme1, { etag: 'whatever' });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toHaveProperty('etag');
    await h.call('DELETE', `${pitchPath(sid)}/uploads/${started.json.id}`, people.sme1);
  });

  it('when S3 refuses the reported parts (a wrong ETag), answers 409 and forgets them so they are sent again', async () => {
    // s3rver does not check ETags at completion, real S3 does (InvalidPart). A loopback proxy in
    // front of s3rver injects exactly that answer; everything else reaches s3rver unchanged.
    const proxy = await startFaultProxy(h.s3Endpoint);
    try {
      const app = createFullApp({ ...h.deps, videos: s3VideoStore(s3TargetOf(localS3Client(proxy.endpoint)), h.bucket) });
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await app.request(path, {
          method,
          headers: { authorization: `Bearer ${await h.token(people.sme1)}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, json: res.status === 204 ? undefined : await res.json() };
      };
      const file = fixture('faststart.mp4');
      const started = await call('POST', `${pitchPath(sid)}/uploads`, { fileName: 'p.mp4', sizeBytes: file.length, contentType: 'video/mp4' });
      const put = await fetch(started.json.pendingParts[0].url, { method: 'PUT', body: file });
      expect(put.status).toBe(200);
      await call('PUT', `${pitchPath(sid)}/uploads/${started.json.id}/parts/1`, { etag: '"00000000000000000000000000000000"' });
      const r = await call('POST', `${pitchPath(sid)}/uploads/${started.json.id}/complete`);
      expect(r.status).toBe(409);
      expect(r.json.error.fields.parts).toBe('rejected');
      const view = await call('GET', `${pitchPath(sid)}/uploads/${started.json.id}`);
      expect(view.json).toMatchObject({ state: 'uploading', completedParts: [] });
      expect(view.json.pendingParts).toHaveLength(1);
      await call('DELETE', `${pitchPath(sid)}/uploads/${started.json.id}`);
    } finally {
      await proxy.stop();
    }
  });

  it('refuses a part number beyond the upload', async () => {
    const started = await start(people.sme1, {});
    const r = await h.call('PUT', `${pitchPath(sid)}/uploads/${started.json.id}/parts/2`, people.sme1, { etag: '"9b2cf535f27731c974343645a3985328"' });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toHaveProperty('partNumber');
    await h.call('DELETE', `${pitchPath(sid)}/uploads/${started.json.id}`, people.sme1);
  });
});

describe('who may watch', () => {
  it.each([
    ['the owning team', people.sme1, 200],
    ['the organiser', people.organiser, 200],
    ['another entrant', people.sme2, 404],
    ['the organiser of another competition', people.otherOrganiser, 404],
    ['anyone signed out', undefined, 401],
  ] as const)('%s → %s', async (_label, who, status) => {
    const r = await h.call('GET', pitchPath(sid), who);
    expect(r.status).toBe(status);
    if (status === 200) expect(r.json.current.playbackUrl).toMatch(/X-Amz-Expires=600/);
    else expect(JSON.stringify(r.json)).not.toContain('playbackUrl');
  });

  it('shows an upload in progress to its team only', async () => {
    const started = await h.call('POST', `${pitchPath(sid)}/uploads`, people.sme1, { fileName: 'p.mp4', sizeBytes: 1000, contentType: 'video/mp4' });
    expect((await h.call('GET', pitchPath(sid), people.sme1)).json.upload.id).toBe(started.json.id);
    expect((await h.call('GET', pitchPath(sid), people.organiser)).json.upload).toBeUndefined();
    await h.call('DELETE', `${pitchPath(sid)}/uploads/${started.json.id}`, people.sme1);
  });
});

describe('deadlines and required pitches', () => {
  it('refuses to start or complete an upload after the deadline', async () => {
    const h2 = await startHarness('2027-01-15T15:59:00Z');
    try {
      const c = await openCompetition(h2, { title: 'Late', pitch: { required: true } });
      await h2.call('POST', `/api/competitions/${c.id}/registration`, people.sme1, registrationInput());
      const s = await h2.call('POST', `/api/competitions/${c.id}/submissions`, people.sme1, submissionContent());
      const path = `/api/competitions/${c.id}/submissions/${s.json.id}/pitch/uploads`;
      // A required pitch is part of completeness.
      const submit = await h2.call('POST', `/api/competitions/${c.id}/submissions/${s.json.id}/submit`, people.sme1, { version: 1 });
      expect(submit.status).toBe(422);
      expect(submit.json.error.fields.pitch).toBe('Upload your video pitch before submitting.');
      const started = await h2.call('POST', path, people.sme1, { fileName: 'p.mp4', sizeBytes: 1000, contentType: 'video/mp4' });
      expect(started.status).toBe(201);
      h2.clock.set('2027-01-15T16:00:00Z');
      const late = await h2.call('POST', path, people.sme1, { fileName: 'p.mp4', sizeBytes: 1000, contentType: 'video/mp4' });
      expect(late.status).toBe(409);
      expect(late.json.error.code).toBe('DEADLINE_PASSED');
      const complete = await h2.call('POST', `${path}/${started.json.id}/complete`, people.sme1);
      expect(complete.status).toBe(409);
      expect(complete.json.error.code).toBe('DEADLINE_PASSED');
    } finally {
      await h2.stop();
    }
  });

  it('tells the uploader when it is paused', async () => {
    const u = uploader(people.sme1, sid, paddedMp4(9));
    const running = u.run();
    u.pause();
    await expect(running).rejects.toBeInstanceOf(UploadError);
    await u.cancel();
    const status = await h.call('GET', pitchPath(sid), people.sme1);
    expect(status.json.upload).toBeUndefined();
  });
});
