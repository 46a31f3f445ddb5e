import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  planWarnings,
  formatMoney,
  planTotals,
  planViolations,
  proposeAwards,
  validatePlan,
  MAX_AMOUNT,
  type AwardLine,
  type Candidate,
  type PrizePlan,
  type Proposal,
  type ProposalInput,
} from '../../functions/domain/awards.ts';
import { planFixture } from '../support/domain-fixtures.ts';

// ---- helpers -----------------------------------------------------------------------------------
const K = 100_000; // €1,000 in cents

const demoPlan = planFixture;

const ids = (n: number) => Array.from({ length: n }, (_, i) => `s${i + 1}`);
/** Eligible SMEs, one organisation each (`o<id>`), unless overridden. */
const sme = (id: string, over: Partial<Candidate> = {}): Candidate => ({ submissionId: id, organisationKey: `o${id}`, isSme: true, eligible: true, ...over });
const totalOf = (lines: AwardLine[], id: string) => lines.filter((l) => l.submissionId === id).reduce((a, l) => a + l.amount, 0);
const sum = (lines: AwardLine[]) => lines.reduce((a, l) => a + l.amount, 0);
/** Compact view: "s1 prize 50000 #1", amounts in euros. */
/** The proposal's notes and skipped entries as the English sentences a reader sees. */
const said = (p: Proposal) => p.warnings.map((w) => w.message);
const reasons = (p: Proposal) => p.skipped.map(({ submissionId, reason }) => ({ submissionId, reason }));
const view = (p: Proposal) => p.lines.map((l) => `${l.submissionId} ${l.type === 'category' ? `category:${l.categoryId}` : l.type} ${l.amount / 100}${l.rank ? ` #${l.rank}` : ''}`);

// ---- generators --------------------------------------------------------------------------------
const UNIT = 50_000; // €500: amounts are multiples, caps and budgets sometimes not
const arbPlan: fc.Arbitrary<PrizePlan> = fc
  .record({
    prizes: fc.array(fc.integer({ min: 1, max: 140 }), { maxLength: 4 }),
    lump: fc.option(fc.record({ amount: fc.integer({ min: 1, max: 60 }), topN: fc.integer({ min: 1, max: 8 }) }), { nil: undefined }),
    vouchers: fc.option(fc.record({ amount: fc.integer({ min: 1, max: 30 }), count: fc.integer({ min: 1, max: 10 }) }), { nil: undefined }),
    categories: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 3 }),
    totalBudget: fc.integer({ min: 0, max: 200 * UNIT * 4 }),
    programmeBudget: fc.integer({ min: 1, max: 200 * UNIT * 4 }),
    minSmeShare: fc.constantFrom(0, 0.3, 0.5, 0.75, 1),
    cap: fc.integer({ min: 1, max: 160 * UNIT }),
    smeOnly: fc.boolean(),
    reserveListLength: fc.integer({ min: 0, max: 5 }),
  })
  .map((r) => ({
    currency: 'EUR',
    totalBudget: r.totalBudget,
    programmeBudget: r.programmeBudget,
    minSmeShare: r.minSmeShare,
    perThirdPartyCap: r.cap,
    smeOnly: r.smeOnly,
    // ranks 1..n, non-increasing: the shape validatePlan requires for rank monotonicity
    rankPrizes: [...r.prizes].sort((a, b) => b - a).map((a, i) => ({ rank: i + 1, amount: a * UNIT, label: `Prize ${i + 1}` })),
    lumpSum: r.lump && { amount: r.lump.amount * UNIT, topN: r.lump.topN },
    vouchers: r.vouchers && { amount: r.vouchers.amount * UNIT, count: r.vouchers.count },
    categories: r.categories.map((a, i) => ({ id: `c${i}`, name: `Category ${i}`, amount: a * UNIT })),
    reserveListLength: r.reserveListLength,
  }));

// Tight cases matter most (a package that just fits or not, organisations sharing a cap), so the
// budget is often a fraction of what the plan promises and the organisations are often few.
const promised = (plan: PrizePlan) =>
  plan.rankPrizes.reduce((a, p) => a + p.amount, 0) +
  plan.categories.reduce((a, c) => a + c.amount, 0) +
  (plan.lumpSum ? plan.lumpSum.amount * plan.lumpSum.topN : 0) +
  (plan.vouchers ? plan.vouchers.amount * plan.vouchers.count : 0);
