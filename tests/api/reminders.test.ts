/**
 * Scheduled reminders against dynalite with a frozen clock (use-cases/reminders.ts): the scheduler
 * hands each due occasion to a job, and the right people get each reminder once — a run before the
 * window sends none, a run inside sends each once, further runs (in sequence, at once, or after
 * the occasion's claim is lost) send none, a submitted draft gets none, a switched-off kind none.
 * Mail is read from the real outbox; inbox entries through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { invitationOccasion, startDueReminders } from '../../functions/use-cases/reminders.ts';
import { runScheduledWork } from '../../functions/use-cases/scheduler.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

let h: Harness;
let cid: string;
const subs: Record<string, { id: string; version: number }> = {};
let peerRound: { id: string };
let investorRound: { id: string; rubric: { id: string }[] };
const sme4: Identity = { sub: 'u-sme4', email: 'sme4@demo.test', name: 'Sol Four', groups: [] };
const investor: Identity = { sub: 'u-inv1', email: 'investor1@demo.test', name: 'Ivy Investor', groups: [] };
const investor2: Identity = { sub: 'u-inv2', email: 'investor2@demo.test', name: 'Ian Busy', groups: [] };
const teamMate: Identity = { sub: 'u-mate', email: 'mate@org0.eu', name: 'Mia Mate', groups: [] };

const base = () => `/api/competitions/${cid}`;

/** The outbox's mail of one kind, as (to, subject) pairs, sorted. */
async function mailed(subjectPart: RegExp) {
  const all = await h.deps.outbox.list(cid, 100);
  return all.filter((m) => subjectPart.test(m.subject)).map((m) => m.to).sort();
}

async function run() {
  const r = await startDueReminders(h.deps);
  await h.jobsSettled();
  return r.started.filter((d) => d.competitionId === cid).map((d) => `${d.params.kind}:${d.params.occasion}`).sort();
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  // Submissions close 2027-01-15 17:00 Brussels = 16:00Z.
  cid = (await openCompetition(h, { title: 'Reminders' })).id;
  const entrants = [people.sme1, people.sme2, people.sme3, sme4];
  for (const [i, who] of entrants.entries()) {
    expect((await h.call('POST', `${base()}/registration`, who, registrationInput({ organisationName: `Org ${i + 1}`, registryId: `BE010000000${i + 1}`, team: [{ name: who.name, email: `x${i}@org${i}.eu` }] }))).status).toBe(201);
    const s = await h.call('POST', `${base()}/submissions`, who, submissionContent({ title: `Idea ${i + 1}` }));
    subs[who.sub] = { id: s.json.id, version: s.json.version };
  }
  // sme1's team has a member with their own account (H4's teams): they are reminded too.
  const invite = await h.call('POST', `${base()}/team/invitations`, people.sme1, { email: teamMate.email, role: 'editor' });
  expect(invite.status, invite.text).toBe(201);
  const teamToken = String(invite.json.link).split('/').at(-1);
  expect((await h.call('POST', `/api/team-invitations/${cid}/${teamToken}/accept`, teamMate)).status).toBe(200);
  // sme3 and sme4 submit; sme1 and sme2 keep drafts.
  for (const who of [people.sme3, sme4]) expect((await h.call('POST', `${base()}/submissions/${subs[who.sub]!.id}/submit`, who, { version: 1 })).status).toBe(200);
  const peer = await h.call('POST', `${base()}/rounds`, people.organiser, {
    name: 'Peer review', kind: 'peer', k: 1, maxLoad: 2, blind: true, opensAt: '2026-12-01T09:00', closesAt: '2027-01-20T18:00', weight: 50,
  });
  expect(peer.status, peer.text).toBe(201);
  peerRound = peer.json;
  const inv = await h.call('POST', `${base()}/rounds`, people.organiser, {
    name: 'Investors', kind: 'investor', rubric: [{ name: 'Investability', weight: 1, scale: { min: 1, max: 10 } }],
    k: 2, maxLoad: 4, blind: false, opensAt: '2026-12-01T09:00', closesAt: '2027-02-10T18:00', weight: 50,
  });
  expect(inv.status, inv.text).toBe(201);
  investorRound = inv.json;
  const invited = await h.call('POST', `${base()}/rounds/${investorRound.id}/invitations`, people.organiser, { emails: [investor.email, investor2.email] });
  expect(invited.status, invited.text).toBe(201);
  for (const [i, who] of [investor, investor2].entries()) {
    const [, , , token] = invited.json.items[i].link.split('/');
    expect((await h.call('POST', `/api/invitations/${cid}/${token}/accept`, who, { interests: [] })).status).toBe(200);
  }
  for (const roundId of [peerRound.id, investorRound.id]) {
    const a = await h.call('POST', `${base()}/rounds/${roundId}/assignment`, people.organiser);
    expect(a.status, a.text).toBe(202);
    await h.jobsSettled();
  }
  // investor2 opens (saves a draft of) one review: their invitation is used.
  const queue = (await h.call('GET', '/api/me/reviews', investor2)).json.items as { roundId: string; items: { submissionId: string }[] }[];
  const first = queue.find((q) => q.roundId === investorRound.id)!.items[0]!;
  const ws = await h.call('GET', `${base()}/rounds/${investorRound.id}/reviews/${first.submissionId}`, investor2);
  const saved = await h.call('PUT', `${base()}/rounds/${investorRound.id}/reviews/${first.submissionId}`, investor2, { scores: { [investorRound.rubric[0]!.id]: 5 }, version: ws.json.review.version });
  expect(saved.status, saved.text).toBe(200);
});
afterAll(() => h.stop());

