/**
 * Issue 10 cost: the web's "Submit" sends the form with the submission (`content`): saved and
 * submitted in one write and one request, where it used to save and then submit. Refused
 * (incomplete, invalid, a stale tab, a withdrawn entry not yet submitted again), it stores
 * nothing; without content a draft is submitted as it stands, as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRoundTrips } from '../support/db-round-trips.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

let h: Harness;
let cid = '';
const base = () => `/api/competitions/${cid}`;
const smes = [people.sme1, people.sme2, people.sme3];
const ids: string[] = [];

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: 'Submit with the form' })).id;
  for (const [i, who] of smes.entries()) {
    const reg = await h.call('POST', `${base()}/registration`, who, registrationInput({ organisationName: `Org ${i + 1}`, registryId: `BE030000000${i + 1}`, team: [{ name: 'T', email: `t${i}@org${i}.eu` }] }));
    expect(reg.status, reg.text).toBe(201);
    // A draft missing its solution: complete only with the form the submit carries.
    const s = await h.call('POST', `${base()}/submissions`, who, submissionContent({ title: `Idea ${i + 1}`, solution: '' }));
    expect(s.status, s.text).toBe(201);
    ids.push(s.json.id);
  }
});
afterAll(() => h?.stop());

const stored = async (who: typeof people.sme1, id: string) => (await h.call('GET', `${base()}/submissions/${id}`, who)).json;

describe('submitting an entry with its form', () => {
  it('refuses an incomplete or invalid form, or a stale tab, storing nothing', async () => {
    await h.jobsSettled();
    const before = await h.allItems();
    const incomplete = await h.call('POST', `${base()}/submissions/${ids[0]}/submit`, people.sme1, { version: 1, content: submissionContent({ solution: '' }) });
    expect(incomplete.status).toBe(422);
    expect(incomplete.json.error.code).toBe('SUBMISSION_INCOMPLETE');
    const invalid = await h.call('POST', `${base()}/submissions/${ids[0]}/submit`, people.sme1, { version: 1, content: submissionContent({ solution: 'Hubs.', answers: { nope: 'x' } }) });
    expect(invalid.status).toBe(422);
    const stale = await h.call('POST', `${base()}/submissions/${ids[0]}/submit`, people.sme1, { version: 7, content: submissionContent({ solution: 'Hubs.' }) });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('VERSION_CONFLICT');
    expect(await h.allItems()).toEqual(before);
  });

  it('saves and submits the form in one request and one write of the entry', async () => {
    const recorder = recordRoundTrips(h.db);
    const form = submissionContent({ title: 'Idea 1, final', solution: 'Containers as hubs.' });
    const { result, calls } = await recorder.measure(() => h.call('POST', `${base()}/submissions/${ids[0]}/submit`, people.sme1, { version: 1, content: form }));
    expect(result.status, result.text).toBe(200);
    expect(result.json).toMatchObject({ status: 'submitted', version: 2, title: 'Idea 1, final', solution: 'Containers as hubs.' });
    expect(await stored(people.sme1, ids[0]!)).toMatchObject({ status: 'submitted', version: 2, title: 'Idea 1, final', solution: 'Containers as hubs.' });
    // One item write of the entry (its conditional put), as a submit without the form makes.
    expect(calls.filter((c) => c.operation === 'PutItem').length).toBe(2); // the entry and its audit entry
    // Its audit: the submission (a draft's edits are not audited), once.
    const audit = (await h.allItems()).filter((i) => i.type === 'AuditEntry' && i.target === `submission:${ids[0]}`).map((i) => i.action);
    expect(audit.sort()).toEqual(['submission.created', 'submission.submitted']);
  });

  it('refuses to edit a withdrawn entry through its submit, and submits it again as it stands', async () => {
    const draft = await h.call('PUT', `${base()}/submissions/${ids[1]}`, people.sme2, { ...submissionContent({ title: 'Idea 2', solution: 'Hubs.' }), version: 1 });
    expect((await h.call('POST', `${base()}/submissions/${ids[1]}/submit`, people.sme2, { version: draft.json.version })).status).toBe(200);
    const withdrawn = await h.call('POST', `${base()}/submissions/${ids[1]}/withdraw`, people.sme2, { version: draft.json.version + 1 });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    const edited = await h.call('POST', `${base()}/submissions/${ids[1]}/submit`, people.sme2, { version: withdrawn.json.version, content: submissionContent({ title: 'Sneaked in', solution: 'Hubs.' }) });
    expect(edited.status).toBe(409);
    const again = await h.call('POST', `${base()}/submissions/${ids[1]}/submit`, people.sme2, { version: withdrawn.json.version });
    expect(again.status, again.text).toBe(200);
    expect(again.json).toMatchObject({ status: 'submitted', title: 'Idea 2' });
  });

  it('still submits a complete draft by its version alone', async () => {
    const saved = await h.call('PUT', `${base()}/submissions/${ids[2]}`, people.sme3, { ...submissionContent({ title: 'Idea 3', solution: 'Hubs.' }), version: 1 });
    const submitted = await h.call('POST', `${base()}/submissions/${ids[2]}/submit`, people.sme3, { version: saved.json.version });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.json).toMatchObject({ status: 'submitted', version: saved.json.version + 1, title: 'Idea 3' });
  });
});