/** Proposal inputs; half the time with confirmed awards taken from an earlier proposal on another ranking. */
const inputs = (shape: { maxN: number; maxOrgs: number; tight: boolean }): fc.Arbitrary<ProposalInput> =>
  fc
    .record({
      plan: arbPlan,
      n: fc.integer({ min: 0, max: shape.maxN }),
      budgetShare: shape.tight ? fc.integer({ min: 0, max: 1000 }) : fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
      orgs: fc.integer({ min: 1, max: shape.maxOrgs }),
    })
    .chain(({ plan: plan0, n, budgetShare, orgs }) =>
      fc.record({
        plan: fc.constant(budgetShare === undefined ? plan0 : { ...plan0, totalBudget: Math.floor((promised(plan0) * budgetShare) / 1000) }),
        orgs: fc.constant(orgs),
        facts: fc.array(fc.record({ org: fc.integer({ min: 0, max: 4 }), isSme: fc.integer({ min: 0, max: 3 }), eligible: fc.integer({ min: 0, max: 4 }) }), { minLength: n, maxLength: n }),
        ranking: fc.shuffledSubarray(ids(n), { minLength: n, maxLength: n }),
        earlierRanking: fc.shuffledSubarray(ids(n), { minLength: n, maxLength: n }),
        picks: fc.array(fc.integer({ min: 0, max: n }), { minLength: plan0.categories.length, maxLength: plan0.categories.length }),
        extraPick: fc.option(fc.integer({ min: 0, max: Math.max(0, n - 1) }), { nil: undefined }),
        commit: fc.option(fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), { nil: undefined }),
      }),
    )
    .map(({ plan, orgs, facts, ranking, earlierRanking, picks, extraPick, commit }) => {
      const candidates: Candidate[] = facts.map((f, i) => ({
        submissionId: `s${i + 1}`,
        organisationKey: `org${f.org % orgs}`,
        isSme: f.org % orgs !== 4 && f.isSme > 0, // org4 is never an SME; the others usually are
        eligible: f.eligible > 0,
        ...(f.eligible > 0 ? {} : { ineligibleReason: 'Withdrawn.' }),
      }));
      const categoryPicks = plan.categories.flatMap((c, i) => (picks[i]! < facts.length ? [{ categoryId: c.id, submissionId: `s${picks[i]! + 1}` }] : []));
      if (extraPick !== undefined && plan.categories.length > 0 && facts.length > 0) categoryPicks.push({ categoryId: 'c0', submissionId: `s${extraPick + 1}` });
      const base: ProposalInput = { plan, ranking, candidates, categoryPicks };
      if (!commit) return base;
      const earlier = proposeAwards({ ...base, ranking: earlierRanking }).lines;
      return { ...base, alreadyCommitted: earlier.filter((_, i) => commit[i % commit.length]) };
    });
const arbInput = inputs({ maxN: 12, maxOrgs: 5, tight: false });
/** Few entrants, one or two organisations, a budget that runs short: where the rules are tested hardest. */
const arbTight = inputs({ maxN: 4, maxOrgs: 2, tight: true });

// AWARDS_RUNS=20000 npx vitest run tests/unit/awards.test.ts for a deeper search.
const DEEP = Number(process.env.AWARDS_RUNS) || 0;
if (DEEP) vi.setConfig({ testTimeout: 600_000 });
const RUNS = { numRuns: DEEP || 200 };
const allLines = (input: ProposalInput, p: Proposal) => [...(input.alreadyCommitted ?? []), ...p.lines];
const factsOf = (input: ProposalInput, id: string) => input.candidates.find((c) => c.submissionId === id);
const fundable = (input: ProposalInput, id: string) => {
  const c = factsOf(input, id);
  return !!c && c.eligible && (!input.plan.smeOnly || c.isSme);
};
const WALK = new Set(['prize', 'lump-sum', 'voucher']);

