import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  budgetedMinVisits,
  chooseNext,
  COVERAGE_SHARE,
  expectedVisits,
  MINUTES_PER_VISIT,
  nearbyLeft,
  SELECTION_REASONS,
  SHORTLIST,
  walkDistance,
  ZONE_STEP,
  type ExpoItem,
  type SelectionInput,
} from '../../functions/domain/expo-selection.ts';

const item = (id: string, over: Partial<ExpoItem> = {}): ExpoItem => ({ id, position: 1, absent: false, mu: 0, sigmaSq: 1, visits: 0, ...over });

function input(items: ExpoItem[], over: Partial<Omit<SelectionInput, 'judge' | 'settings'>> & { judge?: Partial<SelectionInput['judge']>; settings?: Partial<SelectionInput['settings']> } = {}): SelectionInput {
  return {
    items,
    previous: over.previous,
    crowd: over.crowd ?? {},
    nowMs: over.nowMs ?? 1_000_000,
    judge: { alpha: 10, beta: 1, seen: [], skippedUntilMs: {}, ...over.judge },
    settings: { minVisits: 0, maxJudgesPerTable: 1, ...over.settings },
  };
}

/** A judge at `here` (seen), with candidates `rest`. */
const at = (here: ExpoItem, rest: ExpoItem[], over: Parameters<typeof input>[1] = {}) =>
  input([here, ...rest], { previous: here.id, ...over, judge: { seen: [here.id], ...over.judge } });

