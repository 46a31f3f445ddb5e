/** The expo round's rules (functions/domain/expo.ts): settings, tables, votes, the hall. */
import { describe, expect, it } from 'vitest';
import {
  assertNotExpo,
  countedVotes,
  crowdOf,
  defaultPosition,
  expoSettingsErrors,
  expoSettingsOf,
  sameVote,
  tableInputErrors,
  voteInputErrors,
  type ExpoVote,
} from '../../functions/domain/expo.ts';
import { roundErrors, type RoundDraft } from '../../functions/domain/evaluation.ts';
import { DEFAULT_PAIRWISE_METHOD } from '../../functions/domain/pairwise-ranking.ts';

const settings = expoSettingsOf(undefined, 'crowd-bt');

describe('expo settings', () => {
  it('fill in the defaults (3 visits, 1 judge per table, 10 minutes, 60 seconds)', () => {
    expect(settings).toEqual({ method: 'crowd-bt', compareCriteria: false, minVisits: 3, maxJudgesPerTable: 1, skipCooldownMinutes: 10, undoSeconds: 60 });
    expect(expoSettingsOf({ minVisits: 5 }, DEFAULT_PAIRWISE_METHOD)).toMatchObject({ method: DEFAULT_PAIRWISE_METHOD, minVisits: 5, undoSeconds: 60 });
    expect(expoSettingsOf({ method: 'crowd-bt' }, DEFAULT_PAIRWISE_METHOD).method).toBe('crowd-bt');
  });

  it('refuse what is out of range, and belong to expo rounds only', () => {
    expect(Object.keys(expoSettingsErrors({ minVisits: 0, maxJudgesPerTable: 21, skipCooldownMinutes: 1.5, undoSeconds: 601 })).sort()).toEqual(
      ['expo.maxJudgesPerTable', 'expo.minVisits', 'expo.skipCooldownMinutes', 'expo.undoSeconds'],
    );
    const base: RoundDraft = {
      name: 'Expo', kind: 'expo', rubric: [{ id: 'c1', name: 'Demo', description: '', weight: 1, scale: { min: 1, max: 5 } }], k: 1, maxLoad: 1, blind: false,
      opensAt: '2026-12-01T09:00:00.000Z', closesAt: '2026-12-01T17:00:00.000Z', weight: 10, requireReviewDuty: false, showPeerComments: false, expo: settings,
    };
    expect(roundErrors(base)).toEqual({});
    expect(roundErrors({ ...base, kind: 'jury' })).toHaveProperty('expo');
    expect(roundErrors({ ...base, randomise: { q: 0.5 } })).toHaveProperty('randomise');
    expect(roundErrors({ ...base, expo: { ...settings, undoSeconds: -1 } })).toHaveProperty(['expo.undoSeconds']);
    expect(() => assertNotExpo({ kind: 'expo', name: 'Expo' })).toThrow(/expo round/);
    expect(() => assertNotExpo({ kind: 'jury', name: 'Jury' })).not.toThrow();
  });
});

describe('tables', () => {
  it('take their position from the number in the label, else their place in the list', () => {
    expect(defaultPosition('14', 0)).toBe(14);
    expect(defaultPosition('A7', 3)).toBe(7);
    expect(defaultPosition('Stage', 3)).toBe(4);
  });

  it('refuse duplicates, unknown entries, empty labels and positions out of range', () => {
    const submitted = new Set(['s1', 's2']);
    const errors = tableInputErrors(
      [
        { submissionId: 's1', table: '1' },
        { submissionId: 's1', table: '2' },
        { submissionId: 'nope', table: '3' },
        { submissionId: 's2', table: ' ', position: -1 },
      ],
      submitted,
    );
    expect(Object.keys(errors).sort()).toEqual(['items.1.submissionId', 'items.2.submissionId', 'items.3.position', 'items.3.table']);
    expect(tableInputErrors([{ submissionId: 's1', table: '1', zone: 'North' }], submitted)).toEqual({});
  });
});

describe('votes', () => {
  const input = { voteId: 'v1', previousId: 'a', currentId: 'b', winner: 'b' };

  it('must name a winner of the pair, and criteria only where the round compares them', () => {
    expect(voteInputErrors(input, settings, [])).toEqual({});
    expect(voteInputErrors({ ...input, winner: 'c' }, settings, [])).toHaveProperty('winner');
    expect(voteInputErrors({ ...input, currentId: 'a', winner: 'a' }, settings, [])).toHaveProperty('currentId');
    expect(voteInputErrors({ ...input, criteria: { c1: 'a' } }, settings, [{ id: 'c1' }])).toHaveProperty('criteria');
    const comparing = { ...settings, compareCriteria: true };
    expect(voteInputErrors({ ...input, criteria: { c1: 'a' } }, comparing, [{ id: 'c1' }])).toEqual({});
    expect(voteInputErrors({ ...input, criteria: { c9: 'a', c1: 'z' } }, comparing, [{ id: 'c1' }])).toEqual({ 'criteria.c9': expect.any(String), 'criteria.c1': expect.any(String) });
  });

  it('are the same vote when the content matches, criteria in any order', () => {
    const stored = { id: 'v1', previousId: 'a', currentId: 'b', winner: 'b', criteria: { x: 'a', y: 'b' }, at: 't' };
    expect(sameVote(stored, { ...input, criteria: { y: 'b', x: 'a' } })).toBe(true);
    expect(sameVote(stored, { ...input, criteria: { y: 'a', x: 'a' } })).toBe(false);
    expect(sameVote({ ...stored, criteria: undefined }, input)).toBe(true);
    expect(sameVote({ ...stored, criteria: undefined }, { ...input, winner: 'a' })).toBe(false);
  });

  it('count in the order they were cast, taken-back ones left out', () => {
    const v = (id: string, at: string, undoneAt?: string): ExpoVote => ({ id, competitionId: 'c', roundId: 'r', judgeSub: 'j', previousId: 'a', currentId: 'b', winner: 'a', at, ...(undoneAt ? { undoneAt } : {}) });
    expect(countedVotes([v('3', '2026-12-01T10:02'), v('1', '2026-12-01T10:00'), v('2', '2026-12-01T10:01', '2026-12-01T10:01:30'), v('0', '2026-12-01T10:02')]).map((x) => x.id)).toEqual(['1', '0', '3']);
  });
});

describe('the hall', () => {
  it('counts the other judges sent to each table', () => {
    expect(crowdOf({ at: { j1: 'a', j2: 'a', j3: 'b' }, version: 3 }, 'j1')).toEqual({ a: 1, b: 1 });
  });
});
