/**
 * The publication checklist's expo figures (functions/domain/publication-checklist.ts): every
 * submitted entry without a pairwise score in an expo round is counted and named, per round; a
 * review round adds none; the names stop at EXPO_UNSEEN_LISTED while the count covers them all.
 */
import { describe, expect, it } from 'vitest';
import type { Round } from '../../functions/domain/evaluation.ts';
import { checklistFigures, expoComparedOf, EXPO_UNSEEN_LISTED } from '../../functions/domain/publication-checklist.ts';

const round = (id: string, kind: string, name = id) => ({ id, name, kind, k: 1, shortlist: false }) as unknown as Round;
const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `s${i}`, title: `Project ${i}`, ownerSub: `u${i}` }));

describe('checklistFigures: expo teams no judge compared', () => {
  it('names the submitted entries without a score in each expo round, and none for a review round', () => {
    const rounds = [round('jury', 'jury', 'Jury'), round('expo1', 'expo', 'Expo day 1'), round('expo2', 'expo', 'Expo day 2')];
    // Day 1 compared s0 and s2; day 2 nobody yet (no pairwise scores at all). A withdrawn entry's score is no submitted entry.
    const compared = expoComparedOf([
      { id: 'jury' },
      { id: 'expo1', pairwise: { scores: [{ submissionId: 's0' }, { submissionId: 's2' }, { submissionId: 'withdrawn' }] } },
      { id: 'expo2', pairwise: { scores: [] } },
    ]);
    const f = checklistFigures(rounds, [], entries(3), [], compared);
    expect(f.expoUnseenCount).toBe(4);
    expect(f.expoUnseen).toEqual([
      { submissionId: 's1', title: 'Project 1', roundId: 'expo1', roundName: 'Expo day 1' },
      { submissionId: 's0', title: 'Project 0', roundId: 'expo2', roundName: 'Expo day 2' },
      { submissionId: 's1', title: 'Project 1', roundId: 'expo2', roundName: 'Expo day 2' },
      { submissionId: 's2', title: 'Project 2', roundId: 'expo2', roundName: 'Expo day 2' },
    ]);
  });

  it('counts none without expo rounds, and all of them when an expo round has no figures', () => {
    expect(checklistFigures([round('jury', 'jury')], [], entries(3), []).expoUnseenCount).toBe(0);
    expect(checklistFigures([round('expo', 'expo')], [], entries(3), []).expoUnseenCount).toBe(3);
  });

  it(`lists at most ${EXPO_UNSEEN_LISTED} by name and counts them all`, () => {
    const f = checklistFigures([round('expo', 'expo')], [], entries(EXPO_UNSEEN_LISTED + 5), [], new Map([['expo', new Set(['s0'])]]));
    expect(f.expoUnseenCount).toBe(EXPO_UNSEEN_LISTED + 4);
    expect(f.expoUnseen).toHaveLength(EXPO_UNSEEN_LISTED);
    expect(f.expoUnseen![0]!.submissionId).toBe('s1');
  });
});