describe('chooseNext — the rules one by one', () => {
  const here = item('here', { position: 10, mu: 0, sigmaSq: 0.5, visits: 3 });

  it('follows Gavel: the most informative comparison (similar strength, most uncertain) when nothing else differs', () => {
    const known = item('a-known', { position: 11, mu: 2.5, sigmaSq: 0.05, visits: 3 });
    const open = item('b-open', { position: 11, mu: 0.1, sigmaSq: 1, visits: 3 });
    expect(chooseNext(at(here, [known, open]))).toEqual({ next: 'b-open', reason: SELECTION_REASONS.information, why: 'information' });
  });

  it('never sends a judge to an absent team', () => {
    const absent = item('a-absent', { position: 11, sigmaSq: 1, absent: true, visits: 3 });
    const other = item('b-other', { position: 40, mu: 3, sigmaSq: 0.05, visits: 3 });
    expect(chooseNext(at(here, [absent, other])).next).toBe('b-other');
  });

  it('never sends a judge back to a team they have seen', () => {
    const seen = item('a-seen', { position: 11, visits: 3 });
    const other = item('b-other', { position: 40, mu: 3, sigmaSq: 0.05, visits: 3 });
    expect(chooseNext(at(here, [seen, other], { judge: { seen: ['here', 'a-seen'] } })).next).toBe('b-other');
  });

  it('does not offer a skipped team again until its cool-down has run out', () => {
    const skipped = item('a-skipped', { position: 11, visits: 3 });
    const other = item('b-other', { position: 40, mu: 3, sigmaSq: 0.05, visits: 3 });
    const now = 5_000_000;
    const during = at(here, [skipped, other], { nowMs: now, judge: { skippedUntilMs: { 'a-skipped': now + 1 } } });
    expect(chooseNext(during).next).toBe('b-other');
    const after = at(here, [skipped, other], { nowMs: now + 1, judge: { skippedUntilMs: { 'a-skipped': now + 1 } } });
    expect(chooseNext(after).next).toBe('a-skipped');
  });

  it('gives every team its minimum visits first, even when another team is nearer and more informative', () => {
    const needy = item('b-needy', { position: 60, mu: 2, sigmaSq: 0.3, visits: 1 });
    const tempting = item('a-tempting', { position: 11, mu: 0, sigmaSq: 1, visits: 3 });
    const more = item('c-more', { position: 12, mu: 0, sigmaSq: 1, visits: 2 });
    expect(chooseNext(at(here, [needy, tempting, more], { settings: { minVisits: 3 } }))).toEqual({ next: 'b-needy', reason: SELECTION_REASONS.minVisits, why: 'minVisits' });
    // With the minimum met everywhere, information and walking decide again.
    expect(chooseNext(at(here, [needy, tempting, more], { settings: { minVisits: 1 } })).next).toBe('a-tempting');
  });

  it('counts judges on their way to a team towards its visits', () => {
    const a = item('a', { position: 11, visits: 0 });
    const b = item('b', { position: 30, visits: 0 });
    // maxJudgesPerTable 2: `a` is not crowded, but one judge is already heading there.
    expect(chooseNext(at(here, [a, b], { crowd: { a: 1 }, settings: { minVisits: 1, maxJudgesPerTable: 2 } })).next).toBe('b');
  });

  it('does not send a judge to a crowded table while another is free; when all are crowded, the least crowded', () => {
    const busy = item('a-busy', { position: 11, mu: 0, sigmaSq: 1, visits: 3 });
    const free = item('b-free', { position: 45, mu: 2.5, sigmaSq: 0.05, visits: 3 });
    expect(chooseNext(at(here, [busy, free], { crowd: { 'a-busy': 1 } })).next).toBe('b-free');
    const res = chooseNext(at(here, [busy, free], { crowd: { 'a-busy': 2, 'b-free': 1 } }));
    expect(res).toEqual({ next: 'b-free', reason: SELECTION_REASONS.crowded, why: 'crowded' });
    // maxJudgesPerTable 2: one other judge there is fine.
    expect(chooseNext(at(here, [busy, free], { crowd: { 'a-busy': 1 }, settings: { maxJudgesPerTable: 2 } })).next).toBe('a-busy');
  });

  it('prefers the nearer of two equally informative tables, and one in the same zone', () => {
    const far = item('a-far', { position: 30, mu: 0.2, visits: 3 });
    const near = item('b-near', { position: 13, mu: 0.2, visits: 3 });
    expect(chooseNext(at(here, [far, near])).next).toBe('b-near');
    const zoned = { ...here, zone: 'north' };
    const across = item('a-across', { position: 12, zone: 'south', mu: 0.2, visits: 3 });
    const same = item('b-same', { position: 16, zone: 'north', mu: 0.2, visits: 3 });
    expect(chooseNext(at(zoned, [across, same])).next).toBe('b-same');
    expect(walkDistance(zoned, across)).toBe(2 + ZONE_STEP);
    expect(walkDistance(zoned, same)).toBe(6);
  });

  it('walks further when the comparison there is worth much more', () => {
    const dull = item('a-dull', { position: 11, mu: 4, sigmaSq: 0.01, visits: 3 });
    const open = item('b-open', { position: 20, mu: 0, sigmaSq: 1, visits: 3 });
    expect(chooseNext(at(here, [dull, open])).next).toBe('b-open');
  });

  it('once every team has its minimum, prefers a team near the shortlist boundary to one far below it', () => {
    // The top 10 % of 20 teams: the two strongest; the boundary lies between mu 2.0 and 1.8.
    const field = Array.from({ length: 16 }, (_, i) => item(`z${String(i).padStart(2, '0')}`, { position: 100 + i, mu: i < 2 ? 2 - i * 0.2 : -1 - i * 0.05, sigmaSq: 0.2, visits: 3 }));
    const mid = item('mid', { position: 10, mu: 1.2, sigmaSq: 0.3, visits: 3 });
    // Same distance, same σ², mirror-image gaps from `mid`: EIG alone cannot tell them apart (ties go to the id).
    const below = item('a-below', { position: 9, mu: 0.6, sigmaSq: 0.5, visits: 3 });
    const above = item('b-above', { position: 11, mu: 1.8, sigmaSq: 0.5, visits: 3 });
    const choice = chooseNext(at(mid, [below, above, ...field], { settings: { minVisits: 3 } }));
    expect(choice.next).toBe('b-above');
    // While the minimum is unmet, no focus: the tie between the two goes to the id.
    const early = chooseNext(at({ ...mid, visits: 0 }, [{ ...below, visits: 0 }, { ...above, visits: 0 }, ...field], { settings: { minVisits: 3 } }));
    expect(early.next).toBe('a-below');
  });

  it('computes EIG for the SHORTLIST candidates with the best focus and walk only', () => {
    // focusTopShare 1: no boundary, focus 1 everywhere, so the shortlist is the SHORTLIST nearest tables.
    const here3 = item('here', { position: 0, mu: 0, sigmaSq: 1e-4, visits: 3 });
    const known = (n: number) => Array.from({ length: n }, (_, i) => item(`k${String(i).padStart(3, '0')}`, { position: i + 1, mu: 6, sigmaSq: 1e-4, visits: 3 }));
    const open = item('open', { position: SHORTLIST + 1, mu: 0, sigmaSq: 1, visits: 3 });
    const settings = { focusTopShare: 1 };
    // With room for it in the shortlist, the open team is worth the walk...
    expect(chooseNext(at(here3, [...known(SHORTLIST - 1), open], { settings })).next).toBe('open');
    // ...but SHORTLIST nearer tables push it out of the candidates weighed.
    expect(chooseNext(at(here3, [...known(SHORTLIST), open], { settings })).next).not.toBe('open');
  });

  it('on the first visit, starts with the team we know least about', () => {
    const a = item('a', { position: 1, sigmaSq: 0.3 });
    const b = item('b', { position: 9, sigmaSq: 0.8 });
    expect(chooseNext(input([a, b]))).toEqual({ next: 'b', reason: SELECTION_REASONS.first, why: 'first' });
  });

  it('breaks ties by id, whatever the order of the items', () => {
    const here2 = item('here', { position: 10, visits: 3 });
    const twins = ['q', 'c', 'm'].map((id) => item(id, { position: 12, visits: 3 }));
    expect(chooseNext(at(here2, twins)).next).toBe('c');
    expect(chooseNext(at(here2, [...twins].reverse())).next).toBe('c');
    expect(chooseNext(input(twins)).next).toBe('c');
  });

  it('says why there is nothing left', () => {
    const a = item('a', { position: 11 });
    const b = item('b', { position: 12 });
    expect(chooseNext(at(here, [a, b], { judge: { seen: ['here', 'a', 'b'] } }))).toEqual({ reason: SELECTION_REASONS.seenAll, why: 'seenAll' });
    expect(SELECTION_REASONS.seenAll).toBe('You have seen every team');
    expect(chooseNext(at(here, [a, { ...b, absent: true }], { judge: { seen: ['here', 'a'] } }))).toEqual({ reason: SELECTION_REASONS.waiting, why: 'waiting' });
    expect(chooseNext(at(here, [a, b], { judge: { seen: ['here', 'a'], skippedUntilMs: { b: 2_000_000 } } }))).toEqual({ reason: SELECTION_REASONS.waiting, why: 'waiting' });
    expect(SELECTION_REASONS.waiting).toBe('Every remaining team is absent or busy — try again in a few minutes');
    // A crowded table is still a next table, not "nothing left".
    expect(chooseNext(at(here, [a, b], { judge: { seen: ['here', 'a'] }, crowd: { b: 3 } })).next).toBe('b');
  });
});

