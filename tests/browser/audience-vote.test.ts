/**
 * The audience vote in Chromium (issue 12 §3): three teams submit entries through the API. Then, in
 * the browser: the organiser sets up a vote (window, two choices, no live counts) from the
 * competition's page; a visitor opens the vote, is asked to sign in, and votes for two entries (the
 * live "2 of 2 chosen", the third box disabled); a second voter on a phone (390×844) votes and then
 * changes their ballot, without the page scrolling sideways; an entrant sees their own entry
 * refused with the reason (and the API refuses it too), and after ten ballot writes in ten minutes
 * is told to wait (the ballot unchanged); more people vote through the API, so the
 * ballots from one network in minutes are flagged as a burst; the organiser filters the flagged
 * ballots (as the API lists them), voids one with a written reason (its votes leave the count, the
 * audit trail has the reason) and restores another's after voiding it; then closes the vote by
 * moving its end to now, and the public page shows the counts the API answers, as a table and bars
 * (the settings lock once the closed vote is counted); last, a prize-plan category is marked as
 * funded by the audience vote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, castBallot, createOpenCompetition, expectStatus, mintTokens, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea } from './api-setup.ts';
import { screenshot, signIn, utcWallClock } from './support.ts';

const SMES = [
  { who: 'sme1', org: 'Alpha Energy BV', registryId: 'BE0100000001', email: 'a@alpha-energy.eu', sectors: ['Energy'], title: 'Rooftop wind turbines' },
  { who: 'sme2', org: 'Beta Mobility GmbH', registryId: 'DE100000002', email: 'b@beta-mobility.eu', sectors: ['Mobility'], title: 'Shared cargo bikes' },
  { who: 'sme3', org: 'Gamma Foods SRL', registryId: 'IT10000000003', email: 'c@gamma-foods.eu', sectors: ['Food'], title: 'Insect protein snacks' },
] as const;
const VOTERS = ['investor1', 'investor2', 'sme4', 'sme5', 'sme6'] as const;
/** The rate limits' window (functions/domain/audience-vote.ts RATE_WINDOW_MINUTES). */
const RATE_WINDOW_MS = 10 * 60_000;
const REASON = 'Cast from a shared kiosk by the stand of one team; the team asked visitors to vote for them.';

/** Horizontal overflow of the whole page: how wide the document is against the window. */
const pageWidth = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, window: window.innerWidth }));

