/**
 * Awards and announcements in Chromium: the awards page is a stepper in workflow order (plan →
 * proposal → confirmed awards → publish → release feedback) with the current step marked, one
 * step shown at a time, and every irreversible action asked in a dialog; the organiser fixes the prize plan (a field error from the
 * server on the way), trims and tops up the proposal, confirms the awards and watches the budget
 * bar move, withdraws an award and offers it to the next on the reserve list, reads the
 * publication checklist (the jury round is still open and the results date weeks away, as in the
 * demo) and publishes with a written reason, then releases the feedback; the 2nd-ranked SME opts
 * in to investor meetings, reads its inbox, sees "Awarded €30,000 — 2nd place" and a mutual
 * investor match, and opens (and prints) its feedback report; a signed-out visitor sees the
 * winners; finally the organiser amends the results (a reserve move) and everyone sees
 * "Amended on …" and the truthful label "2nd place (ranked 3rd)".
 *
 * The competition, entries, the jury round and its scores, and a first prize plan are made through
 * the API with locally minted tokens; everything about awards that people do happens in the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, downloadCsv, expectStatus, finishedJob, mintTokens, openJuryRound, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea, submitReview } from './api-setup.ts';
import { backToEnglish, englishLeft, openInFrench } from './i18n-check.ts';
import { screenshot } from './support.ts';

const STEPS = ['Prize plan', 'Proposal', 'Confirmed awards', 'Publish results', 'Release feedback'];

/** The stepper as [label, state] pairs, and which step is marked current (aria-current="step"). */
async function stepper(page: Page) {
  const nav = page.getByRole('navigation', { name: 'Awards workflow' });
  const steps = await nav.getByRole('listitem').evaluateAll((lis) =>
    lis.map((li) => [li.querySelector('.step-label')?.textContent ?? '', li.querySelector('.step-state')?.textContent ?? '', li.getAttribute('aria-current') ?? '']),
  );
  return { labels: steps.map((x) => x[0]), states: steps.map((x) => x[1]), current: steps.filter((x) => x[2] === 'step').map((x) => x[0]) };
}

/** Opens one step of the awards page from the stepper. */
async function openStep(page: Page, label: string) {
  await page.getByRole('navigation', { name: 'Awards workflow' }).getByRole('button', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: new RegExp(`^${label}`) }).waitFor();
}

