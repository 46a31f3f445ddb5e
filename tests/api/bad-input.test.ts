/**
 * Bad input gets a 4xx with a stable code and the offending field — never a 500 — and stores
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  competitionInput,
  openCompetition,
  people,
  registrationInput,
  startHarness,
  submissionContent,
  type Harness,
} from '../support/api-harness.ts';

let h: Harness;
let cid: string;
let sid: string;
beforeAll(async () => {
  h = await startHarness();
  const c = await openCompetition(h, { title: 'Bad input' });
  cid = c.id;
  await h.call('POST', `/api/competitions/${cid}/registration`, people.sme1, registrationInput());
  sid = (await h.call('POST', `/api/competitions/${cid}/submissions`, people.sme1, submissionContent())).json.id;
});
afterAll(() => h.stop());

const long = (n: number) => 'x'.repeat(n);
const schedule = competitionInput().schedule;

const cases: { name: string; method: string; path: () => string; who: keyof typeof people; body: unknown; field: string; status?: number }[] = [
  { name: 'missing title', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: { ...competitionInput(), title: undefined }, field: 'title' },
  { name: 'blank title', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ title: '   ' }), field: 'title' },
  { name: 'oversized title', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ title: long(121) }), field: 'title' },
  { name: 'unknown kind', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ kind: 'lottery' }), field: 'kind' },
  { name: 'sectors not a list', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ sectors: 'energy' }), field: 'sectors' },
  { name: 'country code lower-case', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ eligibility: { countries: ['be'], smeOnly: true } }), field: 'eligibility.countries.0' },
  { name: 'close before open', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ schedule: { ...schedule, submissionsClose: '2026-11-01T09:00' } }), field: 'schedule.submissionsClose' },
  { name: 'unknown time zone', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ schedule: { ...schedule, timeZone: 'Mars/Olympus' } }), field: 'schedule.timeZone' },
  { name: 'date not a date', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ schedule: { ...schedule, resultsDate: 'next spring' } }), field: 'schedule.resultsDate' },
  { name: 'impossible date', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ schedule: { ...schedule, resultsDate: '2027-02-30T12:00' } }), field: 'schedule.resultsDate' },
  { name: 'scale upside down', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ rubric: [{ name: 'A', weight: 1, scale: { min: 5, max: 1 } }] }), field: 'rubric.0.scale.max' },
  { name: 'negative weight', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ rubric: [{ name: 'A', weight: -1 }] }), field: 'rubric.0.weight' },
  { name: 'duplicate criteria', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ rubric: [{ name: 'A' }, { name: 'a' }] }), field: 'rubric.1.name' },
  { name: 'too many questions', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ questions: Array.from({ length: 11 }, (_, i) => ({ label: `Q${i}` })) }), field: 'questions' },
  { name: 'not JSON at all', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: '{"title": ', field: 'body' },
  { name: 'body is an array', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: [], field: 'json' },
  { name: 'registration without team', method: 'POST', path: () => `/api/competitions/${cid}/registration`, who: 'sme2', body: registrationInput({ team: [] }), field: 'team' },
  { name: 'team member e-mail invalid', method: 'POST', path: () => `/api/competitions/${cid}/registration`, who: 'sme2', body: registrationInput({ team: [{ name: 'A', email: 'nope' }] }), field: 'team.0.email' },
  { name: 'SME declaration not boolean', method: 'POST', path: () => `/api/competitions/${cid}/registration`, who: 'sme2', body: registrationInput({ smeDeclaration: 'yes' }), field: 'smeDeclaration' },
  { name: 'submission summary too long', method: 'PUT', path: () => `/api/competitions/${cid}/submissions/${sid}`, who: 'sme1', body: { ...submissionContent({ summary: long(1001) }), version: 1 }, field: 'summary' },
  { name: 'answer over the question limit', method: 'PUT', path: () => `/api/competitions/${cid}/submissions/${sid}`, who: 'sme1', body: { ...submissionContent({ answers: { budget: long(201) } }), version: 1 }, field: 'answers.budget', status: 422 },
  { name: 'version missing', method: 'PUT', path: () => `/api/competitions/${cid}/submissions/${sid}`, who: 'sme1', body: submissionContent(), field: 'version' },
  { name: 'version as text', method: 'POST', path: () => `/api/competitions/${cid}/submissions/${sid}/submit`, who: 'sme1', body: { version: '1' }, field: 'version' },
  { name: 'stale version', method: 'PUT', path: () => `/api/competitions/${cid}/submissions/${sid}`, who: 'sme1', body: { ...submissionContent(), version: 7 }, field: 'version', status: 409 },
  { name: 'page size too big', method: 'GET', path: () => `/api/competitions/${cid}/submissions?limit=1000`, who: 'organiser', body: undefined, field: 'limit' },
  { name: 'unknown status filter', method: 'GET', path: () => `/api/competitions/${cid}/submissions?status=lost`, who: 'organiser', body: undefined, field: 'status' },
  { name: 'id with odd characters', method: 'GET', path: () => `/api/competitions/${encodeURIComponent('../../etc')}`, who: 'organiser', body: undefined, field: 'competitionId' },
];

describe('bad input', () => {
  for (const t of cases) {
    it(`${t.name} → ${t.status ?? 400} naming ${t.field}, nothing stored`, async () => {
      const before = await h.allItems();
      const r = await h.call(t.method, t.path(), people[t.who], t.body);
      expect(r.status).toBe(t.status ?? 400);
      expect(r.json.error.code).toMatch(/^[A-Z_]+$/);
      expect(typeof r.json.error.message).toBe('string');
      expect(Object.keys(r.json.error.fields ?? {})).toContain(t.field);
      expect(await h.allItems()).toEqual(before);
    });
  }

  it('answers unknown ids with 404, not 500', async () => {
    expect((await h.call('GET', '/api/competitions/NOPE', people.organiser)).status).toBe(404);
    expect((await h.call('GET', `/api/competitions/${cid}/submissions/NOPE`, people.organiser)).status).toBe(404);
    expect((await h.call('PUT', `/api/competitions/NOPE/submissions/${sid}`, people.sme1, { ...submissionContent(), version: 1 })).status).toBe(404);
    expect((await h.call('GET', '/api/nothing-here')).status).toBe(404);
  });
});
