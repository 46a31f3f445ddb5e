/**
 * Video pitches in Chromium: an SME uploads a pitch straight to (local) S3 from the submission
 * page, sees it verified and plays it; a too-long video is rejected with the server's reason while
 * the ready one stays; another entrant cannot see it; the organiser watches it read-only; and an
 * upload paused and reloaded halfway resumes without re-sending the parts that had arrived.
 *
 * The competition, registrations and submissions are made through the API with locally minted
 * tokens (the journey test covers those screens); everything about the pitch happens in the browser.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, registerEntrant, startLocalPodium, stopLocalPodium } from './api-setup.ts';
import { screenshot } from './support.ts';

const VIDEOS = fileURLToPath(new URL('../fixtures/video/', import.meta.url));
const MiB = 1024 * 1024;

describe('video pitch: upload, verdict, playback and privacy', () => {
  let podium: RunningPodium;
  let dataDir: string;
  let tmp: string;
  const tokens: Record<string, string> = {};
  let competitionId: string;
  /** A second competition, where a pitch is required to submit. */
  let requiredId: string;
  let smePage: Page;
  /** The ~17 MiB MP4 of the last two tests, and sme2's browser with its DevTools session. */
  let big: string;
  let sme2: { page: Page; throttle: (bytesPerSecond: number) => Promise<void> };
  const submissions: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);

  const pitchPath = (who: string) => `/api/competitions/${competitionId}/submissions/${submissions[who]}/pitch`;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-pitch-'));
    tmp = await mkdtemp(join(tmpdir(), 'podium-pitch-files-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'sme1@demo.test', 'sme2@demo.test']));

    competitionId = await openCompetition('Pitch Night', false);
    requiredId = await openCompetition('Pitch Required', true);

    for (const [who, org, registryId] of [
      ['sme1', 'Windmill Works BV', 'BE0111222333'],
      ['sme2', 'Solar Sails GmbH', 'DE123456789'],
    ] as const) {
      await register(competitionId, who, org, registryId);
      const sub = await expectStatus(
        call('POST', `/api/competitions/${competitionId}/submissions`, who, { title: `${org} pitch`, summary: 'Wind and sun.' }),
        201,
      );
      submissions[who] = sub.id;
    }
    await register(requiredId, 'sme1', 'Windmill Works BV', 'BE0111222333');
    await expectStatus(
      call('POST', `/api/competitions/${requiredId}/submissions`, 'sme1', {
        title: 'Turbines for rooftops',
        summary: 'Small wind turbines for flat roofs.',
        problem: 'Rooftops waste wind.',
        solution: 'Quiet vertical-axis turbines.',
      }),
      201,
    );
  });

  function openCompetition(name: string, required: boolean): Promise<string> {
    return createOpenCompetition(
      call,
      {
        title: `${name} ${Date.now().toString(36)}`,
        description: 'Three minutes to convince the jury.',
        kind: 'pitch',
        sectors: ['Energy'],
        rubric: [{ name: 'Persuasion', description: 'Would you invest?', weight: 1, scale: { min: 1, max: 5 } }],
        pitch: { required, maxDurationSeconds: 180, maxSizeBytes: 64 * MiB, formats: ['mp4', 'quicktime', 'webm'] },
      },
      1,
    );
  }

  function register(competition: string, who: string, org: string, registryId: string): Promise<void> {
    return registerEntrant(call, competition, who, { org, registryId, email: `${who}@demo.test` });
  }

  afterAll(async () => {
    await stopLocalPodium(podium, dataDir, browsers);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('the SME uploads a pitch, sees it verified and plays it; a too-long one is rejected and the first stays', async () => {
    const page = (smePage = await browsers.open('sme1@demo.test'));
    await page.goto(`${podium.url}/competitions/${competitionId}/submission`);
    const panel = page.getByRole('region', { name: /Video pitch/ });
    await panel.getByText('optional · up to 3 min · up to 64 MiB · MP4, QuickTime, WebM').waitFor();

    await panel.getByLabel('Video pitch file').setInputFiles(join(VIDEOS, 'faststart.mp4'));
    const state = panel.locator('.pitch-state[role=status]');
    await state.filter({ hasText: 'Ready — 3 s' }).waitFor();
    expect(await state.textContent()).toBe('Ready — 3 s · 160×90');
    // The bar reached 100 % (and stays there, with the byte count, once the verdict is in).
    expect(await panel.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await panel.locator('.pitch-progress-text').textContent()).toMatch(/^100 % · 13 KiB of 13 KiB/);

    // It plays: the short-lived presigned URL serves the metadata. (MP4/H.264: Chromium reads the
    // container's metadata even where its build cannot decode H.264.)
    const video = panel.locator('video');
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, undefined, { timeout: 10_000 });
    const media = await video.evaluate((v: HTMLVideoElement) => ({ readyState: v.readyState, duration: v.duration, src: v.currentSrc }));
    expect(media.readyState).toBeGreaterThanOrEqual(1);
    expect(media.duration).toBeCloseTo(3, 1);
    expect(media.src).not.toContain(podium.url); // straight from the bucket, not through the API
    await panel.getByText('faststart.mp4 · 3 s · 160×90').waitFor();
    await screenshot(page, 'pitch-1-ready');

    // A replacement that is too long: the server rejects it with a reason; the ready video stays.
    await panel.getByRole('button', { name: 'Replace video' }).click();
    await expect.poll(() => panel.getByLabel(/Video pitch file/).evaluate((el) => el === document.activeElement)).toBe(true);
    await panel.getByLabel(/Video pitch file/).setInputFiles(join(VIDEOS, 'too-long.mp4'));
    await state.filter({ hasText: 'Rejected' }).waitFor();
    const rejected = (await state.textContent()) ?? '';
    expect(rejected).toMatch(/^Rejected: /);
    expect(rejected).toContain('3 min 1 s');
    expect(rejected).toContain('allows 3 min');
    expect(await panel.locator('video').count()).toBe(1);
    await panel.getByText('faststart.mp4 · 3 s · 160×90').waitFor();
    const status = await expectStatus(call('GET', pitchPath('sme1'), 'sme1'), 200);
    expect(status.current.fileName).toBe('faststart.mp4');
    expect(status.last).toMatchObject({ state: 'rejected', fileName: 'too-long.mp4' });

    // The browser's own check refuses a file of the wrong type before anything is sent.
    const pdf = join(tmp, 'deck.pdf');
    await writeFile(pdf, await readFile(join(VIDEOS, 'not-a-video.mp4')));
    await panel.getByLabel(/Video pitch file/).setInputFiles(pdf);
    await panel.locator('.field-error').filter({ hasText: 'choose MP4, QuickTime, WebM' }).waitFor();
    expect(await panel.getByLabel(/Video pitch file/).getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'pitch-2-rejected');

    // After a reload the page says how things stand.
    await page.reload();
    await state.filter({ hasText: 'Rejected' }).waitFor();
    await panel.locator('video').waitFor();

    // On a phone-sized screen the panel still fits.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'pitch-3-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('where a pitch is required, Submit says so, points at the panel, and works once one is verified', async () => {
    const page = smePage;
    await page.goto(`${podium.url}/competitions/${requiredId}/submission`);
    const actions = page.locator('.form-actions');
    await actions.getByText('A verified video pitch is required to submit.').waitFor();
    const panel = page.getByRole('region', { name: /Video pitch/ });
    await panel.getByText('required · up to 3 min').waitFor();

    await actions.getByRole('button', { name: 'Submit', exact: true }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Please fix the following' });
    await summary.getByRole('link', { name: 'Video pitch: Upload your video pitch before submitting.' }).click();
    const input = panel.getByLabel('Video pitch file');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
    await panel.locator('.field-error').filter({ hasText: 'Upload your video pitch before submitting.' }).waitFor();

    await input.setInputFiles(join(VIDEOS, 'clip.webm'));
    await panel.locator('.pitch-state[role=status]').filter({ hasText: 'Ready — 2 s' }).waitFor();
    await actions.getByText('✓ Video pitch attached').waitFor();
    await actions.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByText(/^Submitted\./).waitFor();
  });

  it('another entrant can neither fetch nor open it', async () => {
    expect((await call('GET', pitchPath('sme1'), 'sme2')).status).toBe(404);
    expect((await call('GET', `/api/competitions/${competitionId}/submissions/${submissions.sme1}`, 'sme2')).status).toBe(404);

    const page = await browsers.open('sme2@demo.test');
    await page.goto(`${podium.url}/competitions/${competitionId}/submissions/${submissions.sme1}`);
    await page.getByText(/Not found/).waitFor();
    expect(await page.locator('video').count()).toBe(0);
    expect(await page.getByText('faststart.mp4').count()).toBe(0);
  });

  it('the organiser opens the submission from the table and watches the pitch, read-only', async () => {
    const page = await browsers.open('organiser@demo.test');
    await page.goto(`${podium.url}/competitions/${competitionId}/submissions`);
    await page.getByRole('link', { name: 'Windmill Works BV pitch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Windmill Works BV pitch' }).waitFor();
    const panel = page.getByRole('region', { name: /Video pitch/ });
    await panel.locator('video').waitFor();
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, undefined, { timeout: 10_000 });
    expect(await panel.locator('input[type=file]').count()).toBe(0);
    expect(await panel.getByRole('button').count()).toBe(0);
    await screenshot(page, 'pitch-4-organiser');
  });

  it('an upload paused and reloaded halfway resumes without re-sending the parts that arrived', async () => {
    // A ~17 MiB valid MP4 (three 8 MiB parts: 8 + 8 + 1): faststart.mp4 plus a trailing `free` box.
    const base = await readFile(join(VIDEOS, 'faststart.mp4'));
    const freeSize = 17 * MiB - base.length;
    const header = Buffer.alloc(8);
    header.writeUInt32BE(freeSize, 0);
    header.write('free', 4, 'ascii');
    big = join(tmp, 'big-pitch.mp4');
    await writeFile(big, Buffer.concat([base, header, Buffer.alloc(freeSize - 8)]));

    const page = await browsers.open('sme2@demo.test');
    await page.goto(`${podium.url}/competitions/${competitionId}/submission`);
    const panel = page.getByRole('region', { name: /Video pitch/ });
    const state = panel.locator('.pitch-state[role=status]');

    // Slow the uploads down (4 MiB/s) so that there is a "halfway" to stop at.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const throttle = async (bytesPerSecond: number) => {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
    };
    sme2 = { page, throttle };
    await throttle(4 * MiB);

    const partPuts: { partNumber: number; phase: 'before' | 'after' }[] = [];
    let phase: 'before' | 'after' = 'before';
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (r.method() === 'PUT' && url.origin !== podium.url && url.searchParams.has('partNumber'))
        partPuts.push({ partNumber: Number(url.searchParams.get('partNumber')), phase });
    });

    await panel.getByLabel('Video pitch file').setInputFiles(big);
    await state.filter({ hasText: 'Uploading…' }).waitFor();
    await page.waitForFunction(() => Number(document.querySelector('progress')?.getAttribute('aria-valuenow') ?? 0) >= 40, undefined, {
      timeout: 20_000,
    });
    // "42 % · 7.1 MiB of 17 MiB · 4 MiB/s · about 3 s left"
    expect(await panel.locator('.pitch-progress-text').textContent()).toMatch(
      /^\d+ % · [\d.]+ MiB of 17 MiB · [\d.]+ [KM]iB\/s · about [\d a-z]+ left$/,
    );
    await panel.getByRole('button', { name: 'Pause' }).click();
    await state.filter({ hasText: 'Paused' }).waitFor();
    await panel.getByRole('button', { name: 'Resume' }).waitFor();
    expect(await panel.locator('.pitch-progress-text').textContent()).toMatch(/^\d+ % · [\d.]+ MiB of 17 MiB stored$/);
    await screenshot(page, 'pitch-5-paused');

    const status = await expectStatus(call('GET', pitchPath('sme2'), 'sme2'), 200);
    const uploadId: string = status.upload.id;
    const before = await expectStatus(call('GET', `${pitchPath('sme2')}/uploads/${uploadId}`, 'sme2'), 200);
    const arrived = (before.completedParts as { partNumber: number }[]).map((p) => p.partNumber);
    expect(before.partCount).toBe(3);
    // The small last part arrives first (the parts share the bandwidth); the big ones were cut off.
    expect(arrived.length).toBeGreaterThanOrEqual(1);
    expect(arrived.length).toBeLessThan(3);

    // Reload: the page remembers the interrupted upload.
    await page.reload();
    const notice = panel.getByText(/An upload of big-pitch\.mp4 was interrupted/);
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`(${arrived.length} of 3 parts sent)`);
    await screenshot(page, 'pitch-6-interrupted');

    // Same file again: it resumes; at full speed now.
    await throttle(-1);
    phase = 'after';
    await panel.getByLabel('Video pitch file').setInputFiles(big);
    await state.filter({ hasText: 'Ready — 3 s' }).waitFor({ timeout: 30_000 });
    expect(await panel.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');

    const resent = partPuts.filter((p) => p.phase === 'after').map((p) => p.partNumber).sort();
    expect(resent).toEqual([1, 2, 3].filter((n) => !arrived.includes(n)));
    const after = await expectStatus(call('GET', pitchPath('sme2'), 'sme2'), 200);
    expect(after.current).toMatchObject({ pitchId: uploadId, fileName: 'big-pitch.mp4', sizeBytes: 17 * MiB, durationSeconds: 3 });
    expect(after.upload).toBeUndefined();
  });

  it('an upload can be cancelled while it runs, and after a reload', async () => {
    const { page, throttle } = sme2;
    const panel = page.getByRole('region', { name: /Video pitch/ });
    const state = panel.locator('.pitch-state[role=status]');
    const progressAbove = (pct: number) =>
      page.waitForFunction((p) => Number(document.querySelector('progress')?.getAttribute('aria-valuenow') ?? 0) >= p, pct, { timeout: 20_000 });
    await throttle(4 * MiB);

    // While it runs: Cancel stops it and cancels it on the server; the ready video stays.
    await panel.getByRole('button', { name: 'Replace video' }).click();
    await panel.getByLabel(/Video pitch file/).setInputFiles(big);
    await progressAbove(10);
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await panel.getByText('Upload cancelled.').waitFor();
    let status = await expectStatus(call('GET', pitchPath('sme2'), 'sme2'), 200);
    expect(status.upload).toBeUndefined();
    expect(status.last.state).toBe('aborted');
    expect(status.current.fileName).toBe('big-pitch.mp4');

    // Interrupted by a reload: the page offers to cancel it.
    await panel.getByRole('button', { name: 'Replace video' }).click();
    await panel.getByLabel(/Video pitch file/).setInputFiles(big);
    await progressAbove(10);
    await page.reload();
    await panel.getByText(/An upload of big-pitch\.mp4 was interrupted/).waitFor();
    await panel.getByRole('button', { name: 'Cancel upload' }).click();
    await panel.getByText('Upload cancelled.').waitFor();
    expect(await panel.getByText(/was interrupted/).count()).toBe(0);
    status = await expectStatus(call('GET', pitchPath('sme2'), 'sme2'), 200);
    expect(status.upload).toBeUndefined();
    expect(status.current.fileName).toBe('big-pitch.mp4');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('podium.pitch-upload.')))).toEqual([]);
    await throttle(-1);
  });
});