/** Answers the confirmation dialog named `title` with its `action` button, after checking it names a consequence. */
async function confirmDialog(page: Page, title: string | RegExp, action: string, consequence: RegExp) {
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByText(consequence).waitFor();
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

// Ranked in this order by the jury (sme1 best).
const SMES = [
  { who: 'sme1', org: 'Alpha Energy BV', registryId: 'BE0100000001', title: 'Rooftop wind turbines', score: 95 },
  { who: 'sme2', org: 'Beta Mobility GmbH', registryId: 'DE100000002', title: 'Shared cargo bikes', score: 88 },
  { who: 'sme3', org: 'Gamma Foods SRL', registryId: 'IT10000000003', title: 'Insect protein snacks', score: 71 },
  { who: 'sme4', org: 'Delta Health Oy', registryId: 'FI10000004', title: 'Remote physiotherapy', score: 60 },
] as const;

const TITLE = `Blue Economy Prize ${Date.now().toString(36)}`;

describe('awards: prize plan, proposal, confirmation, publication, outcomes and feedback', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  // Every confirm() dialog in this journey is answered "OK".
  const browsers = new Browsers(() => podium.url, { acceptDialogs: true });
  let cid: string;
  const submissions: Record<string, string> = {};
  let organiser: Page;
  let visitor: Page;

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-awards-'));
    Object.assign(
      tokens,
      await mintTokens(podium, dataDir, ['organiser@demo.test', 'sme1@demo.test', 'sme2@demo.test', 'sme3@demo.test', 'sme4@demo.test', 'investor1@demo.test']),
    );

    cid = await createOpenCompetition(
      call,
      {
        title: TITLE,
        description: 'Ideas for healthy seas.',
        kind: 'idea',
        sectors: ['Energy', 'Mobility', 'Food', 'Health'],
        rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }],
      },
      2,
    );
    const base = `/api/competitions/${cid}`;

    for (const s of SMES) {
      await registerEntrant(call, cid, s.who, { org: s.org, registryId: s.registryId, email: `ceo@${s.who}.eu` });
      submissions[s.who] = await submitIdea(call, cid, s.who, { title: s.title, sectors: [] });
    }

    // One jury round, scored by one jury member (investor1), who would like to meet the 2nd team.
    const round = await openJuryRound(call, cid, { name: 'Jury', maxLoad: SMES.length, criteria: ['Innovation', 'Impact'] });
    const invite = await expectStatus(call('POST', `${base}/rounds/${round.id}/invitations`, 'organiser', { emails: ['investor1@demo.test'] }), 201);
    const token = String(invite.items[0].link).split('/').pop();
    await expectStatus(call('POST', `/api/invitations/${cid}/${token}/accept`, 'investor1', { interests: [] }));
    await finishedJob(call, 'organiser', call('POST', `${base}/rounds/${round.id}/assignment`, 'organiser'));
    const [innovation, impact] = round.rubric.map((c: { id: string }) => c.id);
    for (const s of SMES) {
      await submitReview(call, { competitionId: cid, roundId: round.id, submissionId: submissions[s.who]! }, 'investor1', {
        scores: { [innovation]: s.score, [impact]: s.score - 5 },
        comments: { [innovation]: `Innovation note for ${s.title}.` },
        overallComment: `Overall view on ${s.title}.`,
        meet: s.who === 'sme2',
        privateNote: 'Never shown to the team.',
        version: 1,
      });
    }

    // The first prize plan: €100,000, 1st €50,000, 2nd €30,000.
    await expectStatus(
      call('PUT', `${base}/prize-plan`, 'organiser', {
        plan: {
          currency: 'EUR',
          totalBudget: 10_000_000,
          minSmeShare: 0.75,
          perThirdPartyCap: 6_000_000,
          smeOnly: true,
          rankPrizes: [
            { rank: 1, amount: 5_000_000, label: '1st place' },
            { rank: 2, amount: 3_000_000, label: '2nd place' },
          ],
          categories: [],
          reserveListLength: 2,
        },
        categoryPicks: [],
        version: 0,
      }),
    );
    // Awards are decided once submissions have closed: the organiser closes them early.
    const competition = await expectStatus(call('GET', base, 'organiser'));
    await expectStatus(call('POST', `${base}/close`, 'organiser', { version: competition.version }));
  });

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('(a) the organiser fixes the plan, adjusts the proposal and confirms the awards; the budget bar follows', async () => {
    const page = (organiser = await browsers.open('organiser@demo.test'));
    await page.goto(`${podium.url}/competitions/${cid}`);
    await page.getByRole('link', { name: 'Prize plan & awards' }).click();
    await page.getByRole('heading', { level: 1, name: 'Prize plan & awards' }).waitFor();
    // The stepper: the steps in workflow order, the plan (saved through the API) done, the proposal current and shown.
    await page.getByRole('heading', { level: 2, name: /^Proposal/ }).waitFor();
    expect(await stepper(page)).toEqual({ labels: STEPS, states: ['Done', 'Current step', 'Not yet', 'Not yet', 'Not yet'], current: ['Proposal'] });
    await page.getByText(/^Next — Proposal: Check the proposal from the final ranking/).waitFor();
    // One step at a time: the plan form is not on the page until its step is opened.
    expect(await page.getByRole('form', { name: 'Prize plan' }).count()).toBe(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'awards-page-1280x800');
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2400); // no longer 3,400 px of everything
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'awards-page-390x844');
    await page.setViewportSize({ width: 1280, height: 900 });
    await openStep(page, 'Prize plan');
    const budget = page.getByRole('region', { name: 'Budget' });
    await budget.getByText('€0 committed').waitFor();
    await budget.getByText('€100,000 left').waitFor();
    await budget.getByText(/SME share 0 % — below the minimum of 75 %/).waitFor();

    // The plan form shows euros, not cents; a 2nd prize above the 1st is refused by the server, on the field.
    const plan = page.getByRole('form', { name: 'Prize plan' });
    const second = plan.getByRole('group', { name: '2nd place' });
    expect(await plan.getByRole('group', { name: '1st place' }).getByLabel('Amount (€)').inputValue()).toBe('50000');
    await second.getByLabel('Amount (€)').fill('60000');
    await plan.getByRole('button', { name: 'Save prize plan' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Please fix the following' });
    await summary.getByRole('link', { name: /2nd place › amount: .*better rank must never get less/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-plan-rankPrizes-1-amount');
    expect(await second.getByLabel('Amount (€)').getAttribute('aria-invalid')).toBe('true');
    // Not a number at all: caught before sending, in euros.
    await second.getByLabel('Amount (€)').fill('thirty');
    await plan.getByRole('button', { name: 'Save prize plan' }).click();
    await summary.getByRole('link', { name: '2nd place › amount: Enter an amount in €, e.g. 50000.' }).waitFor();
    await second.getByLabel('Amount (€)').fill('30000');
    await plan.getByRole('button', { name: 'Save prize plan' }).click();
    await page.getByText('Prize plan saved.').waitFor();

    // The budget bar stays in view while scrolling through the long plan form.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await budget.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(5);

    // The proposal: 1st and 2nd down the ranking, the next two on the reserve list.
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: 'Next: Proposal →' }).click();
    await page.getByRole('heading', { level: 2, name: /^Proposal/ }).waitFor();
    const proposal = page.getByRole('region', { name: /Proposal/ });
    const table = proposal.getByRole('table', { name: /Proposed awards/ });
    await table.getByRole('row', { name: /1st place.*€50,000.*Rooftop wind turbines/ }).waitFor();
    await table.getByRole('row', { name: /2nd place.*€30,000.*Shared cargo bikes/ }).waitFor();
    const reserve = proposal.getByRole('list').filter({ hasText: 'ranked 3' });
    await reserve.getByText('Insect protein snacks').waitFor();

    // Remove the 2nd place, move the first reserve into it, then change our mind.
    await table.getByRole('button', { name: 'Remove 2nd place for Shared cargo bikes' }).click();
    await proposal.getByRole('button', { name: 'Give them “2nd place”' }).first().click();
    await table.getByRole('row', { name: /moved up from the reserve list.*Insect protein snacks/ }).waitFor();
    await proposal.getByText('2 awards · €80,000 of €100,000 committed after confirming').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'awards-1-proposal-adjusted');
    await table.getByRole('button', { name: 'Undo moving Insect protein snacks up' }).click();
    await table.getByRole('button', { name: 'Put back 2nd place for Shared cargo bikes' }).click();

    await proposal.getByRole('button', { name: 'Confirm awards' }).click();
    // Confirming moves on to the confirmed awards; the next step to take is publishing.
    await page.getByRole('region', { name: 'Confirmed awards' }).getByText('2 of 2 confirmed.').waitFor();
    await expect.poll(async () => (await stepper(page)).current).toEqual(['Publish results']);
    expect((await stepper(page)).states).toEqual(['Done', 'Done', 'Done', 'Current step', 'Not yet']);
    await page.getByRole('list', { name: 'Confirmation results' }).getByText('2nd place — Shared cargo bikes: confirmed').waitFor();
    await budget.getByText('€80,000 committed').waitFor();
    await budget.getByText('€20,000 left').waitFor();
    await budget.getByText('SME share 80 % — holds (min 75 %)').waitFor();
    expect(await budget.locator('progress').getAttribute('value')).toBe('8000000');
    const confirmed = page.getByRole('table', { name: 'Confirmed awards' });
    await expect.poll(() => confirmed.locator('tbody tr').count()).toBe(2);
    await confirmed.getByRole('row', { name: /2nd place.*€30,000.*Beta Mobility GmbH.*DE100000002/ }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'awards-2-confirmed');

    // Confirming the same again is harmless; a 2nd prize to someone else is refused, with the reason.
    const again = await call('POST', `/api/competitions/${cid}/awards`, 'organiser', { awards: [{ submissionId: submissions.sme3, type: 'prize', rank: 2 }] });
    expect(again.status).toBe(409);
  });

  it('(b) the organiser withdraws an award, offers it to the next on the reserve list, then restores it', async () => {
    const page = organiser;
    const confirmed = page.getByRole('table', { name: 'Confirmed awards' });
    await confirmed.getByRole('button', { name: 'Withdraw 2nd place from Beta Mobility GmbH' }).click();
    // Withdrawing asks first, naming what it does; "Cancel" leaves everything as it was.
    await page.getByRole('dialog', { name: 'Withdraw “2nd place” from Beta Mobility GmbH?' }).getByRole('button', { name: 'Cancel' }).click();
    expect(await confirmed.locator('tbody tr').count()).toBe(2);
    expect((await call('GET', `/api/competitions/${cid}/prize-plan`, 'organiser')).json.awards).toHaveLength(2);
    await confirmed.getByRole('button', { name: 'Withdraw 2nd place from Beta Mobility GmbH' }).click();
    await confirmDialog(page, 'Withdraw “2nd place” from Beta Mobility GmbH?', 'Withdraw award', /€30,000 goes back into the budget/);
    const freed = page.getByRole('status').filter({ hasText: 'Freed €30,000.' });
    await freed.getByText(/Next on the reserve list:/).waitFor();
    const next = (await freed.locator('strong').textContent())!;
    await page.getByRole('region', { name: 'Budget' }).getByText('€50,000 committed').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'awards-3-withdrawn');
    await freed.getByRole('button', { name: 'Offer the award' }).click();
    await page.getByText(`2nd place — ${next}: confirmed`).waitFor();
    await confirmed.getByRole('row', { name: new RegExp(`2nd place.*€30,000.*${next}`) }).waitFor();

    // Put things back: withdraw it again, and confirm the 2nd place the proposal now offers Beta Mobility.
    const nextOrg = SMES.find((s) => s.title === next)!.org;
    await confirmed.getByRole('button', { name: `Withdraw 2nd place from ${nextOrg}` }).click();
    await confirmDialog(page, `Withdraw “2nd place” from ${nextOrg}?`, 'Withdraw award', /goes back into the budget/);
    await page.getByRole('status').filter({ hasText: 'Freed €30,000.' }).waitFor();
    await openStep(page, 'Proposal');
    const table = page.getByRole('region', { name: /Proposal/ }).getByRole('table', { name: /Proposed awards/ });
    await table.getByRole('row', { name: /2nd place.*Shared cargo bikes/ }).waitFor();
    await page.getByRole('region', { name: /Proposal/ }).getByRole('button', { name: 'Confirm awards' }).click();
    await page.getByText('1 of 1 confirmed.').waitFor();
    expect(await page.getByText(/Next on the reserve list/).count()).toBe(0); // the offer is no longer open
    await confirmed.getByRole('row', { name: /2nd place.*Beta Mobility GmbH/ }).waitFor();
    await page.getByRole('region', { name: 'Budget' }).getByText('€80,000 committed').waitFor();

    // The payment CSV comes down with the bearer token.
    const { fileName, csv } = await downloadCsv(page, 'Awards CSV (payments)');
    expect(fileName).toBe('awards.csv');
    expect(csv).toContain('Beta Mobility GmbH');
    expect(csv).toContain('30000.00');
  });

  it('(c) the organiser publishes the results and releases the feedback; entrants are e-mailed', async () => {
    // Before publication a visitor learns nothing.
    visitor = await browsers.open();
    await visitor.goto(`${podium.url}/competitions/${cid}/results`);
    await visitor.getByText('Results are not published yet.').waitFor();
    expect(await visitor.getByText('Shared cargo bikes').count()).toBe(0);

    const page = organiser;
    await openStep(page, 'Release feedback');
    const feedback = page.getByRole('region', { name: 'Release feedback' });
    expect(await feedback.getByRole('button', { name: 'Release feedback' }).isDisabled()).toBe(true); // not before the results
    await feedback.getByText('Feedback can be released once the results are published').waitFor();
    await openStep(page, 'Publish results');
    const publish = page.getByRole('region', { name: 'Publish results' });
    await publish.getByText('Not published').waitFor();

    // The checklist: what stops publication (the jury round runs two more days, the results date is
    // three weeks away), the awards, the budget and who will be told.
    const checklist = publish.getByRole('region', { name: 'Before publishing' });
    const problems = checklist.getByRole('list', { name: 'Publication is stopped by:' });
    await problems.getByText(/The round “Jury” is open until/).waitFor();
    await problems.getByText(/The announced results date is .*; publishing now is early/).waitFor();
    expect(await problems.getByRole('listitem').count()).toBe(2);
    await checklist.getByText('2 confirmed awards').waitFor();
    await checklist.getByText(/€80,000 committed of €100,000, €20,000 left · SME share 80 % \(holds, min 75 %\)/).waitFor();
    await checklist.getByText('4 entrants who submitted will be told their outcome; 0 entrants registered without submitting will not.').waitFor();
    await checklist.getByText(/Jury.*4 of 4 reviews submitted/).waitFor();

    // Publishing despite that needs a written reason: without one nothing is sent.
    const form = publish.getByRole('form', { name: 'Publish the results' });
    await form.getByRole('button', { name: 'Publish results now anyway' }).click();
    const reason = form.getByLabel('Reason for publishing anyway');
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await page.waitForFunction(() => document.activeElement?.id === 'f-override-reason', null, { timeout: 5_000 });
    expect((await call('GET', `/api/competitions/${cid}`, 'organiser')).json.phase).toBe('closed');
    await reason.fill('The jury finished early and the board approved announcing at the awards ceremony.');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'awards-4a-checklist');
    await form.getByRole('button', { name: 'Publish results now anyway' }).click();
    // Asked first: the dialog names the consequence; cancelling sends nothing.
    await page.getByRole('dialog', { name: 'Publish the results now?' }).getByRole('button', { name: 'Cancel' }).click();
    expect((await call('GET', `/api/competitions/${cid}`, 'organiser')).json.phase).toBe('closed');
    await form.getByRole('button', { name: 'Publish results now anyway' }).click();
    await confirmDialog(page, 'Publish the results now?', 'Publish results', /This cannot be undone/);
    await publish.getByText('Results published. The 4 entrants who submitted have been told their outcome.').waitFor();
    await publish.getByText('Published', { exact: true }).waitFor();
    await publish.getByText(/Published despite the checklist.*the board approved announcing at the awards ceremony/).waitFor();
    expect(await publish.getByRole('button', { name: /Publish results now/ }).count()).toBe(0);
    await publish.getByRole('button', { name: 'Amend the results' }).waitFor();
    await expect.poll(async () => (await stepper(page)).current).toEqual(['Release feedback']);

    await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: 'Next: Release feedback →' }).click();
    await feedback.getByRole('button', { name: 'Release feedback' }).click();
    await confirmDialog(page, 'Release the feedback reports now?', 'Release feedback', /cannot be undone/);
    await feedback.getByText('Released', { exact: true }).waitFor();
    await feedback.getByText('Feedback released. Every entrant who submitted has been notified.').waitFor();
    await expect.poll(async () => (await stepper(page)).states).toEqual(['Done', 'Done', 'Done', 'Done', 'Done']);
    expect((await stepper(page)).current).toEqual([]);
    await page.getByText(/^Every step is done\./).waitFor();

    // What publication freezes: the awards and the plan, until an amendment.
    const locked = 'The results are published, so the awards are fixed. Amend the results (with a reason) to change them.';
    await openStep(page, 'Confirmed awards');
    await page.getByRole('region', { name: 'Confirmed awards' }).getByText(locked).waitFor();
    expect(await page.getByRole('button', { name: 'Withdraw 2nd place from Beta Mobility GmbH' }).isDisabled()).toBe(true);
    await openStep(page, 'Prize plan');
    expect(await page.getByRole('button', { name: 'Save prize plan' }).isDisabled()).toBe(true);
    await openStep(page, 'Publish results');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'awards-4-published');

    // On a phone the page fits: wide tables scroll inside their frame, not the page.
    await page.setViewportSize({ width: 390, height: 844 });
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap'))
        .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)
        .slice(0, 8),
    );
    expect(wide).toEqual([]);
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'awards-4b-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('contentinfo').getByRole('link', { name: 'Outbox (local e-mail)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbox (local e-mail)' }).waitFor();
    await expect.poll(() => page.getByRole('heading', { name: `Results of ${TITLE}` }).count()).toBe(SMES.length);
    await page.getByText('To: sme2@demo.test').first().waitFor();
  });

  it('(d) the 2nd-ranked SME opts in to meetings, reads the inbox, its outcome, a match and its feedback report', async () => {
    const page = await browsers.open('sme2@demo.test');
    // Opt in to investor meetings on the submission page.
    await page.goto(`${podium.url}/competitions/${cid}/submission`);
    await page.getByRole('heading', { level: 1, name: 'Your submission' }).waitFor();
    await page.getByLabel("We're open to meeting investors who are interested in our idea").check();
    await page.getByText('Saved: you are open to meeting interested investors.').waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Inbox (2)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    await page.getByText('Congratulations! Your organisation has been awarded €30,000').waitFor();
    await screenshot(page, 'awards-5-inbox');
    await page.getByRole('link', { name: `Open “Results of ${TITLE}”` }).click();
    await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
    await nav.getByRole('link', { name: 'Inbox (1)' }).waitFor();

    const outcome = page.getByRole('region', { name: 'Your outcome' });
    await outcome.getByText('Awarded €30,000 — 2nd place').waitFor();
    await outcome.getByText('Ranked 2 of 4').waitFor();
    const winners = page.getByRole('region', { name: 'Winners' });
    await winners.getByRole('heading', { name: 'Rooftop wind turbines' }).waitFor();
    await winners.getByRole('heading', { name: 'Shared cargo bikes' }).waitFor();
    const matches = page.getByRole('region', { name: 'Your investor matches' });
    await matches.getByRole('link', { name: 'investor1@demo.test' }).waitFor();
    await screenshot(page, 'awards-6-results-sme');

    await outcome.getByRole('link', { name: 'Read your feedback report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Feedback report' }).waitFor();
    // The place in plain words (feedback.tsx): "2nd of 4", "top half of the 4 ranked submissions".
    await page.getByText('2nd of 4', { exact: true }).waitFor();
    await page.getByText('top half of the 4 ranked submissions').waitFor();
    const criteria = page.getByRole('table').filter({ hasText: 'Percentile' });
    await criteria.getByRole('row', { name: /Innovation.*percentile/ }).waitFor();
    await page.getByText('Overall view on Shared cargo bikes.').waitFor();
    await page.getByText('Innovation note for Shared cargo bikes.').waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain('investor1@demo.test');
    expect(text).not.toContain('Never shown to the team.');
    await page.getByRole('heading', { name: 'How the scores are computed' }).waitFor();
    await screenshot(page, 'awards-7-feedback');

    // Printing: no navigation or buttons, black on white.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('banner').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print / save as PDF' }).isVisible()).toBe(false);
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(0, 0, 0)');
    await screenshot(page, 'awards-8-feedback-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('(e) a signed-out visitor sees the winners on the public results page, also on a phone', async () => {
    const page = visitor;
    await page.goto(`${podium.url}/competitions/${cid}`);
    // The state, once and truthfully: published results, and no invitation to take part.
    await page.locator('.meta-line .badge', { hasText: 'Results published' }).waitFor();
    await page.getByText(/^Results published on .* — see the results\.$/).waitFor();
    expect(await page.getByRole('button', { name: 'Sign in to take part' }).count()).toBe(0);
    await page.getByRole('main').getByRole('link', { name: 'Results', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
    const winners = page.getByRole('region', { name: 'Winners' });
    const first = winners.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Rooftop wind turbines' }) }).first();
    await first.getByText('€50,000').first().waitFor();
    await first.getByText('Alpha Energy BV · BE').waitFor();
    await winners.getByRole('heading', { name: 'Shared cargo bikes' }).waitFor();
    expect(await winners.getByRole('heading', { level: 3 }).count()).toBe(2);
    expect(await page.getByRole('region', { name: 'Your outcome' }).count()).toBe(0);
    await screenshot(page, 'awards-9-results-public');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'awards-10-results-phone');
  });

  it('(f) the organiser amends the results with a reason and a reserve move; the public sees "Amended on …" and the true label', async () => {
    const page = organiser;
    // A step can be linked to.
    await page.goto(`${podium.url}/competitions/${cid}/awards?step=publish`);
    const publish = page.getByRole('region', { name: 'Publish results' });
    await publish.getByRole('button', { name: 'Amend the results' }).click();
    const amend = publish.getByRole('form', { name: 'Amend the results' });
    // Focus moves to the reason once the form has rendered (a frame later): wait for it, at most 5 s.
    await page.waitForFunction(() => document.activeElement?.id === 'f-amendment-reason', null, { timeout: 5_000 });
    await amend.getByLabel('Reason for the amendment').fill('Beta Mobility GmbH withdrew from the programme.');
    await amend.getByRole('button', { name: 'Open the amendment' }).click();
    await page.getByText('Amendment in preparation: Beta Mobility GmbH withdrew from the programme. — entrants still see the published results.').waitFor();
    // While it is prepared, nobody else sees anything change.
    expect((await call('GET', `/api/competitions/${cid}`, 'sme2')).json.phase).toBe('published');

    // The awards may change again: the 2nd place goes to the next on the reserve list.
    await expect.poll(async () => (await stepper(page)).current).toEqual(['Publish results']);
    await openStep(page, 'Confirmed awards');
    const confirmed = page.getByRole('table', { name: 'Confirmed awards' });
    const withdraw = confirmed.getByRole('button', { name: 'Withdraw 2nd place from Beta Mobility GmbH' });
    await expect.poll(() => withdraw.isEnabled()).toBe(true);
    await openStep(page, 'Prize plan');
    expect(await page.getByRole('button', { name: 'Save prize plan' }).isEnabled()).toBe(true);
    await openStep(page, 'Confirmed awards');
    await withdraw.click();
    await confirmDialog(page, 'Withdraw “2nd place” from Beta Mobility GmbH?', 'Withdraw award', /goes back into the budget/);
    const freed = page.getByRole('status').filter({ hasText: 'Freed €30,000.' });
    await freed.getByText(/Next on the reserve list:/).waitFor();
    expect(await freed.locator('strong').textContent()).toBe('Insect protein snacks');
    await freed.getByRole('button', { name: 'Offer the award' }).click();
    await page.getByText('2nd place — Insect protein snacks: confirmed').waitFor();
    expect((await call('GET', `/api/competitions/${cid}/results`, 'sme2')).json.amendments).toEqual([]);

    await openStep(page, 'Publish results');
    await publish.getByRole('button', { name: 'Publish the amendment' }).click();
    await confirmDialog(page, 'Publish the amendment?', 'Publish the amendment', /each entrant whose outcome changed is told/);
    await publish.getByText('Amendment published. 2 entrants were affected and have been told.').waitFor();
    await publish.getByRole('listitem').filter({ hasText: 'Beta Mobility GmbH withdrew from the programme.' }).waitFor();
    expect(await page.getByText('Amendment in preparation').count()).toBe(0);
    await openStep(page, 'Confirmed awards');
    await page.getByRole('region', { name: 'Confirmed awards' }).getByText(/the awards are fixed/).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'awards-11-amended');

    const visitorPage = visitor;
    await visitorPage.setViewportSize({ width: 1280, height: 900 });
    await visitorPage.goto(`${podium.url}/competitions/${cid}/results`);
    await visitorPage.getByText(/^Amended on .*: Beta Mobility GmbH withdrew from the programme\.$/).waitFor();
    const winners = visitorPage.getByRole('region', { name: 'Winners' });
    const moved = winners.getByRole('listitem').filter({ has: visitorPage.getByRole('heading', { name: 'Insect protein snacks' }) }).first();
    await moved.getByText('2nd place (ranked 3rd)').first().waitFor();
    expect(await winners.getByRole('heading', { name: 'Shared cargo bikes' }).count()).toBe(0);
    const text = (await winners.textContent()) ?? '';
    expect(text).not.toMatch(/Lump sum Lump sum|Prize Prize/);
    await screenshot(visitorPage, 'awards-12-results-amended');
  });

  it('(g) reads in French, every step: nothing of the page is left in English', async () => {
    const french = (language: string) => expectStatus(call('PUT', '/api/me/settings', 'organiser', { language }));
    const page = organiser;
    const own = [TITLE, ...SMES.flatMap((s) => [s.org, s.title, s.registryId]), 'Beta Mobility GmbH withdrew from the programme.', 'Jury', 'organiser@demo.test'];
    const namespaces = ['awards.', 'dataTable.', 'downloads.', 'jobProgress.'];
    await page.goto(`${podium.url}/competitions/${cid}/awards?step=plan`);
    await page.getByRole('heading', { level: 2, name: 'Prize plan' }).waitFor();
    // The check finds English when there is some…
    expect(await englishLeft(page, namespaces, own)).not.toEqual([]);
    try {
      const headings = { plan: 'Plan des prix', proposal: 'Proposition', confirm: 'Attributions confirmées', publish: 'Publier les résultats', feedback: 'Diffuser les retours' };
      for (const [step, heading] of Object.entries(headings)) {
        await openInFrench(page, `${podium.url}/competitions/${cid}/awards?step=${step}`, french);
        await page.getByRole('heading', { level: 2, name: new RegExp(`^${heading}`) }).waitFor();
        await page.getByRole('navigation', { name: 'Déroulé des attributions' }).waitFor();
        // …and none in French, step by step.
        expect({ step, left: await englishLeft(page, namespaces, own) }).toEqual({ step, left: [] });
      }
      // Amounts in the French form: "50 000 €".
      await openInFrench(page, `${podium.url}/competitions/${cid}/awards?step=confirm`, french);
      await page.getByRole('table', { name: 'Attributions confirmées' }).getByText(/^50\s000,00\s€$|^50\s000\s€$/).first().waitFor();
    } finally {
      await backToEnglish(page, french);
    }
  });
});
