/** The audience vote's pure rules (domain/audience-vote.ts): ballots, counting, phases, windows, flags. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BURST_BALLOTS,
  CLUSTER_MIN,
  RATE_WINDOW_MINUTES,
  audienceWinner,
  ballotProblem,
  countDeltas,
  flagBallots,
  methodText,
  phaseOf,
  rankCounts,
  rateWindow,
  settingsErrors,
  tally,
  type Ballot,
} from '../../functions/domain/audience-vote.ts';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const choice = fc.constantFrom(...ids, 'zz');

describe('ballot validation', () => {
  it('accepts exactly 1..max distinct candidates that are not the voter’s own', () => {
    fc.assert(
      fc.property(fc.array(choice, { maxLength: 8 }), fc.integer({ min: 1, max: 10 }), fc.subarray(ids), (choices, max, own) => {
        const candidates = new Set(ids);
        const problem = ballotProblem(choices, { maxChoices: max, candidates, own: new Set(own) });
        const valid = choices.length >= 1 && choices.length <= max && new Set(choices).size === choices.length && choices.every((c) => candidates.has(c)) && !choices.some((c) => own.includes(c));
        expect(problem === undefined).toBe(valid);
        if (problem?.kind === 'own-submission') expect(own).toContain(problem.submissionId);
      }),
    );
  });

  it('names the offending choice', () => {
    expect(ballotProblem(['a', 'a'], { maxChoices: 3, candidates: new Set(ids), own: new Set() })).toEqual({ kind: 'invalid', fields: { 'choices.1': 'Chosen twice.' } });
    expect(ballotProblem(['zz'], { maxChoices: 3, candidates: new Set(ids), own: new Set() })).toEqual({ kind: 'invalid', fields: { 'choices.0': 'Not an entry of this vote.' } });
    expect(ballotProblem(['b', 'a'], { maxChoices: 3, candidates: new Set(ids), own: new Set(['a']) })).toEqual({ kind: 'own-submission', submissionId: 'a' });
  });
});

describe('counting', () => {
  const ballot = fc.record({ choices: fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 }), voided: fc.boolean() });

  it('moving counts by the deltas of every change ends at the tally of the final ballots', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 })), { maxLength: 30 }), (writes) => {
        const ballots = new Map<number, string[]>();
        const counts = new Map<string, number>();
        for (const [voter, choices] of writes) {
          for (const [k, d] of countDeltas(ballots.get(voter) ?? [], choices)) counts.set(k, (counts.get(k) ?? 0) + d);
          ballots.set(voter, choices);
        }
        const expected = tally([...ballots.values()].map((choices) => ({ choices })));
        expect(new Map([...counts].filter(([, v]) => v !== 0))).toEqual(expected);
        expect([...counts.values()].every((v) => v >= 0)).toBe(true);
      }),
    );
  });

  it('voided ballots are not counted; the total equals the choices of the counted ballots', () => {
    fc.assert(
      fc.property(fc.array(ballot, { maxLength: 40 }), (bs) => {
        const counts = tally(bs.map((b) => ({ choices: b.choices, ...(b.voided ? { voided: { reason: 'x', at: '', by: { sub: '', email: '' } } } : {}) })));
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        expect(total).toBe(bs.filter((b) => !b.voided).reduce((a, b) => a + b.choices.length, 0));
      }),
    );
  });

  it('ranks by votes, ties share a rank, and ranks are standard competition ranks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ submissionId: fc.string({ minLength: 1, maxLength: 4 }), votes: fc.integer({ min: 0, max: 5 }) }), { selector: (c) => c.submissionId, maxLength: 12 }), (counts) => {
        const ranked = rankCounts(counts);
        expect(ranked).toHaveLength(counts.length);
        for (const r of ranked) expect(r.rank).toBe(1 + counts.filter((c) => c.votes > r.votes).length);
        for (let i = 1; i < ranked.length; i++) expect(ranked[i]!.votes).toBeLessThanOrEqual(ranked[i - 1]!.votes);
      }),
    );
    expect(rankCounts([{ submissionId: 'b', votes: 2 }, { submissionId: 'a', votes: 2 }, { submissionId: 'c', votes: 1 }]).map((r) => [r.submissionId, r.rank])).toEqual([['a', 1], ['b', 1], ['c', 3]]);
  });

  it('the audience winner is the single most-voted entry; none on a tie or without votes', () => {
    expect(audienceWinner([{ submissionId: 'a', votes: 3 }, { submissionId: 'b', votes: 2 }])).toBe('a');
    expect(audienceWinner([{ submissionId: 'a', votes: 3 }, { submissionId: 'b', votes: 3 }])).toBeUndefined();
    expect(audienceWinner([{ submissionId: 'a', votes: 0 }])).toBeUndefined();
  });
});

describe('settings, phases and windows', () => {
  it('checks the window and maxChoices', () => {
    expect(settingsErrors({ opensAt: '2026-12-01T10:00:00Z', closesAt: '2026-12-02T10:00:00Z', maxChoices: 3, liveCounts: false })).toEqual({});
    expect(Object.keys(settingsErrors({ opensAt: '2026-12-02T10:00:00Z', closesAt: '2026-12-01T10:00:00Z', maxChoices: 11, liveCounts: false })).sort()).toEqual(['closesAt', 'maxChoices']);
  });

  it('phase: upcoming before opensAt, open until closesAt (exclusive), then closed', () => {
    const s = { opensAt: '2026-12-01T10:00:00Z', closesAt: '2026-12-02T10:00:00Z' };
    expect(phaseOf(s, new Date('2026-12-01T09:59:59Z'))).toBe('upcoming');
    expect(phaseOf(s, new Date('2026-12-01T10:00:00Z'))).toBe('open');
    expect(phaseOf(s, new Date('2026-12-02T10:00:00Z'))).toBe('closed');
  });

  it('rate windows are aligned blocks of RATE_WINDOW_MINUTES containing now', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), (t) => {
        const w = rateWindow(new Date(t));
        expect(w.start).toBeLessThanOrEqual(t);
        expect(t - w.start).toBeLessThan(RATE_WINDOW_MINUTES * 60_000);
        expect(w.start % (RATE_WINDOW_MINUTES * 60_000)).toBe(0);
        expect(w.expiresAt).toBeGreaterThan(t);
      }),
    );
  });

  it('the published method states the rules', () => {
    const text = methodText({ maxChoices: 3, liveCounts: false });
    for (const words of ['verified e-mail', 'own entry', 'up to 3', 'until the vote closes', 'keyed hashes', 'flagged', 'void', 'share a rank']) expect(text).toContain(words);
  });
});

describe('flags', () => {
  const at = (min: number) => new Date(Date.UTC(2026, 11, 1, 10, min)).toISOString();
  const b = (id: string, o: Partial<Ballot>): Ballot => ({ competitionId: 'c', ballotId: id, voterSub: id, choices: ['a'], createdAt: at(0), updatedAt: at(0), version: 1, ...o });

  it(`burst: ${BURST_BALLOTS} ballots from one network within minutes; spread out or other networks are not`, () => {
    const burst = Array.from({ length: BURST_BALLOTS }, (_, i) => b(`n${i}`, { networkHash: 'N1', updatedAt: at(i) }));
    const spread = Array.from({ length: BURST_BALLOTS }, (_, i) => b(`s${i}`, { networkHash: 'N2', updatedAt: at(i * 10) }));
    const flags = flagBallots([...burst, ...spread, b('o', { networkHash: 'N3' })]);
    for (const x of burst) expect(flags.get(x.ballotId)).toEqual(['burst']);
    for (const x of [...spread, { ballotId: 'o' }]) expect(flags.get(x.ballotId)).toEqual([]);
  });

  it(`new-account-cluster: ${CLUSTER_MIN} new accounts voting alike; old accounts or different choices are not`, () => {
    const fresh = (id: string, choices: string[]) => b(id, { choices, accountCreatedAt: new Date(Date.parse(at(0)) - 3_600_000).toISOString() });
    const flags = flagBallots([
      fresh('f1', ['a', 'b']),
      fresh('f2', ['a', 'b']),
      fresh('f3', ['b', 'a']),
      fresh('f4', ['c', 'd']),
      b('old', { choices: ['a', 'b'], accountCreatedAt: '2020-01-01T00:00:00Z' }),
      b('unknown', { choices: ['a', 'b'] }),
    ]);
    expect(['f1', 'f2', 'f3'].map((id) => flags.get(id))).toEqual([['new-account-cluster'], ['new-account-cluster'], ['new-account-cluster']]);
    expect(['f4', 'old', 'unknown'].map((id) => flags.get(id))).toEqual([[], [], []]);
  });

  it('frozen flags are kept once the hashes are gone', () => {
    expect(flagBallots([b('x', { frozenFlags: ['burst'] })]).get('x')).toEqual(['burst']);
  });
});
