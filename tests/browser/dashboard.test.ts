/**
 * The organiser dashboard in Chromium: the organiser opens it first from the competition's
 * navigation and sees the figures as tiles, the entries and the reviews over time as charts (each
 * one image with a summary, and its figures day by day in a table that opens by keyboard), the
 * reviews per round as a table; runs a recount and sees it finish; and on a 390 px phone the page
 * fits the screen (the tables scroll inside their frames). The competition, entries, round and
 * reviews are made through the API with locally minted tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, finishedJob, mintTokens, openJuryRound, openPhone, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea, submitReview } from './api-setup.ts';
import { backToEnglish, englishLeft, openInFrench } from './i18n-check.ts';
import { screenshot } from './support.ts';

const TITLE = `Dashboard Call ${Date.now().toString(36)}`;
const OPENED_HOURS_AGO = 50;
/** The days of the series: from the (UTC) day the call opened to today. */
const DAYS = Math.round((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse(new Date(Date.now() - OPENED_HOURS_AGO * 3_600_000).toISOString().slice(0, 10))) / 86_400_000) + 1;

describe('the organiser dashboard', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let cid: string;
  let page: Page;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-dashboard-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'sme1@demo.test', 'sme2@demo.test', 'sme3@demo.test', 'investor1@demo.test']));
    cid = await createOpenCompetition(
      call,
      { title: TITLE, description: 'Ideas for cleaner ports.', kind: 'idea', sectors: ['Logistics'], rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }] },
      OPENED_HOURS_AGO,
    );
    const base = `/api/competitions/${cid}`;
    // Three registrations; two submitted entries and one draft.
    await registerEntrant(call, cid, 'sme1', { org: 'Harbour One BV', registryId: 'BE0100000011', email: 'sme1@demo.test' });
    await registerEntrant(call, cid, 'sme2', { org: 'Harbour Two BV', registryId: 'BE0100000012', email: 'sme2@demo.test' });
    await registerEntrant(call, cid, 'sme3', { org: 'Harbour Three BV', registryId: 'BE0100000013', email: 'sme3@demo.test' });
    const s1 = await submitIdea(call, cid, 'sme1', { title: 'Shore power sharing', sectors: [] });
    await submitIdea(call, cid, 'sme2', { title: 'Electric tugs', sectors: [] });
    await expectStatus(call('POST', `${base}/submissions`, 'sme3', { title: 'Draft idea', summary: '', problem: '', solution: '', valueChain: [], sectors: [], answers: {} }), 201);
    // A jury round: both entries assigned to the investor, who has reviewed one.
    const round = await openJuryRound(call, cid, { name: 'Port jury', maxLoad: 5, criteria: ['Impact'] });
    const invite = await expectStatus(call('POST', `${base}/rounds/${round.id}/invitations`, 'organiser', { emails: ['investor1@demo.test'] }), 201);
    await expectStatus(call('POST', `/api/invitations/${cid}/${String(invite.items[0].link).split('/').pop()}/accept`, 'investor1', { interests: [] }));
    await finishedJob(call, 'organiser', call('POST', `${base}/rounds/${round.id}/assignment`, 'organiser'));
    await submitReview(call, { competitionId: cid, roundId: round.id, submissionId: s1 }, 'investor1', { scores: { [round.rubric[0].id]: 80 }, comments: {}, overallComment: 'Strong.', meet: false, privateNote: '', version: 1 });
  });

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  const tile = (p: Page, label: string) => p.locator('.dashboard-tile', { has: p.locator('.dashboard-tile-label', { hasText: label }) }).locator('.dashboard-tile-value');

  it('opens first from the competition page and shows the figures, the charts and the rounds', async () => {
    page = await browsers.open('organiser@demo.test');
    await page.goto(`${podium.url}/competitions/${cid}`);
    const nav = page.getByRole('navigation', { name: 'This competition' });
    // First in the competition's navigation.
    expect((await nav.getByRole('link').first().textContent())?.trim()).toBe('Dashboard');
    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    // The title follows the page's data (an effect after the paint that shows the heading).
    await expect.poll(() => page.title()).toContain(TITLE);

    expect(await tile(page, 'Registrations').textContent()).toBe('3');
    expect(await tile(page, 'Submitted').textContent()).toBe('2');
    expect(await tile(page, 'Drafts').textContent()).toBe('1');
    expect(await tile(page, 'Pitches ready').textContent()).toBe('0');

    // The entries chart: one image with a summary naming the figures, a line per series.
    const entries = page.getByRole('img', { name: /Line chart over \d+ days: registrations 3, drafts 1, submitted 2/ });
    await entries.waitFor();
    expect(await entries.locator('polyline').count()).toBe(4);
    // Opened 50 hours ago (UTC): a point per day since, today's the last.
    const points = (await entries.locator('.line-chart-series[data-series="Submitted"] polyline').getAttribute('points'))!.split(' ');
    expect(points).toHaveLength(DAYS);

    // Reviews per round, as a table.
    const rounds = page.getByRole('table', { name: 'Reviews per round' });
    const row = rounds.getByRole('row', { name: /Port jury/ });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['2', '1', '1', '50 %', '1', '0']);
    await page.getByRole('img', { name: /Port jury 1 done, 1 pending/ }).waitFor();
    await screenshot(page, 'dashboard-laptop');
  });

  it('gives each chart’s figures as a table that opens by keyboard', async () => {
    const summary = page.getByText('The figures day by day (table)');
    await summary.focus();
    await page.keyboard.press('Enter');
    const table = page.getByRole('table', { name: 'Entries day by day' });
    await table.waitFor();
    const today = table.getByRole('row').nth(1); // newest first, under the header row
    expect(await today.getByRole('cell').allTextContents()).toEqual(['3', '1', '2', '0', '0', '0']);
    expect(await table.getByRole('row').count()).toBe(1 + DAYS);
  });

  it('recounts, shows the job finish, and the figures stay', async () => {
    await page.getByRole('button', { name: 'Recount' }).click();
    await page.getByText(/Recounted: 0 day\(s\) corrected\./).waitFor();
    await page.getByText(/last recounted/).waitFor();
    expect(await tile(page, 'Registrations').textContent()).toBe('3');
  });

  it('reads in French: the page’s own words translated, numbers and dates in French forms', async () => {
    const french = (language: string) => expectStatus(call('PUT', '/api/me/settings', 'organiser', { language }));
    const own = [TITLE, 'Port jury', 'Harbour'];
    // The check finds English when there is some (the page as it is now, in English)…
    expect(await englishLeft(page, ['dashboard.', 'dataTable.'], own)).not.toEqual([]);
    await openInFrench(page, `${podium.url}/competitions/${cid}/dashboard`, french);
    try {
      await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
      expect(await tile(page, 'Inscriptions').textContent()).toBe('3');
      await page.getByRole('img', { name: /Graphique linéaire sur \d+ jours : inscriptions 3, brouillons 1, soumises 2/ }).waitFor();
      await page.getByRole('button', { name: 'Recompter' }).waitFor();
      // …and none in French.
      expect(await englishLeft(page, ['dashboard.', 'dataTable.'], own)).toEqual([]);
    } finally {
      await backToEnglish(page, french);
    }
  });

  it('fits a 390 px phone: tiles two by two, the charts scaled, tables scrolling in their frames', async () => {
    const phone = await openPhone(podium.url, 'organiser@demo.test');
    try {
      await phone.page.goto(`${podium.url}/competitions/${cid}/dashboard`);
      await phone.page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      expect(await tile(phone.page, 'Submitted').textContent()).toBe('2');
      const widths = await phone.page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth, svg: document.querySelector('.line-chart-svg')!.getBoundingClientRect().width }));
      expect(widths.page).toBeLessThanOrEqual(widths.view);
      expect(widths.svg).toBeLessThanOrEqual(widths.view);
      await screenshot(phone.page, 'dashboard-phone');
    } finally {
      await phone.close();
    }
  });

  it('refuses an entrant (the API says who may see it)', async () => {
    const entrant = await browsers.open('sme1@demo.test');
    await entrant.goto(`${podium.url}/competitions/${cid}/dashboard`);
    await entrant.getByText('You do not have access to this page.').waitFor();
  });
});
