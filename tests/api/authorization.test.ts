/**
 * Who may do what, as a matrix through the API: anonymous, another entrant, the organiser of
 * another competition, and a forged or expired token. Every denial is checked against the
 * stored state afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
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
let competitionId: string;
let submissionId: string;
let draftCompetitionId: string;

beforeAll(async () => {
  h = await startHarness();
  const c = await openCompetition(h, { title: 'Matrix' });
  competitionId = c.id;
  await h.call('POST', `/api/competitions/${c.id}/registration`, people.sme1, registrationInput());
  const s = await h.call('POST', `/api/competitions/${c.id}/submissions`, people.sme1, submissionContent());
  submissionId = s.json.id;
  await h.call('POST', `/api/competitions/${c.id}/registration`, people.sme2, registrationInput({ registryId: 'NL111222333B01' }));
  const d = await h.call('POST', '/api/competitions', people.organiser, competitionInput({ title: 'Draft' }));
  draftCompetitionId = d.json.id;
});
afterAll(() => h.stop());

type Who = keyof typeof people | 'anonymous';
const matrix: { name: string; method: string; path: () => string; body?: () => unknown; expect: Partial<Record<Who, number>> }[] = [
  {
    name: 'read the submission',
    method: 'GET',
    path: () => `/api/competitions/${competitionId}/submissions/${submissionId}`,
    expect: { anonymous: 401, sme1: 200, sme2: 404, organiser: 200, otherOrganiser: 404 },
  },
  {
    name: 'edit the submission',
    method: 'PUT',
    path: () => `/api/competitions/${competitionId}/submissions/${submissionId}`,
    body: () => ({ ...submissionContent({ title: 'Hijacked' }), version: 1 }),
    expect: { anonymous: 401, sme2: 404, organiser: 404, otherOrganiser: 404 },
  },
  {
    name: 'submit the submission',
    method: 'POST',
    path: () => `/api/competitions/${competitionId}/submissions/${submissionId}/submit`,
    body: () => ({ version: 1 }),
    expect: { anonymous: 401, sme2: 404, organiser: 404, otherOrganiser: 404 },
  },
  {
    name: 'withdraw the submission',
    method: 'POST',
    path: () => `/api/competitions/${competitionId}/submissions/${submissionId}/withdraw`,
    body: () => ({ version: 1 }),
    expect: { anonymous: 401, sme2: 404, organiser: 404, otherOrganiser: 404 },
  },
  {
    name: 'list the submissions',
    method: 'GET',
    path: () => `/api/competitions/${competitionId}/submissions`,
    expect: { anonymous: 401, sme1: 403, sme2: 403, organiser: 200, otherOrganiser: 403 },
  },
  {
    name: 'export the submissions',
    method: 'POST',
    path: () => `/api/competitions/${competitionId}/exports`,
    body: () => ({ file: 'submissions.csv' }),
    expect: { anonymous: 401, sme1: 403, organiser: 202, otherOrganiser: 403 },
  },
  {
    name: 'edit the competition',
    method: 'PUT',
    path: () => `/api/competitions/${competitionId}`,
    body: () => ({ ...competitionInput({ title: 'Hijacked' }), version: 2 }),
    expect: { anonymous: 401, sme1: 403, otherOrganiser: 403 },
  },
  {
    name: 'close the competition',
    method: 'POST',
    path: () => `/api/competitions/${competitionId}/close`,
    body: () => ({ version: 2 }),
    expect: { anonymous: 401, sme1: 403, otherOrganiser: 403 },
  },
  {
    name: 'read the audit trail',
    method: 'GET',
    path: () => `/api/competitions/${competitionId}/audit`,
    expect: { anonymous: 401, sme1: 403, organiser: 200, otherOrganiser: 403 },
  },
  {
    name: 'read a draft competition',
    method: 'GET',
    path: () => `/api/competitions/${draftCompetitionId}`,
    expect: { anonymous: 404, sme1: 404, organiser: 200, otherOrganiser: 404 },
  },
  {
    name: 'publish a draft competition',
    method: 'POST',
    path: () => `/api/competitions/${draftCompetitionId}/publish`,
    body: () => ({ version: 1 }),
    expect: { anonymous: 401, sme1: 404, otherOrganiser: 404 },
  },
  {
    name: 'register for a draft competition',
    method: 'POST',
    path: () => `/api/competitions/${draftCompetitionId}/registration`,
    body: () => registrationInput({ registryId: 'DE123123123' }),
    expect: { anonymous: 401, sme3: 404 },
  },
  {
    name: 'read my submissions',
    method: 'GET',
    path: () => '/api/me/submissions',
    expect: { anonymous: 401 },
  },
];

describe('authorization matrix', () => {
  for (const row of matrix) {
    for (const [who, status] of Object.entries(row.expect) as [Who, number][]) {
      it(`${who} → ${row.name} → ${status}`, async () => {
        // Jobs an earlier request started run in the background: the table is still before they finish.
        await h.jobsSettled();
        const before = await h.allItems();
        const caller = who === 'anonymous' ? undefined : people[who];
        const r = await h.call(row.method, row.path(), caller, row.body?.());
        expect(r.status).toBe(status);
        if (status >= 400) {
          expect(r.json.error.code).toMatch(/^[A-Z_]+$/);
          // A denied request changes nothing.
          expect(await h.allItems()).toEqual(before);
        }
      });
    }
  }

  it('entrants only ever see their own submissions', async () => {
    const mine = await h.call('GET', '/api/me/submissions', people.sme2);
    expect(mine.json.items).toEqual([]);
    const stored = await h.call('GET', `/api/competitions/${competitionId}/submissions/${submissionId}`, people.sme1);
    expect(stored.json.title).toBe('Electric cargo-bike hubs');
  });

  it('rejects forged, expired, wrong-audience and malformed tokens with 401', async () => {
    const { privateKey: forgedKey } = await generateKeyPair('RS256');
    const tokens = [
      await h.token(people.organiser, {}, forgedKey),
      await h.token(people.organiser, { exp: Math.floor(Date.now() / 1000) - 3600 }),
      await h.token(people.organiser, { aud: 'someone-else' }),
      'not.a.jwt',
    ];
    for (const t of tokens) {
      const r = await h.app.request('/api/me', { headers: { authorization: `Bearer ${t}` } });
      expect(r.status).toBe(401);
      expect((await r.json()).error.code).toBe('UNAUTHENTICATED');
    }
    const basic = await h.app.request('/api/me', { headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
  });
});
