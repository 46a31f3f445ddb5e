/**
 * Bad input gets a 4xx with a stable code and the offending field — never a 500 — and stores
 * nothing. Numbers are bounded (what the product means, what DynamoDB can store), countries are
 * ISO codes, messages name every problem by its form label, pagination cursors cannot be crafted
 * or replayed, and every ranking-based view answers every state of a competition.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Round } from '../../functions/domain/evaluation.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { verifyResultsPackage } from '../../functions/use-cases/results-package.ts';
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
const round = (o: Record<string, unknown> = {}) => ({ name: 'Jury', kind: 'jury', k: 1, maxLoad: 5, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 10, ...o });
const plan = (o: Record<string, unknown> = {}) => ({ plan: { currency: 'EUR', totalBudget: 10_000_000, ...o }, version: 0 });

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
  // Numbers DynamoDB cannot store (|x| < 1e-130 or > ~1e125) or that mean nothing to a programme.
  { name: 'criterion weight too small to store', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ rubric: [{ name: 'A', weight: 1e-200 }] }), field: 'rubric.0.weight' },
  { name: 'two criteria with one id', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ rubric: [{ id: 'same', name: 'A' }, { id: 'same', name: 'B' }] }), field: 'rubric.1.id' },
  { name: 'round weight 0 (cannot be ranked)', method: 'POST', path: () => `/api/competitions/${cid}/rounds`, who: 'organiser', body: round({ weight: 0 }), field: 'weight' },
  { name: 'round weight too small to store', method: 'POST', path: () => `/api/competitions/${cid}/rounds`, who: 'organiser', body: round({ weight: 1e-200 }), field: 'weight' },
  { name: 'round criterion weight too small to store', method: 'POST', path: () => `/api/competitions/${cid}/rounds`, who: 'organiser', body: round({ rubric: [{ name: 'A', weight: 1e-200 }] }), field: 'rubric.0.weight' },
  { name: 'round criteria sharing an id', method: 'POST', path: () => `/api/competitions/${cid}/rounds`, who: 'organiser', body: round({ rubric: [{ id: 'x', name: 'A' }, { id: 'x', name: 'B' }] }), field: 'rubric.1.id' },
  { name: 'shortlist of a billion', method: 'POST', path: () => `/api/competitions/${cid}/rounds`, who: 'organiser', body: round({ shortlist: { fromRoundId: 'r', topN: 1e9 } }), field: 'shortlist.topN' },
  { name: 'SME share finer than 0.01 %', method: 'PUT', path: () => `/api/competitions/${cid}/prize-plan`, who: 'organiser', body: plan({ minSmeShare: 0.123456 }), field: 'plan.minSmeShare' },
  { name: 'prize plan version beyond any', method: 'PUT', path: () => `/api/competitions/${cid}/prize-plan`, who: 'organiser', body: { ...plan(), version: 1e12 }, field: 'version' },
  { name: 'award rank beyond any prize', method: 'POST', path: () => `/api/competitions/${cid}/awards`, who: 'organiser', body: { awards: [{ submissionId: 'any-submission', type: 'prize', rank: 1e12 }] }, field: 'awards.0.rank' },
  { name: 'submission version beyond any', method: 'PUT', path: () => `/api/competitions/${cid}/submissions/${sid}`, who: 'sme1', body: { ...submissionContent(), version: 1e12 }, field: 'version' },
  // Countries are ISO 3166-1 alpha-2 codes that are assigned.
  { name: 'registration country XX', method: 'POST', path: () => `/api/competitions/${cid}/registration`, who: 'sme2', body: registrationInput({ registryId: 'BE0999999999', country: 'XX' }), field: 'country' },
  { name: 'registration country UK (GB is the code)', method: 'POST', path: () => `/api/competitions/${cid}/registration`, who: 'sme2', body: registrationInput({ registryId: 'BE0999999999', country: 'UK' }), field: 'country' },
  { name: 'eligible country XX', method: 'POST', path: () => '/api/competitions', who: 'organiser', body: competitionInput({ eligibility: { countries: ['BE', 'XX'], smeOnly: true } }), field: 'eligibility.countries.1' },
];

describe('bad input', () => {
  for (const t of cases) {
    it(`${t.name} → ${t.status ?? 400} naming ${t.field}, nothing stored`, async () => {
      await h.jobsSettled(); // the ranking's recomputation after the set-up's changes
      const before = await h.allItems();
      const r = await h.call(t.method, t.path(), people[t.who], t.body);
      expect(r.status).toBe(t.status ?? 400);
      expect(r.json.error.code).toMatch(/^[A-Z_]+$/);
      expect(typeof r.json.error.message).toBe('string');
      expect(Object.keys(r.json.error.fields ?? {})).toContain(t.field);
      expect(await h.allItems()).toEqual(before);
    });
  }

  it('names every problem at once, as the form labels the fields, keeping fields keyed by path', async () => {
    const before = await h.allItems();
    const r = await h.call('POST', `/api/competitions/${cid}/registration`, people.sme2, {
      ...registrationInput({ organisationName: ' ', country: 'XX', team: [{ name: 'Ann', email: 'ann@x.test' }, { name: 'Bob', email: 'not-an-address' }] }),
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toEqual({
      code: 'VALIDATION_FAILED',
      message:
        '3 fields need attention: Organisation name — required; Country — not a country code, use the two-letter ISO code, e.g. BE; Team member 2 e-mail — not an e-mail address.',
      fields: { organisationName: 'Required.', country: 'Not a country code; use the two-letter ISO code, e.g. BE.', 'team.1.email': 'Not an e-mail address.' },
      // Issue 14: each field's problem as a code, for the web to say in the reader's language.
      fieldCodes: { organisationName: { code: 'REQUIRED' }, country: { code: 'INVALID_VALUE' }, 'team.1.email': { code: 'INVALID_EMAIL' } },
    });
    // The domain's own checks list theirs the same way.
    const draft = await h.call('POST', '/api/competitions', people.organiser, competitionInput({
      schedule: { ...schedule, submissionsClose: '2026-11-01T09:00' },
      rubric: [{ name: 'Impact' }, { name: 'impact' }],
    }));
    expect(draft.status).toBe(400);
    expect(draft.json.error.message).toBe(
      '2 fields need attention: Submissions close — must be after the time submissions open; Criterion 2 name — two criteria have the same name.',
    );
    expect(await h.allItems()).toEqual(before);
  });

  it('answers unknown ids with 404, not 500', async () => {
    expect((await h.call('GET', '/api/competitions/NOPE', people.organiser)).status).toBe(404);
    expect((await h.call('GET', `/api/competitions/${cid}/submissions/NOPE`, people.organiser)).status).toBe(404);
    expect((await h.call('PUT', `/api/competitions/NOPE/submissions/${sid}`, people.sme1, { ...submissionContent(), version: 1 })).status).toBe(404);
    expect((await h.call('GET', '/api/nothing-here')).status).toBe(404);
  });
});

describe('numbers the store cannot hold', () => {
  it('keeps an SME share in steps of 0.01 %: 1e-200 is stored as 0 rather than failing in DynamoDB', async () => {
    const c = await openCompetition(h, { title: 'Tiny share' });
    const r = await h.call('PUT', `/api/competitions/${c.id}/prize-plan`, people.organiser, plan({ minSmeShare: 1e-200 }));
    expect(r.status, r.text).toBe(200);
    expect(r.json.plan.minSmeShare).toBe(0);
    expect((await h.call('GET', `/api/competitions/${c.id}/prize-plan`, people.organiser)).json.plan.minSmeShare).toBe(0);
  });
});

describe('ranking views answer every state of a competition', () => {
  const views = ['ranking', 'prize-plan', 'awards/proposal'];
  const exports = ['ranking.csv', 'deal-flow.csv', 'results-package.json'] as const;
  const entrants: Identity[] = [people.sme1, people.sme2];
  let base: string;

  async function everyViewAnswers() {
    const out: Record<string, { status: number; json: any; text: string }> = {};
    for (const v of views) {
      const r = await h.call('GET', `${base}/${v}`, people.organiser);
      expect(r.status, `${v}: ${r.text}`).toBe(200);
      out[v] = r;
    }
    for (const file of exports) {
      const r = await h.exportFile(people.organiser, base.split('/').pop()!, file);
      expect(r.status, `${file}: ${JSON.stringify(r.job?.error)}`).toBe(200);
      out[file] = r;
    }
    expect(verifyResultsPackage(out['results-package.json']!.json)).toEqual({ ok: true, problems: [] });
    return out;
  }
  /** The table but for job records (an export is a job: it stores its record, and nothing else). */
  const allButJobs = async () => (await h.allItems()).filter((i) => !String(i.pk).startsWith('JOB'));

  beforeAll(async () => {
    const c = await openCompetition(h, { title: 'Ranking states' });
    base = `/api/competitions/${c.id}`;
    for (const [i, who] of entrants.entries()) {
      await h.call('POST', `${base}/registration`, who, registrationInput({ organisationName: `Org ${i}`, registryId: `BE050000000${i}`, team: [{ name: who.name, email: `ceo@org${i}.eu` }] }));
      const s = await h.call('POST', `${base}/submissions`, who, submissionContent({ title: `Idea ${i}` }));
      expect((await h.call('POST', `${base}/submissions/${s.json.id}/submit`, who, { version: 1 })).status).toBe(200);
    }
    expect((await h.call('PUT', `${base}/prize-plan`, people.organiser, plan({ rankPrizes: [{ rank: 1, amount: 1_000_000, label: '1st place' }] }))).status).toBe(200);
  });

  it('with no rounds: everyone unranked, "No evaluation rounds yet."', async () => {
    const before = await allButJobs();
    const out = await everyViewAnswers();
    expect(out.ranking!.json.ranked).toEqual([]);
    expect(out.ranking!.json.unranked.map((u: { reason: string }) => u.reason)).toEqual(['No evaluation rounds yet.', 'No evaluation rounds yet.']);
    expect(out['awards/proposal']!.json.lines).toEqual([]);
    expect(await allButJobs()).toEqual(before);
  });

  it('with a round whose reviews are assigned but none submitted: "No submitted reviews yet."', async () => {
    const peer = await h.call('POST', `${base}/rounds`, people.organiser, round({ name: 'Peers', kind: 'peer', k: 1, maxLoad: 1, weight: 40 }));
    expect(peer.status, peer.text).toBe(201);
    const assigned = await h.call('POST', `${base}/rounds/${peer.json.id}/assignment`, people.organiser);
    expect(assigned.status, assigned.text).toBe(202);
    await h.jobsSettled(); // the assignment is a job
    expect((await h.call('GET', `${base}/rounds/${peer.json.id}/reviews`, people.organiser)).json.items).toHaveLength(2);
    const out = await everyViewAnswers();
    expect(out.ranking!.json.unranked.map((u: { reason: string }) => u.reason)).toEqual(['No submitted reviews yet.', 'No submitted reviews yet.']);
  });

  it('with a round of weight 0 stored before such rounds were refused: it counts for nothing, and says so', async () => {
    const competitionId = base.split('/').pop()!;
    const legacy: Round = {
      ...(round({ name: 'Legacy', weight: 0 }) as unknown as Omit<Round, 'id'>),
      id: 'legacy-zero',
      competitionId,
      rubric: [{ id: 'c', name: 'Overall', description: '', weight: 1, scale: { min: 1, max: 5 } }],
      blind: false,
      requireReviewDuty: false,
      showPeerComments: false,
      opensAt: '2026-12-01T08:00:00.000Z',
      closesAt: '2026-12-20T17:00:00.000Z',
      pins: [],
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
      version: 1,
    };
    await h.deps.evaluation.createRound(legacy);
    // Data from before the live ranking: migrated, it counts as a change of the ranking's inputs.
    await h.deps.results.noteInputsChanged(competitionId, new Date().toISOString());
    const out = await everyViewAnswers();
    expect(out.ranking!.json.ranked).toEqual([]);
    expect(out.ranking!.json.rounds.map((r: { name: string }) => r.name).sort()).toEqual(['Legacy', 'Peers']);
  });
});

