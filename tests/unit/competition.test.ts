import { describe, expect, it } from 'vitest';
import { DEFAULT_PITCH_POLICY } from '../../functions/domain/pitch.ts';
import {
  assertEditable,
  assertPublishable,
  effectiveClose,
  phaseOf,
  rubricErrors,
  scheduleErrors,
  type Competition,
} from '../../functions/domain/competition.ts';
import { InvalidState } from '../../functions/domain/errors.ts';

const schedule = {
  timeZone: 'Europe/Brussels',
  submissionsOpen: '2026-12-01T08:00:00.000Z',
  submissionsClose: '2027-01-15T16:00:00.000Z',
  evaluationStart: '2027-01-16T08:00:00.000Z',
  evaluationEnd: '2027-02-15T16:00:00.000Z',
  resultsDate: '2027-03-01T11:00:00.000Z',
};

function competition(overrides: Partial<Competition> = {}): Competition {
  return {
    id: 'c1',
    title: 'T',
    description: '',
    kind: 'idea',
    sectors: [],
    eligibility: { countries: [], smeOnly: true },
    schedule,
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

describe('phaseOf', () => {
  it.each([
    ['2026-11-30T00:00:00Z', 'upcoming'],
    ['2026-12-01T08:00:00Z', 'open'],
    ['2027-01-15T15:59:59.999Z', 'open'],
    ['2027-01-15T16:00:00Z', 'closed'],
    ['2027-01-16T08:00:00Z', 'evaluation'],
    ['2027-02-15T16:00:00Z', 'deliberation'],
    ['2027-03-01T11:00:00Z', 'results'],
  ])('at %s is %s', (at, phase) => {
    expect(phaseOf(competition(), new Date(at))).toBe(phase);
  });

  it('is draft whatever the date while unpublished', () => {
    expect(phaseOf(competition({ status: 'draft' }), new Date('2026-12-10T00:00:00Z'))).toBe('draft');
  });

  it('closes at the early close when an organiser closed early', () => {
    const c = competition({ closedEarlyAt: '2026-12-20T10:00:00.000Z' });
    expect(effectiveClose(c)).toBe('2026-12-20T10:00:00.000Z');
    expect(phaseOf(c, new Date('2026-12-20T09:59:59Z'))).toBe('open');
    expect(phaseOf(c, new Date('2026-12-20T10:00:00Z'))).toBe('closed');
  });
});

describe('schedule and rubric rules', () => {
  it('accepts a well-ordered schedule', () => {
    expect(scheduleErrors(schedule)).toEqual({});
  });

  it('names each date that is out of order', () => {
    const errors = scheduleErrors({ ...schedule, submissionsClose: schedule.submissionsOpen, resultsDate: '2027-01-01T00:00:00.000Z' });
    expect(Object.keys(errors).sort()).toEqual(['schedule.resultsDate', 'schedule.submissionsClose']);
  });

  it('rejects unknown time zones', () => {
    expect(scheduleErrors({ ...schedule, timeZone: 'Europe/Atlantis' })).toHaveProperty('schedule.timeZone');
  });

  it('rejects duplicate criteria, flat scales and zero weights', () => {
    const errors = rubricErrors([
      { id: 'a', name: 'Impact', description: '', weight: 1, scale: { min: 1, max: 5 } },
      { id: 'b', name: ' impact ', description: '', weight: 0, scale: { min: 3, max: 3 } },
    ]);
    expect(Object.keys(errors).sort()).toEqual(['rubric.1.name', 'rubric.1.scale.max', 'rubric.1.weight']);
  });
});

describe('publishing and editing', () => {
  it('needs a rubric and a closing date in the future to publish', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    expect(() => assertPublishable(competition({ status: 'draft', rubric: [] }), now)).toThrow(InvalidState);
    expect(() => assertPublishable(competition({ status: 'draft' }), new Date('2027-02-01T00:00:00Z'))).toThrow(/closing date/);
    expect(() => assertPublishable(competition({ status: 'draft' }), now)).not.toThrow();
  });

  it('freezes questions once open, but not before', () => {
    const c = competition({ questions: [{ id: 'q', label: 'Q', help: '', required: true, maxLength: 10 }] });
    const next = { ...c, questions: [] };
    expect(() => assertEditable(c, next, new Date('2026-11-30T00:00:00Z'))).not.toThrow();
    expect(() => assertEditable(c, next, new Date('2026-12-02T00:00:00Z'))).toThrow(/questions/);
    expect(() => assertEditable(c, { ...c, title: 'New title' }, new Date('2026-12-02T00:00:00Z'))).not.toThrow();
    expect(() => assertEditable(c, c, new Date('2027-03-02T00:00:00Z'))).toThrow(/Results are out/);
  });
});
