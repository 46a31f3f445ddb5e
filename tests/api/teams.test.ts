/**
 * Entrant teams with their own logins (issue 13 §3), through the API against stored state: the
 * owner invites by e-mail (the message goes out through the outbox, the link works once, expires
 * and can be resent or withdrawn); a person signed in with the invited, verified address joins as
 * editor or viewer; editors do what the owner does, viewers read and are refused changes with a
 * sentence; other teams find nothing; ownership moves to an editor and the entry keeps its id;
 * members leave or are removed; one team per person per competition; races of two accepts and of a
 * transfer with an edit; members' addresses feed the automatic conflicts; editors review as the team.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { submissionIdFor } from '../../functions/domain/submission-id.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { decidedWorld, publish } from '../support/results-world.ts';

const person = (key: string, name: string): Identity => ({ sub: `u-${key}`, email: `${key}@team-test.example`, name, groups: [] });
const owner = people.sme1;
const rival = people.sme2;
const editor = person('edda', 'Edda Editor');
const viewer = person('vic', 'Vic Viewer');
const late = person('lou', 'Lou Late');
const stranger = person('stan', 'Stan Stranger');
const rivalEditor = person('rita', 'Rita Rival-Editor');

let h: Harness;
let cid: string;
let base: string;
let subId: string;

const team = () => `${base}/team`;
/** The token of the newest team invitation to `email` in the outbox. */
async function tokenFromMail(email: string): Promise<string> {
  const mails = await h.deps.outbox.list(cid, 50);
  const mail = mails.find((m) => m.to === email && m.subject.includes('team'));
  if (!mail) throw new Error(`no team invitation to ${email} in the outbox: ${JSON.stringify(mails.map((m) => [m.to, m.subject]))}`);
  const m = /\/team-invitations\/[^/\s]+\/([A-Za-z0-9_-]+)/.exec(mail.text);
  return m![1]!;
}
const tokenOf = (link: string) => link.split('/').pop()!;
async function invite(who: Identity, email: string, role: 'editor' | 'viewer') {
  const r = await h.call('POST', `${team()}/invitations`, who, { email, role });
  expect(r.status, r.text).toBe(201);
  return r.json as { invitation: { id: string }; link: string };
}
async function join(who: Identity, token: string) {
  const r = await h.call('POST', `/api/team-invitations/${cid}/${token}/accept`, who);
  expect(r.status, r.text).toBe(200);
  return r.json;
}
const submission = (who: Identity) => h.call('GET', `${base}/submissions/${subId}`, who);
const version = async () => (await submission(owner)).json.version as number;

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: 'Team Trials', pitch: { required: false } })).id;
  base = `/api/competitions/${cid}`;
  expect((await h.call('POST', `${base}/registration`, owner, registrationInput())).status).toBe(201);
  expect((await h.call('POST', `${base}/registration`, rival, registrationInput({ organisationName: 'Rival Freight NV', registryId: 'NL123456789B01', country: 'NL', team: [{ name: 'Sue Two', email: 'sue@rival.test', role: 'CEO' }] }))).status).toBe(201);
  subId = submissionIdFor(cid, owner.sub);
}, 60_000);
afterAll(() => h?.stop());

