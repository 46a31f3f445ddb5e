/**
 * The money invariants under concurrency, through the API against dynalite: over many trials,
 * confirmations racing plan edits, withdrawals and publication never end over the budget, the
 * per-organisation cap or the number of lump sums/vouchers, never award a slot twice, and never
 * lose an award that was reported confirmed — and the split ledger's items (totals, one per
 * organisation, one per award) always agree with one another once the races settle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, startHarness, type Harness } from '../support/api-harness.ts';
import { decidedWorld, publish, samplePlan, type World } from '../support/results-world.ts';

const TRIALS = 12;
/** Each race runs many trials of dozens of requests: minutes on a loaded machine, seconds on a quiet one. */
const RACE_TIMEOUT = 180_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

interface PlanView {
  plan: typeof samplePlan & { lumpSum?: { amount: number; topN: number }; vouchers?: { amount: number; count: number } };
  awards: { key: string; slot: string; type: string; amount: number; organisationKey: string; submissionId: string }[];
  totals: { committed: number };
  version: number;
}

async function planView(w: World): Promise<PlanView> {
  const r = await h.call('GET', `${w.base}/prize-plan`, people.organiser);
  expect(r.status, r.text).toBe(200);
  return r.json;
}

/** Every invariant the ledger promises, checked on what is stored. */
function expectInvariants(v: PlanView) {
  const sum = v.awards.reduce((t, a) => t + a.amount, 0);
  expect(v.totals.committed).toBe(sum);
  expect(sum).toBeLessThanOrEqual(v.plan.totalBudget);
  const perOrg = new Map<string, number>();
  for (const a of v.awards) perOrg.set(a.organisationKey, (perOrg.get(a.organisationKey) ?? 0) + a.amount);
  for (const total of perOrg.values()) expect(total).toBeLessThanOrEqual(v.plan.perThirdPartyCap);
  expect(v.awards.filter((a) => a.type === 'lump-sum').length).toBeLessThanOrEqual(v.plan.lumpSum?.topN ?? 0);
  expect(v.awards.filter((a) => a.type === 'voucher').length).toBeLessThanOrEqual(v.plan.vouchers?.count ?? 0);
  expect(new Set(v.awards.map((a) => a.key)).size).toBe(v.awards.length);
  expect(new Set(v.awards.map((a) => a.slot)).size).toBe(v.awards.length);
}

/** The ledger's own items agree with its awards: the totals item, every organisation's item, nothing in flight. */
async function expectStoredLedger(w: World) {
  const ledger = await h.deps.awards.getLedger(w.cid);
  expect(ledger.inFlight).toBe(0);
  expect(ledger.committed).toBe(ledger.awards.reduce((t, a) => t + a.amount, 0));
  const perOrg: Record<string, number> = {};
  for (const a of ledger.awards) perOrg[a.organisationKey] = (perOrg[a.organisationKey] ?? 0) + a.amount;
  expect(ledger.perOrganisation).toEqual(perOrg);
  for (const t of ['lump-sum', 'voucher'] as const) expect(ledger.counts[t] ?? 0).toBe(ledger.awards.filter((a) => a.type === t).length);
  return ledger;
}

/** Saves `plan`, retrying while confirmations move the ledger on; gives up when the plan no longer fits. */
async function savePlanPersistently(w: World, plan: unknown, knownVersion?: number) {
  for (let i = 0; i < 50; i++) {
    const version = i === 0 && knownVersion !== undefined ? knownVersion : (await planView(w)).version;
    const r = await h.call('PUT', `${w.base}/prize-plan`, people.organiser, { plan, categoryPicks: [], version });
    if (r.status === 200) return 'saved';
    expect(r.status, r.text).toBe(409);
    if (r.json.error.code !== 'VERSION_CONFLICT') return 'refused';
  }
  return 'gave up';
}

async function reset(w: World) {
  for (const a of (await planView(w)).awards) expect((await h.call('DELETE', `${w.base}/awards/${encodeURIComponent(a.key)}`, people.organiser)).status).toBe(200);
  expect(await savePlanPersistently(w, samplePlan)).toBe('saved');
}

const confirm = (w: World, award: Record<string, unknown>) => h.call('POST', `${w.base}/awards`, people.organiser, { awards: [award] });

