/**
 * The cross-call ledger in Chromium (issue 13: "an SME supported in call 1 is capped in call 2"):
 * a programme with two calls, the same SME (one registry id) registered in both; call 1 awards it
 * €55,000 (through the API); in call 2 the organiser confirms its €10,000 1st prize on the awards
 * page and reads the programme's refusal sentence; the programme dashboard shows the SME at the
 * cap's edge, the calls against the budget, and the coordinator changes the limits and enters a
 * non-SME spending line in the browser — on a phone-sized screen too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPodium } from '../../functions/local/server.ts';
import { apiCaller, Browsers, createOpenCompetition, expectStatus, finishedJob, mintTokens, openJuryRound, registerEntrant, startLocalPodium, stopLocalPodium, submitIdea, submitReview, type Call } from './api-setup.ts';
import { screenshot } from './support.ts';

const SMES = [
  { who: 'sme1', org: 'GreenTech Oy', registryId: 'FI12345678', title: 'Solar-powered cold storage', score: 95, sectors: ['Energy'] },
  { who: 'sme2', org: 'Blue Harbour BV', registryId: 'NL123456789B01', title: 'Harbour shore power', score: 70, sectors: ['Mobility'] },
] as const;

/** A decided call: both SMEs registered and submitted, scored by the jury (GreenTech first), a plan with one 1st prize of `prize` cents, submissions closed. */
async function decidedCall(call: Call, title: string, prize: number): Promise<{ cid: string; subs: Record<string, string> }> {
  const cid = await createOpenCompetition(call, { title, description: 'A call of GreenChain.', kind: 'idea', sectors: ['Energy', 'Mobility'], rubric: [{ name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }] }, 2);
  const base = `/api/competitions/${cid}`;
  const subs: Record<string, string> = {};
  for (const s of SMES) {
    await registerEntrant(call, cid, s.who, { org: s.org, registryId: s.registryId, email: `ceo@${s.who}.eu` });
    subs[s.who] = await submitIdea(call, cid, s.who, { title: s.title, sectors: s.sectors });
  }
  const round = await openJuryRound(call, cid, { name: 'Jury', maxLoad: SMES.length, criteria: ['Overall'] });
  const invite = await expectStatus(call('POST', `${base}/rounds/${round.id}/invitations`, 'organiser', { emails: ['investor1@demo.test'] }), 201);
  await expectStatus(call('POST', `/api/invitations/${cid}/${String(invite.items[0].link).split('/').pop()}/accept`, 'investor1', { interests: [] }));
  await finishedJob(call, 'organiser', call('POST', `${base}/rounds/${round.id}/assignment`, 'organiser'));
  const criterion = round.rubric[0].id as string;
  for (const s of SMES) await submitReview(call, { competitionId: cid, roundId: round.id, submissionId: subs[s.who]! }, 'investor1', { scores: { [criterion]: s.score }, overallComment: 'Fine.', version: 1 });
  await expectStatus(
    call('PUT', `${base}/prize-plan`, 'organiser', {
      plan: { currency: 'EUR', totalBudget: 20_000_000, minSmeShare: 0.75, perThirdPartyCap: 6_000_000, smeOnly: true, rankPrizes: [{ rank: 1, amount: prize, label: '1st place' }], categories: [], reserveListLength: 1 },
      categoryPicks: [],
      version: 0,
    }),
  );
  const competition = await expectStatus(call('GET', base, 'organiser'));
  await expectStatus(call('POST', `${base}/close`, 'organiser', { version: competition.version }));
  return { cid, subs };
}

const SENTENCE = "GreenTech Oy has received €55,000 from GreenChain's calls; €10,000 more would pass the programme's cap of €60,000 per third party.";

