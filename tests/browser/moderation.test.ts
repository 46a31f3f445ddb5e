/**
 * Moderation in Chromium (issue 11): a competition with an impartial peer round (shortlist of 2)
 * and an investor jury round; six entrants submit, both assignments run, and every review is
 * submitted through the API — one team (sme1) gives every competitor the minimum. Then the
 * organiser, in the browser: reads the round page's impartial shortlist (2 chosen, each entrant's
 * chance, as the API answers) and the reviewer consensus table (the strategic team flagged, first);
 * excludes the strategic team's review of a submission with a written reason, the dialog driven by
 * the keyboard alone (Escape cancels first, then Tab/Enter), sees it marked excluded and the
 * ranking page's review count and raw score for that submission change as the API's ranking says,
 * then counts it again; sorts the spread table by SD (most contested first, as the API orders it);
 * asks for an extra review (the API's round reviews list has one more for that submission); and on
 * a phone (390×844) uses the dialog and the consensus table without the page scrolling sideways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, type Call, createOpenCompetition, expectStatus, finishedJob, mintTokens, openJuryRound, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea, submitReview } from './api-setup.ts';
import { backToEnglish, openInFrench } from './i18n-check.ts';
import { screenshot, utcWallClock } from './support.ts';

const SMES = [
  { who: 'sme1', org: 'Alpha Energy BV', registryId: 'BE0100000001', email: 'a@alpha-energy.eu', sectors: ['Energy'], title: 'Rooftop wind turbines' },
  { who: 'sme2', org: 'Beta Mobility GmbH', registryId: 'DE100000002', email: 'b@beta-mobility.eu', sectors: ['Mobility'], title: 'Shared cargo bikes' },
  { who: 'sme3', org: 'Gamma Foods SRL', registryId: 'IT10000000003', email: 'c@gamma-foods.eu', sectors: ['Food'], title: 'Insect protein snacks' },
  { who: 'sme4', org: 'Delta Health Oy', registryId: 'FI10000004', email: 'd@delta-health.eu', sectors: ['Health'], title: 'Remote physiotherapy' },
  { who: 'sme5', org: 'Epsilon Water AS', registryId: 'NO100000005', email: 'e@epsilon-water.eu', sectors: ['Energy'], title: 'Greywater heat pumps' },
  { who: 'sme6', org: 'Zeta Textiles Lda', registryId: 'PT100000006', email: 'f@zeta-textiles.eu', sectors: ['Food'], title: 'Compostable packaging' },
] as const;
const STRATEGIC = 'sme1';
const REASON = 'Gave 1 on every criterion to every competitor; the comments do not discuss this submission.';

/** Horizontal overflow of the whole page: how wide the document is against the window. */
const pageWidth = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, window: window.innerWidth }));

/** The organisers' review items of a round (all of them: fewer than 200 here). */
async function roundReviews(call: Call, cid: string, roundId: string, submissionId?: string): Promise<any[]> {
  const q = submissionId ? `&submissionId=${submissionId}` : '';
  return (await expectStatus(call('GET', `/api/competitions/${cid}/rounds/${roundId}/reviews?limit=200${q}`, 'organiser'))).items;
}

/** The API's ranking once it is current (recomputed in the background after each change). */
async function currentRanking(call: Call, cid: string): Promise<any> {
  let r = await expectStatus(call('GET', `/api/competitions/${cid}/ranking?limit=500`, 'organiser'));
  for (let i = 0; i < 300 && r.stale; i++) {
    await new Promise((res) => setTimeout(res, 100));
    r = await expectStatus(call('GET', `/api/competitions/${cid}/ranking?limit=500`, 'organiser'));
  }
  expect(r.stale).toBe(false);
  return r;
}

/** "raw 43.2 · n=2" as the ranking page writes a submission's figures in a round, from the API's ranking. */
function rankedCell(ranking: any, submissionId: string, roundId: string): string {
  const o = ranking.ranked.find((s: any) => s.submissionId === submissionId).rounds.find((x: any) => x.roundId === roundId);
  return `raw ${o.rawMean.toFixed(1)} · n=${o.reviews}${o.trimmed ? ' · trimmed' : ''}`;
}

