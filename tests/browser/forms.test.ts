/**
 * The competition editor in Chromium, as a new organiser meets it: saving an empty form reports
 * every problem at once, under the form's own labels ("Question 1", "Submissions open"), with
 * "Required." for dates that are merely empty; the time-zone list starts with the browser's zone
 * and Europe's; publishing asks first in a dialog that names the consequence, and the page after
 * shows one banner for the one outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, mintTokens, startLocalPodium, stopLocalPodium } from './api-setup.ts';
import { screenshot, utcWallClock } from './support.ts';

const TITLE = `Forms Challenge ${Date.now().toString(36)}`;

/** The error message shown under the field labelled `label` (via its aria-describedby). */
async function fieldError(page: Page, label: string | RegExp): Promise<string> {
  const field = page.getByLabel(label);
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  const id = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').find((x) => x.endsWith('-error'));
  return (await page.locator(`[id="${id}"]`).textContent()) ?? '';
}

describe('forms: the competition editor reports every problem at once, offers likely time zones, asks before publishing', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let page: Page;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-forms-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test']));
  });

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('(a) an empty save lists every problem at once, in the form’s words; the likely time zones come first', async () => {
    page = await browsers.open('organiser@demo.test');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${podium.url}/competitions/new`);
    await page.getByRole('heading', { level: 1, name: 'New competition' }).waitFor();

    // The time-zone list: the browser's own zone first, then Europe's, then all the others.
    const zone = page.getByLabel('Time zone');
    const groups = await zone.evaluate((s) =>
      [...(s as HTMLSelectElement).querySelectorAll('optgroup')].map((g) => ({ label: g.label, zones: [...g.querySelectorAll('option')].map((o) => o.value) })),
    );
    const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(groups.map((g) => g.label)).toEqual(['Likely', 'All time zones']);
    const likely = groups[0]!.zones;
    expect(likely[0]).toBe(browserZone);
    expect(await zone.inputValue()).toBe(browserZone);
    const european = likely.slice(1).filter((z) => z !== 'UTC');
    expect(european.length).toBeGreaterThan(20);
    expect(european.every((z) => z.startsWith('Europe/'))).toBe(true);
    expect(european).toEqual(expect.arrayContaining(['Europe/Brussels', 'Europe/Berlin', 'Europe/Lisbon']));
    expect(groups[1]!.zones).toContain('America/New_York');
    expect(groups[1]!.zones.some((z) => likely.includes(z))).toBe(false); // each zone once

    // An empty question and an unnamed criterion, then Save with nothing else filled in.
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByRole('button', { name: 'Add criterion' }).click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Please fix the following' });
    await summary.waitFor();
    const items = await summary.getByRole('link').allTextContents();
    // Every problem in one go, named as the form names them (no "questions.0.label", no "Schedule › …"),
    // in the order the fields appear on the page.
    const expected = [
      'Title: Required.',
      'Submissions open: Required.',
      'Submissions close: Required.',
      'Evaluation starts: Required.',
      'Evaluation ends: Required.',
      'Results announced: Required.',
      'Criterion 1 › name: Required.',
      'Question 1: Required.',
    ];
    expect(items).toEqual(expect.arrayContaining(expected));
    expect(items.filter((i) => expected.includes(i))).toEqual(expected);
    for (const item of items) expect(item).not.toMatch(/\w\.\w|\.\d|Schedule ›|ISO instant/);
    await summary.getByText(/^\d+ things need attention before this can be saved\.$/).waitFor();
    // A date that is merely empty says so, not how to write one.
    expect(await fieldError(page, 'Submissions open')).toBe('Required.');
    expect((await call('GET', '/api/me/competitions', 'organiser')).json.items.filter((c: { title: string }) => c.title === TITLE)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'forms-1-empty-save');
  });

  it('(b) publishing asks first and names the consequence; afterwards one banner says what happened', async () => {
    await page.getByLabel(/^Title/).fill(TITLE);
    await page.getByLabel('Time zone').selectOption('UTC');
    await page.getByLabel('Submissions open').fill(utcWallClock(-1));
    await page.getByLabel('Submissions close').fill(utcWallClock(24 * 7));
    await page.getByLabel('Evaluation starts').fill(utcWallClock(24 * 8));
    await page.getByLabel('Evaluation ends').fill(utcWallClock(24 * 14));
    await page.getByLabel('Results announced').fill(utcWallClock(24 * 21));
    await page.getByRole('group', { name: 'Question 1' }).getByLabel(/^Question/).fill('Which market do you start in?');
    await page.getByRole('group', { name: 'Criterion 1' }).getByLabel('Name').fill('Impact');

    // Cancel: nothing is saved or published.
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Publish “${TITLE}”?` });
    await dialog.getByText(/It becomes public/).waitFor();
    await dialog.getByText(/cannot go back to a draft/).waitFor();
    await screenshot(page, 'forms-2-publish-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await call('GET', '/api/me/competitions', 'organiser')).json.items.filter((c: { title: string }) => c.title === TITLE)).toEqual([]);

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByText('Published — the competition is now public.').waitFor();
    // One outcome, one banner: no "Saved." beside "Published".
    const banners = await page.locator('main .notice-success').allTextContents();
    expect(banners).toEqual(['Published — the competition is now public.']);
    const mine = (await call('GET', '/api/me/competitions', 'organiser')).json.items.filter((c: { title: string }) => c.title === TITLE);
    expect(mine).toHaveLength(1);
    expect(mine[0].status).toBe('published');
    await screenshot(page, 'forms-3-published');
  });
});
