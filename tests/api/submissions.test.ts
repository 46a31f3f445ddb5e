import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import {
  openCompetition,
  people,
  registrationInput,
  startHarness,
  submissionContent,
  type Harness,
} from '../support/api-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const base = (id: string) => `/api/competitions/${id}`;

describe('the first journey: register, write, submit, withdraw', () => {
  it('takes an SME from registration to a submitted entry the organiser can list and export', async () => {
    const c = await openCompetition(h, { title: 'Journey' });

    // Register the organisation.
    const reg = await h.call('POST', `${base(c.id)}/registration`, people.sme1, registrationInput());
    expect(reg.status).toBe(201);
    expect((await h.call('GET', `${base(c.id)}/registration`, people.sme1)).json.organisationName).toBe('Cargo Bikes BV');
    expect((await h.call('GET', base(c.id), people.sme1)).json.myRoles).toEqual(['entrant']);

    // A draft may be incomplete…
    const draft = await h.call('POST', `${base(c.id)}/submissions`, people.sme1, { title: 'Half an idea' });
    expect(draft.status).toBe(201);
    expect(draft.json).toMatchObject({ status: 'draft', version: 1, organisationName: 'Cargo Bikes BV', editable: true });
    const sid = draft.json.id;

    // …but cannot be submitted until complete; the missing fields are named.
    const early = await h.call('POST', `${base(c.id)}/submissions/${sid}/submit`, people.sme1, { version: 1 });
    expect(early.status).toBe(422);
    expect(early.json.error.code).toBe('SUBMISSION_INCOMPLETE');
    expect(Object.keys(early.json.error.fields).sort()).toEqual(['answers.budget', 'problem', 'solution', 'summary']);

    const saved = await h.call('PUT', `${base(c.id)}/submissions/${sid}`, people.sme1, { ...submissionContent(), version: 1 });
    expect(saved.status).toBe(200);
    expect(saved.json.version).toBe(2);

    const submitted = await h.call('POST', `${base(c.id)}/submissions/${sid}/submit`, people.sme1, { version: 2 });
    expect(submitted.status).toBe(200);
    expect(submitted.json).toMatchObject({ status: 'submitted', version: 3 });

    // A submitted entry may still be edited before the deadline, but must stay complete.
    const blanked = await h.call('PUT', `${base(c.id)}/submissions/${sid}`, people.sme1, {
      ...submissionContent({ summary: '' }),
      version: 3,
    });
    expect(blanked.status).toBe(422);
    expect(blanked.json.error.fields).toHaveProperty('summary');
    const revised = await h.call('PUT', `${base(c.id)}/submissions/${sid}`, people.sme1, { ...submissionContent(), version: 3 });
    expect(revised.json).toMatchObject({ status: 'submitted', version: 4 });

    // Only one submission per entrant.
    const second = await h.call('POST', `${base(c.id)}/submissions`, people.sme1, submissionContent());
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('SUBMISSION_EXISTS');

    const mine = await h.call('GET', '/api/me/submissions', people.sme1);
    expect(mine.json.items).toHaveLength(1);
    expect(mine.json.items[0]).toMatchObject({ id: sid, competitionTitle: 'Journey', status: 'submitted' });

    // The organiser sees it, filters, and exports it.
    const list = await h.call('GET', `${base(c.id)}/submissions?status=submitted`, people.organiser);
    expect(list.status).toBe(200);
    expect(list.json.items.map((s: { id: string }) => s.id)).toEqual([sid]);
    expect((await h.call('GET', `${base(c.id)}/submissions?status=draft`, people.organiser)).json.items).toEqual([]);
    expect((await h.call('GET', `${base(c.id)}/submissions?q=CARGO`, people.organiser)).json.items).toHaveLength(1);
    expect((await h.call('GET', `${base(c.id)}/submissions?sector=energy`, people.organiser)).json.items).toEqual([]);

    const csv = await h.exportFile(people.organiser, c.id, 'submissions.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('journey-submissions.csv');
    const rows = parse(csv.text, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Title: 'Electric cargo-bike hubs', Organisation: 'Cargo Bikes BV', 'What is your budget?': '€50k' });

    // Withdraw, and the trail shows each step the competition sees: the creation, the status
    // changes and the edit of the submitted entry — not the draft's save (work in progress).
    const withdrawn = await h.call('POST', `${base(c.id)}/submissions/${sid}/withdraw`, people.sme1, { version: 4 });
    expect(withdrawn.json.status).toBe('withdrawn');
    const audit = await h.call('GET', `${base(c.id)}/audit?limit=100`, people.organiser);
    expect(audit.json.items.map((e: { action: string }) => e.action)).toEqual([
      'competition.created',
      'competition.published',
      'entrant.registered',
      'submission.created',
      'submission.submitted',
      'submission.updated',
      'submission.withdrawn',
    ]);
  });

  it('enforces the deadline with a 409 that says when it passed', async () => {
    const h2 = await startHarness('2027-01-15T15:59:00Z');
    try {
      const c = await openCompetition(h2, { title: 'Deadline' });
      await h2.call('POST', `${base(c.id)}/registration`, people.sme1, registrationInput());
      const s = await h2.call('POST', `${base(c.id)}/submissions`, people.sme1, submissionContent());
      expect(s.status).toBe(201);
      h2.clock.set('2027-01-15T16:00:00Z'); // 17:00 in Brussels: closed
      const late = await h2.call('PUT', `${base(c.id)}/submissions/${s.json.id}`, people.sme1, { ...submissionContent(), version: 1 });
      expect(late.status).toBe(409);
      expect(late.json.error.code).toBe('DEADLINE_PASSED');
      expect(late.json.error.message).toContain('2027-01-15 17:00 (Europe/Brussels)');
      const lateSubmit = await h2.call('POST', `${base(c.id)}/submissions/${s.json.id}/submit`, people.sme1, { version: 1 });
      expect(lateSubmit.status).toBe(409);
      const lateRegister = await h2.call('POST', `${base(c.id)}/registration`, people.sme2, registrationInput({ registryId: 'NL123456789B01' }));
      expect(lateRegister.status).toBe(409);
      const read = await h2.call('GET', `${base(c.id)}/submissions/${s.json.id}`, people.sme1);
      expect(read.json).toMatchObject({ version: 1, status: 'draft', editable: false });
    } finally {
      await h2.stop();
    }
  });

  it('allows one registration per organisation, however its registry id is written', async () => {
    const c = await openCompetition(h, { title: 'Uniqueness' });
    expect((await h.call('POST', `${base(c.id)}/registration`, people.sme1, registrationInput())).status).toBe(201);
    const sameOrg = await h.call('POST', `${base(c.id)}/registration`, people.sme2, registrationInput({ registryId: 'be0123456789' }));
    expect(sameOrg.status).toBe(409);
    expect(sameOrg.json.error.code).toBe('ORGANISATION_ALREADY_REGISTERED');
    const again = await h.call('POST', `${base(c.id)}/registration`, people.sme1, registrationInput({ registryId: 'DE999999999' }));
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('ALREADY_REGISTERED');
    // The failed second attempt released its claim: another company may use that id.
    const other = await h.call('POST', `${base(c.id)}/registration`, people.sme2, registrationInput({ registryId: 'DE999999999' }));
    expect(other.status).toBe(201);
  });

  it('checks eligibility: country and SME status', async () => {
    const c = await openCompetition(h, { title: 'Eligibility' });
    const fr = await h.call('POST', `${base(c.id)}/registration`, people.sme3, registrationInput({ country: 'FR' }));
    expect(fr.status).toBe(422);
    expect(fr.json.error).toMatchObject({ code: 'NOT_ELIGIBLE' });
    expect(fr.json.error.fields.country).toContain('BE, NL, DE');
    const notSme = await h.call('POST', `${base(c.id)}/registration`, people.sme3, registrationInput({ smeDeclaration: false }));
    expect(notSme.status).toBe(422);
    expect(notSme.json.error.fields).toHaveProperty('smeDeclaration');
    expect((await h.call('GET', `${base(c.id)}/registration`, people.sme3)).status).toBe(404);
  });

  it('a refused registration leaves its organisation free (the claim goes out with the reads, issue 9 §3)', async () => {
    // Prepare: one open competition; refusals of every kind that come before the claim's own check.
    const c = await openCompetition(h, { title: 'Claims released' });
    const refusals = {
      'no such competition': { id: 'no-such-competition', input: {}, status: 404 },
      'not eligible': { id: c.id, input: { country: 'FR' }, status: 422 },
      'no consent': { id: c.id, input: { privacy: undefined }, status: 422 },
    } as const;
    const guards = async () => (await h.allItems()).filter((i) => i.type === 'OrganisationGuard').map((i) => `${i.pk} ${i.sk}`);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(refusals) as (keyof typeof refusals)[])), fc.constantFrom('', ' ', '.'), async (kind, sep) => {
        n += 1;
        const registryId = `NL${sep}${String(100000000 + n)}B01`;
        const before = await guards();
        // Act: refused for `kind`
        const refused = await h.call('POST', `${base(refusals[kind].id)}/registration`, people.sme3, registrationInput({ registryId, ...refusals[kind].input }));
        // Assess: the refusal is the one for `kind`, no claim is left stored, and another user may register the organisation.
        expect(refused.status, refused.text).toBe(refusals[kind].status);
        expect(await guards()).toEqual(before);
        const other = await h.call('POST', `${base(c.id)}/registration`, { ...people.sme2, sub: `u-claim-${n}`, email: `claim${n}@demo.test` }, registrationInput({ registryId }));
        expect(other.status, other.text).toBe(201);
      }),
      { numRuns: 9 },
    );
  });

  it('requires a registration before a submission', async () => {
    const c = await openCompetition(h, { title: 'Register first' });
    const r = await h.call('POST', `${base(c.id)}/submissions`, people.sme2, submissionContent());
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('NOT_REGISTERED');
  });

  it('rejects answers to questions the competition does not ask', async () => {
    const c = await openCompetition(h, { title: 'Unknown question' });
    await h.call('POST', `${base(c.id)}/registration`, people.sme1, registrationInput());
    const r = await h.call('POST', `${base(c.id)}/submissions`, people.sme1, submissionContent({ answers: { nope: 'x' } }));
    expect(r.status).toBe(422);
    expect(r.json.error.fields).toEqual({ 'answers.nope': 'This competition has no such question.' });
  });
});