describe('moderation: impartial shortlist, reviewer consensus, excluding a review, the spread and an extra review', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let cid: string;
  let peer: any;
  let jury: any;
  const submissions: Record<string, string> = {};
  const titleOf = (sid: string) => SMES.find((s) => submissions[s.who] === sid)!.title;
  /** The submission whose review by the strategic team is excluded. */
  let target: string;
  let organiser: Page;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-moderation-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', ...SMES.map((s) => `${s.who}@demo.test`), 'investor1@demo.test', 'investor2@demo.test']));
    cid = await createOpenCompetition(
      call,
      {
        title: `Fair Judging ${Date.now().toString(36)}`,
        description: 'Ideas judged by peers and investors.',
        kind: 'idea',
        sectors: ['Energy', 'Mobility', 'Food', 'Health'],
        rubric: [{ name: 'Overall', description: 'How good is it?', weight: 1, scale: { min: 1, max: 10 } }],
      },
      2,
    );
    for (const s of SMES) {
      await registerEntrant(call, cid, s.who, s);
      submissions[s.who] = await submitIdea(call, cid, s.who, s);
    }
    const base = `/api/competitions/${cid}/rounds`;

    // The impartial peer round: two groups of three, each team reviews two of the other group.
    peer = await expectStatus(
      call('POST', base, 'organiser', {
        name: 'Peer review',
        kind: 'peer',
        k: 2,
        maxLoad: 3,
        blind: true,
        opensAt: utcWallClock(-1),
        closesAt: utcWallClock(24 * 3),
        weight: 40,
        rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 10 } }],
        impartial: { k: 2 },
      }),
      201,
    );
    expect(peer.impartial).toEqual({ k: 2 });
    await finishedJob(call, 'organiser', call('POST', `${base}/${peer.id}/assignment`, 'organiser'));

    // The investor jury: one review per submission, from either of two investors.
    jury = await openJuryRound(call, cid, { name: 'Investor jury', maxLoad: SMES.length, criteria: ['Potential'] });
    const invite = await expectStatus(call('POST', `${base}/${jury.id}/invitations`, 'organiser', { emails: ['investor1@demo.test', 'investor2@demo.test'] }), 201);
    for (const i of invite.items as { email: string; link: string }[])
      await expectStatus(call('POST', `/api/invitations/${cid}/${i.link.split('/').pop()}/accept`, i.email.split('@')[0]!, { interests: [] }));
    await finishedJob(call, 'organiser', call('POST', `${base}/${jury.id}/assignment`, 'organiser'));

    // Every review submitted: sincere teams rate a submission by its place in SMES (4–9, plus 0 or 1), the strategic team gives 1 to all.
    const peerReviews = await roundReviews(call, cid, peer.id);
    expect(peerReviews).toHaveLength(12);
    const criterion = peer.rubric[0].id;
    for (const r of peerReviews) {
      const reviewer = String(r.reviewerEmail).split('@')[0]!;
      const quality = 4 + Object.values(submissions).indexOf(r.submissionId);
      const score = reviewer === STRATEGIC ? 1 : Math.min(10, quality + (SMES.findIndex((s) => s.who === reviewer) % 2));
      await submitReview(call, { competitionId: cid, roundId: peer.id, submissionId: r.submissionId }, reviewer, { scores: { [criterion]: score }, overallComment: 'Peer review.', version: r.version });
    }
    const juryReviews = await roundReviews(call, cid, jury.id);
    expect(juryReviews).toHaveLength(SMES.length);
    for (const r of juryReviews) {
      const quality = 40 + 10 * Object.values(submissions).indexOf(r.submissionId);
      await submitReview(call, { competitionId: cid, roundId: jury.id, submissionId: r.submissionId }, String(r.reviewerEmail).split('@')[0]!, {
        scores: { [jury.rubric[0].id]: quality },
        overallComment: 'Jury review.',
        version: r.version,
      });
    }
    target = peerReviews.find((r) => r.reviewerEmail === `${STRATEGIC}@demo.test`).submissionId;
    organiser = await browsers.open('organiser@demo.test');
  }, 120_000);

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('(1) the round page shows the impartial shortlist (2 chosen, each chance) and the consensus table with the strategic team flagged first', async () => {
    const page = organiser;
    const shortlist = await expectStatus(call('GET', `/api/competitions/${cid}/rounds/${peer.id}/impartial-shortlist?limit=100`, 'organiser'));
    expect(shortlist.selectedCount).toBe(2);
    expect(shortlist.items).toHaveLength(6);
    const consensus = await expectStatus(call('GET', `/api/competitions/${cid}/rounds/${peer.id}/reviewer-consensus?limit=50`, 'organiser'));
    expect(consensus.items[0].reviewerEmail).toBe(`${STRATEGIC}@demo.test`);

    await page.goto(`${podium.url}/competitions/${cid}/rounds/${peer.id}`);
    await page.getByRole('heading', { level: 1, name: 'Peer review' }).waitFor();
    const section = page.getByRole('region', { name: 'Impartial shortlist' });
    await section.getByText('2 of 6 chosen, in 2 groups').waitFor();
    const entrants = section.getByRole('table', { name: 'Every entrant, selected or not' });
    await expect.poll(() => entrants.locator('tbody tr').count()).toBe(6);
    for (const e of shortlist.items as { submissionId: string; selected: boolean; chance: number }[]) {
      const row = entrants.getByRole('row', { name: new RegExp(titleOf(e.submissionId)) });
      const cells = await row.getByRole('cell').allTextContents();
      expect(cells.at(-2)).toBe(e.selected ? 'Yes' : 'No');
      expect(cells.at(-1)).toBe(`${Math.round(e.chance * 100)} %`);
    }
    expect(await entrants.getByRole('cell', { name: 'Yes', exact: true }).count()).toBe(2);

    const table = page.getByRole('region', { name: 'Reviewers and the consensus' }).getByRole('table', { name: 'Distance from the consensus per reviewer' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(6);
    const first = table.locator('tbody tr').first();
    expect(await first.getByRole('cell').first().textContent()).toBe(`${STRATEGIC}@demo.test`);
    await first.getByText('Gave the minimum on every criterion to every one of the 2 submissions reviewed.').waitFor();
    // Only the strategic team is flagged with it.
    expect(await table.getByText(/^Gave the minimum/).count()).toBe(1);
    await screenshot(page, 'moderation-1-round-shortlist-consensus');
    // In French the flag is worded from its code (`flagCodes`), not shown in the server's English.
    const save = (language: string) => expectStatus(call('PUT', '/api/me/settings', 'organiser', { language }));
    try {
      await openInFrench(page, `${podium.url}/competitions/${cid}/rounds/${peer.id}`, save);
      await page.getByText('A donné la note minimale sur chaque critère à chacune des 2 candidatures évaluées.').waitFor();
      expect(await page.getByText(/^Gave the minimum/).count()).toBe(0);
    } finally {
      await backToEnglish(page, save);
    }
  });

  it('(2) the organiser excludes a review with a reason, by keyboard; the ranking leaves it out; "Count again" restores it', async () => {
    const page = organiser;
    const before = await currentRanking(call, cid);
    const cellBefore = rankedCell(before, target, peer.id);
    expect(cellBefore).toMatch(/n=2$/);

    await page.goto(`${podium.url}/competitions/${cid}/submissions/${target}`);
    await page.getByRole('heading', { level: 1, name: titleOf(target) }).waitFor();
    const panel = page.locator('.round-moderation').filter({ has: page.getByRole('heading', { level: 3, name: 'Peer review' }) });
    const excludeButton = panel.getByRole('button', { name: `Exclude the review by ${STRATEGIC}@demo.test` });
    const dialog = page.getByRole('dialog', { name: `Exclude the review by ${STRATEGIC}@demo.test?` });
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') || document.activeElement?.textContent || document.activeElement?.tagName);

    // Opened from the keyboard; Escape cancels it, focus goes back to the button, nothing is stored.
    await excludeButton.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('Not sure yet');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused()).toBe(`Exclude the review by ${STRATEGIC}@demo.test`);
    const untouched = (await roundReviews(call, cid, peer.id, target)).find((r) => r.reviewerEmail === `${STRATEGIC}@demo.test`);
    expect(untouched.exclusion).toBeUndefined();

    // Again: a fresh reason, Tab past the duty checkbox (checked: the review was submitted) and Cancel to the exclude button, Enter.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Reason').inputValue()).toBe('');
    await page.keyboard.type(REASON);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('checkbox');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Cancel');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Exclude the review');
    await screenshot(page, 'moderation-2-exclude-dialog');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await panel.getByText(`The review by ${STRATEGIC}@demo.test is left out of the ranking.`).waitFor();
    const row = panel.getByRole('row', { name: new RegExp(`${STRATEGIC}@demo\\.test`) });
    await row.getByText('Not counted').waitFor();
    await row.getByText(`“${REASON}”`, { exact: false }).waitFor();
    await row.getByRole('button', { name: `Count the review by ${STRATEGIC}@demo.test again` }).waitFor();
    const stored = (await roundReviews(call, cid, peer.id, target)).find((r) => r.reviewerEmail === `${STRATEGIC}@demo.test`);
    expect(stored.exclusion).toMatchObject({ reason: REASON, dutyDone: true });
    await screenshot(page, 'moderation-3-excluded');

    // The ranking page: one review fewer for the submission in the peer round, as the API's ranking says; the exclusion listed with its reason.
    const after = await currentRanking(call, cid);
    const cellAfter = rankedCell(after, target, peer.id);
    expect(cellAfter).toMatch(/n=1$/);
    expect(cellAfter).not.toBe(cellBefore);
    const roundIndex = after.rounds.findIndex((x: any) => x.id === peer.id);
    const rankingCell = async () => {
      await page.goto(`${podium.url}/competitions/${cid}/ranking`);
      await page.getByRole('heading', { level: 1, name: 'Ranking' }).waitFor();
      const r = page.getByRole('table', { name: 'Ranked submissions' }).getByRole('row', { name: new RegExp(titleOf(target)) });
      return r.locator('.cell-sub').nth(roundIndex);
    };
    let cell = await rankingCell();
    await expect.poll(() => cell.textContent()).toBe(cellAfter);
    const left = (after.excludedReviews as { submissionId: string; roundId: string; reason: string }[]).filter((e) => e.submissionId === target && e.roundId === peer.id);
    expect(left).toHaveLength(1);
    expect(left[0]!.reason).toContain(REASON);
    await page.getByRole('region', { name: 'Reviews left out' }).getByText(`${titleOf(target)} in Peer review: ${left[0]!.reason}`).waitFor();
    await screenshot(page, 'moderation-4-ranking-excluded');

    // Counted again: back to what it was.
    await page.goto(`${podium.url}/competitions/${cid}/submissions/${target}`);
    await panel.getByRole('button', { name: `Count the review by ${STRATEGIC}@demo.test again` }).click();
    await panel.getByText(`The review by ${STRATEGIC}@demo.test counts again.`).waitFor();
    await panel.getByRole('row', { name: new RegExp(`${STRATEGIC}@demo\\.test`) }).getByText('Counted', { exact: true }).waitFor();
    expect((await roundReviews(call, cid, peer.id, target)).find((r) => r.reviewerEmail === `${STRATEGIC}@demo.test`).exclusion).toBeUndefined();
    const restored = await currentRanking(call, cid);
    expect(rankedCell(restored, target, peer.id)).toBe(cellBefore);
    cell = await rankingCell();
    await expect.poll(() => cell.textContent()).toBe(cellBefore);
    expect(await page.getByRole('region', { name: 'Reviews left out' }).count()).toBe(0);
  });

  it('(3) the spread table sorts by SD, most contested first, as the API orders it', async () => {
    const page = organiser;
    const api = await expectStatus(call('GET', `/api/competitions/${cid}/rounds/${peer.id}/spread?sort=sd&limit=50`, 'organiser'));
    const sds = (api.items as { sd: number | null }[]).map((s) => s.sd ?? -1);
    expect(sds).toEqual([...sds].sort((a, b) => b - a));
    // The strategic team's two competitors are the most contested.
    const strategicSubs = (await roundReviews(call, cid, peer.id)).filter((r) => r.reviewerEmail === `${STRATEGIC}@demo.test`).map((r) => r.submissionId);
    expect(new Set(api.items.slice(0, 2).map((s: any) => s.submissionId))).toEqual(new Set(strategicSubs));

    await page.goto(`${podium.url}/competitions/${cid}/rounds/${peer.id}`);
    const region = page.getByRole('region', { name: 'Disagreement between reviewers' });
    const table = region.getByRole('table', { name: 'Disagreement per submission' });
    const column = async (i: number) => table.locator('tbody tr').evaluateAll((rows, i) => rows.map((r) => r.children[i]!.textContent), i);
    // Another order first (the API's stable order by submission), then back to the SD.
    const bySubmission = await expectStatus(call('GET', `/api/competitions/${cid}/rounds/${peer.id}/spread?sort=submission&limit=50`, 'organiser'));
    const titles = (list: any) => list.items.map((s: any) => titleOf(s.submissionId)).join('|');
    expect(titles(bySubmission)).not.toBe(titles(api));
    const sort = region.getByLabel('Sort by');
    await sort.selectOption('submission');
    await expect.poll(async () => (await column(0)).join('|')).toBe(titles(bySubmission));
    await sort.selectOption({ label: 'Most disagreement (standard deviation)' });
    await expect.poll(async () => (await column(0)).join('|')).toBe(titles(api));
    const shown = (await column(2)).map(Number);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    expect(shown[0]).toBeGreaterThan(shown.at(-1)!);
    await screenshot(page, 'moderation-5-spread');
  });

  it('(4) "Ask for an extra review" adds one reviewer to the submission', async () => {
    const page = organiser;
    const before = await roundReviews(call, cid, jury.id, target);
    expect(before).toHaveLength(1);
    await page.goto(`${podium.url}/competitions/${cid}/submissions/${target}`);
    const panel = page.locator('.round-moderation').filter({ has: page.getByRole('heading', { level: 3, name: 'Investor jury' }) });
    await expect.poll(() => panel.locator('tbody tr').count()).toBe(1);
    await panel.getByRole('button', { name: 'Ask for an extra review' }).click();
    const other = ['investor1@demo.test', 'investor2@demo.test'].find((e) => e !== before[0].reviewerEmail)!;
    await panel.getByText(new RegExp(`^Extra review asked of ${other.replace('.', '\\.')} \\(\\d+ reviews? in this round now\\)\\.$`)).waitFor();
    await expect.poll(() => panel.locator('tbody tr').count()).toBe(2);
    await panel.getByRole('row', { name: new RegExp(other.replace('.', '\\.')) }).getByText('Extra review').waitFor();
    const after = await roundReviews(call, cid, jury.id, target);
    expect(after).toHaveLength(2);
    expect(after.find((r) => r.reviewerEmail === other)).toMatchObject({ origin: 'extra' });
    // Nothing else changed: every other submission still has its one jury review.
    const all = await roundReviews(call, cid, jury.id);
    expect(all).toHaveLength(SMES.length + 1);
    await screenshot(page, 'moderation-6-extra-review');
  });

  it('(5) on a phone the moderation dialog and the consensus table fit the window', async () => {
    const page = organiser;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${podium.url}/competitions/${cid}/submissions/${target}`);
      const panel = page.locator('.round-moderation').filter({ has: page.getByRole('heading', { level: 3, name: 'Peer review' }) });
      await panel.getByRole('button', { name: `Exclude the review by ${STRATEGIC}@demo.test` }).click();
      const dialog = page.getByRole('dialog', { name: `Exclude the review by ${STRATEGIC}@demo.test?` });
      await dialog.waitFor();
      await fits(page, dialog);
      for (const name of ['Cancel', 'Exclude the review']) await fits(page, dialog.getByRole('button', { name, exact: true }));
      await fits(page, dialog.getByLabel('Reason'));
      await screenshot(page, 'moderation-7-dialog-390x844');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await pageWidth(page)).toEqual({ scroll: 390, window: 390 });

      await page.goto(`${podium.url}/competitions/${cid}/rounds/${peer.id}`);
      const table = page.getByRole('table', { name: 'Distance from the consensus per reviewer' });
      await expect.poll(() => table.locator('tbody tr').count()).toBe(6);
      const region = page.getByRole('region', { name: 'Reviewers and the consensus' });
      await region.scrollIntoViewIfNeeded();
      await fits(page, region);
      // The table scrolls sideways in its own frame, which fits the window; the reviewer, then the flag (scrolled to), lie within it.
      await fits(page, region.locator('.table-wrap'));
      await fits(page, table.locator('tbody tr').first().getByRole('cell').first());
      await screenshot(page, 'moderation-8-consensus-390x844');
      const flag = table.getByText(/^Gave the minimum/);
      await flag.scrollIntoViewIfNeeded();
      await fits(page, flag);
      expect(await region.locator('.table-wrap').evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
      await screenshot(page, 'moderation-9-consensus-flag-390x844');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});

/** The element lies within the window's width (and the page does not scroll sideways). */
async function fits(page: Page, el: Locator) {
  const box = (await el.boundingBox())!;
  expect(box.x, await el.evaluate((e) => e.outerHTML.slice(0, 80))).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390 + 0.5);
  expect((await pageWidth(page)).scroll).toBeLessThanOrEqual(390);
}
