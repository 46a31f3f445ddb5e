/** Domain objects for unit tests, built from one default with overrides. */
import type { PrizePlan } from '../../functions/domain/awards.ts';
import type { Competition } from '../../functions/domain/competition.ts';
import { DEFAULT_PITCH_POLICY } from '../../functions/domain/pitch.ts';

/** Open 1 Dec 2026 – 15 Jan 2027, evaluation to 15 Feb, results 1 Mar 2027 (Brussels). */
export const SCHEDULE = {
  timeZone: 'Europe/Brussels',
  submissionsOpen: '2026-12-01T08:00:00.000Z',
  submissionsClose: '2027-01-15T16:00:00.000Z',
  evaluationStart: '2027-01-16T08:00:00.000Z',
  evaluationEnd: '2027-02-15T16:00:00.000Z',
  resultsDate: '2027-03-01T11:00:00.000Z',
};

export function competitionFixture(overrides: Partial<Competition> = {}): Competition {
  return {
    id: 'c1',
    title: 'T',
    description: '',
    kind: 'idea',
    sectors: [],
    eligibility: { countries: [], smeOnly: true },
    schedule: SCHEDULE,
    rubric: [{ id: 'r1', name: 'Innovation', description: '', weight: 1, scale: { min: 1, max: 5 } }],
    questions: [],
    pitch: DEFAULT_PITCH_POLICY,
    status: 'published',
    createdBy: 'u',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

const K = 100_000; // €1,000 in cents

/** €200,000 for SMEs only: prizes of €50,000 and €30,000, 5 lump sums, 10 vouchers, one category; €60,000 cap. */
export const planFixture = (over: Partial<PrizePlan> = {}): PrizePlan => ({
  currency: 'EUR',
  totalBudget: 200 * K,
  programmeBudget: 200 * K,
  minSmeShare: 0.75,
  perThirdPartyCap: 60 * K,
  smeOnly: true,
  rankPrizes: [
    { rank: 1, amount: 50 * K, label: '1st place' },
    { rank: 2, amount: 30 * K, label: '2nd place' },
  ],
  lumpSum: { amount: 10 * K, topN: 5 },
  vouchers: { amount: 5 * K, count: 10 },
  categories: [{ id: 'green', name: 'Best green idea', amount: 5 * K }],
  reserveListLength: 3,
  ...over,
});