// ---- properties --------------------------------------------------------------------------------
describe('properties', () => {
  it('never over budget, and no organisation over its cap', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const p = proposeAwards(input);
        const lines = allLines(input, p);
        expect(sum(lines)).toBeLessThanOrEqual(input.plan.totalBudget);
        const per = new Map<string, number>();
        for (const l of lines) per.set(l.organisationKey, (per.get(l.organisationKey) ?? 0) + l.amount);
        for (const v of per.values()) expect(v).toBeLessThanOrEqual(input.plan.perThirdPartyCap);
        for (const l of p.lines) expect(Number.isSafeInteger(l.amount) && l.amount > 0).toBe(true);
      }),
      RUNS,
    );
  });

  it('no submission gets two awards of the same type or category, and the whole set passes planViolations', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const p = proposeAwards(input);
        const lines = allLines(input, p);
        const keys = lines.map((l) => `${l.submissionId}|${l.type === 'category' ? `category:${l.categoryId}` : l.type}`);
        expect(new Set(keys).size).toBe(keys.length);
        const ranks = lines.filter((l) => l.type === 'prize').map((l) => l.rank);
        expect(new Set(ranks).size).toBe(ranks.length);
        const cats = lines.filter((l) => l.type === 'category').map((l) => l.categoryId);
        expect(new Set(cats).size).toBe(cats.length);
        expect(planViolations(input.plan, lines, input.candidates)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('ineligible submissions (and non-SMEs when SME-only) are never funded, and are listed as skipped', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const p = proposeAwards(input);
        for (const l of p.lines) expect(fundable(input, l.submissionId)).toBe(true);
        const skippedIds = new Set(p.skipped.map((s) => s.submissionId));
        for (const id of input.ranking) if (!fundable(input, id)) expect(skippedIds.has(id)).toBe(true);
        for (const s of p.skipped) expect(s.reason.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('categories: awarded only to the first pick, come first, never above the category amount', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const p = proposeAwards(input);
        const firstNonCategory = p.lines.findIndex((l) => l.type !== 'category');
        const lastCategory = p.lines.map((l) => l.type).lastIndexOf('category');
        if (firstNonCategory >= 0) expect(lastCategory).toBeLessThan(firstNonCategory);
        const held = new Set((input.alreadyCommitted ?? []).filter((l) => l.type === 'category').map((l) => l.categoryId));
        for (const l of p.lines.filter((x) => x.type === 'category')) {
          const cat = input.plan.categories.find((c) => c.id === l.categoryId)!;
          expect(held.has(cat.id)).toBe(false);
          expect(input.categoryPicks.find((x) => x.categoryId === cat.id)?.submissionId).toBe(l.submissionId);
          expect(l.amount).toBeLessThanOrEqual(cat.amount);
        }
      }),
      RUNS,
    );
  });

  it('categories: with ample budget and cap, every eligible first pick is funded in full', () => {
    fc.assert(
      fc.property(arbInput, (input0) => {
        const input = { ...input0, plan: { ...input0.plan, totalBudget: 10 ** 12, perThirdPartyCap: 10 ** 12 } };
        const p = proposeAwards(input);
        const held = new Set((input.alreadyCommitted ?? []).filter((l) => l.type === 'category').map((l) => l.categoryId));
        for (const cat of input.plan.categories) {
          const pick = input.categoryPicks.find((x) => x.categoryId === cat.id);
          const line = p.lines.find((l) => l.categoryId === cat.id);
          if (pick && !held.has(cat.id) && fundable(input, pick.submissionId)) expect(line).toMatchObject({ submissionId: pick.submissionId, amount: cat.amount });
          else expect(line).toBeUndefined();
        }
      }),
      RUNS,
    );
  });

  it.each([
    ['any input', arbInput, DEEP || 300],
    ['tight budgets, shared organisations', arbTight, DEEP || 1500],
  ] as const)('rank monotonicity (%s): moving a submission upward never lowers its total nor loses its award', (_, arb, numRuns) => {
    fc.assert(
      fc.property(arb, fc.nat(), fc.nat(), fc.boolean(), (input, a, b, insert) => {
        const n = input.ranking.length;
        fc.pre(n >= 2);
        const i = a % (n - 1);
        const j = i + 1 + (b % (n - 1 - i)); // i < j: s = ranking[j] moves up to place i
        const s = input.ranking[j]!;
        const better = [...input.ranking];
        if (insert) {
          better.splice(j, 1);
          better.splice(i, 0, s); // move up, the others shift down by one
        } else {
          better[j] = input.ranking[i]!; // swap with the one at i
          better[i] = s;
        }
        const before = proposeAwards(input);
        const after = proposeAwards({ ...input, ranking: better });
        expect(totalOf(allLines(input, after), s)).toBeGreaterThanOrEqual(totalOf(allLines(input, before), s));
        const wasFunded = before.lines.some((l) => l.submissionId === s && WALK.has(l.type));
        if (wasFunded) expect(after.lines.some((l) => l.submissionId === s && WALK.has(l.type))).toBe(true);
      }),
      { numRuns },
    );
  });

  it('SME share and smeShareHolds are computed from the lines to SMEs', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const p = proposeAwards(input);
        const smeOrg = (org: string) => {
          const cs = input.candidates.filter((c) => c.organisationKey === org);
          return cs.length > 0 && cs.every((c) => c.isSme);
        };
        const toSmes = sum(allLines(input, p).filter((l) => smeOrg(l.organisationKey)));
        expect(p.totals.toSmes).toBe(toSmes);
        expect(p.totals.committed).toBe(sum(allLines(input, p)));
        expect(p.totals.left).toBe(input.plan.totalBudget - p.totals.committed);
        expect(p.totals.smeShare).toBeCloseTo(toSmes / input.plan.programmeBudget, 12);
        // exact: toSmes/programme ≥ minSmeShare, compared in integers (minSmeShare has ≤ 2 decimals here)
        expect(p.totals.smeShareHolds).toBe(toSmes * 100 >= Math.round(input.plan.minSmeShare * 100) * input.plan.programmeBudget);
        expect(p.warnings.some((w) => w.message.startsWith('The SME share is'))).toBe(!p.totals.smeShareHolds);
        expect(Object.values(p.totals.perOrganisation).reduce((x, y) => x + y, 0)).toBe(p.totals.committed);
      }),
      RUNS,
    );
  });

  it('reproducible: same input twice → deep-equal; candidates in another order → equal; input not mutated', () => {
    fc.assert(
      fc.property(
        arbInput.chain((input) => fc.tuple(fc.constant(input), fc.shuffledSubarray(input.candidates, { minLength: input.candidates.length, maxLength: input.candidates.length }))),
        ([input, shuffled]) => {
          const copy = structuredClone(input);
          const p = proposeAwards(input);
          expect(input).toEqual(copy);
          expect(proposeAwards(copy)).toEqual(p);
          expect(proposeAwards({ ...input, candidates: shuffled })).toEqual(p);
        },
      ),
      RUNS,
    );
  });

  it('reserve list = the next eligible entrants after the funded ones, up to its length', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const p = proposeAwards(input);
        const cappedOut = new Set(p.skipped.filter((s) => fundable(input, s.submissionId)).map((s) => s.submissionId));
        const funded = new Set(p.lines.filter((l) => WALK.has(l.type)).map((l) => l.submissionId));
        const lastFunded = Math.max(-1, ...input.ranking.map((id, i) => (funded.has(id) || cappedOut.has(id) ? i : -1)));
        const holders = new Set((input.alreadyCommitted ?? []).filter((l) => WALK.has(l.type)).map((l) => l.submissionId));
        const expected = input.ranking
          .map((id, i) => ({ submissionId: id, rank: i + 1 }))
          .filter((e) => e.rank - 1 > lastFunded && fundable(input, e.submissionId) && !holders.has(e.submissionId))
          .slice(0, input.plan.reserveListLength);
        expect(p.reserve).toEqual(expected);
        for (const r of p.reserve) expect(funded.has(r.submissionId)).toBe(false);
      }),
      RUNS,
    );
  });

  it('the top of the ranking is enough once the walk wants no more: the same lines, reserve and totals as the whole', () => {
    fc.assert(
      fc.property(arbInput, (generated) => {
        // In stored data an organisation is one registration (one per registry id), whose SME
        // declaration all its entries carry; the generator mixes them, which only the whole
        // ranking can settle (an organisation is an SME when all its entries say so).
        const smeOf = new Map<string, boolean>();
        for (const c of generated.candidates) if (!smeOf.has(c.organisationKey)) smeOf.set(c.organisationKey, c.isSme);
        const input = { ...generated, candidates: generated.candidates.map((c) => ({ ...c, isSme: smeOf.get(c.organisationKey)! })) };
        const whole = proposeAwards(input);
        // What a caller reading the ranking from the top knows: the entries read, and those the ledger and picks name.
        const named = new Set([...(input.alreadyCommitted ?? []).map((l) => l.submissionId), ...input.categoryPicks.map((c) => c.submissionId)]);
        for (let k = 0; k <= input.ranking.length; k++) {
          const top = new Set(input.ranking.slice(0, k));
          const p = proposeAwards({ ...input, ranking: input.ranking.slice(0, k), candidates: input.candidates.filter((c) => top.has(c.submissionId) || named.has(c.submissionId)) });
          if (p.wantsMore) continue;
          expect(p.lines).toEqual(whole.lines);
          expect(p.reserve).toEqual(whole.reserve);
          expect(p.totals).toEqual(whole.totals);
          // The whole ranking's walk itself wants no more.
          expect(whole.wantsMore).toBe(false);
          break;
        }
      }),
      RUNS,
    );
  });
});