describe('confirmations racing the plan they depend on', () => {
  let w: World;
  beforeAll(async () => {
    w = await decidedWorld(h, { n: 12, title: 'Races' });
  });

  it(`never end over the lowered budget, cap or counts (${TRIALS} trials)`, async () => {
    // Confirmations' ledger writes are held back a little, so that in every trial the plan edit
    // lands between a confirmation's reading of the plan and its write: the race the ledger's
    // plan-version condition exists for, made to happen rather than hoped for.
    let holdConfirmations = false;
    const stopHolding = h.db.onCall(async (e) => {
      if (holdConfirmations && e.phase === 'start' && e.operation === 'UpdateItem' && e.input.Key.sk === 'AWARDS' && e.input.UpdateExpression.includes('committed = committed + :amt'))
        await new Promise((r) => setTimeout(r, 40));
    });
    // €80,000 budget, €12,000 cap (a lump sum and a voucher together break it), 6 lump sums,
    // 5 vouchers: less than the racing requests (~€135,000) want, more than what is committed
    // when the edit starts, so the edit can win.
    const lowered = { ...samplePlan, rankPrizes: [{ rank: 1, amount: 1_200_000, label: '1st prize' }], totalBudget: 8_000_000, perThirdPartyCap: 1_200_000, lumpSum: { amount: 1_000_000, topN: 6 }, vouchers: { amount: 500_000, count: 5 } };
    const outcomes = new Map<string, number>();
    for (let trial = 0; trial < TRIALS; trial++) {
      await reset(w);
      const requests = w.subs.flatMap((sid, i) => (i % 2 === trial % 2 ? [{ submissionId: sid, type: 'voucher' }, { submissionId: sid, type: 'lump-sum' }] : [{ submissionId: sid, type: 'lump-sum' }]));
      // The plan edit starts with the confirmations (which read the plan first), a little later in each trial.
      const { version } = await planView(w);
      holdConfirmations = true;
      const edit = new Promise((r) => setTimeout(r, (trial % 4) * 3)).then(() => savePlanPersistently(w, lowered, version));
      const [edited, ...settled] = await Promise.all([edit, ...requests.map((a) => confirm(w, a))]);
      holdConfirmations = false;
      outcomes.set(edited, (outcomes.get(edited) ?? 0) + 1);
      for (const r of settled) expect([200, 409], r.text).toContain(r.status);
      expectInvariants(await planView(w));
      await expectStoredLedger(w);
    }
    // The race was real: the lowered plan won while confirmations were in flight.
    expect(outcomes.get('saved') ?? 0).toBeGreaterThan(0);
    stopHolding();
  }, RACE_TIMEOUT);

  it(`withdrawals racing confirmations keep the ledger exact (${TRIALS / 2} trials)`, async () => {
    for (let trial = 0; trial < TRIALS / 2; trial++) {
      await reset(w);
      const first = w.subs.slice(0, 6).map((sid) => ({ submissionId: sid, type: 'voucher' }));
      for (const a of first) expect((await confirm(w, a)).status).toBe(200);
      const withdrawals = first.map((a) => h.call('DELETE', `${w.base}/awards/${encodeURIComponent(`voucher:${a.submissionId}`)}`, people.organiser));
      // Re-confirming the very awards being withdrawn, and new ones, all at once.
      const confirmations = [...first, ...w.subs.slice(6).map((sid) => ({ submissionId: sid, type: 'voucher' }))].map((a) => confirm(w, a));
      const all = await Promise.all([...withdrawals, ...confirmations]);
      for (const r of all) expect([200, 404, 409], r.text).toContain(r.status);
      const v = await planView(w);
      expectInvariants(v);
      await expectStoredLedger(w);
    }
  }, RACE_TIMEOUT);

  it('different organisations racing for the last euro of the budget: exactly what fits is confirmed', async () => {
    // €27,500: five €5,000 vouchers fit, with €2,500 left that no voucher fits in.
    const tight = { ...samplePlan, totalBudget: 2_750_000 };
    for (let trial = 0; trial < 4; trial++) {
      await reset(w);
      expect(await savePlanPersistently(w, tight)).toBe('saved');
      const settled = await Promise.all(w.subs.map((sid) => confirm(w, { submissionId: sid, type: 'voucher' })));
      expect(settled.filter((r) => r.status === 200)).toHaveLength(5);
      for (const r of settled.filter((x) => x.status !== 200)) {
        expect(r.status, r.text).toBe(409);
        expect(r.json.error.code).toBe('OVER_BUDGET');
        expect(r.json.error.message).toContain('€2,500');
      }
      const v = await planView(w);
      expectInvariants(v);
      expect(v.totals.committed).toBe(2_500_000);
      await expectStoredLedger(w);
    }
  }, RACE_TIMEOUT);

  it('one organisation racing its own cap: never over it, and exactly one award each', async () => {
    // €12,000 cap: the €12,000 prize, the €10,000 lump sum and the €5,000 voucher of one entrant
    // exclude one another (any two together are over it). Every entrant asks for all three at once.
    const capped = { ...samplePlan, perThirdPartyCap: 1_200_000, rankPrizes: [{ rank: 1, amount: 1_200_000, label: '1st prize' }] };
    for (let trial = 0; trial < 4; trial++) {
      await reset(w);
      expect(await savePlanPersistently(w, capped)).toBe('saved');
      const requests = w.subs.flatMap((sid) => [{ submissionId: sid, type: 'prize', rank: 1 }, { submissionId: sid, type: 'lump-sum' }, { submissionId: sid, type: 'voucher' }]);
      const settled = await Promise.all(requests.map((a) => confirm(w, a)));
      for (const r of settled.filter((x) => x.status !== 200)) {
        expect(r.status, r.text).toBe(409);
        expect(['OVER_CAP', 'ALREADY_AWARDED']).toContain(r.json.error.code);
      }
      const v = await planView(w);
      expectInvariants(v);
      const perSubmission = new Map<string, number>();
      for (const a of v.awards) perSubmission.set(a.submissionId, (perSubmission.get(a.submissionId) ?? 0) + 1);
      expect([...perSubmission.values()]).toEqual(w.subs.map(() => 1));
      // One 1st prize at most (every entrant's lump sum or voucher may have won its cap first).
      expect(v.awards.filter((a) => a.type === 'prize').length).toBeLessThanOrEqual(1);
      await expectStoredLedger(w);
    }
  }, RACE_TIMEOUT);

  it('the same slot asked for at once: one holder, repeats are idempotent', async () => {
    const withCategory = { ...samplePlan, categories: [{ id: 'green', name: 'Best green idea', amount: 500_000 }] };
    for (let trial = 0; trial < 4; trial++) {
      await reset(w);
      expect(await savePlanPersistently(w, withCategory)).toBe('saved');
      const prizes = w.subs.map((sid) => confirm(w, { submissionId: sid, type: 'prize', rank: 1 }));
      const categories = w.subs.map((sid) => confirm(w, { submissionId: sid, type: 'category', categoryId: 'green' }));
      const repeats = Array.from({ length: 6 }, () => confirm(w, { submissionId: w.subs[trial]!, type: 'voucher' }));
      const [p, c, r] = await Promise.all([Promise.all(prizes), Promise.all(categories), Promise.all(repeats)]);
      for (const group of [p, c]) {
        expect(group.filter((x) => x.status === 200)).toHaveLength(1);
        for (const x of group.filter((y) => y.status !== 200)) expect(x.json.error.code, x.text).toBe('ALREADY_AWARDED');
      }
      for (const x of r) expect(x.status, x.text).toBe(200);
      expect(r.filter((x) => x.json.results[0].status === 'confirmed')).toHaveLength(1);
      const v = await planView(w);
      expectInvariants(v);
      expect(v.awards.map((a) => a.type).sort()).toEqual(['category', 'prize', 'voucher']);
      await expectStoredLedger(w);
    }
  }, RACE_TIMEOUT);

  it('publication racing confirmations: every award reported confirmed is in the published results', async () => {
    for (let trial = 0; trial < 4; trial++) {
      const world = await decidedWorld(h, { n: 8, title: `Publish race ${trial}`, prefix: `p${trial}-` });
      const confirmations = world.subs.map((sid) => confirm(world, { submissionId: sid, type: 'voucher' }));
      const [published, ...confirmed] = await Promise.all([publish(h, world), ...confirmations]);
      expect(published.status, published.text).toBe(202);
      const reported = confirmed.filter((r) => r.status === 200).map((r) => r.json.results[0].key as string);
      for (const r of confirmed.filter((x) => x.status !== 200)) expect(r.json.error.code).toMatch(/INVALID_STATE|RESULTS_FROZEN/);
      const pkg = (await h.exportFile(people.organiser, world.cid, 'results-package.json')).json;
      const inSnapshot = pkg.awards.map((a: { type: string; submissionId: string }) => `${a.type}:${a.submissionId}`).sort();
      const inLedger = (await planView(world)).awards.map((a) => a.key).sort();
      expect(inSnapshot).toEqual(inLedger);
      expect(inSnapshot).toEqual(expect.arrayContaining(reported));
    }
  }, RACE_TIMEOUT);
});