/** The reminder bookkeeping stored for the competition: its jobs and the occasions handed to them. */
async function workRecords() {
  const items = await h.allItems();
  return items.filter((i) => i.pk === `JOBS#${cid}` || (i.pk === `COMP#${cid}` && String(i.sk).startsWith('REMINDED#'))).map((i) => `${i.pk} ${i.sk}`).sort();
}

describe('draft reminders', () => {
  it('sends none before the window, and a day with nothing due writes no job record (the invitations accepted 12-01 are not unused before 12-04)', async () => {
    const before = await workRecords();
    expect(await run()).toEqual([]);
    h.clock.set('2026-12-03T09:00:00Z');
    expect(await run()).toEqual([]);
    expect(await workRecords()).toEqual(before);
    expect(await mailed(/./)).not.toEqual(expect.arrayContaining([people.sme1.email]));
    expect(await mailed(/not submitted yet|reviews to finish|are waiting/)).toEqual([]);
  });

  it("7 days before the close: each draft's team once (owner and member), the submitted entrants not at all; a second run sends none", async () => {
    h.clock.set('2027-01-09T08:00:00Z');
    expect(await run()).toContain('reminder-draft:d7');
    expect(await mailed(/closes in 7 days/)).toEqual([teamMate.email, people.sme1.email, people.sme2.email].sort());
    // The inbox has it too, linking to the submission.
    const inbox = (await h.call('GET', '/api/me/notifications', people.sme1)).json.items as { subject: string; link: string }[];
    expect(inbox.filter((n) => /closes in 7 days/.test(n.subject))).toEqual([expect.objectContaining({ link: `/competitions/${cid}/submission` })]);
    h.clock.advance(15 * 60_000);
    expect((await run()).filter((s) => s.startsWith('reminder-draft'))).toEqual([]);
    expect(await mailed(/closes in 7 days/)).toHaveLength(3);
  });

  it('sends none again when the occasion is handed out a second time (a lost claim, a restart): each recipient is claimed', async () => {
    await h.deps.reminders.releaseOccasion(cid, 'reminder-draft', 'd7');
    expect(await run()).toContain('reminder-draft:d7');
    expect(await mailed(/closes in 7 days/)).toHaveLength(3);
  });

  it('1 day before: two scheduler runs at once send each remaining draft owner one reminder; a draft submitted meanwhile gets none', async () => {
    expect((await h.call('POST', `${base()}/submissions/${subs[people.sme2.sub]!.id}/submit`, people.sme2, { version: 1 })).status).toBe(200);
    h.clock.set('2027-01-14T18:00:00Z');
    const [a, b] = await Promise.all([startDueReminders(h.deps), startDueReminders(h.deps)]);
    await h.jobsSettled();
    const drafts = [...a.started, ...b.started].filter((d) => d.competitionId === cid && d.params.kind === 'reminder-draft');
    expect(drafts.map((d) => d.params.occasion)).toEqual(['d1']);
    expect(await mailed(/closes in 1 days/)).toEqual([teamMate.email, people.sme1.email].sort());
    expect((await h.call('GET', `${base()}/reminders`, people.organiser)).json.items.find((r: { kind: string }) => r.kind === 'reminder-draft')).toMatchObject({ enabled: true, sent: 5 });
  });

  it('after the close, no draft reminder', async () => {
    h.clock.set('2027-01-15T16:30:00Z');
    expect((await run()).filter((s) => s.startsWith('reminder-draft'))).toEqual([]);
  });
});