describe('questions are compared by meaning', () => {
  it('lets an organiser edit an open competition whose questions were created without ids, re-sent with or without ids', async () => {
    const questions = [{ label: 'Why now?', required: true }, { label: 'Budget?', help: 'In euros', maxLength: 100 }];
    const c = await openCompetition(h, { title: 'Questions', questions });
    expect(c.phase).toBe('open');
    const ids = c.questions.map((q: { id: string }) => q.id);
    // As an API client does: the same questions again, without ids.
    const plain = await h.call('PUT', `/api/competitions/${c.id}`, people.organiser, { ...competitionInput({ title: 'Questions, renamed', questions }), version: c.version });
    expect(plain.status, plain.text).toBe(200);
    expect(plain.json.questions.map((q: { id: string }) => q.id)).toEqual(ids);
    // As the web does: the questions it read, ids first.
    const resent = plain.json.questions.map((q: { id: string; label: string; help: string; required: boolean; maxLength: number }) => ({ id: q.id, label: q.label, help: q.help, required: q.required, maxLength: q.maxLength }));
    const web = await h.call('PUT', `/api/competitions/${c.id}`, people.organiser, { ...competitionInput({ title: 'Questions, again', questions: resent }), version: plain.json.version });
    expect(web.status, web.text).toBe(200);
    expect(web.json.questions).toEqual(plain.json.questions);
    // A real change is still refused, and nothing is stored.
    const before = await h.allItems();
    const changed = await h.call('PUT', `/api/competitions/${c.id}`, people.organiser, { ...competitionInput({ questions: [{ label: 'Why now?', required: false }, questions[1]] }), version: web.json.version });
    expect(changed.status).toBe(409);
    expect(changed.json.error.fields).toEqual({ questions: 'locked' });
    expect(await h.allItems()).toEqual(before);
  });
});

