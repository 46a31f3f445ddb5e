import { describe, expect, it } from 'vitest';
import { competitionFixture, SCHEDULE } from '../support/domain-fixtures.ts';
import {
  assertEditable,
  assertPublishable,
  rubricErrors,
  sameQuestions,
  scheduleErrors,
  type Competition,
} from '../../functions/domain/competition.ts';
import { InvalidState } from '../../functions/domain/errors.ts';

const schedule = SCHEDULE;
const competition = competitionFixture;

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

  it('bounds weights to 0.01–100 and refuses two criteria with one id', () => {
    const row = (id: string, name: string, weight: number) => ({ id, name, description: '', weight, scale: { min: 1, max: 5 } });
    expect(rubricErrors([row('a', 'A', 0.01), row('b', 'B', 100)])).toEqual({});
    expect(rubricErrors([row('a', 'A', 1e-200), row('b', 'B', 101), row('a', 'C', 1)])).toEqual({
      'rubric.0.weight': 'Must be from 0.01 to 100.',
      'rubric.1.weight': 'Must be from 0.01 to 100.',
      'rubric.2.id': 'Two criteria have the same id.',
    });
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
    const c = competition({ questions: [{ type: 'longText', id: 'q', label: 'Q', help: '', required: true, maxLength: 10 }] });
    const next = { ...c, questions: [] };
    expect(() => assertEditable(c, next, 'upcoming')).not.toThrow();
    expect(() => assertEditable(c, next, 'open')).toThrow(/questions/);
    expect(() => assertEditable(c, { ...c, title: 'New title' }, 'open')).not.toThrow();
  });

  it('compares questions by meaning, not by how their keys happen to be ordered', () => {
    const stored = { maxLength: 10, required: true, help: '', label: 'Q', id: 'q', type: 'longText' as const }; // as read back from the table
    const c = competition({ questions: [stored] });
    const resent = { ...c, title: 'New title', questions: [{ type: 'longText' as const, id: 'q', label: 'Q', help: '', required: true, maxLength: 10 }] };
    expect(sameQuestions(resent.questions, c.questions)).toBe(true);
    expect(() => assertEditable(c, resent, 'open')).not.toThrow();
    for (const change of [{ label: 'Q?' }, { help: 'More' }, { required: false }, { maxLength: 11 }, { id: 'q2' }])
      expect(() => assertEditable(c, { ...c, questions: [{ ...stored, ...change }] }, 'open'), JSON.stringify(change)).toThrow(/questions/);
  });
});
