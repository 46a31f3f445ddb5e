/** Domain objects for unit tests, built from one default with overrides. */
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