// ---- hand-written cases ------------------------------------------------------------------------
describe('the demo plan', () => {
  const ranking = ids(12);
  const input: ProposalInput = { plan: demoPlan(), ranking, candidates: ranking.map((id) => sme(id)), categoryPicks: [{ categoryId: 'green', submissionId: 's7' }] };

  it('passes validatePlan', () => {
    expect(validatePlan(demoPlan())).toEqual({});
  });

  it('proposes exactly these lines', () => {
    const p = proposeAwards(input);
    expect(view(p)).toEqual([
      's7 category:green 5000',
      // 1st: €50,000 + €10,000 + €5,000 = €65,000 > €60,000 cap → the voucher is cut
      's1 prize 50000 #1',
      's1 lump-sum 10000',
      's2 prize 30000 #2',
      's2 lump-sum 10000',
      's2 voucher 5000',
      's3 lump-sum 10000',
      's3 voucher 5000',
      's4 lump-sum 10000',
      's4 voucher 5000',
      's5 lump-sum 10000',
      's5 voucher 5000',
      's6 voucher 5000',
      's7 voucher 5000',
      's8 voucher 5000',
      's9 voucher 5000',
      's10 voucher 5000',
    ]);
    expect(p.lines[1]).toEqual({ submissionId: 's1', organisationKey: 'os1', type: 'prize', amount: 5_000_000, label: '1st place', rank: 1 });
    expect(p.reserve).toEqual([
      { submissionId: 's11', rank: 11 },
      { submissionId: 's12', rank: 12 },
    ]);
    expect(reasons(p)).toEqual([]);
    expect(p.totals).toMatchObject({ committed: 180 * K, left: 20 * K, toSmes: 180 * K, smeShare: 0.9, smeShareHolds: true });
    expect(p.totals.perOrganisation).toMatchObject({ os1: 60 * K, os2: 45 * K, os3: 15 * K, os7: 10 * K, os10: 5 * K });
    expect(said(p)).toEqual(["s1's package is cut from €65,000 to €60,000: organisation os1 reaches the €60,000 cap.", 'Budget left over: €20,000.']);
    expect(planViolations(input.plan, p.lines, input.candidates)).toEqual([]);
  });

  it('confirmed awards are kept and the rest is proposed around them', () => {
    const first = proposeAwards(input);
    const confirmed = first.lines.filter((l) => l.submissionId === 's1' || l.type === 'category');
    const p = proposeAwards({ ...input, alreadyCommitted: confirmed });
    expect(p.lines).toEqual(first.lines.filter((l) => !confirmed.includes(l)));
    expect(p.totals).toEqual(first.totals);
  });
});