describe('inviting and joining', () => {
  it('sends the invitation through the outbox, answers the link once, and lets the invited address join as editor', async () => {
    const sent = await invite(owner, 'Edda@Team-Test.example', 'editor');
    expect(sent.link).toMatch(new RegExp(`^/team-invitations/${cid}/[A-Za-z0-9_-]{40,}$`));
    // The e-mail carries the same link (absolute) and names the organisation and the role.
    const token = await tokenFromMail(editor.email);
    expect(token).toBe(tokenOf(sent.link));
    const mail = (await h.deps.outbox.list(cid, 10)).find((m) => m.to === editor.email)!;
    expect(mail.subject).toContain('Cargo Bikes BV');
    expect(mail.text).toContain('editor');

    const pending = await h.call('GET', team(), owner);
    expect(pending.status).toBe(200);
    expect(pending.json.myRole).toBe('owner');
    expect(pending.json.invitations).toEqual([expect.objectContaining({ email: editor.email, role: 'editor', status: 'pending' })]);

    const described = await h.call('GET', `/api/team-invitations/${cid}/${token}`, editor);
    expect(described.status).toBe(200);
    expect(described.json).toMatchObject({ organisationName: 'Cargo Bikes BV', role: 'editor', status: 'pending', competitionTitle: 'Team Trials' });

    expect(await join(editor, token)).toEqual({ competitionId: cid, role: 'editor' });
    const after = await h.call('GET', team(), owner);
    expect(after.json.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [owner.email, 'owner'],
      [editor.email, 'editor'],
    ]);
    expect(after.json.invitations).toEqual([]);
    // The editor sees the team, without its invitations.
    const seen = await h.call('GET', team(), editor);
    expect(seen.json).toMatchObject({ myRole: 'editor', organisationName: 'Cargo Bikes BV', invitations: [] });
    // Audited, in the organisers' trail.
    const trail = await h.call('GET', `${base}/audit?limit=100`, people.organiser);
    expect(trail.json.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['team.invited', 'team.joined']));
  });

  it('refuses the link to anyone else: anonymous 401, another address 403, an unverified address 403, a made-up token 404', async () => {
    const { link } = await invite(owner, viewer.email, 'viewer');
    const token = tokenOf(link);
    const accept = `/api/team-invitations/${cid}/${token}/accept`;
    expect((await h.call('POST', accept)).status).toBe(401);
    const wrong = await h.call('POST', accept, stranger);
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.message).toContain('another e-mail address');
    expect(wrong.text).not.toContain(viewer.email); // the address it was sent to is not told
    const unverified = await h.call('POST', accept, undefined, undefined, { authorization: `Bearer ${await h.token(viewer, { email_verified: false })}` });
    expect(unverified.status).toBe(403);
    expect(unverified.json.error.message).toContain('not verified');
    expect((await h.call('POST', `/api/team-invitations/${cid}/${'x'.repeat(43)}/accept`, viewer)).status).toBe(404);
    expect((await h.call('POST', `/api/team-invitations/${cid}/short/accept`, viewer)).status).toBe(400);
    // None of that joined anyone.
    expect((await h.call('GET', team(), owner)).json.members).toHaveLength(2);
    expect(await join(viewer, token)).toEqual({ competitionId: cid, role: 'viewer' });
  });

  it('refuses bad input with the field named', async () => {
    const bad = await h.call('POST', `${team()}/invitations`, owner, { email: 'not-an-address', role: 'boss' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['email', 'role']);
    const dup = await h.call('POST', `${team()}/invitations`, owner, { email: editor.email, role: 'viewer' });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe('ALREADY_IN_TEAM');
  });

  it('only the owner invites: an editor and a viewer are told so (403), someone in no team finds no team (404)', async () => {
    for (const who of [editor, viewer]) {
      const r = await h.call('POST', `${team()}/invitations`, who, { email: 'x@team-test.example', role: 'viewer' });
      expect(r.status).toBe(403);
      expect(r.json.error.message).toContain('owner');
    }
    expect((await h.call('POST', `${team()}/invitations`, stranger, { email: 'x@team-test.example', role: 'viewer' })).status).toBe(404);
    expect((await h.call('GET', team(), stranger)).status).toBe(404);
  });
});