describe('pagination cursors', () => {
  /** The paged routes, with who may call each; `who` undefined = anonymous. */
  const routes = () => [
    { name: 'published competitions', path: '/api/competitions', who: [undefined, people.organiser] as (Identity | undefined)[], anonymous: 400 },
    { name: 'submissions', path: `/api/competitions/${pagedCid}/submissions`, who: [undefined, people.organiser], anonymous: 401 },
    { name: 'audit trail', path: `/api/competitions/${pagedCid}/audit`, who: [undefined, people.organiser], anonymous: 401 },
  ];
  let pagedCid: string;
  let otherCid: string;

  async function allPagesOf(path: string, who: Identity | undefined, limit: number) {
    const items: { id: string }[] = [];
    let cursor: string | undefined;
    do {
      const r = await h.call('GET', `${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, who);
      expect(r.status, r.text).toBe(200);
      items.push(...r.json.items);
      cursor = r.json.nextCursor;
    } while (cursor);
    return items;
  }
  async function firstCursor(path: string, who: Identity | undefined) {
    const r = await h.call('GET', `${path}?limit=1`, who);
    expect(r.json.nextCursor, r.text).toBeTypeOf('string');
    return r.json.nextCursor as string;
  }

  beforeAll(async () => {
    pagedCid = (await openCompetition(h, { title: 'Paged' })).id;
    otherCid = (await openCompetition(h, { title: 'Paged too' })).id;
    for (const cidOf of [pagedCid, otherCid])
      for (const [i, who] of [people.sme1, people.sme2, people.sme3].entries()) {
        await h.call('POST', `/api/competitions/${cidOf}/registration`, who, registrationInput({ registryId: `NL00000000${i}`, country: 'NL' }));
        await h.call('POST', `/api/competitions/${cidOf}/submissions`, who, submissionContent({ title: `Paged ${i}` }));
      }
  });

  it('page genuinely: following nextCursor gives every item once, in order', async () => {
    for (const r of routes()) {
      const all = (await h.call('GET', `${r.path}?limit=100`, people.organiser)).json.items as { id: string }[];
      expect(all.length, r.name).toBeGreaterThanOrEqual(3);
      expect((await allPagesOf(r.path, people.organiser, 1)).map((x) => x.id), r.name).toEqual(all.map((x) => x.id));
      expect((await allPagesOf(r.path, people.organiser, 2)).map((x) => x.id), r.name).toEqual(all.map((x) => x.id));
    }
  });

  it('refuse crafted, tampered and replayed cursors with 400 on `cursor` (401 first where sign-in is needed), never 5xx, storing nothing', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const genuine = {
      published: await firstCursor('/api/competitions', undefined),
      submissions: await firstCursor(`/api/competitions/${pagedCid}/submissions`, people.organiser),
      audit: await firstCursor(`/api/competitions/${pagedCid}/audit`, people.organiser),
      otherSubmissions: await firstCursor(`/api/competitions/${otherCid}/submissions`, people.organiser),
      otherAudit: await firstCursor(`/api/competitions/${otherCid}/audit`, people.organiser),
    };
    const [payload, signature] = genuine.submissions.split('.') as [string, string];
    // A changed last character of a signature can decode to the same bytes: then it is the same cursor.
    const sameCursor = (a: string, b: string) => {
      const [pa, sa, ...ra] = a.split('.');
      const [pb, sb] = b.split('.');
      return ra.length === 0 && pa === pb && sa !== undefined && /^[A-Za-z0-9_-]+$/.test(sa) && Buffer.from(sa, 'base64url').equals(Buffer.from(sb!, 'base64url'));
    };
    const keyOf = (c: string) => JSON.parse(Buffer.from(c.split('.')[0]!, 'base64url').toString()).key;
    const crafted = fc.oneof(
      fc.string({ minLength: 1, maxLength: 300 }),
      fc.base64String({ minLength: 1, maxLength: 300 }),
      // The shapes reported in the issue and their cousins, unsigned and with a stolen signature.
      fc.constantFrom(
        b64({ key: {} }),
        b64({ key: { a: 'b' } }),
        b64({ segment: 7 }),
        b64({ key: keyOf(genuine.otherSubmissions) }),
        `${b64({ key: {} })}.${signature}`,
        `${b64({ key: keyOf(genuine.otherSubmissions) })}.${signature}`,
        `${b64({ key: { ...keyOf(genuine.submissions), sk: 'MEMBER#u-sme1' } })}.${signature}`,
        `${payload}.${signature}.${signature}`,
        `${payload}.`,
      ),
      fc.record({ key: fc.dictionary(fc.constantFrom('pk', 'sk', 'gsi2pk', 'gsi2sk', 'x'), fc.oneof(fc.string(), fc.integer(), fc.constant(null))), segment: fc.option(fc.integer()) }).map((j) => `${b64(j)}.${signature}`),
      // Genuine cursors of another listing, or of another competition's listing.
      fc.constantFrom(...Object.values(genuine)),
      // A genuine cursor with one character changed.
      fc.tuple(fc.constantFrom(...Object.values(genuine)), fc.nat(), fc.constantFrom(...'AQgw09-_x.')).map(([c, i, ch]) => {
        const at = i % c.length;
        return c.slice(0, at) + (c[at] === ch ? (ch === 'A' ? 'B' : 'A') : ch) + c.slice(at + 1);
      }),
    );
    const before = await h.allItems();
    await fc.assert(
      fc.asyncProperty(crafted, fc.constantFrom(...routes()), fc.boolean(), async (cursor, route, anonymous) => {
        const who = anonymous ? undefined : people.organiser;
        const r = await h.call('GET', `${route.path}?cursor=${encodeURIComponent(cursor)}`, who);
        expect(r.status, r.text).toBeLessThan(500);
        const own = route.name === 'published competitions' ? genuine.published : route.name === 'submissions' ? genuine.submissions : genuine.audit;
        if (sameCursor(cursor, own) && (route.anonymous === 400 || !anonymous)) {
          expect(r.status).toBe(200);
          return;
        }
        if (anonymous && route.anonymous === 401) {
          expect(r.status).toBe(401);
          return;
        }
        expect(r.status, `${route.name} ${cursor}: ${r.text}`).toBe(400);
        expect(r.json.error.code).toBe('VALIDATION_FAILED');
        expect(Object.keys(r.json.error.fields)).toEqual(['cursor']);
      }),
      { seed: 8_5, numRuns: 150 },
    );
    // Every listing refuses every other listing's genuine cursor, deterministically too.
    for (const route of routes())
      for (const [name, c] of Object.entries(genuine)) {
        const own = (route.name === 'published competitions' && name === 'published') || (route.name === 'submissions' && name === 'submissions') || (route.name === 'audit trail' && name === 'audit');
        const r = await h.call('GET', `${route.path}?cursor=${encodeURIComponent(c)}`, people.organiser);
        expect(r.status, `${name} on ${route.name}`).toBe(own ? 200 : 400);
      }
    expect(await h.allItems()).toEqual(before);
  });

  it('keep paging the public listing when a competition closes between two pages', async () => {
    const closesSoon = await openCompetition(h, {
      title: 'Closes soon',
      schedule: { timeZone: 'Europe/Brussels', submissionsOpen: '2026-11-30T09:00', submissionsClose: '2026-12-05T17:00', evaluationStart: '2026-12-06T09:00', evaluationEnd: '2026-12-20T17:00', resultsDate: '2027-01-10T12:00' },
    });
    const everyone = (await h.call('GET', '/api/competitions?limit=100')).json.items.map((c: { id: string }) => c.id).sort();
    try {
      const first = await h.call('GET', '/api/competitions?limit=1');
      expect(first.json.items[0].id).toBe(closesSoon.id); // closing soonest comes first
      h.clock.set('2026-12-06T10:00:00Z'); // it closes before the next page is asked for
      const rest: string[] = [];
      let cursor: string | undefined = first.json.nextCursor;
      while (cursor) {
        const r = await h.call('GET', `/api/competitions?limit=1&cursor=${encodeURIComponent(cursor)}`);
        expect(r.status, r.text).toBe(200);
        rest.push(...r.json.items.map((c: { id: string }) => c.id));
        cursor = r.json.nextCursor;
      }
      // Everything still open is listed once; the one that closed is listed again among the closed.
      expect(rest.sort()).toEqual(everyone);
    } finally {
      h.clock.set('2026-12-01T10:00:00Z');
    }
  });
});
