/**
 * Issue 14: caption files end to end against dynalite and s3rver — the browser PUTs the raw file
 * to a presigned URL, the API reads what arrived, checks it parses, converts SRT to WebVTT,
 * stores it and lists it with the pitch; only the team changes captions, only those who may see
 * the pitch see them (reviewers with a neutral name: tests/api/role-matrix.test.ts).
 */
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { CAPTION_LIMITS } from '../../functions/domain/captions.ts';

let h: Harness;
let cid: string;
let sid: string;

const SRT = '1\r\n00:00:01,000 --> 00:00:03,000\r\nWe are <i>Acme</i> & friends.\r\n\r\n2\r\n00:00:03,500 --> 00:00:05,000\r\nThank you.\r\n';
const VTT_FR = 'WEBVTT\n\n00:01.000 --> 00:03.000\nNous sommes Acme.\n';

const captionsPath = () => `/api/competitions/${cid}/submissions/${sid}/pitch/captions`;

/** The team's three steps: ask for a URL, PUT the bytes, complete with the language. */
async function uploadCaptions(who: Identity, body: string | Uint8Array<ArrayBuffer>, complete: { language: string; fileName: string; label?: string }, declared?: number) {
  const bytes: Uint8Array<ArrayBuffer> = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const start = await h.call('POST', `${captionsPath()}/uploads`, who, { sizeBytes: declared ?? bytes.length });
  if (start.status !== 201) return start;
  const put = await fetch(start.json.url, { method: 'PUT', body: bytes });
  expect(put.ok).toBe(true);
  return Object.assign(await h.call('POST', `${captionsPath()}/uploads/${start.json.uploadId}/complete`, who, complete), { uploadId: start.json.uploadId as string });
}

async function keysUnder(prefix: string): Promise<string[]> {
  const r = await h.s3client.send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: prefix }));
  return (r.Contents ?? []).map((o) => o.Key!);
}

beforeAll(async () => {
  h = await startHarness();
  cid = (await openCompetition(h, { title: 'Caption night' })).id;
  await h.call('POST', `/api/competitions/${cid}/registration`, people.sme1, registrationInput());
  await h.call('POST', `/api/competitions/${cid}/registration`, people.sme2, registrationInput({ registryId: 'NL123456789B01', country: 'NL' }));
  sid = (await h.call('POST', `/api/competitions/${cid}/submissions`, people.sme1, submissionContent())).json.id;
});
afterAll(() => h.stop());