describe('review and invitation reminders', () => {
  it('an investor who accepted but opened none of their reviews is reminded once; one who opened a review is not', async () => {
    // The first run from 12-04 (accepted 12-01 + 3 days) found both investors due and started one
    // job, which mailed investor1 only; the runs after found the same two and started nothing.
    expect(await mailed(/are waiting/)).toEqual([investor.email]);
    const handed = (await workRecords()).filter((k) => k.includes('REMINDED#reminder-invitation#'));
    expect(handed).toEqual([`COMP#${cid} REMINDED#reminder-invitation#${invitationOccasion(investorRound.id, [investor.sub, investor2.sub].sort())}`]);
    h.clock.set('2027-01-16T09:00:00Z');
    const jobs = (await workRecords()).filter((k) => k.startsWith('JOBS#'));
    expect((await run()).filter((s) => s.startsWith('reminder-invitation'))).toEqual([]);
    expect((await workRecords()).filter((k) => k.startsWith('JOBS#'))).toEqual(jobs);
    expect(await mailed(/are waiting/)).toEqual([investor.email]);
  });

  it('3 days before the peer round closes: each reviewer with pending reviews once, with the count', async () => {
    h.clock.set('2027-01-16T20:00:00Z'); // closes 2027-01-20 17:00Z: the window opens 01-17 17:00Z
    expect((await run()).filter((s) => s.startsWith('reminder-review'))).toEqual([]);
    h.clock.set('2027-01-18T09:00:00Z');
    expect(await run()).toContain(`reminder-review:${peerRound.id}`);
    const reviewMail = (await h.deps.outbox.list(cid, 100)).filter((m) => /reviews to finish/.test(m.subject));
    const loads = await h.deps.evaluation.reviewLoads(cid, peerRound.id);
    const pending = [...loads].filter(([, l]) => l.assigned > l.submitted).map(([sub]) => sub);
    expect(pending.length).toBeGreaterThan(0);
    expect(reviewMail).toHaveLength(pending.length);
    expect(reviewMail[0]!.subject).toMatch(/^1 reviews to finish in Reminders/);
    expect((await run()).filter((s) => s.startsWith('reminder-review'))).toEqual([]);
    expect((await h.deps.outbox.list(cid, 100)).filter((m) => /reviews to finish/.test(m.subject))).toHaveLength(pending.length);
  });
});

describe('settings', () => {
  it('lists each kind with what, when, to whom and how many went out; only organisers', async () => {
    const r = await h.call('GET', `${base()}/reminders`, people.organiser);
    expect(r.status).toBe(200);
    expect(r.json.items.map((i: { kind: string }) => i.kind)).toEqual(['reminder-draft', 'reminder-review', 'reminder-invitation']);
    expect(r.json.items[0]).toMatchObject({ label: 'Unsubmitted drafts', when: expect.stringMatching(/7 days and 1 day/), enabled: true });
    expect((await h.call('GET', `${base()}/reminders`, people.sme1)).status).toBe(403);
    expect((await h.call('GET', `${base()}/reminders`)).status).toBe(401);
  });

  it('switching a kind off is audited and stops it; bad input is a 400 naming the field, storing nothing', async () => {
    const before = await h.allItems();
    const bad = await h.call('PUT', `${base()}/reminders/reminder-lottery`, people.organiser, { enabled: false });
    expect(bad.status).toBe(400);
    const badBody = await h.call('PUT', `${base()}/reminders/reminder-invitation`, people.organiser, { enabled: 'no' });
    expect(badBody.status).toBe(400);
    expect(Object.keys(badBody.json.error.fields)).toContain('enabled');
    expect(await h.allItems()).toEqual(before);
    expect((await h.call('PUT', `${base()}/reminders/reminder-invitation`, people.sme1, { enabled: false })).status).toBe(403);

    const off = await h.call('PUT', `${base()}/reminders/reminder-invitation`, people.organiser, { enabled: false });
    expect(off.status, off.text).toBe(200);
    expect(off.json.items.find((i: { kind: string }) => i.kind === 'reminder-invitation')).toMatchObject({ enabled: false });
    const audit = (await h.call('GET', `${base()}/audit?action=reminder.disabled`, people.organiser)).json.items as { action: string; target: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: 'reminder.disabled', target: 'reminder:reminder-invitation' }));
    h.clock.set('2027-01-19T09:00:00Z');
    expect((await run()).filter((s) => s.startsWith('reminder-invitation'))).toEqual([]);
  });

  it('the scheduled run does announcements and reminders together', async () => {
    const r = await runScheduledWork(h.deps);
    expect(r).toMatchObject({ announced: [], remindersFailed: 0 });
  });
});
