/**
 * "Your data" in Chromium (issue 14 §2): an entrant opens the page from the footer, downloads
 * everything Podium holds about them (a job with progress, then the file from its short-lived
 * link), then erases their data after confirming; the page shows the pseudonym and the outcome,
 * and the API shows the registration under the pseudonym. The register page asks for consent.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, mintTokens, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea } from './api-setup.ts';
import { screenshot } from './support.ts';

const SME = 'sme6@demo.test';
const ORG = 'Erasable Widgets BV';

describe('your data: download and erase', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let cid: string;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-your-data-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', SME]));
    cid = await createOpenCompetition(call, { title: `Your data ${Date.now().toString(36)}`, description: 'GDPR.', kind: 'idea', sectors: ['Energy'], rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 10 } }] }, 2);
    await registerEntrant(call, cid, 'sme6', { org: ORG, registryId: 'BE0555444333', email: SME });
    await submitIdea(call, cid, 'sme6', { title: 'Widgets that forget', sectors: ['Energy'] });
  }, 120_000);

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('the register page asks for consent to the notice and the competition’s purposes', async () => {
    await expectStatus(call('PUT', `/api/competitions/${cid}/privacy`, 'organiser', { purposes: ['Sharing winners with the programme’s investors'], version: 0 }));
    const page = await browsers.open('sme5@demo.test');
    await page.goto(`${podium.url}/competitions/${cid}/register`);
    await page.getByRole('group', { name: 'Privacy' }).getByText('Sharing winners with the programme’s investors').waitFor();
    expect(await page.getByLabel(/I have read the privacy notice/).isChecked()).toBe(false);
  });

  it('downloads the data, then erases it after confirming', async () => {
    const page = await browsers.open(SME);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Your data' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your data' }).waitFor();

    await page.getByRole('button', { name: 'Download as JSON' }).click();
    const link = page.getByRole('link', { name: 'podium-your-data.json' });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(data.person.email).toBe(SME);
    expect(JSON.stringify(data)).toContain(ORG);
    expect(JSON.stringify(data)).toContain('Widgets that forget');
    await screenshot(page, 'your-data-download');

    await page.getByRole('button', { name: 'Erase my data' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase your personal data?' });
    await dialog.getByRole('button', { name: 'Erase my data' }).click();
    const done = page.getByText(/Your data was erased on .*: you appear as “Participant [0-9a-f]{6}”/);
    await done.waitFor({ timeout: 30_000 });
    const pseudonym = /Participant [0-9a-f]{6}/.exec((await done.textContent()) ?? '')![0];
    await page.getByText(/: erased\./).first().waitFor();
    await screenshot(page, 'your-data-erased');

    const registration = await expectStatus(call('GET', `/api/competitions/${cid}/registration`, 'sme6'));
    expect(registration).toMatchObject({ organisationName: pseudonym, registryId: '[erased]' });
    const erasures = await expectStatus(call('GET', `/api/competitions/${cid}/erasures`, 'organiser'));
    expect(erasures.items).toEqual([expect.objectContaining({ pseudonym, state: 'done', outcome: 'erased' })]);
  });
});
