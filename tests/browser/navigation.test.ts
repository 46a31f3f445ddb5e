/**
 * Navigation in Chromium: each person's header shows what they use (the organiser has no "My
 * submissions" or "My reviews", the entrant has "My submissions"), the irreversible "Close
 * submissions early" sits in a danger zone and asks first, on a 390 px phone the header is a menu
 * that opens and closes by keyboard, a competition or page that does not exist says so and links
 * back, and the entrant's "open to meeting investors" choice is read back from the API in a fresh
 * browser. Then, with results published and feedback released (all through the API): the ranking,
 * the feedback report ("1st of 3") and the audit trail in words, on a laptop and on a 390 px phone.
 * The competitions, entries, reviews and results are made through the API with locally minted tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, finishedJob, mintTokens, openJuryRound, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea, submitReview } from './api-setup.ts';
import { screenshot, utcWallClock } from './support.ts';

const TITLE = `Smart Grid Call ${Date.now().toString(36)}`;
const OPT_IN = "We're open to meeting investors who are interested in our idea";

describe('navigation: by role, on a phone, not found, and the meeting opt-in read back', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let cid: string;
  let sid: string;
  let entrant: Page;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-nav-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'sme1@demo.test']));
    cid = await createOpenCompetition(
      call,
      {
        title: TITLE,
        description: 'Ideas for flexible local grids.',
        kind: 'idea',
        sectors: ['Energy'],
        rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }],
      },
      2,
    );
    await registerEntrant(call, cid, 'sme1', { org: 'Alpha Energy BV', registryId: 'BE0100000001', email: 'sme1@demo.test' });
    sid = await submitIdea(call, cid, 'sme1', { title: 'Neighbourhood batteries', sectors: [] });
  });

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  it('the organiser sees their own links, and closing submissions early is apart and confirmed', async () => {
    const page = await browsers.open('organiser@demo.test');
    await mainNav(page).getByRole('link', { name: 'My competitions' }).waitFor();
    await mainNav(page).getByRole('link', { name: /Inbox/ }).waitFor();
    expect(await mainNav(page).getByRole('link', { name: 'My submissions' }).count()).toBe(0);
    expect(await mainNav(page).getByRole('link', { name: 'My reviews' }).count()).toBe(0);

    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByText(/^Submissions close on .*\.$/).waitFor();
    // The competition's pages are navigation; the irreversible action is not among them.
    const manage = page.getByRole('navigation', { name: 'This competition' });
    await manage.getByRole('link', { name: 'Ranking' }).waitFor();
    expect(await manage.getByRole('button').count()).toBe(0);
    expect(await page.locator('.actions-bar').getByRole('button', { name: 'Close submissions early' }).count()).toBe(0);
    const danger = page.getByRole('region', { name: 'Danger zone' });
    await screenshot(page, 'nav-1-organiser-competition');

    // Cancel (or Esc) does nothing; the dialog names the consequence.
    await danger.getByRole('button', { name: 'Close submissions early' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close submissions now?' });
    await dialog.getByText(/entrants can no longer submit or edit their entries/).waitFor();
    await screenshot(page, 'nav-2-close-early-dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await danger.getByRole('button', { name: 'Close submissions early' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const still = await expectStatus(call('GET', `/api/competitions/${cid}`, 'organiser'));
    expect(still.phase).toBe('open');
  });

  it('the entrant sees "My submissions" (not "My reviews" or "My competitions") and opts in to meetings', async () => {
    entrant = await browsers.open('sme1@demo.test');
    await mainNav(entrant).getByRole('link', { name: 'My submissions' }).waitFor();
    expect(await mainNav(entrant).getByRole('link', { name: 'My reviews' }).count()).toBe(0);
    expect(await mainNav(entrant).getByRole('link', { name: 'My competitions' }).count()).toBe(0);

    await entrant.goto(`${podium.url}/competitions/${cid}/submission`);
    const box = entrant.getByLabel(OPT_IN);
    await box.waitFor();
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await entrant.getByText('Saved: you are open to meeting interested investors.').waitFor();
    const stored = await expectStatus(call('GET', `/api/competitions/${cid}/submissions/${sid}/meeting-opt-in`, 'sme1'));
    expect(stored.open).toBe(true);
  });

  it('the opt-in shows ticked in a fresh browser (it comes from the API, not this browser)', async () => {
    const fresh = await browsers.open('sme1@demo.test');
    await fresh.goto(`${podium.url}/competitions/${cid}/submission`);
    const box = fresh.getByLabel(OPT_IN);
    await expect.poll(async () => (await box.isEnabled()) && (await box.isChecked())).toBe(true);
    // Unticked there, it is unticked for the first browser too after a reload.
    await box.uncheck();
    await fresh.getByText('Saved: your contacts will not be shared with investors.').waitFor();
    await entrant.reload();
    const again = entrant.getByLabel(OPT_IN);
    await expect.poll(async () => (await again.isEnabled()) && !(await again.isChecked())).toBe(true);
  });

  it('on a 390 px phone the header is a menu that opens and closes by keyboard', async () => {
    const page = entrant;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const menu = page.getByRole('banner').getByRole('button', { name: 'Menu' });
    const link = mainNav(page).getByRole('link', { name: 'My submissions' });
    await menu.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await link.isVisible()).toBe(false);
    await screenshot(page, 'nav-3-phone-menu-closed');

    await menu.focus();
    await page.keyboard.press('Enter');
    await link.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'nav-4-phone-menu-open');
    // Tab into the menu, Esc closes it and puts the focus back on its button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('nav')?.getAttribute('aria-label'))).toBe('Main');
    await page.keyboard.press('Escape');
    await expect.poll(() => link.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Menu');

    // Space opens it again; following a link closes it.
    await page.keyboard.press(' ');
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'My submissions' }).waitFor();
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('a competition or a page that does not exist says what was not found and links back', async () => {
    const page = entrant;
    await page.goto(`${podium.url}/competitions/no-such-competition`);
    await page.getByRole('heading', { level: 1, name: 'Competition not found' }).waitFor();
    await page.getByText('There is no competition at this address, or it is not public yet.', { exact: false }).waitFor();
    await screenshot(page, 'nav-5-competition-not-found');
    await page.getByRole('main').getByRole('link', { name: 'See all competitions' }).click();
    await page.getByRole('list', { name: 'Competitions' }).getByRole('link', { name: TITLE }).waitFor();

    await page.goto(`${podium.url}/no/such/page`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.getByText('/no/such/page').waitFor();
    await page.getByRole('main').getByRole('link', { name: 'See all competitions' }).click();
    await page.getByRole('list', { name: 'Competitions' }).waitFor();
  });
});

const ENTRIES = [
  { who: 'sme1', org: 'Alpha Energy BV', registryId: 'BE0100000001', title: 'Tidal shore power', score: 90 },
  { who: 'sme2', org: 'Beta Mobility GmbH', registryId: 'DE100000002', title: 'Electric harbour tugs', score: 70 },
  { who: 'sme3', org: 'Gamma Foods SRL', registryId: 'IT10000000003', title: 'Fish-waste bioplastics', score: 40 },
] as const;
const SIZES = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe('results pages by role, on a laptop and a phone: ranking, feedback report, audit trail', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  const title = `Harbour Futures ${Date.now().toString(36)}`;
  let cid: string;
  let organiser: Page;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-nav-results-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'sme1@demo.test', 'sme2@demo.test', 'sme3@demo.test', 'investor1@demo.test']));
    cid = await createOpenCompetition(
      call,
      { title, description: 'Ideas for cleaner harbours.', kind: 'idea', sectors: ['Energy'], rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }] },
      2,
    );
    const base = `/api/competitions/${cid}`;
    const ids: Record<string, string> = {};
    for (const e of ENTRIES) {
      await registerEntrant(call, cid, e.who, { org: e.org, registryId: e.registryId, email: `${e.who}@demo.test` });
      ids[e.who] = await submitIdea(call, cid, e.who, { title: e.title, sectors: [] });
    }
    const round = await openJuryRound(call, cid, { name: 'Harbour jury', maxLoad: 5, criteria: ['Impact'] });
    const invite = await expectStatus(call('POST', `${base}/rounds/${round.id}/invitations`, 'organiser', { emails: ['investor1@demo.test'] }), 201);
    await expectStatus(call('POST', `/api/invitations/${cid}/${String(invite.items[0].link).split('/').pop()}/accept`, 'investor1', { interests: [] }));
    await finishedJob(call, 'organiser', call('POST', `${base}/rounds/${round.id}/assignment`, 'organiser'));
    for (const e of ENTRIES)
      await submitReview(call, { competitionId: cid, roundId: round.id, submissionId: ids[e.who]! }, 'investor1', {
        scores: { [round.rubric[0].id]: e.score },
        comments: {},
        overallComment: `Overall view on ${e.title}.`,
        meet: false,
        privateNote: '',
        version: 1,
      });
    // A peer round too: entrants review each other, so their header offers "My reviews" (no reviews are given in it).
    const peer = await expectStatus(
      call('POST', `${base}/rounds`, 'organiser', { name: 'Peer review', kind: 'peer', k: 1, maxLoad: 2, blind: true, opensAt: utcWallClock(-1), closesAt: utcWallClock(48), weight: 10 }),
      201,
    );
    await finishedJob(call, 'organiser', call('POST', `${base}/rounds/${peer.id}/assignment`, 'organiser'));
    await expectStatus(
      call('PUT', `${base}/prize-plan`, 'organiser', {
        plan: { currency: 'EUR', totalBudget: 5_000_000, minSmeShare: 0.75, perThirdPartyCap: 6_000_000, smeOnly: true, rankPrizes: [{ rank: 1, amount: 2_000_000, label: '1st prize' }], categories: [], reserveListLength: 1 },
        categoryPicks: [],
        version: 0,
      }),
    );
    let c = await expectStatus(call('GET', base, 'organiser'));
    await expectStatus(call('POST', `${base}/close`, 'organiser', { version: c.version }));
    // The ranking is computed in the background after the reviews: wait until all three are ranked.
    let ranked: unknown;
    for (let i = 0; i < 120 && ranked !== 3; i++) {
      ranked = (await call('GET', `${base}/ranking`, 'organiser')).json?.rankedCount;
      if (ranked !== 3) await new Promise((r) => setTimeout(r, 250));
    }
    expect(ranked).toBe(3);
    const confirmed = await expectStatus(call('POST', `${base}/awards`, 'organiser', { awards: [{ submissionId: ids.sme1, type: 'prize', rank: 1 }] }));
    expect(confirmed.results[0].status).toBe('confirmed');
    c = await expectStatus(call('GET', base, 'organiser'));
    const started = await expectStatus(call('POST', `${base}/results/publish`, 'organiser', { version: c.version, override: { reason: 'Announced at the harbour day.' } }), 202);
    await finishedJob(call, 'organiser', Promise.resolve({ status: 202, json: started.job }));
    c = await expectStatus(call('GET', base, 'organiser'));
    await expectStatus(call('POST', `${base}/feedback/release`, 'organiser', { version: c.version }));
  });

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it("the organiser's competition page and ranking; on a phone the ranking says it scrolls", async () => {
    organiser = await browsers.open('organiser@demo.test');
    for (const size of SIZES) {
      await organiser.setViewportSize(size);
      await organiser.goto(`${podium.url}/competitions/${cid}`);
      await organiser.getByRole('heading', { level: 1, name: title }).waitFor();
      await organiser.getByText(/^Results published on .* — see the results\.$/).waitFor();
      // No danger zone once nothing irreversible is left to do there.
      expect(await organiser.getByRole('region', { name: 'Danger zone' }).count()).toBe(0);
      await screenshot(organiser, `nav-competition-organiser-${size.name}`);

      await organiser.goto(`${podium.url}/competitions/${cid}/ranking`);
      await organiser.getByRole('table').filter({ hasText: ENTRIES[0].title }).waitFor();
      const region = organiser.getByRole('region', { name: 'Ranking (scrolls sideways)' });
      if (size.name === 'phone') {
        await region.waitFor();
        expect(await region.getAttribute('tabindex')).toBe('0');
        await organiser.getByText('Scroll sideways for more columns →').waitFor();
        // Focusable: the keyboard scrolls it.
        await region.focus();
        await organiser.keyboard.press('ArrowRight');
        await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
      } else expect(await region.count()).toBe(0);
      await screenshot(organiser, `nav-ranking-${size.name}`);
    }
    await organiser.setViewportSize({ width: 1280, height: 900 });
  });

  it('the winner reads "1st of 3" and the method in plain words behind "How is this computed?"', async () => {
    const winner = await browsers.open('sme1@demo.test');
    // An entrant with peer reviews to do sees "My reviews" beside "My submissions".
    await winner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My reviews' }).waitFor();
    await winner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My submissions' }).waitFor();
    for (const size of SIZES) {
      await winner.setViewportSize(size);
      await winner.goto(`${podium.url}/competitions/${cid}/feedback`);
      await winner.locator('.place-headline', { hasText: '1st of 3' }).waitFor();
      await winner.getByText('the highest final score of the 3 ranked submissions').waitFor();
      expect(await winner.locator('main').textContent()).not.toContain('top half');
      await screenshot(winner, `nav-feedback-${size.name}`);
    }
    await winner.getByRole('heading', { name: 'How the scores are computed' }).waitFor();
    const plain = winner.getByText('Fair to strict and generous reviewers.');
    expect(await plain.isVisible()).toBe(false);
    await winner.locator('summary', { hasText: 'How is this computed?' }).click();
    await plain.waitFor();
    const exact = winner.locator('summary', { hasText: 'The exact rules, with the formulas' });
    await exact.waitFor();
    await screenshot(winner, 'nav-feedback-method-phone');

    const third = await browsers.open('sme3@demo.test');
    await third.goto(`${podium.url}/competitions/${cid}/feedback`);
    await third.locator('.place-headline', { hasText: '3rd of 3' }).waitFor();
    await third.getByText('the lowest final score of the 3 ranked submissions').waitFor();
  });

  it('the audit trail reads in words, names its targets (ids on hover) and filters by action, person and date', async () => {
    const page = organiser;
    await page.goto(`${podium.url}/competitions/${cid}/audit`);
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    const table = page.getByRole('table', { name: 'Audit trail' });
    await table.getByRole('row', { name: /organiser@demo\.test published the competition/ }).waitFor();
    await table.getByRole('row', { name: /organiser@demo\.test created the round Harbour jury/ }).waitFor();
    await table.getByRole('row', { name: /sme2@demo\.test submitted “Electric harbour tugs”/ }).waitFor();
    await table.getByRole('row', { name: /sme3@demo\.test registered Gamma Foods SRL as an entrant/ }).waitFor();
    expect(await table.textContent()).not.toContain('competition.published');
    const target = table.locator('.audit-target', { hasText: 'Harbour jury' }).first();
    expect(await target.getAttribute('title')).toMatch(/^round:/);

    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'submitted a submission' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    await page.getByLabel('Person', { exact: true }).selectOption('sme2@demo.test');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await page.getByText('1 matching entry loaded.').waitFor(); // filtered by the API, over the whole trail
    await page.getByLabel('From', { exact: true }).fill('2000-01-01');
    await page.getByLabel('To', { exact: true }).fill('2000-01-02');
    await page.getByText('No entry matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(10);
    await screenshot(page, 'nav-audit-laptop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'nav-audit-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
