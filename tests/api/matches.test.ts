/**
 * Investor–team matches once results are out, read from the caller's own items (their reviews;
 * their submission's reviews): an investor flagged a submission (`meet`) and its team opted in.
 * Each side sees the other's contact; a one-sided flag or opt-in shows nothing; nobody else sees
 * the pair; before results nothing is available.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

const N = 4;
let h: Harness;
let cid: string;
let roundId: string;
const smes: Identity[] = Array.from({ length: N }, (_, i) => ({ sub: `u-m${i}`, email: `m${i}@demo.test`, name: `Entrant ${i}`, groups: [] }));
const investors: Identity[] = [0, 1].map((i) => ({ sub: `u-inv${i}`, email: `inv${i}@fund${i}.test`, name: `Investor ${i}`, groups: [] }));
const subs: string[] = [];
const teamViewer: Identity = { sub: 'u-m0-viewer', email: 'viewer@elsewhere.example', name: 'Vi Viewer', groups: [] };
const base = () => `/api/competitions/${cid}`;
/** Which investor flags which submission (by index). */
const flagged = new Set(['0/0', '1/0', '0/1', '1/2']);

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: 'Meetings' })).id;
  for (const [i, who] of smes.entries()) {
    await h.call('POST', `${base()}/registration`, who, registrationInput({ organisationName: `Org ${i}`, registryId: `BE09000000${i}0`, team: [{ name: `Lead ${i}`, email: `lead@org${i}.eu` }] }));
    const s = await h.call('POST', `${base()}/submissions`, who, submissionContent({ title: `Idea ${i}` }));
    expect((await h.call('POST', `${base()}/submissions/${s.json.id}/submit`, who, { version: 1 })).status).toBe(200);
    subs.push(s.json.id);
  }
  const round = await h.call('POST', `${base()}/rounds`, people.organiser, {
    name: 'Investors', kind: 'investor', k: 2, maxLoad: N, blind: false, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100,
  });
  expect(round.status, round.text).toBe(201);
  roundId = round.json.id;
  const invite = await h.call('POST', `${base()}/rounds/${round.json.id}/invitations`, people.organiser, { emails: investors.map((i) => i.email) });
  expect(invite.status, invite.text).toBe(201);
  for (const [i, who] of investors.entries()) {
    const token = invite.json.items[i].link.split('/').pop();
    expect((await h.call('POST', `/api/invitations/${cid}/${token}/accept`, who, { interests: [] })).status).toBe(200);
  }
  expect((await h.call('POST', `${base()}/rounds/${round.json.id}/assignment`, people.organiser)).status).toBe(202);
  await h.jobsSettled();
  const rubric = round.json.rubric.map((c: { id: string }) => c.id);
  for (const [v, who] of investors.entries())
    for (const [i, sid] of subs.entries()) {
      const url = `${base()}/rounds/${round.json.id}/reviews/${sid}`;
      const saved = await h.call('PUT', url, who, { scores: Object.fromEntries(rubric.map((c: string) => [c, 3])), meet: flagged.has(`${v}/${i}`), version: 1 });
      expect(saved.status, saved.text).toBe(200);
      expect((await h.call('POST', `${url}/submit`, who, { version: saved.json.version })).status).toBe(200);
    }
  // Teams 0 and 2 are open to meetings; team 1 was flagged but is not; team 3 is open but unflagged.
  for (const i of [0, 2, 3]) expect((await h.call('PUT', `${base()}/submissions/${subs[i]}/meeting-opt-in`, smes[i], { open: true })).status).toBe(200);
  // Team 0 has a viewer signed in with their own account (domain/team.ts): they are the team here too.
  const invited = await h.call('POST', `${base()}/team/invitations`, smes[0], { email: teamViewer.email, role: 'viewer' });
  expect(invited.status, invited.text).toBe(201);
  expect((await h.call('POST', `/api/team-invitations/${cid}/${String(invited.json.link).split('/').pop()}/accept`, teamViewer)).status).toBe(200);
});
afterAll(() => h?.stop());

const matches = async (who: Identity) => {
  const r = await h.call('GET', `${base()}/matches`, who);
  expect(r.status, r.text).toBe(200);
  return r.json;
};

describe('meeting matches', () => {
  it('are not available before the results', async () => {
    expect(await matches(smes[0]!)).toEqual({ available: false, matches: [] });
    expect(await matches(investors[0]!)).toEqual({ available: false, matches: [] });
  });

  it('once published, show each side the other where both want to meet, and nothing one-sided', async () => {
    const current = (await h.call('GET', base(), people.organiser)).json;
    expect((await h.call('POST', `${base()}/close`, people.organiser, { version: current.version })).status).toBe(200);
    await h.jobsSettled();
    h.clock.set('2027-03-01T12:00:00Z');
    const c = (await h.call('GET', base(), people.organiser)).json;
    const published = await h.call('POST', `${base()}/results/publish`, people.organiser, { version: c.version });
    expect([200, 202], published.text).toContain(published.status); // (publication may run as a job)
    await h.jobsSettled();

    // Team 0: flagged by both investors, open → both investors' contacts, in review order.
    expect(await matches(smes[0]!)).toEqual({
      available: true,
      matches: [
        { with: 'investor', submissionId: subs[0], investorEmail: investors[0]!.email },
        { with: 'investor', submissionId: subs[0], investorEmail: investors[1]!.email },
      ],
    });
    // Any member of team 0 sees the team's matches, a viewer included.
    expect(await matches(teamViewer)).toEqual(await matches(smes[0]!));
    // Team 1: flagged, not open → nothing. Team 3: open, not flagged → nothing.
    expect(await matches(smes[1]!)).toEqual({ available: true, matches: [] });
    expect(await matches(smes[3]!)).toEqual({ available: true, matches: [] });
    expect(await matches(smes[2]!)).toEqual({ available: true, matches: [{ with: 'investor', submissionId: subs[2], investorEmail: investors[1]!.email }] });
    // Investor 0 flagged 0 and 1: only team 0 is open. Investor 1 flagged 0 and 2: both open.
    const team = (i: number) => ({ with: 'team', submissionId: subs[i], title: `Idea ${i}`, organisationName: `Org ${i}`, contact: smes[i]!.email, team: [{ name: `Lead ${i}`, email: `lead@org${i}.eu` }] });
    const inv0 = await matches(investors[0]!);
    expect(inv0.matches.map((m: { submissionId: string }) => m.submissionId)).toEqual([subs[0]]);
    expect(inv0.matches[0]).toMatchObject({ ...team(0), contact: expect.any(String) });
    const inv1 = await matches(investors[1]!);
    expect([...inv1.matches.map((m: { submissionId: string }) => m.submissionId)].sort()).toEqual([subs[0], subs[2]].sort());
    // Read from the caller's own items: never the round's reviews as a whole.
    const queried: string[] = [];
    const stop = h.db.onCall((e) => {
      if (e.phase === 'start' && e.operation === 'Query') queried.push(String(Object.values((e.input.ExpressionAttributeValues as Record<string, unknown> | undefined) ?? {}).join(' ')));
    });
    try {
      await matches(smes[0]!);
      await matches(investors[1]!);
    } finally {
      stop();
    }
    expect(queried.some((q) => q.split(' ').includes(`REVIEW#${roundId}#`))).toBe(false); // never a whole round
    expect(queried.some((q) => q.includes(`REVIEW#${cid}#`))).toBe(true); // the investor's own, on gsi1
    // Someone with no part in it sees nothing.
    expect(await matches(people.otherOrganiser)).toEqual({ available: true, matches: [] });
  });
});
