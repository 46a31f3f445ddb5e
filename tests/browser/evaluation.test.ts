/**
 * Evaluation in Chromium: the organiser runs a blind peer round's assignment; an entrant reviews a
 * competitor without seeing who they are; the organiser adds an investor round, invites an
 * investor, who accepts, is assigned, scores and flags a team to meet (after submitting, "Next review"
 * opens the next one in the queue; the workspace reads as a document at a readable measure on a
 * laptop and on a phone); the organiser reads the
 * calibrated ranking (table and chart), sees it move when another review arrives, and downloads
 * the deal flow. Then the same pages in French leave no English message of their namespaces on screen.
 *
 * The competition, registrations, submissions and the peer round are made through the API with
 * locally minted tokens; everything about evaluation that people do happens in the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, downloadCsv, expectStatus, mintTokens, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea, submitReview } from './api-setup.ts';
import { screenshot, signIn, utcWallClock } from './support.ts';
import { backToEnglish, englishLeft, openInFrench } from './i18n-check.ts';

/**
 * The review workspace's layout: text containers narrower than `min` px, elements wider than the
 * window or than their own box (text overflowing), how many columns, and the text column's width.
 */
async function workspaceLayout(page: Page, min: number) {
  return page.evaluate((min) => {
    const root = document.querySelector('.review-page')!;
    const describe = (el: Element) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().width)}px: ${(el.textContent ?? '').slice(0, 30)}`;
    const texts = [...root.querySelectorAll('.review-submission, .submission-doc, .submission-doc p, .submission-doc h3, .review-form, .review-form .criterion, .review-form textarea')];
    const narrow = texts.filter((el) => el.getBoundingClientRect().width < min).map(describe);
    const overflowing = [...root.querySelectorAll('*')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || el.closest('.sr-only')) return false;
        const style = getComputedStyle(el);
        const clips = ['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX);
        return r.right > window.innerWidth + 1 || (!clips && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1);
      })
      .map(describe);
    const columns = getComputedStyle(root.querySelector('.review-layout')!).gridTemplateColumns.split(' ').length;
    return { narrow, overflowing, columns, textWidth: root.querySelector('.submission-doc p')!.getBoundingClientRect().width };
  }, min);
}

const SMES = [
  { who: 'sme1', org: 'Alpha Energy BV', registryId: 'BE0100000001', email: 'a@alpha-energy.eu', sectors: ['Energy'], title: 'Rooftop wind turbines' },
  { who: 'sme2', org: 'Beta Mobility GmbH', registryId: 'DE100000002', email: 'b@beta-mobility.eu', sectors: ['Mobility', 'Energy'], title: 'Shared cargo bikes' },
  { who: 'sme3', org: 'Gamma Foods SRL', registryId: 'IT10000000003', email: 'c@gamma-foods.eu', sectors: ['Food'], title: 'Insect protein snacks' },
  { who: 'sme4', org: 'Delta Health Oy', registryId: 'FI10000004', email: 'd@delta-health.eu', sectors: ['Health'], title: 'Remote physiotherapy' },
] as const;

describe('evaluation: assignment, blind peer review, investors and the ranking', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let cid: string;
  let peerRoundId: string;
  let investorRoundId: string;
  const submissions: Record<string, string> = {};
  let organiser: Page;
  let investor: Page;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-eval-'));
    Object.assign(
      tokens,
      await mintTokens(podium, dataDir, ['organiser@demo.test', 'sme1@demo.test', 'sme2@demo.test', 'sme3@demo.test', 'sme4@demo.test', 'investor1@demo.test']),
    );

    cid = await createOpenCompetition(
      call,
      {
        title: `Green Ideas ${Date.now().toString(36)}`,
        description: 'Ideas for a greener Europe.',
        kind: 'idea',
        sectors: ['Energy', 'Mobility', 'Food', 'Health'],
        rubric: [
          { name: 'Innovation', description: 'How new is it?', weight: 1, scale: { min: 1, max: 5 } },
          { name: 'Impact', description: 'How much good would it do?', weight: 1, scale: { min: 1, max: 5 } },
        ],
      },
      2,
    );

    for (const s of SMES) {
      await registerEntrant(call, cid, s.who, s);
      submissions[s.who] = await submitIdea(call, cid, s.who, s);
    }

    const peer = await expectStatus(
      call('POST', `/api/competitions/${cid}/rounds`, 'organiser', {
        name: 'Peer review',
        kind: 'peer',
        k: 2,
        maxLoad: 3,
        blind: true,
        opensAt: utcWallClock(-1),
        closesAt: utcWallClock(24 * 3),
        weight: 40,
      }),
      201,
    );
    peerRoundId = peer.id;
  });

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('(a) the organiser previews and runs the peer assignment', async () => {
    const page = (organiser = await browsers.open('organiser@demo.test'));
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('link', { name: 'Evaluation rounds' }).click();
    await page.getByRole('heading', { level: 1, name: 'Evaluation rounds' }).waitFor();
    const row = page.getByRole('row', { name: /Peer review/ });
    await row.getByText('Open', { exact: true }).waitFor();
    await row.getByRole('link', { name: 'Peer review', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Peer review' }).waitFor();

    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Assignment preview' });
    await preview.getByText('4 submissions × 2').waitFor();
    await preview.getByText('+8 added, −0 removed, 0 kept').waitFor();
    await preview.getByText('Every submission gets its 2 reviews.').waitFor();
    // The preview ran as a job; its stored pairs are listed, a page at a time.
    const previewed = page.getByRole('table', { name: 'Previewed assignment' });
    await previewed.waitFor();
    expect(await previewed.getByRole('row', { name: /Added/ }).count()).toBe(8);
    expect(await call('GET', '/api/me/reviews', 'sme1').then((r) => r.json.items)).toEqual([]); // a preview saves nothing

    await page.getByRole('button', { name: 'Run assignment' }).click();
    await page.getByText('Assignment saved: 8 added, 0 removed, 0 kept.').waitFor();
    const table = page.getByRole('table', { name: 'Current assignment' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(8);
    await page.getByText('0 of 8 reviews submitted').waitFor();
    // The automatic conflicts are listed with their source: everyone's own submission.
    const conflicts = page.getByRole('table', { name: 'Conflicts of interest' });
    expect(await conflicts.getByRole('row', { name: /Own submission/ }).count()).toBe(4);
    await screenshot(page, 'eval-1-round');
  });

  it('(b) an entrant reviews a competitor blind, saves, submits, goes on to the next review and sees the progress', async () => {
    const page = await browsers.open('sme1@demo.test');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${podium.url}/me/reviews`);
    const queue = page.getByRole('region', { name: /Peer review/ });
    await queue.getByText('0 of 2 done').waitFor();
    const titles = await queue.getByRole('listitem').getByRole('link').allTextContents();
    expect(titles).toHaveLength(2);
    const first = queue.getByRole('listitem').first().getByRole('link');
    const title = (await first.textContent())!;
    expect(title).not.toBe(SMES[0].title); // never their own
    const nextTitle = titles.find((t) => t !== title)!;
    await first.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText('Blind review: the team is hidden').waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    for (const s of SMES) {
      expect(text).not.toContain(s.org);
      expect(text).not.toContain(s.email);
    }

    const form = page.getByRole('form', { name: 'Your review' });
    await form.getByRole('group', { name: 'Innovation (1–5)' }).getByRole('radio', { name: '4' }).check();
    await form.getByLabel('Comment on Innovation (optional)').fill('Genuinely new.');
    await form.getByRole('button', { name: 'Save draft' }).click();
    await form.getByText(/^Draft saved/).waitFor();

    // Submitting with a criterion unscored: the server names it, the summary links to it.
    await form.getByRole('button', { name: 'Submit review' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Please fix the following' });
    await summary.getByRole('link', { name: /Impact: Score Impact before submitting/ }).click();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('FIELDSET');

    await form.getByRole('group', { name: 'Impact (1–5)' }).getByRole('radio', { name: '3' }).check();
    await form.getByLabel('Overall comment').fill('Promising, needs a business model.');

    // A document beside the scoring panel: two columns, every text at a readable measure, nothing wider than the window.
    const layout = await workspaceLayout(page, 320);
    expect(layout.narrow).toEqual([]);
    expect(layout.overflowing).toEqual([]);
    expect(layout.columns).toBe(2);
    expect(layout.textWidth).toBeGreaterThanOrEqual(480);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'review-workspace-1280x800');

    // What one review score costs in requests, from submitting to the next sheet open: the submit,
    // the queue (for the next one), the next sheet — the header reads roles, programmes and unread
    // messages again only after a while (web/src/header-refresh.ts), not on every page change.
    const requests: string[] = [];
    const onRequest = (r: { url(): string; method(): string }) => {
      const { pathname } = new URL(r.url());
      if (pathname.startsWith('/api/')) requests.push(`${r.method()} ${pathname.replace(/\/[0-9A-Za-z]{20,}(?=\/|$)/g, '/{id}')}`);
    };
    page.on('request', onRequest);
    await form.getByRole('button', { name: 'Submit review' }).click();
    // After submitting: the next review in the queue, or back to the queue.
    const after = page.getByRole('status').filter({ hasText: `Your review of “${title}” was submitted.` });
    await after.getByText(`Next in your queue: ${nextTitle}.`).waitFor();
    await after.getByRole('link', { name: 'Back to my reviews' }).waitFor();
    // Focus moves to it once the notice has mounted (an effect after the paint).
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Next review');
    await screenshot(page, 'eval-3-review-submitted');
    await after.getByRole('link', { name: 'Next review' }).click();
    await page.getByRole('heading', { level: 1, name: nextTitle }).waitFor();
    const nextForm = page.getByRole('form', { name: 'Your review' });
    await nextForm.getByText('0 of 2 criteria scored').waitFor(); // a fresh form, not the previous review's
    expect(await nextForm.getByRole('radio', { checked: true }).count()).toBe(0);
    await page.waitForLoadState('networkidle');
    page.off('request', onRequest);
    expect(requests).toEqual(['POST /api/competitions/{id}/rounds/{id}/reviews/{id}/submit', 'GET /api/me/reviews', 'GET /api/competitions/{id}/rounds/{id}/reviews/{id}']);
    expect((await call('GET', '/api/me/reviews', 'sme1')).json.items[0].items.filter((i: { status: string }) => i.status === 'submitted')).toHaveLength(1);

    // On a phone the workspace stacks, and still reads at a readable measure.
    await page.setViewportSize({ width: 390, height: 844 });
    const phone = await workspaceLayout(page, 300);
    expect(phone.narrow).toEqual([]);
    expect(phone.overflowing).toEqual([]);
    expect(phone.columns).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'review-workspace-390x844');

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('link', { name: 'My reviews' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'My reviews' }).waitFor();
    await page.getByRole('region', { name: /Peer review/ }).getByText('1 of 2 done').waitFor();
    await screenshot(page, 'eval-4-my-reviews');
  });

  it('(c) the organiser adds an investor round and invites an investor, who accepts, scores and flags a team to meet', async () => {
    const page = organiser;
    await page.goto(`${podium.url}/competitions/${cid}/rounds`);
    await page.getByRole('link', { name: 'Add a round' }).click();
    await page.getByLabel('Name').fill('Investors');
    await page.getByLabel('Who reviews').selectOption({ label: 'Investor scoring' });
    await page.getByLabel(/^Blind review/).uncheck();
    await page.getByLabel('Reviews per submission').fill('1');
    await page.getByLabel('Most reviews per reviewer').fill('4');
    await page.getByLabel('Weight in the final score (%)').fill('60');
    await page.getByLabel('Opens').fill(utcWallClock(-1));
    await page.getByLabel('Closes').fill(utcWallClock(48));
    await page.getByRole('button', { name: 'Add round' }).click();
    await page.getByRole('heading', { level: 1, name: 'Investors' }).waitFor();
    await page.getByText('Added “Investors”.').waitFor();
    investorRoundId = new URL(page.url()).pathname.split('/').pop()!;

    await page.getByLabel('E-mail addresses').fill('investor1@demo.test');
    await page.getByRole('button', { name: 'Invite' }).click();
    const linkField = page.getByLabel('Invitation link for investor1@demo.test');
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${podium.url}/invitations/${cid}/[A-Za-z0-9_-]{20,}$`));
    await page.getByRole('table', { name: 'Invited to this round' }).getByRole('row', { name: /investor1@demo\.test.*pending/ }).waitFor();

    // The investor opens the link signed out, signs in from it, and accepts.
    investor = (await browsers.launch()).page;
    await investor.goto(link);
    await investor.getByText('Sign in as investor1@demo.test to accept.').waitFor();
    await signIn(investor, 'investor1@demo.test', investor.getByRole('main').getByRole('button', { name: 'Sign in as investor1@demo.test' }));
    await investor.getByRole('group', { name: 'Sectors you would like to review' }).getByLabel('Energy').check();
    await screenshot(investor, 'eval-5-invitation');
    await investor.getByRole('button', { name: 'Accept invitation' }).click();
    await investor.getByRole('heading', { level: 1, name: 'My reviews' }).waitFor();
    await investor.getByText(/You joined “Investors”/).waitFor();

    // The organiser assigns the round; the investor's queue fills.
    await page.reload();
    await page.getByRole('table', { name: 'Invited to this round' }).getByRole('row', { name: /investor1@demo\.test.*accepted/ }).waitFor();
    await page.getByRole('button', { name: 'Run assignment' }).click();
    await page.getByText('Assignment saved: 4 added, 0 removed, 0 kept.').waitFor();

    await investor.reload();
    const queue = investor.getByRole('region', { name: /Investors/ });
    await queue.getByText('0 of 4 done').waitFor();
    await queue.getByRole('link', { name: SMES[1].title }).click();
    await investor.getByRole('heading', { level: 1, name: SMES[1].title }).waitFor();
    await investor.getByText(SMES[1].org).waitFor(); // not blind
    const form = investor.getByRole('form', { name: 'Your review' });
    await form.getByRole('group', { name: 'Innovation (1–5)' }).getByRole('radio', { name: '5' }).check();
    await form.getByRole('group', { name: 'Impact (1–5)' }).getByRole('radio', { name: '5' }).check();
    await form.getByLabel('I’d like to meet this team').check();
    await form.getByLabel('Private notes (only you see these)').fill('Call after the summer.');
    await form.getByRole('button', { name: 'Submit review' }).click();
    await investor.getByRole('status').filter({ hasText: 'was submitted' }).getByRole('link', { name: 'Back to my reviews' }).click();
    await investor.getByRole('region', { name: /Investors/ }).getByText('1 of 4 done').waitFor();
  });

  it('(d) the organiser reads the ranking, sees it change with a new review, and downloads the deal flow', async () => {
    const page = organiser;
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('link', { name: 'Ranking' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ranking' }).waitFor();
    const chart = page.getByRole('img', { name: /Final score by rank/ });
    await chart.waitFor();
    const table = page.getByRole('table', { name: 'Ranked submissions' });
    const rows = async () =>
      table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 4).map((td) => td.textContent?.trim()).join(' | ')));
    const before = await rows();
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(await chart.locator('.rank-chart-row').count()).toBe(before.length);
    await page.getByText('How the ranking is computed').click();
    await page.getByText('Order and tie-breaks').waitFor();
    await screenshot(page, 'eval-6-ranking');

    // Another review arrives: sme2 scores one of its assignments top marks.
    const mine = (await call('GET', '/api/me/reviews', 'sme2')).json.items[0].items[0].submissionId as string;
    const ws = await expectStatus(call('GET', `/api/competitions/${cid}/rounds/${peerRoundId}/reviews/${mine}`, 'sme2'));
    const scores = Object.fromEntries(ws.round.rubric.map((c: { id: string }) => [c.id, 5]));
    await submitReview(call, { competitionId: cid, roundId: peerRoundId, submissionId: mine }, 'sme2', { scores, version: ws.review.version });

    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(rows).not.toEqual(before);

    const { fileName, csv } = await downloadCsv(page, 'Deal-flow CSV');
    expect(fileName).toBe('deal-flow.csv');
    expect(csv).toContain('investor1@demo.test');
    expect(csv).toContain(SMES[1].title);

    // The organiser opens the flagged submission and reads its reviews (never the private note).
    await table.getByRole('link', { name: SMES[1].title }).click();
    const reviews = page.getByRole('region', { name: 'Reviews' });
    await reviews.getByText('investor1@demo.test').waitFor();
    await reviews.getByText('Wants to meet').waitFor();
    expect(await page.getByText('Call after the summer.').count()).toBe(0);

    await page.goto(`${podium.url}/competitions/${cid}/ranking`);
    await page.setViewportSize({ width: 390, height: 844 });
    await chart.waitFor();
    await screenshot(page, 'eval-7-ranking-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(investorRoundId).toBeTruthy();
  });

  it('(e) the organiser drops a peer reviewer: the page follows the assignment job and shows the reassigned plan', async () => {
    const page = organiser;
    const before = (await expectStatus(call('GET', `/api/competitions/${cid}/rounds/${peerRoundId}/reviews?limit=200`, 'organiser'))).items as { reviewerSub: string; reviewerEmail: string; status: string }[];
    const open = before.filter((r) => r.reviewerEmail === 'sme4@demo.test' && r.status !== 'submitted').length;
    expect(open).toBeGreaterThan(0);
    await page.goto(`${podium.url}/competitions/${cid}/rounds/${peerRoundId}`);
    await page.getByRole('heading', { level: 1, name: 'Peer review' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Drop reviewer sme4@demo.test' }).click();
    // The drop answers the assignment job at once; the page follows it, then reloads the plan.
    await page.getByText(/^Dropped sme4@demo\.test\. Reassigned: \d+ new reviews?\.$/).waitFor();
    const row = page.getByRole('table', { name: 'Reviewers' }).getByRole('row', { name: /sme4@demo\.test/ });
    await row.getByText('not in the pool (dropped)').waitFor();
    expect(await row.getByRole('button', { name: /Drop reviewer/ }).count()).toBe(0);
    const after = (await expectStatus(call('GET', `/api/competitions/${cid}/rounds/${peerRoundId}/reviews?limit=200`, 'organiser'))).items as { submissionId: string; reviewerEmail: string; status: string }[];
    expect(after.filter((r) => r.reviewerEmail === 'sme4@demo.test' && r.status !== 'submitted')).toEqual([]);
    // Every submission still has its two reviews, from the others.
    const per = new Map<string, number>();
    for (const r of after) per.set(r.submissionId, (per.get(r.submissionId) ?? 0) + 1);
    expect([...per.values()].every((n) => n >= 2)).toBe(true);
    await screenshot(page, 'eval-8-dropped-reviewer');
  });

  it('(f) reads in French: the rounds, a round, its editor, the ranking, the queue and a review leave nothing in English', async () => {
    const save = (who: string) => (language: 'en' | 'fr') => expectStatus(call('PUT', '/api/me/settings', who, { language }));
    const title = (await expectStatus(call('GET', `/api/competitions/${cid}`, 'organiser'))).title as string;
    const own = [title, ...SMES.flatMap((s) => [s.org, s.title, s.registryId, s.email, `${s.who}@demo.test`, ...s.sectors]), 'Peer review', 'Investors', 'Innovation', 'Impact', 'organiser@demo.test', 'investor1@demo.test'];
    // What the server writes in its own words (reasons and tie-breaks) is not the page's to translate; the rules are the page's (web/src/ranking-rules.ts).
    const ranking = (await expectStatus(call('GET', `/api/competitions/${cid}/ranking?limit=100`, 'organiser'))) as {
      tieBreakRules: string[];
      ranked: { tieBreak?: string }[];
      unranked: { reason: string }[];
      excludedReviews: { reason: string }[];
    };
    own.push(
      ...ranking.tieBreakRules.map((x) => x.charAt(0).toUpperCase() + x.slice(1)),
      ...ranking.ranked.flatMap((x) => (x.tieBreak ? [x.tieBreak] : [])),
      ...ranking.unranked.map((x) => x.reason),
      ...ranking.excludedReviews.map((x) => x.reason),
    );
    const namespaces = ['dateInput.', 'round.', 'rounds.', 'roundInfo.', 'roundKind.', 'ranking.', 'moderation.', 'myReviews.', 'review.', 'mailStatus.', 'rubricEditor.', 'scrollRegion.'];
    const page = organiser;
    await page.goto(`${podium.url}/competitions/${cid}/rounds/${peerRoundId}`);
    await page.locator('.moderation-spread').getByRole('table').waitFor();
    // The check finds English when there is some…
    expect(await englishLeft(page, namespaces, own)).not.toEqual([]);
    try {
      const pages: [string, string, string?][] = [
        [`/competitions/${cid}/rounds`, 'Tours d’évaluation'],
        [`/competitions/${cid}/rounds/${peerRoundId}`, 'Peer review', '.moderation-spread table'],
        [`/competitions/${cid}/rounds/${investorRoundId}`, 'Investors', '.moderation-spread table'],
        [`/competitions/${cid}/rounds/${peerRoundId}/edit`, 'Modifier « Peer review »'],
        [`/competitions/${cid}/ranking`, 'Classement', '.ranking-table'],
      ];
      for (const [url, heading, ready] of pages) {
        await openInFrench(page, podium.url + url, save('organiser'));
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        if (ready) await page.locator(ready).first().waitFor();
        // …and none in French, page by page.
        expect({ url, left: await englishLeft(page, namespaces, own) }).toEqual({ url, left: [] });
      }
      await page.getByText(/^\d+ classées?(, \d+ non classées?)? · notes calibrées sur 0–100/).waitFor();
      // The round's window is typed and shown as French readers write it, not in the browser's own format.
      await openInFrench(page, `${podium.url}/competitions/${cid}/rounds/${peerRoundId}/edit`, save('organiser'));
      const opens = page.getByLabel('Ouverture', { exact: false }).first();
      await opens.waitFor();
      expect(await opens.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      expect(await opens.getAttribute('placeholder')).toBe('jj/mm/aaaa hh:mm');
      await opens.fill('31/02/2031 09:00');
      await opens.blur();
      await page.getByText('Ce n’est pas une date. Saisissez-la sous la forme jj/mm/aaaa hh:mm.').waitFor();
      // Saved anyway, the API's refusal names the problem in French too (a moment), not only "Format inattendu".
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      const opensField = page.locator('.field', { has: opens });
      await opensField.getByText('Date et heure non valides.').waitFor();
      expect(await opensField.getByText('Format inattendu.').count()).toBe(0);
    } finally {
      await backToEnglish(page, save('organiser'));
    }

    const entrant = await browsers.open('sme1@demo.test');
    const group = (await call('GET', '/api/me/reviews', 'sme1')).json.items[0] as { roundId: string; items: { submissionId: string }[] };
    try {
      await openInFrench(entrant, `${podium.url}/me/reviews`, save('sme1'));
      await entrant.getByRole('heading', { level: 1, name: 'Mes évaluations' }).waitFor();
      await entrant.getByRole('region', { name: /Peer review/ }).waitFor();
      expect(await englishLeft(entrant, namespaces, own)).toEqual([]);
      await openInFrench(entrant, `${podium.url}/competitions/${cid}/rounds/${group.roundId}/reviews/${group.items[0]!.submissionId}`, save('sme1'));
      await entrant.getByRole('heading', { level: 2, name: 'Votre évaluation' }).waitFor();
      await entrant.getByText('Évaluation anonyme : l’équipe est masquée.').waitFor();
      expect(await englishLeft(entrant, namespaces, own)).toEqual([]);
    } finally {
      await backToEnglish(entrant, save('sme1'));
    }
  });
});
