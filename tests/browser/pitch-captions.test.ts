/**
 * Issue 14 in Chromium: an HEVC iPhone video is refused with the sentence that says how to export
 * one that plays (in French too: the page words the refusal's stored facts); then an H.264 pitch is verified, the team adds SRT captions, and the player
 * has a <track> whose WebVTT (converted on the server, served from the bucket) loads and has the
 * cues; the organiser sees them; the team deletes them.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, registerEntrant, startLocalPodium, stopLocalPodium } from './api-setup.ts';
import { screenshot } from './support.ts';
import { backToEnglish, openInFrench } from './i18n-check.ts';

const VIDEOS = fileURLToPath(new URL('../fixtures/video/', import.meta.url));

/** A real QuickTime file whose video sample entry says `hvc1`, as an iPhone's HEVC recording does. */
async function hevcMov(): Promise<Uint8Array> {
  const data = new Uint8Array(await readFile(join(VIDEOS, 'clip.mov')));
  const at = data.findIndex((_, i) => String.fromCharCode(...data.subarray(i, i + 4)) === 'avc1' && String.fromCharCode(...data.subarray(i - 16, i - 12)) === 'stsd');
  data.set([0x68, 0x76, 0x63, 0x31], at); // 'hvc1'
  return data;
}

describe('pitches everyone can play: codecs and captions', () => {
  let podium: RunningPodium;
  let dataDir: string;
  let tmp: string;
  const tokens: Record<string, string> = {};
  let competitionId: string;
  let submissionId: string;
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-captions-'));
    tmp = await mkdtemp(join(tmpdir(), 'podium-caption-files-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'sme1@demo.test']));
    competitionId = await createOpenCompetition(
      call,
      {
        title: `Caption Night ${Date.now().toString(36)}`,
        description: 'Three minutes, with captions.',
        kind: 'pitch',
        sectors: ['Energy'],
        rubric: [{ name: 'Persuasion', description: 'Would you invest?', weight: 1, scale: { min: 1, max: 5 } }],
        pitch: { required: false, maxDurationSeconds: 180, maxSizeBytes: 64 * 1024 * 1024, formats: ['mp4', 'quicktime', 'webm'] },
      },
      1,
    );
    await registerEntrant(call, competitionId, 'sme1', { org: 'Windmill Works BV', registryId: 'BE0111222333', email: 'sme1@demo.test' });
    submissionId = (await expectStatus(call('POST', `/api/competitions/${competitionId}/submissions`, 'sme1', { title: 'Rooftop wind', summary: 'Wind.' }), 201)).id;
  });

  afterAll(async () => {
    await stopLocalPodium(podium, dataDir, browsers);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('refuses an HEVC pitch with the sentence; an H.264 one plays with SRT captions as a loaded <track>', async () => {
    const page = await browsers.open('sme1@demo.test');
    await page.goto(`${podium.url}/competitions/${competitionId}/submission`);
    const panel = page.getByRole('region', { name: /Video pitch/ });
    const state = panel.locator('.pitch-state[role=status]');

    const mov = join(tmp, 'IMG_0042.MOV');
    await writeFile(mov, await hevcMov());
    await panel.getByLabel('Video pitch file').setInputFiles(mov);
    await state.filter({ hasText: 'Rejected' }).waitFor();
    const refused = (await state.textContent()) ?? '';
    expect(refused).toMatch(/^Rejected: The picture is encoded with HEVC \(H\.265\) in a QuickTime \(\.mov\) file, which many reviewers' browsers cannot play\./);
    expect(refused).toContain('Settings → Camera → Formats → Most Compatible');
    expect(refused).toContain('HandBrake');
    await screenshot(page, 'captions-1-hevc-refused');

    // Reloaded in French, the refusal reads in French: the server stored the facts, the page words them.
    const submissionUrl = `${podium.url}/competitions/${competitionId}/submission`;
    const save = (language: 'en' | 'fr') => expectStatus(call('PUT', '/api/me/settings', 'sme1', { language }));
    try {
      await openInFrench(page, submissionUrl, save);
      const french = page.locator('.pitch-panel .pitch-state[role=status]').filter({ hasText: 'Refusé' });
      await french.waitFor();
      const text = (await french.textContent()) ?? '';
      expect(text).toMatch(/^Refusé : L’image est encodée en HEVC \(H\.265\) dans un fichier QuickTime \(\.mov\), que les navigateurs de nombreux évaluateurs ne savent pas lire\./);
      expect(text).toContain('Réglages → Appareil photo → Formats → Le plus compatible');
      expect(text).toContain('(IMG_0042.MOV)');
    } finally {
      await backToEnglish(page, save);
    }
    await page.goto(submissionUrl);
    await state.waitFor();

    await panel.getByLabel('Video pitch file').setInputFiles(join(VIDEOS, 'faststart.mp4'));
    await state.filter({ hasText: 'Ready — 3 s' }).waitFor();

    // Captions: an SRT file, converted on the server.
    const srt = join(tmp, 'windmill-subtitles.srt');
    await writeFile(srt, '1\r\n00:00:00,200 --> 00:00:01,500\r\nWind on every roof.\r\n\r\n2\r\n00:00:01,600 --> 00:00:02,900\r\n<i>Quiet</i> turbines.\r\n');
    const captions = panel.locator('.pitch-captions');
    await captions.getByLabel('Caption language').fill('en');
    await captions.getByLabel(/Caption file/).setInputFiles(srt);
    await captions.getByRole('button', { name: 'Add captions' }).click();
    await captions.getByText('Captions in English added: 2 cues (converted from SRT to WebVTT).').waitFor();
    await captions.getByText(/English \(en\) · 2 cues · windmill-subtitles\.srt/).waitFor();

    // The player has the track, and Chromium loads its WebVTT from the bucket (CORS) with the cues.
    const track = panel.locator('video track');
    await track.waitFor({ state: 'attached' });
    expect(await track.getAttribute('srclang')).toBe('en');
    expect(await track.getAttribute('kind')).toBe('captions');
    await page.waitForFunction(() => (document.querySelector('video track') as HTMLTrackElement | null)?.readyState === 2, undefined, { timeout: 10_000 });
    const loaded = await page.evaluate(() => {
      const t = (document.querySelector('video track') as HTMLTrackElement).track;
      return { mode: t.mode, cues: [...(t.cues ?? [])].map((c) => [c.startTime, c.endTime, (c as VTTCue).text]) };
    });
    expect(loaded).toEqual({ mode: 'showing', cues: [[0.2, 1.5, 'Wind on every roof.'], [1.6, 2.9, '<i>Quiet</i> turbines.']] });
    await screenshot(page, 'captions-2-track');

    // The organiser sees them too.
    const status = await expectStatus(call('GET', `/api/competitions/${competitionId}/submissions/${submissionId}/pitch`, 'organiser'), 200);
    expect(status.captions).toEqual([expect.objectContaining({ language: 'en', fileName: 'windmill-subtitles.srt' })]);

    // The team deletes them; the track goes.
    await captions.getByRole('button', { name: 'Delete the English captions' }).click();
    await captions.getByText('Captions deleted.').waitFor();
    await expect.poll(() => panel.locator('video track').count()).toBe(0);
  });
});