describe('acting for the team', () => {
  it('an editor starts the team’s entry (its id is the team’s), saves it and submits it; the owner sees the same entry', async () => {
    const created = await h.call('POST', `${base}/submissions`, editor, submissionContent({ title: 'Edited by Edda' }));
    expect(created.status, created.text).toBe(201);
    expect(created.json.id).toBe(subId);
    expect((await submission(owner)).json.title).toBe('Edited by Edda');
    const saved = await h.call('PUT', `${base}/submissions/${subId}`, editor, { ...submissionContent({ title: 'Edited again' }), version: 1 });
    expect(saved.status).toBe(200);
    expect((await h.call('POST', `${base}/submissions/${subId}/submit`, editor, { version: 2 })).status).toBe(200);
    // The owner's second "create" still collides: one entry per team.
    expect((await h.call('POST', `${base}/submissions`, owner, submissionContent())).status).toBe(409);
  });

  it('a viewer reads the entry (not editable), its registration and its pitch, and is refused every change with a sentence', async () => {
    const read = await submission(viewer);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: subId, title: 'Edited again', editable: false });
    expect((await h.call('GET', `${base}/registration`, viewer)).json.organisationName).toBe('Cargo Bikes BV');
    expect((await h.call('GET', `${base}/submissions/${subId}/pitch`, viewer)).status).toBe(200);
    const before = JSON.stringify(await h.allItems());
    const v = await version();
    const refusals = [
      await h.call('PUT', `${base}/submissions/${subId}`, viewer, { ...submissionContent({ title: 'Viewer was here' }), version: v }),
      await h.call('POST', `${base}/submissions/${subId}/withdraw`, viewer, { version: v }),
      await h.call('POST', `${base}/submissions/${subId}/pitch/uploads`, viewer, { fileName: 'p.mp4', sizeBytes: 2_000_000, contentType: 'video/mp4' }),
      await h.call('PUT', `${base}/submissions/${subId}/meeting-opt-in`, viewer, { open: true }),
    ];
    for (const r of refusals) {
      expect(r.status).toBe(403);
      expect(r.json.error.message).toContain('viewer');
    }
    expect(JSON.stringify(await h.allItems())).toBe(before);
  });

  it('My submissions lists the entry for each member with their role', async () => {
    const roles = await Promise.all([owner, editor, viewer].map(async (who) => (await h.call('GET', '/api/me/submissions', who)).json.items.map((s: { id: string; teamRole: string; editable: boolean }) => [s.id, s.teamRole, s.editable])));
    expect(roles).toEqual([[[subId, 'owner', true]], [[subId, 'editor', true]], [[subId, 'viewer', false]]]);
    expect((await h.call('GET', '/api/me/submissions', stranger)).json.items).toEqual([]);
  });

  it("another team's members and strangers find nothing of the entry (404)", async () => {
    // The rival team gets an editor of its own.
    const { link } = await invite(rival, rivalEditor.email, 'editor');
    await join(rivalEditor, tokenOf(link));
    for (const who of [rival, rivalEditor, stranger]) {
      expect((await submission(who)).status).toBe(404);
      expect((await h.call('GET', `${base}/submissions/${subId}/pitch`, who)).status).toBe(404);
      expect((await h.call('PUT', `${base}/submissions/${subId}`, who, { ...submissionContent(), version: await version() })).status).toBe(404);
    }
    // And the rival team's view names none of ours.
    const theirs = await h.call('GET', team(), rivalEditor);
    expect(theirs.text).not.toContain(editor.email);
    expect(theirs.json.organisationName).toBe('Rival Freight NV');
  });
});