describe('nearbyLeft', () => {
  it('counts the eligible teams within walking radius of the current one', () => {
    const here = item('here', { position: 10, zone: 'n' });
    const items = [
      here,
      item('a', { position: 8, zone: 'n' }),
      item('b', { position: 13, zone: 'n' }),
      item('c', { position: 11, zone: 's' }), // near by table, but in another zone
      item('d', { position: 12, zone: 'n', absent: true }),
      item('e', { position: 9, zone: 'n' }), // seen
      item('f', { position: 11, zone: 'n' }), // skipped, cooling down
      item('g', { position: 40, zone: 'n' }),
    ];
    const inp = input(items, { previous: 'here', judge: { seen: ['here', 'e'], skippedUntilMs: { f: 2_000_000 } }, crowd: { b: 5 } });
    expect(nearbyLeft(inp, 3)).toBe(2); // a, b (b is busy but still left to see)
    expect(nearbyLeft(inp, 100)).toBe(4); // a, b, c, g
    expect(nearbyLeft({ ...inp, previous: undefined }, 3)).toBe(4); // no "here" yet: every eligible team
  });
});

// ── Properties ───────────────────────────────────────────────────────────────────────────────

const arbInput: fc.Arbitrary<SelectionInput> = fc
  .record({
    n: fc.integer({ min: 1, max: 25 }),
    seed: fc.array(
      fc.record({
        position: fc.integer({ min: 1, max: 60 }),
        zone: fc.option(fc.constantFrom('n', 's', 'e'), { nil: undefined }),
        absent: fc.boolean(),
        mu: fc.double({ min: -3, max: 3, noNaN: true }),
        sigmaSq: fc.double({ min: 0.001, max: 1.2, noNaN: true }),
        visits: fc.integer({ min: 0, max: 5 }),
        seen: fc.boolean(),
        skipped: fc.option(fc.integer({ min: -10, max: 10 }), { nil: undefined }),
        crowd: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 25, maxLength: 25 },
    ),
    previous: fc.option(fc.integer({ min: 0, max: 24 }), { nil: undefined }),
    alpha: fc.double({ min: 0.5, max: 20, noNaN: true }),
    beta: fc.double({ min: 0.5, max: 5, noNaN: true }),
    minVisits: fc.integer({ min: 0, max: 4 }),
    maxJudgesPerTable: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ n, seed, previous, alpha, beta, minVisits, maxJudgesPerTable }) => {
    const rows = seed.slice(0, n);
    const nowMs = 1_000;
    const items = rows.map((r, i) => ({ id: `t${String(i).padStart(2, '0')}`, position: r.position, zone: r.zone, absent: r.absent, mu: r.mu, sigmaSq: r.sigmaSq, visits: r.visits }));
    const prev = previous !== undefined && previous < n ? items[previous]!.id : undefined;
    return {
      items,
      previous: prev,
      crowd: Object.fromEntries(rows.map((r, i) => [items[i]!.id, r.crowd])),
      nowMs,
      judge: {
        alpha,
        beta,
        seen: items.filter((_, i) => rows[i]!.seen).map((it) => it.id),
        skippedUntilMs: Object.fromEntries(rows.flatMap((r, i) => (r.skipped === undefined ? [] : [[items[i]!.id, nowMs + r.skipped]]))),
      },
      settings: { minVisits, maxJudgesPerTable },
    };
  });