describe('budget', () => {
  it('stops at the first package that does not fit, without skipping to a cheaper one', () => {
    // Packages: 1st €65,000 (cut to €60,000 by the cap), 2nd €45,000, 3rd €15,000, 4th–6th €5,000.
    const plan = demoPlan({ totalBudget: 115 * K, lumpSum: { amount: 10 * K, topN: 3 }, vouchers: { amount: 5 * K, count: 6 }, categories: [] });
    const ranking = ids(8);
    const p = proposeAwards({ plan, ranking, candidates: ranking.map((id) => sme(id)), categoryPicks: [] });
    expect(view(p)).toEqual(['s1 prize 50000 #1', 's1 lump-sum 10000', 's2 prize 30000 #2', 's2 lump-sum 10000', 's2 voucher 5000']);
    // €10,000 is left: not enough for the 3rd package (€15,000); the 4th (€5,000) would fit but is not taken
    expect(p.totals.left).toBe(10 * K);
    expect(p.reserve.map((r) => r.submissionId)).toEqual(['s3', 's4', 's5']);
    expect(said(p)).toContain('The budget runs out at position 3 (s3, ranked 3): its package of €15,000 does not fit in the €10,000 left. The entrants from there on form the reserve list.');
    expect(said(p)).toContain('Budget left over: €10,000.');
    expect(validatePlan(plan).totalBudget).toBeUndefined();
    expect(planWarnings(plan).map((w) => w.message)).toEqual(['The fixed awards need €140,000 but the budget is €115,000.']);
  });

  it('the budget check uses the full package, also for a capped entrant (regression for rank monotonicity)', () => {
    // t already holds the 1st prize (confirmed) and its organisation is at the €50,000 cap. Still on
    // offer: the 2nd prize (€30,000) and one lump sum (€10,000). €35,000 of budget is left.
    const plan = demoPlan({
      totalBudget: 85 * K,
      perThirdPartyCap: 50 * K,
      lumpSum: { amount: 10 * K, topN: 1 },
      vouchers: undefined,
      categories: [],
    });
    const candidates = [sme('t'), sme('s')];
    const alreadyCommitted: AwardLine[] = [{ submissionId: 't', organisationKey: 'ot', type: 'prize', amount: 50 * K, label: '1st place', rank: 1 }];
    const behind = proposeAwards({ plan, ranking: ['t', 's'], candidates, categoryPicks: [], alreadyCommitted });
    const ahead = proposeAwards({ plan, ranking: ['s', 't'], candidates, categoryPicks: [], alreadyCommitted });
    // Were the check made with t's own (cut) package, t would pass for €0 and s behind it would get
    // the 2nd prize (€30,000), while s ahead of t (package €40,000 > €35,000) would get nothing.
    expect(totalOf(behind.lines, 's')).toBe(0);
    expect(totalOf(ahead.lines, 's')).toBe(0);
    expect(behind.reserve).toEqual([{ submissionId: 's', rank: 2 }]);
    // with €40,000 left, both orders fund s
    const richer = { ...plan, totalBudget: 90 * K };
    expect(totalOf(proposeAwards({ plan: richer, ranking: ['t', 's'], candidates, categoryPicks: [], alreadyCommitted }).lines, 's')).toBe(30 * K);
    expect(totalOf(proposeAwards({ plan: richer, ranking: ['s', 't'], candidates, categoryPicks: [], alreadyCommitted }).lines, 's')).toBe(40 * K);
  });

  it('nothing is proposed when confirmed awards already use the budget', () => {
    const plan = demoPlan({ totalBudget: 50 * K });
    const alreadyCommitted: AwardLine[] = [{ submissionId: 's1', organisationKey: 'os1', type: 'prize', amount: 50 * K, label: '1st place', rank: 1 }];
    const p = proposeAwards({ plan, ranking: ['s1', 's2', 's3'], candidates: ['s1', 's2', 's3'].map((id) => sme(id)), categoryPicks: [{ categoryId: 'green', submissionId: 's2' }], alreadyCommitted });
    expect(p.lines).toEqual([]);
    expect(said(p)).toContain('Category "Best green idea" is not funded: it needs €5,000 but only €0 is left.');
    expect(p.reserve.map((r) => r.submissionId)).toEqual(['s2', 's3']);
  });
});

describe('per-organisation cap', () => {
  it('an organisation at the cap gets nothing more; its position is used up', () => {
    const plan = demoPlan({ categories: [] });
    const candidates = [sme('s1', { organisationKey: 'acme' }), sme('s2', { organisationKey: 'acme' }), sme('s3'), sme('s4')];
    const p = proposeAwards({ plan, ranking: ['s1', 's2', 's3', 's4'], candidates, categoryPicks: [] });
    expect(view(p)).toEqual([
      's1 prize 50000 #1',
      's1 lump-sum 10000',
      // s2 (position 2) would get €45,000 but acme is at €60,000; s3 gets position 3's package
      's3 lump-sum 10000',
      's3 voucher 5000',
      's4 lump-sum 10000',
      's4 voucher 5000',
    ]);
    expect(reasons(p)).toEqual([{ submissionId: 's2', reason: "Organisation acme already receives the maximum €60,000; position 2's package is used up." }]);
    expect(p.totals.perOrganisation.acme).toBe(60 * K);
  });

  it('a package crossing the cap is cut to the room left: prize first, then lump sum, then voucher', () => {
    const plan = demoPlan({ perThirdPartyCap: 80 * K, categories: [] });
    const candidates = [sme('s1', { organisationKey: 'acme' }), sme('s2', { organisationKey: 'acme' })];
    const p = proposeAwards({ plan, ranking: ['s1', 's2'], candidates, categoryPicks: [] });
    // s1: €65,000; s2: €45,000 offered, €15,000 of room → the 2nd prize is paid €15,000, the rest dropped
    expect(view(p)).toEqual(['s1 prize 50000 #1', 's1 lump-sum 10000', 's1 voucher 5000', 's2 prize 15000 #2']);
    expect(said(p)).toContain("s2's package is cut from €45,000 to €15,000: organisation acme reaches the €80,000 cap.");
    expect(planViolations(plan, p.lines, candidates)).toEqual([]);
  });

  it('a category counts toward the cap of the organisation', () => {
    const plan = demoPlan({ categories: [{ id: 'green', name: 'Best green idea', amount: 20 * K }] });
    const p = proposeAwards({ plan, ranking: ['s1', 's2'], candidates: [sme('s1'), sme('s2')], categoryPicks: [{ categoryId: 'green', submissionId: 's1' }] });
    expect(view(p)).toEqual(['s1 category:green 20000', 's1 prize 40000 #1', 's2 prize 30000 #2', 's2 lump-sum 10000', 's2 voucher 5000']);
    expect(p.totals.perOrganisation.os1).toBe(60 * K);
  });
});

