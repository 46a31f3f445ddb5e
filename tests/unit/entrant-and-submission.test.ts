import { describe, expect, it } from 'vitest';
import { DEFAULT_PITCH_POLICY } from '../../functions/domain/pitch.ts';
import type { Competition } from '../../functions/domain/competition.ts';
import { assertCanRegister, eligibilityErrors, normaliseRegistryId } from '../../functions/domain/entrant.ts';
import { DeadlinePassed, InvalidState, RuleViolation } from '../../functions/domain/errors.ts';
import {
  answerErrors,
  assertCanEdit,
  assertCanSubmit,
  assertCanWithdraw,
  completenessErrors,
  emptyContent,
  type Submission,
} from '../../functions/domain/submission.ts';

const c: Competition = {
  id: 'c1',
  title: 'T',
  description: '',
  kind: 'pitch',
  sectors: [],
  eligibility: { countries: ['BE', 'NL'], smeOnly: true },
  schedule: {
    timeZone: 'Europe/Brussels',
    submissionsOpen: '2026-12-01T08:00:00.000Z',
    submissionsClose: '2027-01-15T16:00:00.000Z',
    evaluationStart: '2027-01-16T08:00:00.000Z',
    evaluationEnd: '2027-02-15T16:00:00.000Z',
    resultsDate: '2027-03-01T11:00:00.000Z',
  },
  rubric: [],
  questions: [
    { type: 'longText', id: 'q1', label: 'Budget', help: '', required: true, maxLength: 5 },
    { type: 'longText', id: 'q2', label: 'Pilot', help: '', required: false, maxLength: 100 },
  ],
  pitch: DEFAULT_PITCH_POLICY,
  status: 'published',
  createdBy: 'u',
  createdAt: '',
  updatedAt: '',
  version: 1,
};
const open = new Date('2026-12-10T00:00:00Z');
const closed = new Date('2027-01-20T00:00:00Z');
const registration = { organisationName: 'X', country: 'BE', registryId: 'BE0123456789', smeDeclaration: true, team: [] };

function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    ...emptyContent(),
    title: 'A',
    summary: 'B',
    problem: 'C',
    solution: 'D',
    answers: { q1: '10k' },
    id: 's1',
    competitionId: 'c1',
    ownerSub: 'u1',
    organisationName: 'X',
    country: 'BE',
    status: 'draft',
    createdAt: '',
    updatedAt: '',
    version: 1,
    ...overrides,
  };
}

describe('eligibility', () => {
  it('normalises registry ids so formatting cannot dodge uniqueness', () => {
    expect(normaliseRegistryId('be 0123.456-789')).toBe('BE0123456789');
  });

  it('names the country and the SME declaration when they fail', () => {
    expect(eligibilityErrors(c, registration)).toEqual({});
    expect(Object.keys(eligibilityErrors(c, { ...registration, country: 'FR', smeDeclaration: false })).sort()).toEqual([
      'country',
      'smeDeclaration',
    ]);
    expect(eligibilityErrors({ ...c, eligibility: { countries: [], smeOnly: false } }, { ...registration, country: 'US', smeDeclaration: false })).toEqual({});
  });

  it('allows registration only while upcoming or open', () => {
    expect(() => assertCanRegister(c, registration, open)).not.toThrow();
    expect(() => assertCanRegister(c, registration, new Date('2026-11-01T00:00:00Z'))).not.toThrow();
    expect(() => assertCanRegister(c, registration, closed)).toThrow(DeadlinePassed);
    expect(() => assertCanRegister({ ...c, status: 'draft' }, registration, open)).toThrow(InvalidState);
    expect(() => assertCanRegister(c, { ...registration, country: 'FR' }, open)).toThrow(RuleViolation);
  });
});

describe('submission rules', () => {
  it('lists exactly what is missing before submitting', () => {
    expect(completenessErrors(c, submission())).toEqual({});
    expect(Object.keys(completenessErrors(c, { ...emptyContent(), answers: { q1: '  ' } })).sort()).toEqual([
      'answers.q1',
      'problem',
      'solution',
      'summary',
      'title',
    ]);
  });

  it('checks answers against the questions and their limits', () => {
    expect(answerErrors(c, { q1: '123456', q9: 'x' })).toEqual({
      'answers.q1': 'At most 5 characters.',
      'answers.q9': 'This competition has no such question.',
    });
  });

  it('allows edits, submission and withdrawal only while open', () => {
    expect(() => assertCanEdit(c, submission(), open)).not.toThrow();
    expect(() => assertCanEdit(c, submission(), closed)).toThrow(/deadline passed at 2027-01-15 17:00 \(Europe\/Brussels\)/);
    expect(() => assertCanSubmit(c, submission(), open)).not.toThrow();
    expect(() => assertCanSubmit(c, submission({ status: 'submitted' }), open)).toThrow(InvalidState);
    expect(() => assertCanSubmit(c, submission({ summary: '' }), open)).toThrow(RuleViolation);
    expect(() => assertCanWithdraw(c, submission({ status: 'submitted' }), open)).not.toThrow();
    expect(() => assertCanWithdraw(c, submission({ status: 'submitted' }), closed)).toThrow(DeadlinePassed);
    expect(() => assertCanWithdraw(c, submission(), new Date('2027-03-02T00:00:00Z'))).toThrow(DeadlinePassed);
    expect(() => assertCanWithdraw(c, submission({ status: 'withdrawn' }), open)).toThrow(InvalidState);
  });
});