/** The eligible teams, computed here from the rules (not with the module's own helper). */
function eligibleHere(inp: SelectionInput): ExpoItem[] {
  return inp.items.filter(
    (it) => !it.absent && !inp.judge.seen.includes(it.id) && it.id !== inp.previous && !((inp.judge.skippedUntilMs[it.id] ?? -Infinity) > inp.nowMs),
  );
}

describe('chooseNext — properties', () => {
  it('never returns an absent, seen, current or cooling-down team; undefined only when none is eligible', () => {
    fc.assert(
      fc.property(arbInput, (inp) => {
        const res = chooseNext(inp);
        const eligible = eligibleHere(inp);
        if (res.next === undefined) {
          expect(eligible).toEqual([]);
          expect([SELECTION_REASONS.seenAll, SELECTION_REASONS.waiting]).toContain(res.reason);
        } else {
          expect(eligible.map((it) => it.id)).toContain(res.next);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never a crowded table while a free one is eligible; with the minimum unmet, one of the least visited', () => {
    fc.assert(
      fc.property(arbInput, (inp) => {
        const res = chooseNext(inp);
        const eligible = eligibleHere(inp);
        if (eligible.length === 0) return;
        const crowdOf = (id: string) => inp.crowd[id] ?? 0;
        const free = eligible.filter((it) => crowdOf(it.id) < inp.settings.maxJudgesPerTable);
        const chosen = eligible.find((it) => it.id === res.next)!;
        if (free.length > 0) expect(crowdOf(chosen.id)).toBeLessThan(inp.settings.maxJudgesPerTable);
        const pool = free.length > 0 ? free : eligible.filter((it) => crowdOf(it.id) === Math.min(...eligible.map((e) => crowdOf(e.id))));
        const load = (it: ExpoItem) => it.visits + crowdOf(it.id);
        const least = Math.min(...pool.map(load));
        if (least < inp.settings.minVisits) expect(load(chosen)).toBe(least);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic: the same answer whatever the order of the items and of the judge\'s seen list', () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 0, max: 1000 }), (inp, rot) => {
        const k = inp.items.length === 0 ? 0 : rot % inp.items.length;
        const rotated = { ...inp, items: [...inp.items.slice(k), ...inp.items.slice(0, k)].reverse(), judge: { ...inp.judge, seen: [...inp.judge.seen].reverse() } };
        expect(chooseNext(rotated)).toEqual(chooseNext(inp));
        expect(chooseNext(inp)).toEqual(chooseNext(inp));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the minimum visits the vote budget allows (budgetedMinVisits, expectedVisits)', () => {
  it('expects judges × window ÷ MINUTES_PER_VISIT visits', () => {
    expect(MINUTES_PER_VISIT).toBe(5);
    expect(expectedVisits(20, { opensAt: '2026-06-01T09:00', closesAt: '2026-06-01T17:25' })).toBe(20 * 101);
    // nobody in the hall yet counts as one judge; a window that is not one is no budget at all
    expect(expectedVisits(0, { opensAt: '2026-06-01T09:00', closesAt: '2026-06-01T10:00' })).toBe(12);
    expect(expectedVisits(3, { opensAt: '2026-06-01T10:00', closesAt: '2026-06-01T10:00' })).toBe(Infinity);
    expect(expectedVisits(3, { opensAt: 'soon', closesAt: 'later' })).toBe(Infinity);
  });

  it('lowers the minimum to a third of the expected visits per team, never below 1 nor above the setting', () => {
    expect(COVERAGE_SHARE).toBeCloseTo(1 / 3, 12);
    // the SoME hall: 500 teams, 20 judges with 101 visits each → 4.04 visits per team → 1
    expect(budgetedMinVisits(3, { teams: 500, expectedVisits: 2020 })).toBe(1);
    // 6 visits per team affords 2; 9 affords 3; 30 affords 10 but the organiser asked for 3
    expect(budgetedMinVisits(3, { teams: 100, expectedVisits: 600 })).toBe(2);
    expect(budgetedMinVisits(3, { teams: 100, expectedVisits: 900 })).toBe(3);
    expect(budgetedMinVisits(3, { teams: 500, expectedVisits: 15_000 })).toBe(3);
    // a tiny budget still sees every team once before any twice
    expect(budgetedMinVisits(5, { teams: 500, expectedVisits: 10 })).toBe(1);
    // no budget (a window of days, read as Infinity) or no teams: the setting as it is
    expect(budgetedMinVisits(4, { teams: 30, expectedVisits: Infinity })).toBe(4);
    expect(budgetedMinVisits(4, { teams: 0, expectedVisits: 100 })).toBe(4);
    expect(budgetedMinVisits(0, { teams: 10, expectedVisits: 5 })).toBe(0);
  });

  it('property: within [min(1, setting), setting], and never more coverage than the share of the budget unless that is 1 visit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 100_000 }), (minVisits, teams, visits) => {
        const m = budgetedMinVisits(minVisits, { teams, expectedVisits: visits });
        expect(m).toBeLessThanOrEqual(minVisits);
        expect(m).toBeGreaterThanOrEqual(Math.min(1, minVisits));
        if (m > 1) expect(m * teams).toBeLessThanOrEqual(COVERAGE_SHARE * visits + 1e-9);
      }),
      { numRuns: 500 },
    );
  });
});