describe('when the e-mail does not go out', () => {
  it('the invitation stands and the answer says so, with the link to send by hand', async () => {
    const mailer = h.deps.mailer;
    const send = mailer.send;
    mailer.send = async () => {
      throw new Error('The mail service is unavailable.');
    };
    try {
      const r = await h.call('POST', `${team()}/invitations`, owner, { email: 'offline@team-test.example', role: 'viewer' });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ sent: false, mailState: 'failed', mailError: expect.stringContaining('unavailable'), link: expect.stringMatching(/^\/team-invitations\//) });
    } finally {
      mailer.send = send;
    }
    const pending = (await h.call('GET', team(), owner)).json.invitations.find((i: { email: string }) => i.email === 'offline@team-test.example');
    expect(pending.status).toBe('pending');
    // Issue 13: the failure is stored on the invitation, so the panel says "Not sent" and why.
    expect(pending).toMatchObject({ mailState: 'failed', mailError: expect.stringContaining('unavailable') });
    expect((await h.call('DELETE', `${team()}/invitations/${pending.id}`, owner)).status).toBe(204);
  });
});

describe('one team per person per competition', () => {
  it('a member of one team cannot join another, nor register; someone who registered cannot join a team', async () => {
    const intoRival = await invite(rival, editor.email, 'viewer');
    const r1 = await h.call('POST', `/api/team-invitations/${cid}/${tokenOf(intoRival.link)}/accept`, editor);
    expect(r1.status).toBe(409);
    expect(r1.json.error.code).toBe('IN_A_TEAM');
    const r2 = await h.call('POST', `${base}/registration`, editor, registrationInput({ organisationName: 'Edda Solo', registryId: 'DE999888777' }));
    expect(r2.status).toBe(409);
    expect(r2.json.error.code).toBe('IN_A_TEAM');
    const intoOurs = await invite(owner, rival.email, 'viewer');
    const r3 = await h.call('POST', `/api/team-invitations/${cid}/${tokenOf(intoOurs.link)}/accept`, rival);
    expect(r3.status).toBe(409);
    expect(r3.json.error.code).toBe('ALREADY_REGISTERED');
    // Both invitations are still there to withdraw: the refusals claimed nothing.
    const ours = (await h.call('GET', team(), owner)).json.invitations.find((i: { email: string }) => i.email === rival.email);
    expect(ours.status).toBe('pending');
    expect((await h.call('DELETE', `${team()}/invitations/${ours.id}`, owner)).status).toBe(204);
    expect((await h.call('DELETE', `${team()}/invitations/${intoRival.invitation.id}`, rival)).status).toBe(204);
  });
});

describe('expiry, resend and revoke', () => {
  it('an expired link is refused; the resent one works and the old one stops; a withdrawn one is refused', async () => {
    const first = await invite(owner, late.email, 'viewer');
    h.clock.advance(15 * 86_400_000);
    try {
      const expired = await h.call('POST', `/api/team-invitations/${cid}/${tokenOf(first.link)}/accept`, late);
      expect(expired.status).toBe(409);
      expect(expired.json.error.message).toContain('expired');
      expect((await h.call('GET', team(), owner)).json.invitations.find((i: { email: string }) => i.email === late.email).status).toBe('expired');
      const resent = await h.call('POST', `${team()}/invitations/${first.invitation.id}/resend`, owner);
      expect(resent.status).toBe(200);
      expect(resent.json.link).not.toBe(first.link);
      expect(await tokenFromMail(late.email)).toBe(tokenOf(resent.json.link));
      const old = await h.call('POST', `/api/team-invitations/${cid}/${tokenOf(first.link)}/accept`, late);
      expect(old.status).toBe(409);
      // Withdrawn: refused, and nothing to resend.
      expect((await h.call('DELETE', `${team()}/invitations/${resent.json.invitation.id}`, owner)).status).toBe(204);
      const withdrawn = await h.call('POST', `/api/team-invitations/${cid}/${tokenOf(resent.json.link)}/accept`, late);
      expect(withdrawn.status).toBe(409);
      expect(withdrawn.json.error.message).toContain('withdrew');
      expect((await h.call('POST', `${team()}/invitations/${resent.json.invitation.id}/resend`, owner)).status).toBe(409);
      expect((await h.call('GET', team(), late)).status).toBe(404);
    } finally {
      h.clock.advance(-15 * 86_400_000);
    }
  });
});

describe('races', () => {
  it('two accepts of one invitation: the same person twice joins once; two accounts with the address, one joins', async () => {
    const same = person('twin', 'Tess Twice');
    const { link } = await invite(owner, same.email, 'viewer');
    const both = await Promise.all([0, 1].map(() => h.call('POST', `/api/team-invitations/${cid}/${tokenOf(link)}/accept`, same)));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    const members = (await h.call('GET', team(), owner)).json.members.filter((m: { email: string }) => m.email === same.email);
    expect(members).toHaveLength(1);

    const shared = 'shared@team-test.example';
    const a = { ...person('ann', 'Ann A'), email: shared };
    const b = { ...person('bea', 'Bea B'), email: shared };
    const second = await invite(owner, shared, 'viewer');
    const raced = await Promise.all([a, b].map((who) => h.call('POST', `/api/team-invitations/${cid}/${tokenOf(second.link)}/accept`, who)));
    expect(raced.map((r) => r.status).sort()).toEqual([200, 409]);
    const joined = (await h.call('GET', team(), owner)).json.members.filter((m: { email: string }) => m.email === shared);
    expect(joined).toHaveLength(1);
    const loser = raced[0]!.status === 409 ? a : b;
    expect((await submission(loser)).status).toBe(404);
    // Tidy up for the tests below.
    for (const who of [same, raced[0]!.status === 200 ? a : b])
      expect((await h.call('DELETE', `${team()}/members/${encodeURIComponent(who.sub)}`, owner)).status).toBe(204);
  });

  it('a transfer racing an edit: both land, the entry keeps its id and content, and the team has exactly one owner', async () => {
    const v = await version();
    const [transfer, edit] = await Promise.all([
      h.call('POST', `${team()}/transfer`, owner, { memberSub: editor.sub }),
      h.call('PUT', `${base}/submissions/${subId}`, owner, { ...submissionContent({ title: 'Saved while handing over' }), version: v }),
    ]);
    expect(transfer.status, transfer.text).toBe(200);
    expect(edit.status, edit.text).toBe(200);
    const now = await h.call('GET', team(), editor);
    expect(now.json.myRole).toBe('owner');
    expect(now.json.members.filter((m: { role: string }) => m.role === 'owner').map((m: { email: string }) => m.email)).toEqual([editor.email]);
    expect(now.json.members.find((m: { email: string }) => m.email === owner.email).role).toBe('editor');
    const s = await submission(editor);
    expect(s.json).toMatchObject({ id: subId, title: 'Saved while handing over', version: v + 1 });
    // Transferring again at once from the old owner is refused: they are an editor now.
    expect((await h.call('POST', `${team()}/transfer`, owner, { memberSub: editor.sub })).status).toBe(403);
  });
});

describe('transfer, leave and remove', () => {
  it('ownership goes only to an editor; the new owner cannot leave; the old owner (now editor) still acts for the team', async () => {
    const toViewer = await h.call('POST', `${team()}/transfer`, editor, { memberSub: viewer.sub });
    expect(toViewer.status).toBe(422);
    expect(toViewer.json.error.code).toBe('NOT_AN_EDITOR');
    const leave = await h.call('POST', `${team()}/leave`, editor);
    expect(leave.status).toBe(409);
    expect(leave.json.error.message).toContain('hand ownership');
    expect((await h.call('PUT', `${base}/submissions/${subId}`, owner, { ...submissionContent({ title: 'Still mine to edit' }), version: await version() })).status).toBe(200);
    const mine = await h.call('GET', '/api/me/submissions', editor);
    expect(mine.json.items.map((s: { id: string; teamRole: string }) => [s.id, s.teamRole])).toEqual([[subId, 'owner']]);
  });

  it('the owner removes a viewer, who then finds nothing; the registering account leaves and finds nothing either', async () => {
    expect((await h.call('DELETE', `${team()}/members/${viewer.sub}`, editor)).status).toBe(204);
    expect((await submission(viewer)).status).toBe(404);
    expect((await h.call('GET', '/api/me/submissions', viewer)).json.items).toEqual([]);
    expect((await h.call('GET', team(), viewer)).status).toBe(404);
    // The registering account (an editor since the transfer) leaves: the entry stays the team's.
    expect((await h.call('POST', `${team()}/leave`, owner)).status).toBe(204);
    expect((await submission(owner)).status).toBe(404);
    expect((await h.call('GET', `${base}/registration`, owner)).status).toBe(404);
    expect((await submission(editor)).json.id).toBe(subId);
    expect((await h.call('GET', team(), editor)).json.members.map((m: { email: string }) => m.email)).toEqual([editor.email]);
    // A removed member may join another team now.
    const { link } = await invite(rival, viewer.email, 'viewer');
    await join(viewer, tokenOf(link));
    expect((await h.call('GET', team(), viewer)).json.organisationName).toBe('Rival Freight NV');
    const trail = await h.call('GET', `${base}/audit?limit=100`, people.organiser);
    expect(trail.json.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['team.ownership-transferred', 'team.member-removed', 'team.left']));
  });
});

