/**
 * Programme staff on a programme's calls (issue 13 §1, use-cases/access.ts): what each programme
 * role may do on a competition of its programme, through the API against dynalite — and that a
 * refusal says what is missing, stores nothing, and follows the programme member at once.
 * (The generated role × route matrix, tests/api/role-matrix.test.ts, walks every route for the
 * same roles; these are the targeted stories behind it.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import type { ProgrammeRole } from '../../functions/domain/programme.ts';
import { competitionInput, people, startHarness, type Harness } from '../support/api-harness.ts';
import { recordRoundTrips } from '../support/db-round-trips.ts';
import { decidedWorld, type World } from '../support/results-world.ts';

const person = (key: string, name: string): Identity => ({ sub: `u-${key}`, email: `${key}@programme-staff.example`, name, groups: [] });
const coordinator = person('coordinator-p', 'Cora Coordinator');
const evaluationManager = person('evaluation-p', 'Evan Evaluation');
const financeOfficer = person('finance-p', 'Fay Finance');
const observer = person('observer-p', 'Olga Observer');
const partnerOrganiser = person('partner-p', 'Pia Partner');
const coordinatorOfQ = person('coordinator-q', 'Quentin Q');

let h: Harness;
let w: World;
const P = 'PROGRAMME-P';
const Q = 'PROGRAMME-Q';

async function programme(id: string, members: [Identity, ProgrammeRole][]) {
  const at = h.clock.now().toISOString();
  await h.deps.programmes.create({
    id, name: `Programme ${id}`, description: '', coordinatorPartnerId: 'coord',
    partners: [{ id: 'coord', name: 'Coordination', country: 'BE', contactName: 'Cora', contactEmail: 'cora@programme-staff.example' }],
    totalBudget: 100_000_000, minSmeShare: 0.75, thirdPartyCap: 6_000_000, currency: 'EUR', period: { start: '2026-01-01', end: '2028-12-31' },
    createdBy: members[0]![0].sub, createdAt: at, updatedAt: at, version: 1,
  });
  for (const [who, role] of members) await h.deps.programmes.putMember({ programmeId: id, userSub: who.sub, userEmail: who.email, role, addedAt: at, addedBy: members[0]![0].sub });
}

/** Makes a competition a call of a programme, as the programme routes do (competition.programmeId + the call item). */
async function joinProgramme(competitionId: string, programmeId: string) {
  const c = (await h.deps.competitions.get(competitionId))!;
  await h.deps.competitions.update({ ...c, programmeId, version: c.version + 1 }, c.version);
  await h.deps.programmes.addCall(programmeId, { competitionId, title: c.title, addedAt: h.clock.now().toISOString() });
}

/** The table, once the jobs earlier steps started (ranking recomputations…) are done: a refusal must leave it as it was. */
async function snapshot(): Promise<Map<string, string>> {
  await h.jobsSettled();
  return new Map((await h.allItems()).map((i) => [`${String(i.pk)} | ${String(i.sk)}`, JSON.stringify(i)]));
}
/** What changed between two snapshots, by key (empty: nothing stored). */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
}
const roundInput = { name: 'Extra jury', kind: 'jury', k: 1, maxLoad: 5, opensAt: '2027-03-03T09:00', closesAt: '2027-03-20T18:00', weight: 10 };

beforeAll(async () => {
  h = await startHarness();
  w = await decidedWorld(h, { n: 4, keepRoundOpen: true });
  await programme(P, [[coordinator, 'coordinator'], [evaluationManager, 'evaluation-manager'], [financeOfficer, 'finance-officer'], [observer, 'observer'], [partnerOrganiser, 'partner-organiser']]);
  await programme(Q, [[coordinatorOfQ, 'coordinator']]);
  await joinProgramme(w.cid, P);
}, 180_000);
afterAll(() => h?.stop());