describe('programme ledger: an SME supported in call 1 is capped in call 2', () => {
  let podium: RunningPodium;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => podium.url, tokens);
  const browsers = new Browsers(() => podium.url);
  let programmeId: string;
  let call1: { cid: string; subs: Record<string, string> };
  let call2: { cid: string; subs: Record<string, string> };

  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium('podium-browser-ledger-'));
    Object.assign(tokens, await mintTokens(podium, dataDir, ['organiser@demo.test', 'sme1@demo.test', 'sme2@demo.test', 'investor1@demo.test']));
    const programme = await expectStatus(
      call('POST', '/api/programmes', 'organiser', {
        name: 'GreenChain',
        description: 'INNOSUP-1 cluster project',
        partners: [{ name: 'Cluster Nord', country: 'DE', contactName: 'Nora Nord', contactEmail: 'nora@nord.test' }],
        period: { start: '2026-01-01', end: '2028-12-31' },
        currency: 'EUR',
        totalBudget: 120_000_000,
        minSmeShare: 0.75,
        thirdPartyCap: 6_000_000,
      }),
      201,
    );
    programmeId = programme.id;
    call1 = await decidedCall(call, 'GreenChain call 1', 5_500_000);
    call2 = await decidedCall(call, 'GreenChain call 2', 1_000_000);
    for (const c of [call1, call2]) await expectStatus(call('PUT', `/api/programmes/${programmeId}/calls/${c.cid}`, 'organiser', {}));
    // Call 1 awards GreenTech €55,000.
    await expectStatus(call('POST', `/api/competitions/${call1.cid}/awards`, 'organiser', { awards: [{ submissionId: call1.subs.sme1, type: 'prize', rank: 1 }] }));
  }, 240_000);

  afterAll(() => stopLocalPodium(podium, dataDir, browsers));

  it('the organiser confirms the 1st prize in call 2 and reads why the programme refuses it', async () => {
    const page = await browsers.open('organiser@demo.test');
    await page.goto(`${podium.url}/competitions/${call2.cid}/awards`);
    await page.getByRole('heading', { level: 1, name: 'Prize plan & awards' }).waitFor();
    const proposal = page.getByRole('region', { name: /Proposal/ });
    await proposal.getByRole('table', { name: /Proposed awards/ }).getByRole('row', { name: /1st place.*Solar-powered cold storage/ }).waitFor();
    await proposal.getByRole('button', { name: 'Confirm awards' }).click();
    await page.getByRole('list', { name: 'Confirmation results' }).getByText(`refused — ${SENTENCE}`, { exact: false }).waitFor();
    await screenshot(page, 'programme-ledger-1-capped');
    // Nothing was stored in call 2.
    expect((await call('GET', `/api/competitions/${call2.cid}/prize-plan`, 'organiser')).json.awards).toHaveLength(0);
  }, 120_000);

  it('the dashboard shows the SME near the cap, the calls against the budget; the coordinator edits limits and spending', async () => {
    const page = await browsers.open('organiser@demo.test');
    await page.goto(`${podium.url}/programmes/${programmeId}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Programme dashboard' }).waitFor();
    const recipients = page.getByRole('table', { name: /third part(y|ies) with the most support/ });
    await recipients.getByRole('row', { name: /GreenTech Oy.*FI12345678.*€55,000.*€5,000/ }).waitFor();
    const calls = page.getByRole('table', { name: 'Committed per call' });
    await calls.getByRole('row', { name: /GreenChain call 1.*€55,000/ }).waitFor();
    await calls.getByRole('row', { name: /All calls.*€1,200,000.*€55,000/ }).waitFor();
    expect(await page.getByRole('img', { name: /Bar chart: GreenChain call 1 €55,000 of €200,000/ }).count()).toBe(1);
    await page.getByRole('table', { name: 'SMEs supported by country' }).getByRole('row', { name: /FI.*1.*€55,000/ }).waitFor();

    // Lowering the cap below what GreenTech received is refused, naming it; €55,000 is accepted.
    const limits = page.getByRole('form', { name: 'Programme limits' });
    await limits.getByLabel('Cap per third party (€)').fill('50000');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await page.getByRole('alert').getByText(/GreenTech Oy \(€55,000\) has received more than €50,000 already/).first().waitFor();
    await limits.getByLabel('Cap per third party (€)').fill('55000');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await page.getByText('The limits are saved.').waitFor();
    await recipients.getByRole('row', { name: /GreenTech Oy.*At the cap/ }).waitFor();

    // A non-SME spending line, then the share of all spent that went to SMEs.
    await page.getByRole('button', { name: 'Add a spending line' }).click();
    await page.getByLabel('What').fill('Matchmaking event, Lyon');
    await page.getByLabel('Category').selectOption('events');
    await page.getByLabel('Amount (€)').fill('5000');
    // Typed as an English reader writes it (dd/mm/yyyy: components/date-input.tsx); the table says it in words.
    await page.getByLabel('Date').fill('10/02/2027');
    await page.getByRole('button', { name: 'Add the line' }).click();
    await page.getByRole('row', { name: /10 Feb 2027.*Matchmaking event, Lyon.*Events.*€5,000/ }).waitFor();
    await page.getByRole('row', { name: /Share of all spent.*€55,000.*€60,000.*91.6 %/ }).waitFor();
    await screenshot(page, 'programme-dashboard-1280');

    // On a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'programme-dashboard-390');

    // The funder's CSV downloads from the job's link.
    await page.setViewportSize({ width: 1280, height: 900 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Third parties supported (CSV)' }).click()]);
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain('GreenTech Oy,FI12345678,FI,Energy,yes,55000.00,1,55000.00,0.00');
  }, 180_000);

  it('the programme’s currency can no longer be changed once awards are confirmed: the field is disabled and says why', async () => {
    const page = await browsers.open('organiser@demo.test');
    await page.goto(`${podium.url}/programmes/${programmeId}/edit`);
    const currency = page.getByLabel('Currency');
    await currency.waitFor();
    expect(await currency.isDisabled()).toBe(true);
    await page.getByText("Awards in EUR are confirmed in this programme's calls, so its currency stays EUR", { exact: false }).waitFor();
    // The API says the same to anyone who tries.
    const p = (await call('GET', `/api/programmes/${programmeId}`, 'organiser')).json;
    const r = await call('PUT', `/api/programmes/${programmeId}`, 'organiser', { name: p.name, description: p.description, partners: p.partners, coordinatorPartnerId: p.coordinatorPartnerId, period: p.period, currency: 'USD', version: p.version });
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('PROGRAMME_CURRENCY_LOCKED');
  }, 120_000);
});