describe('reviewing as the team, and conflicts', () => {
  it("members' verified addresses move the conflict inputs on and conflict an investor who is a member with their team's entry", async () => {
    const before = (await h.deps.evaluation.conflictInputs(cid)).version;
    // The rival team's editor is also invited to the investor round.
    const round = await h.call('POST', `${base}/rounds`, people.organiser, {
      name: 'Investors',
      kind: 'investor',
      rubric: [{ name: 'Investability', weight: 1, scale: { min: 1, max: 10 } }],
      k: 1,
      maxLoad: 4,
      blind: false,
      opensAt: '2026-12-01T09:00',
      closesAt: '2026-12-20T18:00',
      weight: 50,
    });
    expect(round.status).toBe(201);
    const rivalSub = submissionIdFor(cid, rival.sub);
    expect((await h.call('POST', `${base}/submissions`, rivalEditor, submissionContent({ title: 'Rival idea' }))).status).toBe(201);
    expect((await h.call('POST', `${base}/submissions/${rivalSub}/submit`, rivalEditor, { version: 1 })).status).toBe(200);
    const invited = await h.call('POST', `${base}/rounds/${round.json.id}/invitations`, people.organiser, { emails: [rivalEditor.email] });
    expect(invited.status).toBe(201);
    expect((await h.call('POST', `/api/invitations/${cid}/${tokenOf(invited.json.items[0].link)}/accept`, rivalEditor, { interests: [] })).status).toBe(200);
    expect((await h.deps.evaluation.conflictInputs(cid)).version).toBeGreaterThan(before);
    const conflicts = await h.call('GET', `${base}/rounds/${round.json.id}/conflicts?limit=50`, people.organiser);
    expect(conflicts.status).toBe(200);
    expect(conflicts.json.items).toEqual(expect.arrayContaining([expect.objectContaining({ reviewerSub: rivalEditor.sub, submissionId: rivalSub, source: 'same-team-member' })]));
  });

  it("an editor reviews the team's peer assignment (keyed by the team) and finds it in My reviews; a viewer is refused", async () => {
    const peer = await h.call('POST', `${base}/rounds`, people.organiser, { name: 'Peers', kind: 'peer', k: 1, maxLoad: 1, blind: true, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 50 });
    expect(peer.status).toBe(201);
    expect((await h.call('POST', `${base}/rounds/${peer.json.id}/assignment`, people.organiser)).status).toBe(202);
    await h.jobsSettled();
    const rivalSub = submissionIdFor(cid, rival.sub);
    // Our team (now owned by the editor, keyed by the registering account) reviews the rival's entry.
    const path = `${base}/rounds/${peer.json.id}/reviews/${rivalSub}`;
    const opened = await h.call('GET', path, editor);
    expect(opened.status, opened.text).toBe(200);
    const scores = Object.fromEntries(peer.json.rubric.map((c: { id: string }) => [c.id, 4]));
    const saved = await h.call('PUT', path, editor, { scores, comments: {}, overallComment: 'Reviewed by the team owner.', version: opened.json.review.version });
    expect(saved.status, saved.text).toBe(200);
    const stored = await h.deps.evaluation.getReview(cid, peer.json.id, rivalSub, owner.sub);
    expect(stored?.overallComment).toBe('Reviewed by the team owner.');
    // The registering account left the team: the review is keyed by its sub, but no longer its to do.
    expect((await h.call('GET', path, owner)).status).toBe(404);
    expect((await h.call('PUT', path, owner, { scores, comments: {}, overallComment: 'Not mine any more.', version: saved.json.version })).status).toBe(404);
    expect((await h.call('GET', '/api/me/reviews', owner)).json.items.filter((g: { roundId: string }) => g.roundId === peer.json.id)).toEqual([]);
    const queue = await h.call('GET', '/api/me/reviews', editor);
    const group = queue.json.items.find((g: { roundId: string }) => g.roundId === peer.json.id);
    expect(group.items).toEqual([expect.objectContaining({ submissionId: rivalSub, teamRole: 'owner' })]);
    // The rival team's viewer (the removed viewer joined it) cannot review as the rival team.
    const theirs = `${base}/rounds/${peer.json.id}/reviews/${subId}`;
    expect((await h.call('GET', theirs, viewer)).status).toBe(403);
    expect((await h.call('GET', theirs, rivalEditor)).status).toBe(200);
    expect((await h.call('GET', theirs, stranger)).status).toBe(404);
  });
});