describe('caption upload', () => {
  it('converts an SRT file to WebVTT, lists it with the pitch and serves it as text/vtt', async () => {
    const done = await uploadCaptions(people.sme1, SRT, { language: 'en', fileName: 'acme-subtitles.srt' });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ language: 'en', label: 'English', fileName: 'acme-subtitles.srt', source: 'srt', origin: 'uploaded', cues: 2 });

    const status = (await h.call('GET', `/api/competitions/${cid}/submissions/${sid}/pitch`, people.sme1)).json;
    expect(status.captions).toHaveLength(1);
    const served = await fetch(status.captions[0].url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect(await served.text()).toBe('WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nWe are <i>Acme</i> &amp; friends.\n\n2\n00:00:03.500 --> 00:00:05.000\nThank you.\n');
    // The raw upload is gone; only the converted file stays.
    expect(await keysUnder(`caption-uploads/${cid}/`)).toEqual([]);
  });

  it('refuses a file that is not WebVTT or SRT, naming the line, and keeps nothing of it', async () => {
    const before = await keysUnder(`captions/${cid}/`);
    const bad = await uploadCaptions(people.sme1, 'WEBVTT\n\n00:00:01.000 --> soon\nHello\n', { language: 'de', fileName: 'de.vtt' });
    expect(bad.status).toBe(422);
    expect(bad.json.error).toMatchObject({ code: 'CAPTIONS_INVALID', message: expect.stringMatching(/^Line 3:/) });
    const notText = await uploadCaptions(people.sme1, Uint8Array.of(0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0, 0), { language: 'de', fileName: 'movie.vtt' });
    expect(notText.json.error.code).toBe('CAPTIONS_INVALID');
    expect(await keysUnder(`caption-uploads/${cid}/`)).toEqual([]);
    expect(await keysUnder(`captions/${cid}/`)).toEqual(before);
    const status = (await h.call('GET', `/api/competitions/${cid}/submissions/${sid}/pitch`, people.sme1)).json;
    expect(status.captions.map((c: { language: string }) => c.language)).toEqual(['en']);
  });

  it('measures the file that arrived, not the size declared', async () => {
    expect((await h.call('POST', `${captionsPath()}/uploads`, people.sme1, { sizeBytes: CAPTION_LIMITS.maxBytes + 1 })).json.error.code).toBe('CAPTION_TOO_LARGE');
    const big = `WEBVTT\n\n00:01.000 --> 00:02.000\n${'x'.repeat(CAPTION_LIMITS.maxBytes)}\n`;
    const lied = await uploadCaptions(people.sme1, big, { language: 'fr', fileName: 'fr.vtt' }, 100);
    expect(lied.status).toBe(422);
    expect(lied.json.error.code).toBe('CAPTION_TOO_LARGE');
    expect(await keysUnder(`caption-uploads/${cid}/`)).toEqual([]);
  });

  it('refuses a language that is not a language code', async () => {
    const r = await uploadCaptions(people.sme1, VTT_FR, { language: 'French', fileName: 'fr.vtt' });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toHaveProperty('language');
  });

  it('replaces the captions of a language (deleting the old file) and deletes them', async () => {
    const first = await uploadCaptions(people.sme1, VTT_FR, { language: 'fr', fileName: 'fr-v1.vtt', label: 'Français' });
    expect(first.json).toMatchObject({ language: 'fr', label: 'Français', source: 'vtt', cues: 1 });
    const oldKeys = await keysUnder(`captions/${cid}/${sid}/fr-`);
    expect(oldKeys).toHaveLength(1);
    const second = await uploadCaptions(people.sme1, `${VTT_FR}\n00:04.000 --> 00:05.000\nMerci.\n`, { language: 'fr', fileName: 'fr-v2.vtt', label: 'Français' });
    expect(second.json.cues).toBe(2);
    const newKeys = await keysUnder(`captions/${cid}/${sid}/fr-`);
    expect(newKeys).toHaveLength(1);
    expect(newKeys).not.toEqual(oldKeys);

    expect((await h.call('DELETE', `${captionsPath()}/fr`, people.sme1)).status).toBe(204);
    expect(await keysUnder(`captions/${cid}/${sid}/fr-`)).toEqual([]);
    expect((await h.call('DELETE', `${captionsPath()}/fr`, people.sme1)).status).toBe(404);
    const status = (await h.call('GET', `/api/competitions/${cid}/submissions/${sid}/pitch`, people.sme1)).json;
    expect(status.captions.map((c: { language: string }) => c.language)).toEqual(['en']);
    // Audited, each change once.
    const audit = (await h.call('GET', `/api/competitions/${cid}/audit?limit=100`, people.organiser)).json.items.map((e: { action: string }) => e.action);
    expect(audit.filter((a: string) => a.startsWith('pitch.captions'))).toEqual(['pitch.captions-added', 'pitch.captions-added', 'pitch.captions-replaced', 'pitch.captions-deleted']);
  });
});

describe('who may change and see captions', () => {
  it('lets only the team upload or delete; the organiser and other entrants get 404, anyone signed out 401', async () => {
    for (const who of [people.organiser, people.sme2, people.otherOrganiser]) {
      expect((await h.call('POST', `${captionsPath()}/uploads`, who, { sizeBytes: 100 })).status).toBe(404);
      expect((await h.call('DELETE', `${captionsPath()}/en`, who)).status).toBe(404);
    }
    expect((await h.call('POST', `${captionsPath()}/uploads`, undefined, { sizeBytes: 100 })).status).toBe(401);
  });

  it('cannot complete another submission’s upload: the upload id is only looked for under the caller’s own submission', async () => {
    const sid2 = (await h.call('POST', `/api/competitions/${cid}/submissions`, people.sme2, submissionContent())).json.id;
    const start = await h.call('POST', `${captionsPath()}/uploads`, people.sme1, { sizeBytes: VTT_FR.length });
    await fetch(start.json.url, { method: 'PUT', body: VTT_FR });
    const stolen = await h.call('POST', `/api/competitions/${cid}/submissions/${sid2}/pitch/captions/uploads/${start.json.uploadId}/complete`, people.sme2, { language: 'fr', fileName: 'x.vtt' });
    expect(stolen.status).toBe(404);
    await h.s3client.send(new HeadObjectCommand({ Bucket: h.bucket, Key: `caption-uploads/${cid}/${sid}/${start.json.uploadId}` })); // still there, for its owner
  });

  it('shows the captions to the organiser, with the team’s file name; not to other entrants', async () => {
    const org = await h.call('GET', `/api/competitions/${cid}/submissions/${sid}/pitch`, people.organiser);
    expect(org.json.captions).toEqual([expect.objectContaining({ language: 'en', fileName: 'acme-subtitles.srt', url: expect.stringContaining('X-Amz-Signature=') })]);
    const other = await h.call('GET', `/api/competitions/${cid}/submissions/${sid}/pitch`, people.sme2);
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('captions/');
  });
});