describe('eligibility', () => {
  it('a non-SME is skipped when the competition is SME-only, and the next SME moves up', () => {
    const candidates = [sme('s1', { isSme: false }), sme('s2'), sme('s3')];
    const p = proposeAwards({ plan: demoPlan({ categories: [] }), ranking: ['s1', 's2', 's3'], candidates, categoryPicks: [] });
    expect(reasons(p)).toEqual([{ submissionId: 's1', reason: 'Not an SME; this plan awards SMEs only.' }]);
    expect(view(p).slice(0, 2)).toEqual(['s2 prize 50000 #1', 's2 lump-sum 10000']);
  });

  it('a non-SME can win when the plan is not SME-only, and the SME share shows it', () => {
    const plan = demoPlan({ smeOnly: false, categories: [], lumpSum: undefined, vouchers: undefined, totalBudget: 80 * K, programmeBudget: 80 * K });
    const p = proposeAwards({ plan, ranking: ['big', 's2'], candidates: [sme('big', { isSme: false }), sme('s2')], categoryPicks: [] });
    expect(view(p)).toEqual(['big prize 50000 #1', 's2 prize 30000 #2']);
    expect(p.totals).toMatchObject({ toSmes: 30 * K, smeShare: 0.375, smeShareHolds: false });
    expect(said(p)).toContain('The SME share is 37.5 %, below the required 75 % (€30,000 of €80,000).');
  });

  it('withdrawn, failed-duty and unknown submissions are skipped with their reasons', () => {
    const candidates = [sme('s1', { eligible: false, ineligibleReason: 'Withdrawn by the entrant.' }), sme('s2', { eligible: false, ineligibleReason: 'Did not complete the peer reviews.' }), sme('s4')];
    const p = proposeAwards({ plan: demoPlan({ categories: [] }), ranking: ['s1', 's2', 's3', 's4'], candidates, categoryPicks: [] });
    expect(reasons(p)).toEqual([
      { submissionId: 's1', reason: 'Withdrawn by the entrant.' },
      { submissionId: 's2', reason: 'Did not complete the peer reviews.' },
      { submissionId: 's3', reason: 'No eligibility facts for this submission.' },
    ]);
    expect(p.lines.every((l) => l.submissionId === 's4')).toBe(true);
  });

  it('contradictory facts for one submission make it ineligible, whatever their order', () => {
    const a = sme('s1');
    const b = sme('s1', { organisationKey: 'other' });
    for (const candidates of [[a, b], [b, a]]) {
      const p = proposeAwards({ plan: demoPlan(), ranking: ['s1'], candidates, categoryPicks: [] });
      expect(reasons(p)).toEqual([{ submissionId: 's1', reason: 'Contradictory eligibility facts for this submission.' }]);
    }
  });
});

describe('categories and confirmed awards', () => {
  const ranking = ids(4);
  const candidates = [...ranking.map((id) => sme(id)), sme('x', { eligible: false, ineligibleReason: 'Withdrawn.' })];

  it('an ineligible pick is not funded; only the first of several picks counts; unknown categories are reported', () => {
    const plan = demoPlan({ categories: [{ id: 'green', name: 'Best green idea', amount: 5 * K }, { id: 'social', name: 'Social impact', amount: 5 * K }] });
    const p = proposeAwards({
      plan,
      ranking,
      candidates,
      categoryPicks: [
        { categoryId: 'green', submissionId: 's3' },
        { categoryId: 'green', submissionId: 's4' },
        { categoryId: 'social', submissionId: 'x' },
        { categoryId: 'nope', submissionId: 's1' },
      ],
    });
    expect(p.lines.filter((l) => l.type === 'category').map((l) => `${l.categoryId}:${l.submissionId}`)).toEqual(['green:s3']);
    expect(said(p)).toEqual(
      expect.arrayContaining([
        'Several picks for category "Best green idea" (s3, s4): only the first, s3, counts.',
        'Category "Social impact" is not funded: x is not eligible (Withdrawn.).',
        's1 is picked for category "nope", which is not in the plan.',
      ]),
    );
  });

  it('confirmed prizes hold their slot: the next entrant gets the next prize, the holder no second prize', () => {
    const alreadyCommitted: AwardLine[] = [{ submissionId: 's2', organisationKey: 'os2', type: 'prize', amount: 50 * K, label: '1st place', rank: 1 }];
    const p = proposeAwards({ plan: demoPlan({ categories: [] }), ranking, candidates, categoryPicks: [], alreadyCommitted });
    expect(view(p)).toEqual([
      's1 prize 30000 #2',
      's1 lump-sum 10000',
      's1 voucher 5000',
      's2 lump-sum 10000', // s2 keeps its 1st prize and still gets the lump sum (cut by the cap: €50,000 + €10,000)
      's3 lump-sum 10000',
      's3 voucher 5000',
      's4 lump-sum 10000',
      's4 voucher 5000',
    ]);
    expect(planViolations(demoPlan(), [...alreadyCommitted, ...p.lines], candidates)).toEqual([]);
  });

  it('a confirmed category award holds the category', () => {
    const alreadyCommitted: AwardLine[] = [{ submissionId: 's4', organisationKey: 'os4', type: 'category', amount: 5 * K, label: 'Best green idea', categoryId: 'green' }];
    const p = proposeAwards({ plan: demoPlan(), ranking, candidates, categoryPicks: [{ categoryId: 'green', submissionId: 's3' }], alreadyCommitted });
    expect(p.lines.some((l) => l.type === 'category')).toBe(false);
    expect(said(p)).toContain('Category "Best green idea" is already awarded to s4; the other picks are ignored.');
  });

  it('a confirmed award to a submission that is no longer eligible is kept, with a warning', () => {
    const alreadyCommitted: AwardLine[] = [{ submissionId: 'x', organisationKey: 'ox', type: 'voucher', amount: 5 * K, label: 'Innovation voucher' }];
    const p = proposeAwards({ plan: demoPlan(), ranking: ['x', ...ranking], candidates, categoryPicks: [], alreadyCommitted });
    expect(p.totals.committed).toBe(sum(p.lines) + 5 * K);
    expect(said(p)).toContain('The confirmed award "Innovation voucher" (€5,000) goes to x, which is not eligible: Withdrawn.');
  });

  it('a submission listed twice in the ranking counts once, at its best place', () => {
    const p = proposeAwards({ plan: demoPlan({ categories: [] }), ranking: ['s1', 's2', 's1'], candidates, categoryPicks: [] });
    expect(totalOf(p.lines, 's1')).toBe(60 * K);
    expect(said(p)).toContain('s1 appears more than once in the ranking; only its best place (1) counts.');
  });
});