describe('the team is told what the entrant is told', () => {
  it("every current member — owner, editor, viewer — gets the outcome and the feedback once, in the outbox and the inbox; a member who left gets nothing", async () => {
    const w = await decidedWorld(h, { n: 2, title: 'Team outcomes', prefix: 'to' });
    const lead = w.entrants[0]!;
    const [mEditor, mViewer, mLeaver] = [person('tess', 'Tess Editor'), person('tom', 'Tom Viewer'), person('lea', 'Lea Leaver')];
    for (const [who, role] of [[mEditor, 'editor'], [mViewer, 'viewer'], [mLeaver, 'viewer']] as const) {
      const sent = await h.call('POST', `${w.base}/team/invitations`, lead, { email: who.email, role });
      expect(sent.status, sent.text).toBe(201);
      expect((await h.call('POST', `/api/team-invitations/${w.cid}/${tokenOf(sent.json.link)}/accept`, who)).status).toBe(200);
    }
    expect((await h.call('POST', `${w.base}/team/leave`, mLeaver)).status).toBe(204);

    const published = await publish(h, w);
    expect(published.status, published.text).toBe(202);
    const mailsTo = async (subject: RegExp) =>
      (await h.deps.outbox.list(w.cid, 200))
        .filter((m) => subject.test(m.subject))
        .map((m) => m.to)
        .sort();
    const team = [lead.email, mEditor.email, mViewer.email];
    expect(await mailsTo(/^Results of Team outcomes/)).toEqual([...team, w.entrants[1]!.email].sort());
    const inbox = async (who: Identity) => ((await h.call('GET', '/api/me/notifications', who)).json.items as { competitionId: string; subject: string; body: string; link: string }[]).filter((n) => n.competitionId === w.cid);
    expect(await inbox(mViewer)).toEqual([expect.objectContaining({ subject: 'Results of Team outcomes', link: `/competitions/${w.cid}/results` })]);
    expect((await inbox(mViewer))[0]).toMatchObject({ body: (await inbox(lead))[0]!.body });
    expect(await inbox(mLeaver)).toEqual([]);
    // The viewer's own outcome page is the team's (what the mail pointed at).
    expect((await h.call('GET', `${w.base}/results/mine`, mViewer)).json).toMatchObject({ submissionId: w.subs[0], submitted: true });

    const c = (await h.call('GET', w.base, people.organiser)).json;
    expect((await h.call('POST', `${w.base}/feedback/release`, people.organiser, { version: c.version })).status).toBe(200);
    await h.jobsSettled();
    expect(await mailsTo(/^Your feedback for Team outcomes/)).toEqual([...team, w.entrants[1]!.email].sort());
    expect((await inbox(mEditor)).map((n) => n.link)).toEqual([`/competitions/${w.cid}/feedback`, `/competitions/${w.cid}/results`]);
    expect(await inbox(mLeaver)).toEqual([]);
    // A second run of the announcement tells no one twice.
    const job = (await h.call('GET', `${w.base}/jobs?limit=50`, people.organiser)).json.items.find((j: { kind: string; params: { what?: string } }) => j.kind === 'notifications' && j.params.what === 'feedback');
    expect(job).toMatchObject({ state: 'succeeded', result: { rows: 4, counts: { emails: 4 } } });
  }, 120_000);
});

