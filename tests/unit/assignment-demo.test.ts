/**
 * The demo's peer round gives every team a review duty (issue 11): the demo seed, assigned through
 * the real use cases (the assignment job), read back from the stored reviews — with the seed's
 * three submitting teams, and with a fourth that registers and submits as the README's tour does
 * (where today's solver without minimums gave loads 0, 2, 3 and 3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../functions/local/demo-accounts.ts';
import { DEMO_COMPETITION_TITLE, seedDemoData } from '../../functions/local/seed.ts';
import { registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { previewPlan } from '../support/assignment-preview.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h?.stop());

const organiser = DEMO_ACCOUNTS.find((a) => a.email === 'organiser@demo.test')!;

async function assignAndLoads(cid: string, roundId: string): Promise<{ teams: string[]; loads: Map<string, number> }> {
  const run = await h.call('POST', `/api/competitions/${cid}/rounds/${roundId}/assignment`, organiser);
  expect(run.status, run.text).toBe(202);
  await h.jobsSettled();
  const job = (await h.call('GET', `/api/competitions/${cid}/jobs/${run.json.id}`, organiser)).json;
  expect(job.state, JSON.stringify(job)).toBe('succeeded');
  const submitted = await h.deps.submissions.listForCompetition(cid, { status: 'submitted' }, 100);
  const teams = submitted.items.map((s) => s.ownerSub).sort();
  const loads = new Map(teams.map((t) => [t, 0]));
  for (const r of await h.deps.evaluation.listRoundReviews(cid, roundId)) loads.set(r.reviewerSub, (loads.get(r.reviewerSub) ?? 0) + 1);
  return { teams, loads };
}

describe("the demo's peer round", () => {
  it('gives every submitting team a review duty, with loads within one of each other', async () => {
    await seedDemoData(h.deps, [...DEMO_ACCOUNTS]);
    const cid = (await h.call('GET', '/api/competitions')).json.items.find((c: { title: string }) => c.title === DEMO_COMPETITION_TITLE).id as string;
    const round = (await h.call('GET', `/api/competitions/${cid}/rounds`, organiser)).json.items.find((r: { kind: string }) => r.kind === 'peer');
    expect(round).toMatchObject({ k: 2, maxLoad: 3 });

    const three = await assignAndLoads(cid, round.id);
    expect(three.teams).toHaveLength(3);
    for (const t of three.teams) expect(three.loads.get(t), `team ${t}`).toBeGreaterThanOrEqual(1);
    expect([...three.loads.values()]).toEqual([2, 2, 2]);

    // The tour's step 3: sme5 registers and submits; the round is assigned again.
    const sme5 = DEMO_ACCOUNTS.find((a) => a.email === 'sme5@demo.test')!;
    const reg = await h.call('POST', `/api/competitions/${cid}/registration`, sme5, registrationInput({ organisationName: 'Fjord Coatings AS', registryId: 'NO-987654321', country: 'DE', team: [{ name: sme5.name, email: sme5.email }] }));
    expect(reg.status, reg.text).toBe(201);
    const s = await h.call('POST', `/api/competitions/${cid}/submissions`, sme5, submissionContent({ title: 'Low-VOC coatings', sectors: ['manufacturing', 'circular economy'], valueChain: ['materials'], answers: { funding: '€50,000 for a pilot line.' } }));
    expect(s.status, s.text).toBe(201);
    expect((await h.call('POST', `/api/competitions/${cid}/submissions/${s.json.id}/submit`, sme5, { version: 1 })).status).toBe(200);

    const four = await assignAndLoads(cid, round.id);
    expect(four.teams).toHaveLength(4);
    for (const t of four.teams) expect(four.loads.get(t), `team ${t}`).toBeGreaterThanOrEqual(1);
    expect([...four.loads.values()].sort()).toEqual([2, 2, 2, 2]);
  }, 60_000);
});

describe('round settings: minimum load and assignment priority', () => {
  it('are stored and shown; a minimum above the maximum is refused under its own field', async () => {
    await seedDemoData(h.deps, [...DEMO_ACCOUNTS]);
    const cid = (await h.call('GET', '/api/competitions')).json.items.find((c: { title: string }) => c.title === DEMO_COMPETITION_TITLE).id as string;
    const base = { name: 'Jury', kind: 'jury', k: 1, maxLoad: 3, blind: false, opensAt: '2026-12-02T09:00', closesAt: '2026-12-20T18:00', weight: 10 };
    const bad = await h.call('POST', `/api/competitions/${cid}/rounds`, organiser, { ...base, minLoad: 4 });
    expect(bad.status, bad.text).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { minLoad: 'At most the most reviews per reviewer.' } });
    expect(bad.json.error.message).toBe('Fewest reviews per reviewer — at most the most reviews per reviewer.');
    const unknown = await h.call('POST', `/api/competitions/${cid}/rounds`, organiser, { ...base, assignmentObjective: 'fastest' });
    expect(unknown.status, unknown.text).toBe(400);
    expect(Object.keys(unknown.json.error.fields)).toEqual(['assignmentObjective']);
    const ok = await h.call('POST', `/api/competitions/${cid}/rounds`, organiser, { ...base, minLoad: 2, assignmentObjective: 'affinity-first' });
    expect(ok.status, ok.text).toBe(201);
    const stored = await h.deps.evaluation.getRound(cid, ok.json.id);
    expect(stored).toMatchObject({ minLoad: 2, assignmentObjective: 'affinity-first' });
    const listed = (await h.call('GET', `/api/competitions/${cid}/rounds`, organiser)).json.items.find((r: { id: string }) => r.id === ok.json.id);
    expect(listed).toMatchObject({ minLoad: 2, assignmentObjective: 'affinity-first' });
    // the seed's peer round has neither: the defaults apply (1 for a peer round, balance first)
    const peer = (await h.call('GET', `/api/competitions/${cid}/rounds`, organiser)).json.items.find((r: { kind: string }) => r.kind === 'peer');
    expect(peer.minLoad).toBeUndefined();
    expect(peer.assignmentObjective).toBeUndefined();
  }, 60_000);
});

describe('a peer round whose minimum the pool cannot give', () => {
  it('previews the closest assignment, not feasible, with the reason for the organiser', async () => {
    await seedDemoData(h.deps, [...DEMO_ACCOUNTS]);
    const cid = (await h.call('GET', '/api/competitions')).json.items.find((c: { title: string }) => c.title === DEMO_COMPETITION_TITLE).id as string;
    const round = await h.call('POST', `/api/competitions/${cid}/rounds`, organiser, {
      name: 'Peer, one review each', kind: 'peer', k: 1, maxLoad: 3, minLoad: 2, blind: true, opensAt: '2026-12-02T09:00', closesAt: '2026-12-20T18:00', weight: 10,
    });
    expect(round.status, round.text).toBe(201);
    const plan = await previewPlan(h, cid, round.json.id, organiser);
    const teams = plan.submissions;
    expect(plan.result.feasible).toBe(false);
    expect(plan.result.shortfalls).toEqual([]);
    expect(plan.result.pairs).toHaveLength(teams); // every submission still gets its one review
    expect(plan.result.minimumShortfalls).toHaveLength(1);
    expect(plan.result.minimumShortfalls[0]).toMatchObject({
      minimum: 2,
      needed: 2 * teams,
      missing: teams,
      cause: 'demand',
      detail: `they need ${2 * teams} reviews between them, but the ${teams} submissions ask for only ${teams} reviews in all`,
    });
    expect(plan.result.minimumShortfalls[0].reviewers).toHaveLength(teams);
  }, 60_000);
});