describe('validatePlan', () => {
  it('reports field errors', () => {
    const errors = validatePlan(
      demoPlan({
        currency: 'euro',
        rankPrizes: [
          { rank: 1, amount: 30 * K, label: '1st place' },
          { rank: 1, amount: 20 * K, label: 'also 1st' },
          { rank: 2, amount: 40 * K, label: '2nd place' },
          { rank: 4, amount: 10 * K, label: '' },
        ],
        lumpSum: { amount: 70 * K, topN: 0 },
        categories: [
          { id: 'g', name: 'Green', amount: 0 },
          { id: 'g', name: '', amount: 1 },
        ],
        reserveListLength: -1,
      }),
    );
    expect(errors).toMatchObject({
      currency: 'Use a three-letter ISO 4217 currency code, e.g. EUR.',
      'rankPrizes.1.rank': 'Two prizes for rank 1.',
      'rankPrizes.2.amount': 'The prize for rank 2 (400000000) is more than the prize for rank 1 (300000000): a better rank must never get less.'.replace('400000000', `${40 * K}`).replace('300000000', `${30 * K}`),
      'rankPrizes.3.rank': 'Rank 4 has a prize but rank 3 has none: number the prizes 1, 2, 3, … without gaps.',
      'rankPrizes.3.label': 'Enter a label, e.g. "1st prize".',
      'lumpSum.topN': 'Enter how many of the top entrants get the lump sum (1 or more).',
      'categories.0.amount': 'Enter an amount above 0.', // the currency is wrong, so no amount can be named
      'categories.1.id': 'Two categories with the id "g".',
      'categories.1.name': 'Enter a name.',
      reserveListLength: 'Enter a whole number, 0 or more.',
    });
  });

  it('checks amounts against the cap and the budget, in the plan currency', () => {
    const errors = validatePlan(demoPlan({ totalBudget: 100 * K, lumpSum: { amount: 70 * K, topN: 1 } }));
    expect(errors).toEqual({
      'lumpSum.amount': 'More than the €60,000 a single organisation may receive.',
    });
    // Promising more than the budget is allowed: awards are funded while the budget lasts.
    expect(planWarnings(demoPlan({ totalBudget: 100 * K, lumpSum: { amount: 70 * K, topN: 1 } })).map((w) => w.message)).toEqual(['The fixed awards need €205,000 but the budget is €100,000.']);
    expect(validatePlan(demoPlan({ rankPrizes: [{ rank: 1, amount: 10 * K, label: '1st' }, { rank: 2, amount: 20 * K, label: '2nd' }] }))['rankPrizes.1.amount']).toBe(
      'The prize for rank 2 (€20,000) is more than the prize for rank 1 (€10,000): a better rank must never get less.',
    );
    expect(validatePlan(demoPlan({ minSmeShare: 1.5, programmeBudget: 0, perThirdPartyCap: 0 }))).toMatchObject({
      minSmeShare: 'Enter a share from 0 % to 100 %.',
      programmeBudget: 'Enter an amount above €0, at most €1,000,000,000.',
      perThirdPartyCap: 'Enter an amount above €0, at most €1,000,000,000.',
    });
    // Amounts are bounded (what a programme means, and what the store can hold).
    expect(validatePlan(demoPlan({ totalBudget: MAX_AMOUNT + 1, vouchers: { amount: 1e300, count: 1 } }))).toMatchObject({
      totalBudget: 'Enter an amount from €0 to €1,000,000,000.',
      'vouchers.amount': 'Enter an amount above €0, at most €1,000,000,000.',
    });
    expect(validatePlan(demoPlan({ totalBudget: MAX_AMOUNT }))).not.toHaveProperty('totalBudget');
  });

  it('plan problems also show up in the proposal warnings', () => {
    const p = proposeAwards({ plan: demoPlan({ totalBudget: 100 * K }), ranking: [], candidates: [], categoryPicks: [] });
    expect(said(p)).toContain('The fixed awards need €185,000 but the budget is €100,000.');
  });
});

