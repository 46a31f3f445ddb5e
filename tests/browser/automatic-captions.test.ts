/**
 * Issue 14 §4 in Chromium: the organiser's submissions page offers "Caption automatically"; in
 * this deployment (local: no Amazon Transcribe) the button is disabled and says why — in English
 * and in French. (The route's 409 and the job-finished path: tests/api/media-jobs.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, mintTokens, startLocalPodium, stopLocalPodium } from './api-setup.ts';
import { backToEnglish, englishLeft, openInFrench } from './i18n-check.ts';

describe('caption automatically (organiser)', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  let competitionId: string;
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-autocaptions-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test']));
    competitionId = await createOpenCompetition(
      call,
      {
        title: `Subtitle Day ${Date.now().toString(36)}`,
        description: 'Pitches with captions.',
        kind: 'pitch',
        sectors: ['Energy'],
        rubric: [{ name: 'Clarity', description: 'Clear?', weight: 1, scale: { min: 1, max: 5 } }],
        pitch: { required: false, maxDurationSeconds: 180, maxSizeBytes: 64 * 1024 * 1024, formats: ['mp4'] },
      },
      1,
    );
  });

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('shows the button disabled with the reason where the deployment has no automatic captions, in English and French', async () => {
    const page = await browsers.open('organiser@demo.test');
    const url = `${podium.url}/competitions/${competitionId}/submissions`;
    await page.goto(url);
    const section = page.getByRole('region', { name: 'Automatic captions' });
    const button = section.getByRole('button', { name: 'Caption automatically' });
    await section.getByText('Automatic captions are not available in this deployment.').waitFor();
    expect(await button.isDisabled()).toBe(true);
    expect(await button.getAttribute('aria-describedby')).toBe('automatic-captions-why');

    const save = (language: 'en' | 'fr') => call('PUT', '/api/me/settings', 'organiser', { language });
    await openInFrench(page, url, save);
    const fr = page.getByRole('region', { name: 'Sous-titres automatiques' });
    await fr.getByText('Les sous-titres automatiques ne sont pas disponibles dans ce déploiement.').waitFor();
    expect(await fr.getByRole('button', { name: 'Sous-titrer automatiquement' }).isDisabled()).toBe(true);
    expect(await englishLeft(page, ['automaticCaptions.'])).toEqual([]);
    await backToEnglish(page, save);
  });
});
