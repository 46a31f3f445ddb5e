/**
 * The lifecycle in Chromium, after the results are published: the organiser reads the checklist
 * (a round still open, a review outstanding, an entry without reviews, the results date weeks
 * away) and publishes with a written reason; then everyone finds the competition closed, and says
 * so truthfully — the entrant whose submission form was still open is refused with the server's
 * sentence and then sees no edit controls, the reviewer whose review was still open likewise, an
 * entrant who registered without submitting is told plainly there is no outcome for them, a new
 * SME is offered neither "Register" nor "Sign in to take part", and the winner's feedback report
 * and outcome read the same before and after every refused change (and after archiving).
 *
 * The competition, entries, the jury round and the first review, the prize plan, closing and the
 * first award are made through the API with locally minted tokens; the rest happens in the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, finishedJob, mintTokens, openJuryRound, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea, submitReview } from './api-setup.ts';
import { screenshot, signIn } from './support.ts';

const TITLE = `Circular Ports Challenge ${Date.now().toString(36)}`;
const WINNER = { who: 'sme1', org: 'Alpha Energy BV', registryId: 'BE0100000001', title: 'Shore power from tidal turbines' };
const UNREVIEWED = { who: 'sme2', org: 'Beta Mobility GmbH', registryId: 'DE100000002', title: 'Electric harbour tugs' };
const PUBLISHED = 'The results of this competition are published; it no longer takes entries or changes to them.';
const REVIEWS_CLOSED = 'The results of this competition are published; reviews can no longer be given or changed.';

/** Answers the confirmation dialog named `title` with its `action` button. */
async function confirmDialog(page: Page, title: string, action: string) {
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('lifecycle: once results are published, everyone finds the competition closed and the feedback fixed', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  // Every confirm() dialog in this journey is answered "OK".
  const browsers = new Browsers(() => podium.url, { acceptDialogs: true });
  let cid: string;
  let roundId: string;
  const submissions: Record<string, string> = {};
  let organiser: Page;
  let staleOrganiser: Page;
  let entrant: Page;
  let reviewer: Page;
  let winner: Page;
  /** What the winner read right after publication: the feedback report and the outcome panel. */
  let feedbackBefore: string;
  let outcomeBefore: string;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-lifecycle-'));
    Object.assign(
      tokens,
      await mintTokens(podium, dataDir, ['organiser@demo.test', 'sme1@demo.test', 'sme2@demo.test', 'sme3@demo.test', 'sme4@demo.test', 'investor1@demo.test']),
    );
    cid = await createOpenCompetition(
      call,
      {
        title: TITLE,
        description: 'Ideas that close material loops in European ports.',
        kind: 'idea',
        sectors: ['Energy', 'Mobility'],
        rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }],
      },
      2,
    );
    const base = `/api/competitions/${cid}`;
    for (const s of [WINNER, UNREVIEWED]) {
      await registerEntrant(call, cid, s.who, { org: s.org, registryId: s.registryId, email: `${s.who}@demo.test` });
      submissions[s.who] = await submitIdea(call, cid, s.who, { title: s.title, sectors: [] });
    }
    // Registered, never submitted: not told an outcome.
    await registerEntrant(call, cid, 'sme3', { org: 'Gamma Foods SRL', registryId: 'IT10000000003', email: 'sme3@demo.test' });

    // A jury round open for two more days; investor1 reviews the first entry only.
    const round = await openJuryRound(call, cid, { name: 'Jury', maxLoad: 5, criteria: ['Impact'] });
    roundId = round.id;
    const invite = await expectStatus(call('POST', `${base}/rounds/${roundId}/invitations`, 'organiser', { emails: ['investor1@demo.test'] }), 201);
    await expectStatus(call('POST', `/api/invitations/${cid}/${String(invite.items[0].link).split('/').pop()}/accept`, 'investor1', { interests: [] }));
    await finishedJob(call, 'organiser', call('POST', `${base}/rounds/${roundId}/assignment`, 'organiser'));
    await submitReview(call, { competitionId: cid, roundId, submissionId: submissions.sme1! }, 'investor1', {
      scores: { [round.rubric[0].id]: 90 },
      comments: {},
      overallComment: 'A convincing pilot plan with two ports signed up.',
      meet: false,
      privateNote: '',
      version: 1,
    });
    await expectStatus(
      call('PUT', `${base}/prize-plan`, 'organiser', {
        plan: {
          currency: 'EUR',
          totalBudget: 5_000_000,
          minSmeShare: 0.75,
          perThirdPartyCap: 6_000_000,
          smeOnly: true,
          rankPrizes: [{ rank: 1, amount: 2_000_000, label: '1st prize' }],
          categories: [],
          reserveListLength: 2,
        },
        categoryPicks: [],
        version: 0,
      }),
    );
  });

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('(a) before publication the entrant, the reviewer and a second organiser tab have their forms open', async () => {
    entrant = await browsers.open('sme2@demo.test');
    await entrant.goto(`${podium.url}/competitions/${cid}/submission`);
    await entrant.getByRole('heading', { level: 1, name: 'Your submission' }).waitFor();
    await entrant.getByRole('button', { name: 'Save changes' }).waitFor();
    await entrant.getByLabel('Summary').fill('Rewritten after the deadline, we hope.');

    reviewer = await browsers.open('investor1@demo.test');
    await reviewer.goto(`${podium.url}/competitions/${cid}/rounds/${roundId}/reviews/${submissions.sme2}`);
    await reviewer.getByRole('heading', { level: 1, name: UNREVIEWED.title }).waitFor();
    await reviewer.getByRole('button', { name: 'Submit review' }).waitFor();

    // Entries close and the first prize is confirmed (the organiser's routine, through the API).
    const c = await expectStatus(call('GET', `/api/competitions/${cid}`, 'organiser'));
    await expectStatus(call('POST', `/api/competitions/${cid}/close`, 'organiser', { version: c.version }));
    const confirmed = await expectStatus(call('POST', `/api/competitions/${cid}/awards`, 'organiser', { awards: [{ submissionId: submissions.sme1, type: 'prize', rank: 1 }] }));
    expect(confirmed.results[0].status).toBe('confirmed');

    staleOrganiser = await browsers.open('organiser@demo.test');
    await staleOrganiser.goto(`${podium.url}/competitions/${cid}/awards?step=confirm`);
    await staleOrganiser.getByRole('button', { name: `Withdraw 1st prize from ${WINNER.org}` }).waitFor();
  });

  it('(b) the organiser reads the checklist, gives a reason and publishes; then releases the feedback', async () => {
    const page = (organiser = await browsers.open('organiser@demo.test'));
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.locator('.meta-line .badge', { hasText: 'Submissions closed' }).waitFor();
    await page.getByRole('link', { name: 'Prize plan & awards' }).click();
    // The awards stepper opens at the step that is next: publishing.
    const publish = page.getByRole('region', { name: 'Publish results' });
    const checklist = publish.getByRole('region', { name: 'Before publishing' });
    const problems = checklist.getByRole('list', { name: 'Publication is stopped by:' });
    await problems.getByText(/The round “Jury” is open until/).waitFor();
    await problems.getByText(/1 assigned review is not submitted \(1 in “Jury”\)/).waitFor();
    await problems.getByText('1 submitted entry has fewer reviews than wanted (1 with none).').waitFor();
    await problems.getByText(/publishing now is early/).waitFor();
    await checklist.locator('summary', { hasText: '1 submitted entry has fewer reviews than wanted' }).click(); // opens the details
    await checklist.getByText(`${UNREVIEWED.title} — Jury: 0 of 1`).waitFor();
    await checklist.getByText('2 entrants who submitted will be told their outcome; 1 entrant registered without submitting will not.').waitFor();

    const form = publish.getByRole('form', { name: 'Publish the results' });
    await form.getByLabel('Reason for publishing anyway').fill('The second jury member fell ill; the board decided to announce with one review.');
    await screenshot(page, 'lifecycle-1-checklist');
    await form.getByRole('button', { name: 'Publish results now anyway' }).click();
    await confirmDialog(page, 'Publish the results now?', 'Publish results');
    await publish.getByText('Results published. The 2 entrants who submitted have been told their outcome.').waitFor();
    await page.getByRole('navigation', { name: 'Awards workflow' }).getByRole('button', { name: 'Release feedback', exact: true }).click();
    const feedback = page.getByRole('region', { name: 'Release feedback' });
    await feedback.getByRole('button', { name: 'Release feedback' }).click();
    await confirmDialog(page, 'Release the feedback reports now?', 'Release feedback');
    await feedback.getByText('Released', { exact: true }).waitFor();

    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.locator('.meta-line .badge', { hasText: 'Results published' }).waitFor();
    expect(await page.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
  });

  it('(c) the winner reads the outcome and the feedback report', async () => {
    const page = (winner = await browsers.open('sme1@demo.test'));
    await page.goto(`${podium.url}/competitions/${cid}/results`);
    const outcome = page.getByRole('region', { name: 'Your outcome' });
    await outcome.getByText('Awarded €20,000 — 1st prize').waitFor();
    await outcome.getByText('Ranked 1 of 1').waitFor();
    outcomeBefore = (await outcome.textContent()) ?? '';
    await outcome.getByRole('link', { name: 'Read your feedback report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Feedback report' }).waitFor();
    await page.getByText('A convincing pilot plan with two ports signed up.').waitFor();
    feedbackBefore = (await page.locator('main').textContent()) ?? '';
    // The place in plain words, not "top 10 % (ranked 1 of 1)".
    await page.locator('.place-headline', { hasText: '1st of 1' }).waitFor();
    await page.getByText('the only ranked submission').waitFor();
    expect(feedbackBefore).not.toContain('top 10 %');
  });

  it('(d) the entrant whose form was open is refused with a sentence, and then sees no edit controls', async () => {
    const page = entrant;
    await page.getByRole('button', { name: 'Save changes' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'This cannot be done now' });
    await refusal.getByText(PUBLISHED).waitFor();
    // The page catches up at once: no more edit controls.
    await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await screenshot(page, 'lifecycle-2-entrant-refused');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Your submission' }).waitFor();
    await page.getByText(/^Results published: submissions closed on .*; this submission is read-only\.$/).waitFor();
    for (const name of ['Save changes', 'Save draft', 'Submit', 'Withdraw']) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    expect(await page.getByLabel('Summary').isDisabled()).toBe(true);
    expect(await page.getByLabel('Summary').inputValue()).toBe(`${UNREVIEWED.title}: the summary.`);

    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.locator('.meta-line .badge', { hasText: 'Results published' }).waitFor();
    await page.getByText(/^Results published on .* — see the results\.$/).waitFor();
    await page.getByRole('link', { name: 'View submission' }).waitFor();
    expect(await page.getByRole('link', { name: 'Continue submission' }).count()).toBe(0);
  });

  it('(e) the reviewer whose review was open is refused with a sentence, and then finds the review closed', async () => {
    const page = reviewer;
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('alert').filter({ hasText: 'This cannot be done now' }).getByText(REVIEWS_CLOSED).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Submit review' }).count()).toBe(0);

    await page.reload();
    await page.getByText('Reviewing is closed: the results of this competition are decided, so the review can no longer change.').waitFor();
    for (const name of ['Save draft', 'Submit review', 'Save changes']) expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    expect(await page.getByRole('button', { name: /conflict/i }).count()).toBe(0);
    await screenshot(page, 'lifecycle-3-review-closed');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My reviews' }).click();
    const queue = page.getByRole('region', { name: /Jury/ });
    await queue.getByText('Closed: the results are decided, so reviews can no longer be given or changed').waitFor();
    await queue.locator('.badge', { hasText: 'Closed' }).first().waitFor();
  });

  it('(f) the organiser tab left open before publication cannot withdraw the award; the server says why', async () => {
    const page = staleOrganiser;
    await page.getByRole('button', { name: `Withdraw 1st prize from ${WINNER.org}` }).click();
    await confirmDialog(page, `Withdraw “1st prize” from ${WINNER.org}?`, 'Withdraw award');
    const confirmed = page.getByRole('region', { name: 'Confirmed awards' });
    await confirmed.getByText('The results are published, so the awards and the prize plan are fixed. Open an amendment (with a reason) to correct them.').waitFor();
    // The up-to-date page does not offer it at all.
    await organiser.goto(`${podium.url}/competitions/${cid}/awards?step=confirm`);
    const fresh = organiser.getByRole('region', { name: 'Confirmed awards' });
    await fresh.getByText('The results are published, so the awards are fixed. Amend the results (with a reason) to change them.').waitFor();
    expect(await fresh.getByRole('button', { name: `Withdraw 1st prize from ${WINNER.org}` }).isDisabled()).toBe(true);
    // Nor does the server take another award.
    const refused = await call('POST', `/api/competitions/${cid}/awards`, 'organiser', { awards: [{ submissionId: submissions.sme2, type: 'prize', rank: 1 }] });
    expect(refused.status).toBe(409);
    // The evaluation is over too: the rounds say so and offer no changes.
    await organiser.goto(`${podium.url}/competitions/${cid}/rounds`);
    await organiser.getByText('Results published: the rounds, their reviewers and assignments can no longer change.').waitFor();
    await organiser.getByRole('row', { name: /Jury.*Closed/ }).waitFor();
    expect(await organiser.getByRole('link', { name: 'Add a round' }).count()).toBe(0);
    expect(await organiser.getByRole('link', { name: 'Edit Jury' }).count()).toBe(0);
    await organiser.goto(`${podium.url}/competitions/${cid}/awards`);
  });

  it('(g) a new SME is offered neither "Sign in to take part" nor "Register"; an entrant who never submitted is told so', async () => {
    const page = await browsers.open();
    const card = page.getByRole('list', { name: 'Competitions' }).getByRole('listitem').filter({ hasText: TITLE });
    await card.locator('.badge', { hasText: 'Results published' }).waitFor();
    await card.getByText(/^Results published \d/).waitFor();
    await card.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign in to take part' }).count()).toBe(0);
    await signIn(page, 'sme4@demo.test');
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Results', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Register' }).count()).toBe(0);
    // Even by address there is no form, only why.
    await page.goto(`${podium.url}/competitions/${cid}/register`);
    await page.getByText(/^Registration is closed: submissions closed on .*\. Results published\.$/).waitFor();
    expect(await page.getByLabel('Organisation name').count()).toBe(0);
    await screenshot(page, 'lifecycle-4-newcomer');

    const registered = await browsers.open('sme3@demo.test');
    await registered.goto(`${podium.url}/competitions/${cid}/results`);
    await registered.getByRole('region', { name: 'Your outcome' }).getByText('You did not submit an entry, so there is no outcome or feedback for you.').waitFor();
    expect(await registered.getByText(/feedback report .* will be available|Read your feedback report/).count()).toBe(0);
  });

  it('(h) archived, the competition says so; the winner reads exactly the same outcome and feedback report', async () => {
    await organiser.goto(`${podium.url}/competitions/${cid}/awards?step=publish`);
    const publish = organiser.getByRole('region', { name: 'Publish results' });
    await publish.getByRole('button', { name: 'Archive competition' }).click();
    await confirmDialog(organiser, 'Archive this competition?', 'Archive competition');
    await publish.getByText('Competition archived.').waitFor();
    await publish.locator('dd .badge', { hasText: 'Archived' }).waitFor();
    expect(await publish.getByRole('button', { name: 'Amend the results' }).count()).toBe(0);

    const page = winner;
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.locator('.meta-line .badge', { hasText: 'Archived' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Results', exact: true }).click();
    const outcome = page.getByRole('region', { name: 'Your outcome' });
    await outcome.getByText('Awarded €20,000 — 1st prize').waitFor();
    expect(await outcome.textContent()).toBe(outcomeBefore);
    await outcome.getByRole('link', { name: 'Read your feedback report' }).click();
    await page.getByText('A convincing pilot plan with two ports signed up.').waitFor();
    expect(await page.locator('main').textContent()).toBe(feedbackBefore);
    await screenshot(page, 'lifecycle-5-feedback-unchanged');
  });
});