describe('audience vote: set-up, voting on desktop and phone, own entry refused, voiding, results after close', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let cid: string;
  const entries = {} as Record<(typeof SMES)[number]['who'], string>;
  const title = (who: string) => SMES.find((s) => s.who === who)!.title;
  let organiser: Page;
  const base = () => `/api/competitions/${cid}/audience-vote`;
  const myBallot = async (who: string) => (await expectStatus(call('GET', base(), who))).myBallot?.choices as string[] | undefined;
  const counts = async () => {
    const r = await expectStatus(call('GET', `${base()}/results`, 'organiser'));
    return { ...r, votes: Object.fromEntries(r.items.map((i: any) => [i.submissionId, i.votes])) as Record<string, number> };
  };

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-audience-vote-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', ...SMES.map((s) => `${s.who}@demo.test`), ...VOTERS.map((v) => `${v}@demo.test`)]));
    cid = await createOpenCompetition(
      call,
      {
        title: `Audience Award ${Date.now().toString(36)}`,
        description: 'Ideas for a greener city; the public picks its favourite.',
        kind: 'idea',
        sectors: ['Energy', 'Mobility', 'Food'],
        rubric: [{ name: 'Overall', description: 'How good is it?', weight: 1, scale: { min: 1, max: 10 } }],
      },
      2,
    );
    for (const s of SMES) {
      await registerEntrant(call, cid, s.who, s);
      entries[s.who] = await submitIdea(call, cid, s.who, s);
    }
    organiser = await browsers.open('organiser@demo.test');
  }, 120_000);

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('(1) the organiser sets up the vote from the competition page: window, two choices, counts hidden', async () => {
    const page = organiser;
    // Without a vote the competition page does not ask for one (the competition says it has none: no 404 per view).
    const asked: string[] = [];
    let listening = true;
    page.on('request', (r) => {
      if (listening && new URL(r.url()).pathname.endsWith('/audience-vote')) asked.push(r.url());
    });
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    listening = false;
    expect(asked).toEqual([]);
    await page.getByRole('navigation', { name: 'This competition' }).getByRole('link', { name: 'Audience vote' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audience vote' }).waitFor();
    await page.getByText('This competition has no audience vote yet.').waitFor();
    await page.getByLabel('Voting opens').fill(utcWallClock(-1));
    await page.getByLabel('Voting closes').fill(utcWallClock(24));
    await page.getByLabel('Choices per ballot').fill('2');
    expect(await page.getByLabel('Show the count while the vote is open (live counts)').isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Set up the audience vote' }).click();
    await page.getByText('Audience vote saved.').waitFor();
    await page.getByRole('button', { name: 'Save the audience vote' }).waitFor();
    const vote = await expectStatus(call('GET', base(), 'organiser'));
    expect(vote).toMatchObject({ phase: 'open', maxChoices: 2, liveCounts: false });
    // The window as typed, in the competition's zone (UTC here), to the minute.
    expect(vote.opensAt.slice(0, 16)).toBe(utcWallClock(-1));
    expect(vote.method).toContain('one ballot');
    await page.getByText(/^Open from /).waitFor();
    await screenshot(page, 'audience-vote-settings');
  });

  it('(2) a visitor is asked to sign in, then picks two entries ("2 of 2 chosen", the third disabled) and saves', async () => {
    const page = await browsers.open();
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('link', { name: 'Vote', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Audience vote' }).waitFor();
    // Everyone sees the entries and the method; the boxes wait for a signed-in voter.
    await page.getByText('How the vote works').click();
    await page.getByText(/entrants may not vote for their own entry/).waitFor();
    expect(await page.getByLabel(new RegExp(title('sme1'))).isDisabled()).toBe(true);
    await signIn(page, 'investor1@demo.test', page.getByRole('button', { name: 'Sign in to vote' }));
    await page.getByRole('heading', { level: 1, name: 'Audience vote' }).waitFor();
    await page.getByText('0 of 2 chosen').waitFor();
    await page.getByLabel(new RegExp(title('sme1'))).check();
    await page.getByText('1 of 2 chosen').waitFor();
    // Search narrows the list; the choice stays.
    await page.getByLabel('Search the entries').fill('cargo');
    expect(await page.locator('.vote-candidate').count()).toBe(1);
    // From the keyboard: Tab from the search box to the one entry left, Space ticks it.
    await page.getByLabel('Search the entries').press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.textContent)).toContain(title('sme2'));
    await page.keyboard.press('Space');
    expect(await page.getByLabel(new RegExp(title('sme2'))).isChecked()).toBe(true);
    await page.getByLabel('Search the entries').fill('');
    await page.getByText('2 of 2 chosen').waitFor();
    expect(await page.getByLabel(new RegExp(title('sme3'))).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Save my ballot' }).click();
    await page.getByText(/Your ballot is saved: /).waitFor();
    expect((await myBallot('investor1'))?.sort()).toEqual([entries.sme1, entries.sme2].sort());
    // Counts are hidden from voters until the close.
    expect((await call('GET', `${base()}/results`, 'investor1')).status).toBeGreaterThanOrEqual(400);
    await expect(page.getByRole('heading', { name: 'Live count' }).count()).resolves.toBe(0);
  });

  it('(3) on a phone a second voter votes, then changes their ballot; the page fits the window', async () => {
    const { page } = await browsers.launch();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${podium.url}/competitions/${cid}/vote`);
    // A fresh browser's first load (the app's code, then the vote and its entries) can be slow on a busy machine.
    await page.getByRole('button', { name: 'Sign in to vote' }).waitFor({ timeout: 30_000 });
    await signIn(page, 'investor2@demo.test', page.getByRole('button', { name: 'Sign in to vote' }));
    await page.getByText('0 of 2 chosen').waitFor();
    await page.locator('.vote-candidate', { hasText: title('sme3') }).click(); // the whole card is the target
    await page.getByText('1 of 2 chosen').waitFor();
    await page.getByRole('button', { name: 'Save my ballot' }).click();
    await page.getByText(/Your ballot is saved: /).waitFor();
    expect(await myBallot('investor2')).toEqual([entries.sme3]);
    const width = await pageWidth(page);
    expect(width.scroll).toBeLessThanOrEqual(width.window);
    // Large targets for a thumb: each entry's card is the tap target, the full width of the phone.
    const card = (await page.locator('.vote-candidate').first().boundingBox())!;
    expect(card.height).toBeGreaterThanOrEqual(48);
    expect(card.width).toBeGreaterThan(300);
    await screenshot(page, 'audience-vote-phone-390x844');

    // Changed: the saved ballot is shown after a reload, and a new pick replaces it.
    await page.reload();
    await page.getByText('1 of 2 chosen').waitFor();
    expect(await page.getByLabel(new RegExp(title('sme3'))).isChecked()).toBe(true);
    await page.getByLabel(new RegExp(title('sme3'))).uncheck();
    await page.getByLabel(new RegExp(title('sme1'))).check();
    await page.getByRole('button', { name: 'Change my ballot' }).click();
    await page.getByText(/Your ballot is changed: Rooftop wind turbines/).waitFor();
    expect(await myBallot('investor2')).toEqual([entries.sme1]);
    const c = await counts();
    expect(c.votes[entries.sme1]).toBe(2);
    expect(c.votes[entries.sme3] ?? 0).toBe(0);
    expect(c.ballots).toBe(2);
  });

  it('(4) an entrant cannot vote for their own entry: the page says why, and the API refuses it', async () => {
    const page = await browsers.open('sme1@demo.test');
    await page.goto(`${podium.url}/competitions/${cid}/vote`);
    const own = page.getByLabel(new RegExp(title('sme1')));
    await own.waitFor();
    expect(await own.isDisabled()).toBe(true);
    await page.getByText("Your team's entry — entrants cannot vote for their own entry.").waitFor();
    expect(await page.getByLabel(new RegExp(title('sme2'))).isDisabled()).toBe(false);
    const refused = await call('PUT', `${base()}/ballot`, 'sme1', { choices: [entries.sme1] });
    expect(refused.status).toBe(403);
    expect(await myBallot('sme1')).toBeUndefined();
  });

  it('(5) an account that wrote its ballot ten times in ten minutes is told to wait; the ballot stays as it was', async () => {
    // The limits count per ten-minute window: not within 45 s of a window's end, so all eleven writes fall in one.
    const left = RATE_WINDOW_MS - (Date.now() % RATE_WINDOW_MS);
    if (left < 45_000) await new Promise((r) => setTimeout(r, left + 1_000));
    for (let i = 0; i < 10; i++) await castBallot(call, cid, 'sme1', [i % 2 ? entries.sme2 : entries.sme3]);
    expect(await myBallot('sme1')).toEqual([entries.sme2]);
    const page = await browsers.open('sme1@demo.test');
    await page.goto(`${podium.url}/competitions/${cid}/vote`);
    await page.getByText('1 of 2 chosen').waitFor();
    await page.getByLabel(new RegExp(title('sme3'))).check();
    await page.getByRole('button', { name: 'Change my ballot' }).click();
    await page.getByRole('alert').getByText(/You changed your ballot 10 times in the last 10 minutes; wait a few minutes/).waitFor();
    expect(await myBallot('sme1')).toEqual([entries.sme2]);
  });

  it('(6) the organiser reviews the ballots: flagged only (as the API lists them), void with a reason, restore', async () => {
    const page = organiser;
    await page.goto(`${podium.url}/competitions/${cid}/vote/review`);
    await page.getByRole('heading', { name: 'Ballots' }).waitFor();
    const rows = page.locator('.ballots-table tbody tr');
    // Three ballots so far (investor1, investor2, sme1), none flagged: the filter leaves none.
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByLabel('Flagged ballots only').check();
    await page.waitForURL(/flagged=true/);
    await page.getByText('No flagged ballots.').waitFor();
    expect((await expectStatus(call('GET', `${base()}/ballots?flagged=true&limit=100`, 'organiser'))).items).toEqual([]);

    // Three more people vote from the same network within minutes: five or more ballots from this
    // machine in five minutes are a burst, and every one of them is flagged.
    await castBallot(call, cid, 'sme4', [entries.sme2]);
    await castBallot(call, cid, 'sme5', [entries.sme2, entries.sme3]);
    await castBallot(call, cid, 'sme6', [entries.sme2]);
    const flagged = (await expectStatus(call('GET', `${base()}/ballots?flagged=true&limit=100`, 'organiser'))).items;
    expect(flagged.map((b: any) => b.flags)).toEqual(Array(6).fill(['burst']));
    await page.reload();
    await expect.poll(() => rows.count()).toBe(flagged.length);
    for (const b of flagged) await page.locator('.ballots-table tbody tr', { hasText: b.voter }).getByText('burst', { exact: true }).waitFor();
    await page.getByLabel('Flagged ballots only').uncheck();
    await expect.poll(() => rows.count()).toBe(6);
    await page.getByText('6 ballots counted.').waitFor();

    // Void a ballot with one vote for sme2 (sme1's, sme4's or sme6's): the reason is required, then the count drops.
    const all = (await expectStatus(call('GET', `${base()}/ballots?limit=100`, 'organiser'))).items;
    const target = all.find((b: any) => b.choices.length === 1 && b.choices[0] === entries.sme2);
    const before = await counts();
    await page.getByRole('button', { name: `Void the ballot of ${target.voter}` }).click();
    const dialog = page.getByRole('dialog', { name: `Void the ballot of ${target.voter}?` });
    await dialog.getByRole('button', { name: 'Void the ballot' }).click();
    await dialog.getByText('Write why this ballot does not count.').waitFor();
    await dialog.getByLabel('Reason').fill(REASON);
    await dialog.getByRole('button', { name: 'Void the ballot' }).click();
    await page.getByText(`The ballot of ${target.voter} is voided; its votes no longer count.`).waitFor();
    await page.locator('.ballots-table tbody tr', { hasText: target.voter }).getByText(`“${REASON}”`).waitFor();
    const after = await counts();
    expect(after.voided).toBe(before.voided + 1);
    expect(after.votes[entries.sme2]).toBe(before.votes[entries.sme2]! - 1);
    await page.getByText(`${after.ballots} ballots counted (${after.voided} voided).`).waitFor();
    const audit = await expectStatus(call('GET', `/api/competitions/${cid}/audit?limit=100`, 'organiser'));
    expect(JSON.stringify(audit.items)).toContain(REASON);

    // Restore it: the vote counts again.
    await page.getByRole('button', { name: `Restore the ballot of ${target.voter}` }).click();
    await page.getByText(`The ballot of ${target.voter} counts again.`).waitFor();
    expect((await counts()).votes[entries.sme2]).toBe(before.votes[entries.sme2]);
    // …and void it again for good.
    await page.getByRole('button', { name: `Void the ballot of ${target.voter}` }).click();
    await dialog.getByLabel('Reason').fill(REASON);
    await dialog.getByRole('button', { name: 'Void the ballot' }).click();
    await page.getByText(`The ballot of ${target.voter} is voided; its votes no longer count.`).waitFor();
    await screenshot(page, 'audience-vote-review');
    // On a phone the ballots table scrolls inside its frame, not the page.
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await pageWidth(page);
    expect(width.scroll).toBeLessThanOrEqual(width.window);
    await screenshot(page, 'audience-vote-review-390x844');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('(7) after the close the public page shows the counts the API answers, as a table and bars', async () => {
    const page = organiser;
    await page.goto(`${podium.url}/competitions/${cid}/vote/review`);
    await page.getByLabel('Voting closes').fill(utcWallClock(0));
    await page.getByRole('button', { name: 'Save the audience vote' }).click();
    await page.getByText('Audience vote saved.').waitFor();
    const vote = await expectStatus(call('GET', base(), 'investor1'));
    expect(vote.phase).toBe('closed');

    // Anyone, signed in or not, sees the results now.
    const results = await expectStatus(call('GET', `${base()}/results`, 'investor1'));
    expect(results.phase).toBe('closed');
    const visitor = await browsers.open();
    await visitor.goto(`${podium.url}/competitions/${cid}/vote`);
    await visitor.getByRole('heading', { name: 'Results' }).waitFor();
    await visitor.getByText(`${results.ballots} ballots counted${results.voided ? ` (${results.voided} voided)` : ''}.`).waitFor();
    const table = visitor.locator('.vote-results-table tbody tr');
    await expect.poll(() => table.count()).toBe(results.items.length);
    for (const [i, item] of results.items.entries()) {
      const cells = await table.nth(i).locator('td').allInnerTexts();
      expect(cells).toEqual([String(item.rank), item.title, String(item.votes)]);
    }
    // sme2: investor1, sme1, sme4, sme5, sme6 less the voided one; sme1: investor1 + investor2; sme3: sme5.
    expect(results.items.map((i: any) => [i.title, i.votes])).toEqual([
      [title('sme2'), 4],
      [title('sme1'), 2],
      [title('sme3'), 1],
    ]);
    expect(await visitor.locator('.vote-chart .rank-chart-bar').count()).toBe(3);
    // The bars are relative to the most votes: the first is full width.
    const bar = await visitor.locator('.vote-chart .rank-chart-bar').first().getAttribute('style');
    expect(bar).toContain('width: 100%');
    // Ballots can no longer be cast or changed.
    expect(await visitor.getByRole('button', { name: /my ballot/ }).count()).toBe(0);
    expect((await call('PUT', `${base()}/ballot`, 'investor1', { choices: [entries.sme3] })).status).toBe(409);
    await screenshot(visitor, 'audience-vote-results');

    // Once the closed vote is counted from its ballots (a job started by the first read after the
    // close), its settings are locked on the organiser's page.
    await expect.poll(async () => (await expectStatus(call('GET', base(), 'organiser'))).finalisedAt, { timeout: 30_000 }).toBeTruthy();
    await page.reload();
    await page
      .getByText(/The vote has closed and been counted/)
      .waitFor()
      .catch(async (e: Error) => {
        // Name what the API says at that moment, next to what the page shows.
        await screenshot(page, 'audience-vote-locked-failure');
        throw new Error(`${e.message}\nThe API's vote now: ${JSON.stringify(await expectStatus(call('GET', base(), 'organiser')))}`);
      });
    expect(await page.getByLabel('Voting closes').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save the audience vote' }).isDisabled()).toBe(true);
  });

  it("(8) in the prize plan a category is funded by the audience vote: the checkbox is stored and the manual pick gives way", async () => {
    const url = `/api/competitions/${cid}/prize-plan`;
    await expectStatus(
      call('PUT', url, 'organiser', {
        plan: { currency: 'EUR', totalBudget: 10_000_000, minSmeShare: 0.75, perThirdPartyCap: 6_000_000, smeOnly: true, rankPrizes: [{ rank: 1, amount: 5_000_000, label: '1st place' }], categories: [], reserveListLength: 1 },
        categoryPicks: [],
        version: 0,
      }),
    );
    const page = organiser;
    await page.goto(`${podium.url}/competitions/${cid}/awards`);
    await page.getByRole('navigation', { name: 'Awards workflow' }).getByRole('button', { name: 'Prize plan', exact: true }).click();
    const plan = page.getByRole('form', { name: 'Prize plan' });
    await plan.getByRole('button', { name: 'Add a category' }).click();
    const category = plan.getByRole('group', { name: 'Category 1' });
    await category.getByLabel('Name').fill('Audience award');
    await category.getByLabel('Amount (€)').fill('5000');
    await category.getByLabel(/Funded by the audience vote/).check();
    expect(await category.getByLabel('Winner (your pick)').isDisabled()).toBe(true);
    await plan.getByRole('button', { name: 'Save prize plan' }).click();
    await page.getByText('Prize plan saved.').waitFor();
    const saved = await expectStatus(call('GET', url, 'organiser'));
    expect(saved.plan.categories).toEqual([expect.objectContaining({ name: 'Audience award', amount: 500_000, audienceVote: true })]);
    expect(saved.categoryPicks).toEqual([]);
    // After a reload the form shows it again, the pick left to the vote.
    await page.reload();
    await page.getByRole('navigation', { name: 'Awards workflow' }).getByRole('button', { name: 'Prize plan', exact: true }).click();
    expect(await plan.getByRole('group', { name: 'Category 1' }).getByLabel(/Funded by the audience vote/).isChecked()).toBe(true);
    await plan.getByRole('group', { name: 'Category 1' }).getByText('— The audience vote decides —').waitFor({ state: 'attached' });
  });
});
