/** The demo data: seeded through the real use cases, and only once however often Podium starts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../functions/local/demo-accounts.ts';
import { DEMO_COMPETITION_TITLE, DEMO_HACKATHON_TITLE, DEMO_PROGRAMME_NAME, DEMO_SECOND_CALL_TITLE, seedDemoData } from '../../functions/local/seed.ts';
import { startHarness, type Harness } from '../support/api-harness.ts';
import { previewPlan } from '../support/assignment-preview.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('demo seed', () => {
  it('creates an open competition with submissions, two rounds and an investor pool — once', async () => {
    expect(await seedDemoData(h.deps, [...DEMO_ACCOUNTS])).toEqual({ seeded: true });
    const items = await h.allItems();
    expect(await seedDemoData(h.deps, [...DEMO_ACCOUNTS])).toEqual({ seeded: false });
    expect((await h.allItems()).length).toBe(items.length);

    const list = await h.call('GET', '/api/competitions');
    const demo = list.json.items.find((c: { title: string }) => c.title === DEMO_COMPETITION_TITLE);
    expect(demo).toMatchObject({ phase: 'open' });
    const organiser = DEMO_ACCOUNTS.find((a) => a.email === 'organiser@demo.test')!;
    const submitted = await h.call('GET', `/api/competitions/${demo.id}/submissions?status=submitted`, organiser);
    expect(submitted.json.items).toHaveLength(3);
    const rounds = await h.call('GET', `/api/competitions/${demo.id}/rounds`, organiser);
    expect(rounds.json.items.map((r: { kind: string; phase: string }) => [r.kind, r.phase])).toEqual([['peer', 'open'], ['investor', 'open']]);
    // The peer round can be assigned straight away: demo accounts share no employer.
    const preview = await previewPlan(h, demo.id, rounds.json.items[0].id, organiser);
    expect(preview.result.feasible).toBe(true);
    const investorPreview = await previewPlan(h, demo.id, rounds.json.items[1].id, organiser);
    expect(investorPreview.reviewers).toBe(2);
    const plan = await h.call('GET', `/api/competitions/${demo.id}/prize-plan`, organiser);
    expect(plan.json.plan).toMatchObject({ currency: 'EUR', totalBudget: 20_000_000 });
  });

  it('creates the demo hackathon: twelve submitted teams, an expo round open now with tables in two zones and two judges, an audience vote open now', async () => {
    await seedDemoData(h.deps, [...DEMO_ACCOUNTS]);
    const organiser = DEMO_ACCOUNTS.find((a) => a.email === 'organiser@demo.test')!;
    const list = await h.call('GET', '/api/competitions');
    const hack = list.json.items.find((c: { title: string }) => c.title === DEMO_HACKATHON_TITLE);
    expect(hack).toMatchObject({ kind: 'hackathon' });
    const submitted = await h.call('GET', `/api/competitions/${hack.id}/submissions?status=submitted`, organiser);
    expect(submitted.json.items).toHaveLength(12);
    const rounds = (await h.call('GET', `/api/competitions/${hack.id}/rounds`, organiser)).json.items;
    expect(rounds.map((r: { kind: string; phase: string }) => [r.kind, r.phase])).toEqual([['expo', 'open']]);
    const base = `/api/competitions/${hack.id}/rounds/${rounds[0].id}/expo`;
    const tables = (await h.call('GET', `${base}/tables?limit=100`, organiser)).json.items;
    expect(tables.map((t: { table: string }) => Number(t.table)).sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(new Set(tables.map((t: { zone?: string }) => t.zone))).toEqual(new Set(['Hall A', 'Hall B']));
    for (const email of ['judge1@demo.test', 'judge2@demo.test']) {
      const judge = DEMO_ACCOUNTS.find((a) => a.email === email)!;
      const view = await h.call('POST', `${base}/judge/next`, judge);
      expect(view.status, view.text).toBe(200);
      expect(view.json.current?.table).toMatch(/^\d+$/);
    }
    const vote = await h.call('GET', `/api/competitions/${hack.id}/audience-vote`);
    expect(vote.status, vote.text).toBe(200);
    expect(vote.json).toMatchObject({ phase: 'open', maxChoices: 3, liveCounts: true });
  });

  it('creates the demo programme: GreenChain with two partners besides its coordinator, two calls (one a partner organiser opened) and its staff', async () => {
    await seedDemoData(h.deps, [...DEMO_ACCOUNTS]);
    const account = (email: string) => DEMO_ACCOUNTS.find((a) => a.email === email)!;
    const organiser = account('organiser@demo.test');
    const mine = (await h.call('GET', '/api/programmes', organiser)).json.items;
    const programme = mine.find((p: { name: string }) => p.name === DEMO_PROGRAMME_NAME);
    expect(programme).toMatchObject({ myRole: 'coordinator', totalBudget: 120_000_000, minSmeShare: 0.75, thirdPartyCap: 6_000_000, currency: 'EUR', coordinatorPartnerId: 'greenchain' });
    expect(programme.partners.map((p: { name: string; country: string }) => `${p.name} (${p.country})`)).toEqual(['GreenChain Coordination asbl (BE)', 'Cluster Nord (DE)', 'Pôle Sud (FR)']);
    const calls = (await h.call('GET', `/api/programmes/${programme.id}/calls`, organiser)).json.items;
    expect(calls.map((c: { title: string; status: string; partnerName: string }) => [c.title, c.status, c.partnerName])).toEqual([
      [DEMO_COMPETITION_TITLE, 'published', 'GreenChain Coordination asbl'],
      [DEMO_SECOND_CALL_TITLE, 'published', 'Pôle Sud'],
    ]);
    const people = (await h.call('GET', `/api/programmes/${programme.id}/people?limit=50`, organiser)).json.items;
    expect(Object.fromEntries(people.map((p: { userEmail: string; role: string }) => [p.userEmail, p.role]))).toEqual({
      'organiser@demo.test': 'coordinator',
      'partner@demo.test': 'partner-organiser',
      'finance@demo.test': 'finance-officer',
      'evaluator@demo.test': 'evaluation-manager',
      'observer@demo.test': 'observer',
    });
    // The partner organiser organises the call they opened; the invitations went out as mail.
    const second = calls[1].competitionId;
    expect((await h.call('GET', `/api/competitions/${second}`, account('partner@demo.test'))).json.myRoles).toEqual(['organiser']);
    const outbox = (await h.call('GET', `/api/programmes/${programme.id}/outbox`, organiser)).json.items;
    expect(outbox.map((m: { to: string }) => m.to).sort()).toEqual(['evaluator@demo.test', 'finance@demo.test', 'observer@demo.test', 'partner@demo.test']);
  });
});