describe('each programme role on a call of its programme', () => {
  it('a finance officer confirms an award (audited under their name) but cannot add a round: 403 saying why, nothing stored', async () => {
    const confirmed = await h.call('POST', `${w.base}/awards`, financeOfficer, { awards: [{ submissionId: w.subs[3], type: 'voucher' }] });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.results).toEqual([{ key: `voucher:${w.subs[3]}`, status: 'confirmed' }]);
    const trail = await h.call('GET', `${w.base}/audit?limit=5&action=award.confirmed`, financeOfficer);
    expect(trail.status).toBe(200);
    expect(trail.json.items).toEqual([expect.objectContaining({ action: 'award.confirmed', actor: { sub: financeOfficer.sub, email: financeOfficer.email } })]);

    const before = await snapshot();
    const round = await h.call('POST', `${w.base}/rounds`, financeOfficer, roundInput);
    expect(round.status).toBe(403);
    expect(round.json.error.message).toMatch(/^Finance officers cannot run the evaluation/);
    expect(changed(before, await snapshot())).toEqual([]);
  });

  it('an evaluation manager adds a round and runs its assignment, but cannot edit the prize plan', async () => {
    const round = await h.call('POST', `${w.base}/rounds`, evaluationManager, { ...roundInput, opensAt: '2026-12-10T09:00' });
    expect(round.status).toBe(201);
    const assignment = await h.call('POST', `${w.base}/rounds/${w.roundId}/assignment`, evaluationManager);
    expect(assignment.status).toBe(202);
    await h.jobsSettled();
    const job = await h.call('GET', `${w.base}/jobs/${assignment.json.id}`, evaluationManager);
    expect(job.json.state).toBe('succeeded'); // the job re-checks its requester: an evaluation manager passes

    const plan = await h.call('GET', `${w.base}/prize-plan`, evaluationManager);
    expect(plan.status).toBe(200); // reading is everyone's on the staff
    const before = await snapshot();
    const saved = await h.call('PUT', `${w.base}/prize-plan`, evaluationManager, { plan: plan.json.plan, version: plan.json.version });
    expect(saved.status).toBe(403);
    expect(saved.json.error.message).toMatch(/^Evaluation managers cannot change the prize plan or awards/);
    expect(changed(before, await snapshot())).toEqual([]);
  });

  it('an observer reads the ranking, the submissions and the prize plan, and exports submissions — but not the payment file, nor sees one', async () => {
    for (const path of ['/ranking', '/submissions?limit=10', '/prize-plan', '/rounds', `/submissions/${w.subs[0]}`, '/audit?limit=5'])
      expect((await h.call('GET', `${w.base}${path}`, observer)).status, path).toBe(200);
    const submissions = await h.exportFile(observer, w.cid, 'submissions.csv');
    expect(submissions.status).toBe(200);
    expect(submissions.text).toContain('Idea 0');

    const before = await snapshot();
    const refused = await h.call('POST', `${w.base}/exports`, observer, { file: 'awards.csv' });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/^Observers cannot .*payment file/);
    expect(changed(before, await snapshot())).toEqual([]);

    // The finance officer's payment file: theirs to download, invisible to the observer (not even listed).
    const payments = await h.exportFile(financeOfficer, w.cid, 'awards.csv');
    expect(payments.status).toBe(200);
    expect(payments.text).toContain('Org e3');
    expect((await h.call('GET', `${w.base}/jobs/${payments.job.id}`, observer)).status).toBe(404);
    const listed = await h.call('GET', `${w.base}/jobs?limit=50`, observer);
    expect(listed.json.items.map((j: { id: string }) => j.id)).not.toContain(payments.job.id);
    expect((await h.call('GET', `${w.base}/jobs?limit=50`, financeOfficer)).json.items.map((j: { id: string }) => j.id)).toContain(payments.job.id);

    const plan = (await h.call('GET', `${w.base}/prize-plan`, observer)).json;
    const beforeWrites = await snapshot();
    for (const [method, path, body] of [['PUT', '/prize-plan', { plan: plan.plan, version: plan.version }], ['POST', '/rounds', roundInput], ['POST', '/awards', { awards: [{ submissionId: w.subs[2], type: 'voucher' }] }]] as const) {
      const r = await h.call(method, `${w.base}${path}`, observer, body);
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    expect(changed(beforeWrites, await snapshot())).toEqual([]);
  });

  it("the coordinator reads the organisers' pages (audit trail, publication checklist) without a membership of the call", async () => {
    const c = (await h.call('GET', w.base, coordinator)).json;
    const audit = await h.call('GET', `${w.base}/audit?limit=1`, coordinator);
    expect(audit.status).toBe(200);
    const checklist = await h.call('GET', `${w.base}/results/checklist`, coordinator);
    expect(checklist.status).toBe(200);
    expect(c.programmeId).toBe(P);
  });

  it('the competition tells each caller what they may do there (myCapabilities), so pages show what the role allows', async () => {
    const capabilities = async (who: Identity) => (await h.call('GET', w.base, who)).json.myCapabilities;
    expect(await capabilities(people.organiser)).toEqual(['read', 'manage', 'evaluate', 'finance']);
    expect(await capabilities(coordinator)).toEqual(['read', 'manage', 'evaluate', 'finance']);
    expect(await capabilities(evaluationManager)).toEqual(['read', 'evaluate']);
    expect(await capabilities(financeOfficer)).toEqual(['read', 'finance']);
    expect(await capabilities(observer)).toEqual(['read']);
    for (const who of [partnerOrganiser, coordinatorOfQ, w.entrants[0]!]) expect(await capabilities(who), who.name).toEqual([]);
    expect((await h.call('GET', w.base)).json.myCapabilities).toEqual([]);
  });

  it('a partner organiser of the programme who does not organise this call, and staff of another programme, are refused', async () => {
    for (const who of [partnerOrganiser, coordinatorOfQ]) {
      const r = await h.call('GET', `${w.base}/ranking`, who);
      expect(r.status, who.name).toBe(403);
      expect(r.json.error.message).toMatch(who === partnerOrganiser ? /^Partner organisers who are not organisers of this call cannot/ : /^Only the organisers of this competition can do this\.$/);
    }
    const before = await snapshot();
    expect((await h.call('POST', `${w.base}/awards`, coordinatorOfQ, { awards: [{ submissionId: w.subs[2], type: 'voucher' }] })).status).toBe(403);
    expect((await h.call('POST', `${w.base}/rounds`, coordinatorOfQ, roundInput)).status).toBe(403);
    expect(changed(before, await snapshot())).toEqual([]);
  });

  it("a draft call is visible to the programme's readers only: 404 to the other programme's coordinator and to strangers", async () => {
    const draft = await h.call('POST', '/api/competitions', people.organiser, competitionInput({ title: 'Draft call of P' }));
    expect(draft.status).toBe(201);
    await joinProgramme(draft.json.id, P);
    const path = `/api/competitions/${draft.json.id}`;
    for (const who of [coordinator, evaluationManager, financeOfficer, observer]) expect((await h.call('GET', path, who)).status, who.name).toBe(200);
    for (const who of [coordinatorOfQ, partnerOrganiser, people.sme1]) {
      expect((await h.call('GET', path, who)).status, who.name).toBe(404);
      expect((await h.call('GET', `${path}/submissions`, who)).status, who.name).toBe(404);
    }
    // Reading a draft is not changing it: the observer is told so (403), not that it is missing.
    const version = (await h.call('GET', path, observer)).json.version as number;
    const refused = await h.call('POST', `${path}/publish`, observer, { version });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/^Observers cannot change, publish or close this competition/);
    // The coordinator manages every call of the programme: edits and publishes it, audited under their name.
    expect((await h.call('PUT', path, coordinator, { ...competitionInput({ title: 'Second call of P' }), version })).status).toBe(200);
    const published = await h.call('POST', `${path}/publish`, coordinator, { version: version + 1 });
    expect(published.status).toBe(200);
    const trail = await h.call('GET', `${path}/audit?limit=10&action=competition.published`, coordinator);
    expect(trail.json.items).toEqual([expect.objectContaining({ actor: { sub: coordinator.sub, email: coordinator.email } })]);
  });

  it('staff never become entrants or reviewers of the call: the entrant and reviewer routes stay closed to them', async () => {
    expect((await h.call('GET', `${w.base}/registration`, coordinator)).status).toBe(404);
    expect((await h.call('GET', `${w.base}/rounds/${w.roundId}/reviews/${w.subs[0]}`, evaluationManager)).status).toBe(404);
    expect((await h.call('PUT', `${w.base}/submissions/${w.subs[0]}`, coordinator, { title: 'Taken over', version: 1 })).status).toBe(404);
  });

  it('removing the programme member revokes their access at once', async () => {
    expect((await h.call('GET', `${w.base}/ranking`, observer)).status).toBe(200);
    await h.deps.programmes.removeMember(P, observer.sub);
    expect((await h.call('GET', `${w.base}/ranking`, observer)).status).toBe(403);
    expect((await h.call('GET', `${w.base}/submissions/${w.subs[0]}`, observer)).status).toBe(404);
    await h.deps.programmes.putMember({ programmeId: P, userSub: observer.sub, userEmail: observer.email, role: 'observer', addedAt: h.clock.now().toISOString(), addedBy: coordinator.sub });
    expect((await h.call('GET', `${w.base}/ranking`, observer)).status).toBe(200);
  });
});

