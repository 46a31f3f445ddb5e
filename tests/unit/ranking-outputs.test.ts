import { describe, expect, it } from 'vitest';
import { serverText } from '../../functions/shared/i18n/server.ts';
import { fundingLine, rankSubmissions, type RankingInput } from '../../functions/domain/ranking.ts';
import { PACKAGE_FORMAT, verifyResultsPackage, type ResultsPackage } from '../../functions/use-cases/results-package.ts';
import { rankingTable } from '../../functions/use-cases/export-tables.ts';
import type { RankingView } from '../../functions/use-cases/ranking.ts';

// A results package as made before the calibration model: no method in its input, no P(top k).
const input: RankingInput = {
  rounds: [{ id: 'peer', name: 'Peer', weight: 1, rubric: [{ id: 'c', weight: 1, scale: { min: 1, max: 5 } }] }],
  reviews: [
    ['H', 'A', 1], ['H', 'B', 2], ['H', 'C', 3], ['L', 'C', 5], ['L', 'D', 3], ['L', 'E', 4], ['M', 'A', 2], ['M', 'E', 5],
  ].map(([reviewerId, submissionId, c]) => ({ roundId: 'peer', reviewerId: reviewerId as string, submissionId: submissionId as string, scores: { c: c as number } })),
  submissions: ['A', 'B', 'C', 'D', 'E'].map((id) => ({ id, submittedAt: '2027-01-10T12:00:00.000Z' })),
};
const pkg = (ranking: ReturnType<typeof rankSubmissions>): ResultsPackage =>
  ({ format: PACKAGE_FORMAT, competition: { id: 'c1', title: 'C' }, generatedAt: '2027-02-01T00:00:00.000Z', rankingInput: input, ranking: { ranked: ranking.ranked, unranked: ranking.unranked }, candidates: [], awards: [] }) as unknown as ResultsPackage;

describe('rankings stored before the calibration model', () => {
  it('recompute with the z-score method they were made with; new ones with the model', () => {
    const old = rankSubmissions({ ...input, options: { method: 'z-score' } });
    expect(old.ranked.every((e) => e.topK === undefined)).toBe(true);
    expect(verifyResultsPackage(pkg(old)).problems).toEqual([]);
    const now = rankSubmissions(input);
    expect(now.ranked.every((e) => e.topK !== undefined)).toBe(true);
    expect(verifyResultsPackage(pkg(now)).problems).toEqual([]);
    // The two methods differ on this input, so the check is not vacuous.
    expect(JSON.stringify(now.ranked.map((e) => e.finalScore))).not.toBe(JSON.stringify(old.ranked.map((e) => e.finalScore)));
    const tampered = pkg(old);
    tampered.ranking.ranked[0] = { ...tampered.ranking.ranked[0]!, finalScore: 99 };
    expect(verifyResultsPackage(tampered).problems).toContain('The recomputed ranking differs from the published one.');
  });
});

describe('fundingLine', () => {
  it('is the most places a prize plan pays for', () => {
    expect(fundingLine(undefined)).toBeUndefined();
    expect(fundingLine({ rankPrizes: [] })).toBeUndefined();
    expect(fundingLine({ rankPrizes: [{ rank: 1 }, { rank: 3 }, { rank: 2 }] })).toBe(3);
    expect(fundingLine({ rankPrizes: [{ rank: 1 }], lumpSum: { topN: 10 }, vouchers: { count: 4 } })).toBe(10);
    expect(fundingLine({ rankPrizes: [], vouchers: { count: 12 } })).toBe(12);
  });
});

describe('the ranking CSV', () => {
  it('carries the band and P(top k) with its k; empty for rankings stored without them', () => {
    const ranking = rankSubmissions({ ...input, options: { topK: 2 } });
    const view = { ...ranking, rounds: [{ id: 'peer', name: 'Peer', kind: 'peer', weight: 1 }], submissions: {}, tieBreakRules: [] } as RankingView;
    const header = rankingTable.header(view, (key, params) => serverText('en', key, params));
    const rows = rankingTable.rows(view);
    const col = (name: string) => header.indexOf(name);
    expect(col('P(top k)')).toBeGreaterThan(col('Band high'));
    expect(rows.length).toBe(5);
    for (const [i, e] of ranking.ranked.entries()) {
      expect(rows[i]![col('P(top k)')]).toBe(e.topK!.probability.toFixed(3));
      expect(rows[i]![col('k')]).toBe(2);
      expect(rows[i]![col('Band low')]).toBe(e.band.low.toFixed(2));
    }
    expect(rows.reduce((a, r) => a + Number(r[col('P(top k)')]), 0)).toBeCloseTo(2, 2);
    const old = rankSubmissions({ ...input, options: { method: 'z-score' } });
    const oldRows = rankingTable.rows({ ...view, ...old, unranked: [] });
    expect(oldRows.every((r) => r[col('P(top k)')] === '' && r[col('k')] === '')).toBe(true);
    for (const r of rows) expect(r.length).toBe(header.length);
  });
});