describe('planViolations', () => {
  const plan = demoPlan();
  const candidates = [sme('s1'), sme('s2'), sme('s3', { isSme: false }), sme('s4', { eligible: false, ineligibleReason: 'Withdrawn.' })];
  const prize = (id: string, rank: number, amount: number): AwardLine => ({ submissionId: id, organisationKey: `o${id}`, type: 'prize', amount, label: `#${rank}`, rank });

  it('is empty for a valid set', () => {
    expect(planViolations(plan, [prize('s1', 1, 50 * K), prize('s2', 2, 30 * K)], candidates)).toEqual([]);
  });

  it('names every broken rule', () => {
    const lines: AwardLine[] = [
      prize('s1', 1, 50 * K),
      prize('s2', 1, 50 * K), // rank 1 twice
      { submissionId: 's1', organisationKey: 'os1', type: 'lump-sum', amount: 10 * K, label: 'Lump' },
      { submissionId: 's1', organisationKey: 'os1', type: 'lump-sum', amount: 10 * K, label: 'Lump' }, // twice, and over the cap
      prize('s3', 2, 30 * K), // not an SME
      { submissionId: 's4', organisationKey: 'os4', type: 'voucher', amount: 6 * K, label: 'Voucher' }, // ineligible, above the voucher
      { submissionId: 's2', organisationKey: 'os2', type: 'category', amount: 5 * K, label: 'Green', categoryId: 'green' },
      { submissionId: 's1', organisationKey: 'os1', type: 'category', amount: 5 * K, label: 'Green', categoryId: 'green' }, // category twice
      { submissionId: 's2', organisationKey: 'elsewhere', type: 'category', amount: 5 * K, label: 'Blue', categoryId: 'blue' },
    ];
    const v = planViolations({ ...plan, totalBudget: 100 * K }, lines, candidates);
    expect(v).toEqual([
      'Award 2 (#1 to s2): the prize for rank 1 is already awarded to s1.',
      'Award 4 (Lump to s1): s1 already has a lump-sum award.',
      'Award 5 (#2 to s3): the submission is not eligible (Not an SME; this plan awards SMEs only.).',
      'Award 6 (Voucher to s4): the submission is not eligible (Withdrawn.).',
      'Award 6 (Voucher to s4): €6,000 is more than the voucher of €5,000.',
      'Award 8 (Green to s1): category "Best green idea" is already awarded to s2.',
      'Award 9 (Blue to s2): the submission belongs to organisation os2, not elsewhere.',
      'Award 9 (Blue to s2): no category "blue" in the plan.',
      'The awards total €171,000, over the budget of €100,000.',
      'Organisation os1 receives €75,000, over the cap of €60,000 per organisation.',
    ]);
  });

  it('counts lump sums and vouchers against the plan', () => {
    const small = demoPlan({ lumpSum: { amount: 10 * K, topN: 1 } });
    const lines: AwardLine[] = ['s1', 's2'].map((id) => ({ submissionId: id, organisationKey: `o${id}`, type: 'lump-sum', amount: 10 * K, label: 'Lump' }));
    expect(planViolations(small, lines, candidates)).toEqual(['2 lump sums, but the plan has 1.']);
    expect(planViolations(small, [{ ...prize('s1', 1, 1), amount: 0.5 }], candidates)).toEqual(['Award 1 (#1 to s1): the amount must be a whole number of cents, more than 0.']);
  });
});

describe('planTotals and formatMoney', () => {
  const plan = demoPlan({ programmeBudget: 100 * K, minSmeShare: 0.75 });
  const line = (org: string, amount: number): AwardLine => ({ submissionId: org, organisationKey: org, type: 'voucher', amount, label: 'V' });

  it('the SME share holds exactly at the threshold', () => {
    const isSme = (org: string) => org.startsWith('sme');
    expect(planTotals(plan, [line('sme1', 75 * K), line('big', 25 * K)], isSme)).toEqual({
      committed: 100 * K,
      left: 100 * K,
      toSmes: 75 * K,
      smeShare: 0.75,
      smeShareHolds: true,
      perOrganisation: { big: 25 * K, sme1: 75 * K },
    });
    expect(planTotals(plan, [line('sme1', 75 * K - 1)], isSme).smeShareHolds).toBe(false);
    // 0.7 × 100 is 70.00000000000001 in floating point: 70 still holds
    expect(planTotals({ ...plan, programmeBudget: 100, minSmeShare: 0.7 }, [line('sme1', 70)], isSme).smeShareHolds).toBe(true);
  });

  it('formats amounts', () => {
    expect(formatMoney(3_000_000, 'EUR')).toBe('€30,000');
    expect(formatMoney(123_456, 'EUR')).toBe('€1,234.56');
    expect(formatMoney(5000, 'JPY')).toBe('¥5,000');
    expect(formatMoney(3_000_000, 'EUR', 'de-DE')).toBe('30.000\u00a0€');
    expect(formatMoney(-500_000, 'EUR')).toBe('-€5,000');
  });
});