describe('My competitions for programme staff', () => {
  type Mine = { id: string; status: string; myRoles: string[]; myCapabilities: string[]; programme?: { id: string; name: string; myRole: string } };
  /** Every page of the caller's "My competitions", `limit` at a time. */
  async function mine(who: Identity, limit = 50): Promise<Mine[]> {
    const out: Mine[] = [];
    let cursor: string | undefined;
    do {
      const r = await h.call('GET', `/api/me/competitions?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, who);
      expect(r.status, r.text).toBe(200);
      out.push(...r.json.items);
      cursor = r.json.nextCursor;
    } while (cursor);
    return out;
  }
  const callsOfP = async () => (await h.deps.programmes.listCalls(P)).map((c) => c.competitionId).sort();
  let partnersCall: string;

  it('a partner organiser sees the call they opened, labelled with their role, and not the calls they do not organise', async () => {
    const opened = await h.call('POST', `/api/programmes/${P}/calls`, partnerOrganiser, competitionInput({ title: "Pia's call of P" }));
    expect(opened.status, opened.text).toBe(201);
    partnersCall = opened.json.id;
    const seen = await mine(partnerOrganiser);
    expect(seen.map((c) => c.id)).toEqual([partnersCall]);
    expect(seen[0]).toMatchObject({ status: 'draft', myRoles: ['organiser'], programme: { id: P, name: `Programme ${P}`, myRole: 'partner-organiser' } });
    expect(seen.map((c) => c.id)).not.toContain(w.cid);
  });

  it('an observer sees every call of the programme, drafts included, labelled observer and read-only; the other programme sees none of them', async () => {
    const calls = await callsOfP();
    expect(calls).toContain(w.cid);
    expect(calls).toContain(partnersCall);
    const seen = await mine(observer);
    expect(seen.map((c) => c.id).sort()).toEqual(calls);
    for (const c of seen) expect(c, c.id).toMatchObject({ myRoles: [], myCapabilities: ['read'], programme: { id: P, myRole: 'observer' } });
    expect(seen.some((c) => c.status === 'draft')).toBe(true);
    // The other staff roles that read every call, each with their own label and capabilities.
    for (const [who, role, capabilities] of [[evaluationManager, 'evaluation-manager', ['read', 'evaluate']], [financeOfficer, 'finance-officer', ['read', 'finance']], [coordinator, 'coordinator', ['read', 'manage', 'evaluate', 'finance']]] as const) {
      const theirs = await mine(who);
      expect(theirs.map((c) => c.id).sort(), who.name).toEqual(calls);
      for (const c of theirs) expect(c, who.name).toMatchObject({ myCapabilities: capabilities, programme: { myRole: role } });
    }
    expect((await mine(coordinatorOfQ)).filter((c) => calls.includes(c.id))).toEqual([]);
    // An entrant of a call still sees it as before, without a programme label.
    const entrant = (await mine(w.entrants[0]!)).find((c) => c.id === w.cid);
    expect(entrant).toMatchObject({ myRoles: ['entrant'], myCapabilities: [] });
    expect(entrant?.programme).toBeUndefined();
  });

  it('pages: a page at a time gives the same list, newest change first, each once; a tampered cursor is a 400', async () => {
    const whole = await mine(observer);
    const paged = await mine(observer, 1);
    expect(paged.map((c) => c.id)).toEqual(whole.map((c) => c.id));
    expect(new Set(paged.map((c) => c.id)).size).toBe(paged.length);
    const first = await h.call('GET', '/api/me/competitions?limit=1', observer);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    expect((await h.call('GET', '/api/me/competitions?limit=1&cursor=not*a*cursor', observer)).status).toBe(400);
  });

  it('reads the same number of times however many calls the programme has (no read per call or per programme member)', async () => {
    const recorder = recordRoundTrips(h.db);
    const cost = async () => recorder.measure(() => h.call('GET', '/api/me/competitions', observer));
    const before = await cost();
    for (let i = 0; i < 3; i++) {
      const extra = await h.call('POST', '/api/competitions', people.organiser, competitionInput({ title: `More of P ${i}` }));
      await joinProgramme(extra.json.id, P);
    }
    const after = await cost();
    expect(after.result.json.items).toHaveLength(before.result.json.items.length + 3);
    expect(after.calls.length).toBe(before.calls.length);
    expect(after.sequential).toBe(before.sequential);
    expect(after.sequential).toBeLessThanOrEqual(4);
  });
});

describe('what the check costs', () => {
  it("the competition's organiser: one round trip for the access check; programme staff: one more (their role in the programme)", async () => {
    const recorder = recordRoundTrips(h.db);
    const cost = async (who: Identity) => (await recorder.measure(() => h.call('GET', `${w.base}/rounds`, who))).sequential;
    const organiser = await cost(people.organiser);
    const staff = await cost(observer);
    expect(staff).toBe(organiser + 1);
  });
});