describe('the demo seed', () => {
  it("makes teammate@demo.test an editor of sme1's team in the demo competition, through the invitation — once", async () => {
    const { DEMO_ACCOUNTS } = await import('../../functions/local/demo-accounts.ts');
    const { DEMO_COMPETITION_TITLE, seedDemoData } = await import('../../functions/local/seed.ts');
    const d = await startHarness();
    try {
      await seedDemoData(d.deps, [...DEMO_ACCOUNTS]);
      const mate = DEMO_ACCOUNTS.find((a) => a.email === 'teammate@demo.test')!;
      const sme1 = DEMO_ACCOUNTS.find((a) => a.email === 'sme1@demo.test')!;
      const demo = (await d.call('GET', '/api/competitions')).json.items.find((c: { title: string }) => c.title === DEMO_COMPETITION_TITLE);
      const mine = (await d.call('GET', '/api/me/submissions', mate)).json.items;
      expect(mine.map((s: { competitionId: string; teamRole: string }) => [s.competitionId, s.teamRole])).toEqual([[demo.id, 'editor']]);
      expect(mine[0].id).toBe(submissionIdFor(demo.id, sme1.sub));
      const team = (await d.call('GET', `/api/competitions/${demo.id}/team`, sme1)).json;
      expect(team.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([['sme1@demo.test', 'owner'], ['teammate@demo.test', 'editor']]);
      const items = (await d.allItems()).length;
      await seedDemoData(d.deps, [...DEMO_ACCOUNTS]);
      expect((await d.allItems()).length).toBe(items);
    } finally {
      await d.stop();
    }
  }, 120_000);
});
