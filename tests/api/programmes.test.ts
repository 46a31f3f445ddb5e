/**
 * Programmes through the API (issue 13 §1): create / read / edit (versioned), people invited by
 * e-mail into roles (the mail is in the programme's outbox; resend voids the old link; revoke;
 * expiry; only the invited, verified address may accept), role changes and removals that never
 * leave the programme without a coordinator nor a call without an organiser, calls opened in the
 * programme or attached to it, and co-organisers of a single competition. Real app, real
 * dynalite; every assertion on what is stored or answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { competitionInput, openCompetition, people, programmeInput, startHarness, type Harness } from '../support/api-harness.ts';
import { recordRoundTrips } from '../support/db-round-trips.ts';

let h: Harness;

const partnerPerson: Identity = { sub: 'u-partner', email: 'partner@demo.test', name: 'Pia Partner', groups: [] };
const finance: Identity = { sub: 'u-finance', email: 'finance@demo.test', name: 'Fred Finance', groups: [] };
const observer: Identity = { sub: 'u-observer', email: 'observer@demo.test', name: 'Otis Observer', groups: [] };
const stranger: Identity = { sub: 'u-stranger', email: 'stranger@elsewhere.test', name: 'Stan Stranger', groups: [] };

async function createProgramme(overrides: Record<string, unknown> = {}) {
  const r = await h.call('POST', '/api/programmes', people.organiser, programmeInput(overrides));
  expect(r.status, r.text).toBe(201);
  return r.json as { id: string; version: number };
}

const tokenOf = (link: string) => link.split('/').pop()!;

async function invite(pid: string, email: string, role: string, partnerId?: string) {
  const r = await h.call('POST', `/api/programmes/${pid}/invitations`, people.organiser, { email, role, ...(partnerId ? { partnerId } : {}) });
  expect(r.status, r.text).toBe(201);
  return r.json as { id: string; email: string; link: string; expiresAt: string };
}

async function join(pid: string, who: Identity, role: string, partnerId?: string) {
  const sent = await invite(pid, who.email, role, partnerId);
  const r = await h.call('POST', `/api/programme-invitations/${pid}/${tokenOf(sent.link)}/accept`, who);
  expect(r.status, r.text).toBe(200);
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
});
afterAll(() => h.stop());

describe('a programme', () => {
  it('is created by a member of the organisers group, who becomes its coordinator, with the default limits', async () => {
    const r = await h.call('POST', '/api/programmes', people.organiser, programmeInput());
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ name: 'GreenChain — INNOSUP-1 cluster project', totalBudget: 120_000_000, minSmeShare: 0.75, thirdPartyCap: 6_000_000, myRole: 'coordinator', coordinatorPartnerId: 'coord', version: 1 });
    const people_ = await h.call('GET', `/api/programmes/${r.json.id}/people`, people.organiser);
    expect(people_.json.items).toEqual([expect.objectContaining({ userSub: people.organiser.sub, role: 'coordinator', partnerId: 'coord', partnerName: 'GreenChain Coordination' })]);
    const mine = await h.call('GET', '/api/programmes', people.organiser);
    expect(mine.json.items.map((p: { id: string }) => p.id)).toContain(r.json.id);
    const trail = await h.call('GET', `/api/programmes/${r.json.id}/audit`, people.organiser);
    expect(trail.json.items.map((e: { action: string }) => e.action)).toEqual(['programme.created']);
  });

  it('is refused to anyone outside the organisers group (403), and bad input gets 400 naming the field', async () => {
    expect((await h.call('POST', '/api/programmes', stranger, programmeInput())).status).toBe(403);
    expect((await h.call('POST', '/api/programmes', undefined, programmeInput())).status).toBe(401);
    const bad = await h.call('POST', '/api/programmes', people.organiser, programmeInput({ totalBudget: -5, currency: 'euro' }));
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(['totalBudget', 'currency']));
    const noCoordinator = await h.call('POST', '/api/programmes', people.organiser, programmeInput({ coordinatorPartnerId: 'nobody' }));
    expect(noCoordinator.status).toBe(400);
    expect(noCoordinator.json.error.fields).toHaveProperty('coordinatorPartnerId');
    const backwards = await h.call('POST', '/api/programmes', people.organiser, programmeInput({ period: { start: '2027-01-01', end: '2026-01-01' } }));
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.fields).toHaveProperty(['period.end']);
    const share = await h.call('POST', '/api/programmes', people.organiser, programmeInput({ minSmeShare: 1.5 }));
    expect(share.status).toBe(400);
    expect(share.json.error.fields).toHaveProperty('minSmeShare');
  });

  it('is invisible (404) to people without a role in it, and read by everyone with one', async () => {
    const p = await createProgramme();
    expect((await h.call('GET', `/api/programmes/${p.id}`, stranger)).status).toBe(404);
    expect((await h.call('GET', `/api/programmes/${p.id}/calls`, people.otherOrganiser)).status).toBe(404);
    await join(p.id, observer, 'observer');
    const seen = await h.call('GET', `/api/programmes/${p.id}`, observer);
    expect(seen.status).toBe(200);
    expect(seen.json.myRole).toBe('observer');
    // An observer reads but does not edit.
    expect((await h.call('PUT', `/api/programmes/${p.id}`, observer, { ...programmeInput(), version: 1 })).status).toBe(403);
    expect((await h.call('POST', `/api/programmes/${p.id}/invitations`, observer, { email: 'x@y.test', role: 'observer' })).status).toBe(403);
  });

  it('is edited by its coordinator with the version they read; a stale version gets 409 and changes nothing', async () => {
    const p = await createProgramme();
    const { totalBudget: _, ...edit } = programmeInput({ name: 'GreenChain II' });
    const first = await h.call('PUT', `/api/programmes/${p.id}`, people.organiser, { ...edit, version: 1 });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ name: 'GreenChain II', version: 2, totalBudget: 120_000_000 });
    const stale = await h.call('PUT', `/api/programmes/${p.id}`, people.organiser, { ...edit, name: 'Lost edit', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('VERSION_CONFLICT');
    expect((await h.call('GET', `/api/programmes/${p.id}`, people.organiser)).json.name).toBe('GreenChain II');
    // The limits are not edited here (the ledger's PUT …/limits): extra fields are not taken.
    const limits = await h.call('PUT', `/api/programmes/${p.id}`, people.organiser, { ...edit, totalBudget: 1, version: 2 });
    expect((await h.call('GET', `/api/programmes/${p.id}`, people.organiser)).json.totalBudget).toBe(120_000_000);
    expect([200, 400]).toContain(limits.status);
  });
});

describe('people invited by e-mail', () => {
  it('get the invitation by mail (the programme outbox), accept it with the same verified address, and appear with their role', async () => {
    const p = await createProgramme();
    const sent = await invite(p.id, 'Partner@Demo.test', 'partner-organiser', 'nord');
    expect(sent.email).toBe('partner@demo.test');
    expect(sent).toMatchObject({ sent: true });
    expect(sent.link).toMatch(new RegExp(`^/programme-invitations/${p.id}/[A-Za-z0-9_-]{40,}$`));
    expect(sent.expiresAt).toBe('2026-12-15T10:00:00.000Z'); // 14 days

    const outbox = await h.call('GET', `/api/programmes/${p.id}/outbox`, people.organiser);
    expect(outbox.status).toBe(200);
    const mail = outbox.json.items[0];
    expect(mail).toMatchObject({ competitionId: `programme:${p.id}`, to: 'partner@demo.test', subject: 'You are invited to GreenChain — INNOSUP-1 cluster project' });
    expect(mail.text).toContain('as partner organiser');
    expect(mail.text).toContain(sent.link);
    // The outbox is the coordinators'.
    expect((await h.call('GET', `/api/programmes/${p.id}/outbox`, stranger)).status).toBe(404);

    const token = tokenOf(sent.link);
    const described = await h.call('GET', `/api/programme-invitations/${p.id}/${token}`);
    expect(described.json).toMatchObject({ programmeName: 'GreenChain — INNOSUP-1 cluster project', role: 'partner-organiser', roleLabel: 'partner organiser', partnerName: 'Cluster Nord', status: 'pending' });

    // Someone else holding the link cannot take it.
    const other = await h.call('POST', `/api/programme-invitations/${p.id}/${token}/accept`, stranger);
    expect(other.status).toBe(403);
    expect(other.json.error.message).toContain('partner@demo.test');
    // Nor can the right address while it is unverified.
    const unverified = await h.token(partnerPerson, { email_verified: false });
    const r = await h.call('POST', `/api/programme-invitations/${p.id}/${token}/accept`, undefined, undefined, { authorization: `Bearer ${unverified}` });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toContain('not verified');

    const accepted = await h.call('POST', `/api/programme-invitations/${p.id}/${token}/accept`, partnerPerson);
    expect(accepted.status).toBe(200);
    expect(accepted.json).toEqual({ programmeId: p.id, role: 'partner-organiser' });
    // Repeating it is harmless.
    expect((await h.call('POST', `/api/programme-invitations/${p.id}/${token}/accept`, partnerPerson)).status).toBe(200);
    const list = await h.call('GET', `/api/programmes/${p.id}/people`, people.organiser);
    expect(list.json.items).toContainEqual(expect.objectContaining({ userSub: partnerPerson.sub, userEmail: 'partner@demo.test', role: 'partner-organiser', partnerName: 'Cluster Nord' }));
    const invitations = await h.call('GET', `/api/programmes/${p.id}/invitations`, people.organiser);
    expect(invitations.json.items[0]).toMatchObject({ email: 'partner@demo.test', status: 'accepted', acceptedBy: partnerPerson.sub });
    expect(invitations.text).not.toContain('tokenHash');
    const mine = await h.call('GET', '/api/programmes', partnerPerson);
    expect(mine.json.items).toEqual([expect.objectContaining({ id: p.id, myRole: 'partner-organiser' })]);
    const trail = (await h.call('GET', `/api/programmes/${p.id}/audit`, people.organiser)).json.items.map((e: { action: string }) => e.action);
    expect(trail).toEqual(['programme.created', 'programme.invitation-sent', 'programme.member-joined']);
  });

  it('refuses a partner that is not the programme’s (400) and a bad role (400)', async () => {
    const p = await createProgramme();
    const wrongPartner = await h.call('POST', `/api/programmes/${p.id}/invitations`, people.organiser, { email: 'a@b.test', role: 'observer', partnerId: 'elsewhere' });
    expect(wrongPartner.status).toBe(400);
    expect(wrongPartner.json.error.fields).toHaveProperty('partnerId');
    const wrongRole = await h.call('POST', `/api/programmes/${p.id}/invitations`, people.organiser, { email: 'a@b.test', role: 'king' });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.json.error.fields).toHaveProperty('role');
  });

  it('resending gives a new link and mail and voids the old link; revoking voids it too', async () => {
    const p = await createProgramme();
    const first = await invite(p.id, finance.email, 'finance-officer');
    h.clock.advance(60_000);
    const again = await h.call('POST', `/api/programmes/${p.id}/invitations/${first.id}/resend`, people.organiser);
    expect(again.status).toBe(201);
    expect(again.json.link).not.toBe(first.link);
    expect(again.json.expiresAt > first.expiresAt).toBe(true);
    const mails = (await h.call('GET', `/api/programmes/${p.id}/outbox`, people.organiser)).json.items.filter((m: { to: string }) => m.to === finance.email);
    expect(mails).toHaveLength(2);
    expect(mails[0].text).toContain(again.json.link);

    const old = await h.call('POST', `/api/programme-invitations/${p.id}/${tokenOf(first.link)}/accept`, finance);
    expect(old.status).toBe(409);
    expect(old.json.error.message).toContain('replaced by a newer one');
    // Resending a voided invitation is refused.
    expect((await h.call('POST', `/api/programmes/${p.id}/invitations/${first.id}/resend`, people.organiser)).status).toBe(409);

    const revoked = await h.call('DELETE', `/api/programmes/${p.id}/invitations/${again.json.id}`, people.organiser);
    expect(revoked.status).toBe(204);
    expect((await h.call('POST', `/api/programme-invitations/${p.id}/${tokenOf(again.json.link)}/accept`, finance)).status).toBe(409);
    expect((await h.call('GET', `/api/programmes/${p.id}`, finance)).status).toBe(404);
    const statuses = (await h.call('GET', `/api/programmes/${p.id}/invitations`, people.organiser)).json.items.map((i: { status: string }) => i.status);
    expect(statuses).toEqual(['revoked', 'revoked']);
  });

  it('expire after 14 days', async () => {
    const p = await createProgramme();
    const sent = await invite(p.id, observer.email, 'observer');
    h.clock.advance(14 * 86_400_000 + 1000);
    const late = await h.call('POST', `/api/programme-invitations/${p.id}/${tokenOf(sent.link)}/accept`, observer);
    expect(late.status).toBe(409);
    expect(late.json.error.message).toContain('expired');
    expect((await h.call('GET', `/api/programme-invitations/${p.id}/${tokenOf(sent.link)}`)).json.status).toBe('expired');
    expect((await h.call('GET', `/api/programmes/${p.id}`, observer)).status).toBe(404);
    // An expired invitation can be sent again.
    const again = await h.call('POST', `/api/programmes/${p.id}/invitations/${sent.id}/resend`, people.organiser);
    expect(again.status).toBe(201);
    expect((await h.call('POST', `/api/programme-invitations/${p.id}/${tokenOf(again.json.link)}/accept`, observer)).status).toBe(200);
  });

  it('an unknown link is 404', async () => {
    const p = await createProgramme();
    const fake = 'A'.repeat(43);
    expect((await h.call('GET', `/api/programme-invitations/${p.id}/${fake}`)).status).toBe(404);
    expect((await h.call('POST', `/api/programme-invitations/${p.id}/${fake}/accept`, observer)).status).toBe(404);
  });
});

describe('roles and the last coordinator', () => {
  it('a coordinator changes roles; the last coordinator cannot be demoted, removed or leave (409), a second one makes it possible', async () => {
    const p = await createProgramme();
    await join(p.id, finance, 'finance-officer');
    const changed = await h.call('PUT', `/api/programmes/${p.id}/people/${finance.sub}`, people.organiser, { role: 'observer', partnerId: 'sud' });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ role: 'observer', partnerId: 'sud', partnerName: 'Pôle Sud' });

    const demote = await h.call('PUT', `/api/programmes/${p.id}/people/${people.organiser.sub}`, people.organiser, { role: 'observer' });
    expect(demote.status).toBe(409);
    expect(demote.json.error.code).toBe('LAST_COORDINATOR');
    expect(demote.json.error.message).toContain('needs a coordinator');
    expect((await h.call('DELETE', `/api/programmes/${p.id}/people/${people.organiser.sub}`, people.organiser)).status).toBe(409);
    expect((await h.call('POST', `/api/programmes/${p.id}/leave`, people.organiser)).status).toBe(409);
    expect((await h.call('GET', `/api/programmes/${p.id}`, people.organiser)).json.myRole).toBe('coordinator');

    // Two coordinators: now one may step down.
    expect((await h.call('PUT', `/api/programmes/${p.id}/people/${finance.sub}`, people.organiser, { role: 'coordinator' })).status).toBe(200);
    expect((await h.call('PUT', `/api/programmes/${p.id}/people/${people.organiser.sub}`, finance, { role: 'observer' })).status).toBe(200);
    // …and then the other is the last one again.
    expect((await h.call('POST', `/api/programmes/${p.id}/leave`, finance)).status).toBe(409);
    expect((await h.call('GET', `/api/programmes/${p.id}`, people.organiser)).json.myRole).toBe('observer');
  });

  it('two coordinators demoting each other at once: exactly one succeeds', async () => {
    const p = await createProgramme();
    await join(p.id, finance, 'coordinator');
    const [a, b] = await Promise.all([
      h.call('PUT', `/api/programmes/${p.id}/people/${finance.sub}`, people.organiser, { role: 'observer' }),
      h.call('PUT', `/api/programmes/${p.id}/people/${people.organiser.sub}`, finance, { role: 'observer' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const roles = (await h.call('GET', `/api/programmes/${p.id}/people`, a.status === 200 ? people.organiser : finance)).json.items.map((m: { role: string }) => m.role);
    expect(roles.filter((r: string) => r === 'coordinator')).toHaveLength(1);
  });

  it('removing and leaving are audited; a removed person loses access at once', async () => {
    const p = await createProgramme();
    await join(p.id, observer, 'observer');
    await join(p.id, finance, 'finance-officer');
    expect((await h.call('DELETE', `/api/programmes/${p.id}/people/${observer.sub}`, people.organiser)).status).toBe(204);
    expect((await h.call('GET', `/api/programmes/${p.id}`, observer)).status).toBe(404);
    expect((await h.call('POST', `/api/programmes/${p.id}/leave`, finance)).status).toBe(204);
    expect((await h.call('GET', `/api/programmes/${p.id}`, finance)).status).toBe(404);
    const trail = (await h.call('GET', `/api/programmes/${p.id}/audit`, people.organiser)).json.items.map((e: { action: string; target: string }) => `${e.action} ${e.target}`);
    expect(trail).toContain(`programme.member-removed person:${observer.sub}`);
    expect(trail).toContain(`programme.member-left person:${finance.sub}`);
  });
});

describe('calls', () => {
  it('a partner organiser opens a call in their programme; the coordinator sees it with its status and dates', async () => {
    const p = await createProgramme();
    await join(p.id, partnerPerson, 'partner-organiser', 'sud');
    const call = await h.call('POST', `/api/programmes/${p.id}/calls`, partnerPerson, competitionInput({ title: 'GreenChain call 2' }));
    expect(call.status, call.text).toBe(201);
    expect(call.json).toMatchObject({ title: 'GreenChain call 2', status: 'draft', programmeId: p.id, myRoles: ['organiser'] });
    // The partner organises it: they may publish it.
    expect((await h.call('POST', `/api/competitions/${call.json.id}/publish`, partnerPerson, { version: call.json.version })).status).toBe(200);
    const calls = await h.call('GET', `/api/programmes/${p.id}/calls`, people.organiser);
    expect(calls.json.items).toEqual([
      expect.objectContaining({ competitionId: call.json.id, title: 'GreenChain call 2', partnerId: 'sud', partnerName: 'Pôle Sud', status: 'published', submissionsOpen: '2026-11-30T08:00:00.000Z' }),
    ]);
    const trail = (await h.call('GET', `/api/programmes/${p.id}/audit`, people.organiser)).json.items.map((e: { action: string }) => e.action);
    expect(trail).toContain('programme.call-created');
  });

  it('observers, finance officers and strangers cannot open calls; a partner organiser cannot open one in another programme', async () => {
    const p = await createProgramme();
    const q = await createProgramme({ name: 'Other programme' });
    await join(p.id, observer, 'observer');
    await join(q.id, partnerPerson, 'partner-organiser');
    expect((await h.call('POST', `/api/programmes/${p.id}/calls`, observer, competitionInput())).status).toBe(403);
    expect((await h.call('POST', `/api/programmes/${p.id}/calls`, partnerPerson, competitionInput())).status).toBe(404);
    expect((await h.call('POST', `/api/programmes/${p.id}/calls`, stranger, competitionInput())).status).toBe(404);
    expect((await h.call('GET', `/api/programmes/${p.id}/calls`, people.organiser)).json.items).toEqual([]);
    // Bad input: the competition's own 400.
    const bad = await h.call('POST', `/api/programmes/${q.id}/calls`, partnerPerson, competitionInput({ title: '' }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty('title');
  });

  it('the coordinator attaches a competition they organise (not another’s, not one in another programme) and assigns a partner organiser to it', async () => {
    const p = await createProgramme();
    await join(p.id, partnerPerson, 'partner-organiser', 'nord');
    const existing = await openCompetition(h, { title: 'Green Manufacturing Idea Challenge' });
    const attached = await h.call('PUT', `/api/programmes/${p.id}/calls/${existing.id}`, people.organiser, { partnerId: 'coord' });
    expect(attached.status, attached.text).toBe(200);
    expect(attached.json).toMatchObject({ competitionId: existing.id, partnerName: 'GreenChain Coordination', status: 'published' });
    expect((await h.call('GET', `/api/competitions/${existing.id}`, people.organiser)).json.programmeId).toBe(p.id);
    // Idempotent.
    expect((await h.call('PUT', `/api/programmes/${p.id}/calls/${existing.id}`, people.organiser, {})).status).toBe(200);
    expect((await h.call('GET', `/api/programmes/${p.id}/calls`, people.organiser)).json.items).toHaveLength(1);

    // Somebody else's competition: 404; one in another programme: 409.
    const theirs = await h.call('POST', '/api/competitions', people.otherOrganiser, competitionInput({ title: 'Not yours' }));
    expect((await h.call('PUT', `/api/programmes/${p.id}/calls/${theirs.json.id}`, people.organiser, {})).status).toBe(404);
    const q = await createProgramme({ name: 'Second programme' });
    const clash = await h.call('PUT', `/api/programmes/${q.id}/calls/${existing.id}`, people.organiser, {});
    expect(clash.status).toBe(409);

    // The partner organiser cannot open the call's organiser pages until assigned.
    expect((await h.call('GET', `/api/competitions/${existing.id}/submissions`, partnerPerson)).status).toBe(403);
    const assigned = await h.call('PUT', `/api/programmes/${p.id}/calls/${existing.id}/organisers/${partnerPerson.sub}`, people.organiser);
    expect(assigned.status).toBe(200);
    expect(assigned.json.items.map((o: { userSub: string }) => o.userSub).sort()).toEqual([people.organiser.sub, partnerPerson.sub].sort());
    expect((await h.call('GET', `/api/competitions/${existing.id}/submissions`, partnerPerson)).status).toBe(200);
    const trail = (await h.call('GET', `/api/competitions/${existing.id}/audit`, people.organiser)).json.items.map((e: { action: string }) => e.action);
    expect(trail).toEqual(expect.arrayContaining(['competition.joined-programme', 'organiser.assigned']));
    // Only people of the programme can be assigned.
    expect((await h.call('PUT', `/api/programmes/${p.id}/calls/${existing.id}/organisers/${stranger.sub}`, people.organiser)).status).toBe(404);
  });

  it('a competition with confirmed awards cannot become a call (422): the programme’s ledger would not count them', async () => {
    const p = await createProgramme();
    const awarded = await openCompetition(h, { title: 'Already awarding' });
    // Set-up through the store (confirming an award needs a closed, ranked competition): the competition's award totals say €5,000 is committed.
    await h.putRaw({ pk: `COMP#${awarded.id}`, sk: 'AWARDS', type: 'AwardLedger', schemaVersion: 1, committed: 500_000, version: 3 });
    const r = await h.call('PUT', `/api/programmes/${p.id}/calls/${awarded.id}`, people.organiser, {});
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('AWARDS_CONFIRMED');
    expect((await h.call('GET', `/api/competitions/${awarded.id}`, people.organiser)).json.programmeId).toBeUndefined();
    expect((await h.call('GET', `/api/programmes/${p.id}/calls`, people.organiser)).json.items).toEqual([]);
  });

  it('removing a person who alone organises a call is refused (409) until someone else organises it', async () => {
    const p = await createProgramme();
    await join(p.id, partnerPerson, 'partner-organiser', 'sud');
    const call = await h.call('POST', `/api/programmes/${p.id}/calls`, partnerPerson, competitionInput({ title: 'Pôle Sud call' }));
    const refused = await h.call('DELETE', `/api/programmes/${p.id}/people/${partnerPerson.sub}`, people.organiser);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain('“Pôle Sud call” would have no organiser');
    expect((await h.call('GET', `/api/programmes/${p.id}`, partnerPerson)).status).toBe(200);
    // The coordinator organises it too; now the partner may go, and loses the call's organiser role with the programme role.
    expect((await h.call('PUT', `/api/programmes/${p.id}/calls/${call.json.id}/organisers/${people.organiser.sub}`, people.organiser)).status).toBe(200);
    expect((await h.call('POST', `/api/programmes/${p.id}/leave`, partnerPerson)).status).toBe(204);
    expect((await h.call('GET', `/api/competitions/${call.json.id}`, partnerPerson)).status).toBe(404); // a draft, no longer theirs
    expect((await h.call('GET', `/api/competitions/${call.json.id}/organisers`, people.organiser)).json.items).toEqual([{ userSub: people.organiser.sub, email: people.organiser.email }]);
  });
});

describe('reads that do not grow with the programme', () => {
  it('the calls list and "my programmes" cost the same DynamoDB calls with 1 call as with 6, with 1 programme as with 4', async () => {
    const recorder = recordRoundTrips(h.db);
    const cost = async (path: string) => {
      const { result, calls, sequential } = await recorder.measure(() => h.call('GET', path, partnerPerson));
      expect(result.status, result.text).toBe(200);
      return { calls: calls.length, sequential };
    };
    const p = await createProgramme();
    await join(p.id, partnerPerson, 'partner-organiser', 'nord');
    await h.call('POST', `/api/programmes/${p.id}/calls`, partnerPerson, competitionInput({ title: 'Call 1' }));
    const oneCall = await cost(`/api/programmes/${p.id}/calls`);
    const oneProgramme = await cost('/api/programmes');
    for (let i = 2; i <= 6; i++) await h.call('POST', `/api/programmes/${p.id}/calls`, partnerPerson, competitionInput({ title: `Call ${i}` }));
    for (let i = 0; i < 3; i++) await join((await createProgramme({ name: `More ${i}` })).id, partnerPerson, 'observer');
    const sixCalls = await cost(`/api/programmes/${p.id}/calls`);
    const fourProgrammes = await cost('/api/programmes');
    expect(sixCalls).toEqual(oneCall);
    expect(oneCall).toEqual({ calls: 4, sequential: 2 }); // programme + member together, then calls → their competitions (batch)
    expect(fourProgrammes).toEqual(oneProgramme);
    expect(oneProgramme.sequential).toBe(2); // the index query, then one batch read
  });
});

describe('co-organisers of one competition', () => {
  it('an organiser invites a co-organiser by e-mail; they accept; the last organiser cannot be removed', async () => {
    const comp = await openCompetition(h, { title: 'Solo call' });
    const base = `/api/competitions/${comp.id}`;
    const sent = await h.call('POST', `${base}/organiser-invitations`, people.organiser, { email: people.otherOrganiser.email });
    expect(sent.status).toBe(201);
    expect(sent.json.link).toMatch(new RegExp(`^/organiser-invitations/${comp.id}/`));
    const mail = (await h.call('GET', `/api/dev/outbox?competitionId=${comp.id}`, people.organiser)).json.items[0];
    expect(mail).toMatchObject({ to: people.otherOrganiser.email, subject: 'Help organise Solo call' });
    expect(mail.text).toContain(sent.json.link);
    const token = tokenOf(sent.json.link);
    expect((await h.call('GET', `/api/organiser-invitations/${comp.id}/${token}`)).json).toMatchObject({ competitionTitle: 'Solo call', status: 'pending' });
    expect((await h.call('POST', `/api/organiser-invitations/${comp.id}/${token}/accept`, stranger)).status).toBe(403);
    expect((await h.call('POST', `/api/organiser-invitations/${comp.id}/${token}/accept`, people.otherOrganiser)).status).toBe(200);
    expect((await h.call('GET', base, people.otherOrganiser)).json.myRoles).toContain('organiser');
    const organisers = await h.call('GET', `${base}/organisers`, people.otherOrganiser);
    expect(organisers.json.items.map((o: { email: string }) => o.email).sort()).toEqual([people.otherOrganiser.email, people.organiser.email].sort());

    // One goes; the other is the last and stays.
    const removed = await h.call('DELETE', `${base}/organisers/${people.organiser.sub}`, people.otherOrganiser);
    expect(removed.status).toBe(200);
    expect(removed.json.items).toEqual([{ userSub: people.otherOrganiser.sub, email: people.otherOrganiser.email }]);
    expect((await h.call('GET', `${base}/submissions`, people.organiser)).status).toBe(403);
    const last = await h.call('DELETE', `${base}/organisers/${people.otherOrganiser.sub}`, people.otherOrganiser);
    expect(last.status).toBe(409);
    expect(last.json.error.code).toBe('LAST_ORGANISER');
    expect((await h.call('GET', `${base}/submissions`, people.otherOrganiser)).status).toBe(200);
    const trail = (await h.call('GET', `${base}/audit`, people.otherOrganiser)).json.items.map((e: { action: string }) => e.action);
    expect(trail).toEqual(expect.arrayContaining(['organiser.invited', 'organiser.joined', 'organiser.removed']));
  });

  it('the creator alone cannot be removed, and invitations resend and revoke like programme ones', async () => {
    const comp = await openCompetition(h, { title: 'Another solo call' });
    const base = `/api/competitions/${comp.id}`;
    expect((await h.call('DELETE', `${base}/organisers/${people.organiser.sub}`, people.organiser)).status).toBe(409);
    const sent = await h.call('POST', `${base}/organiser-invitations`, people.organiser, { email: 'co@organiser.test' });
    const again = await h.call('POST', `${base}/organiser-invitations/${sent.json.id}/resend`, people.organiser);
    expect(again.status).toBe(201);
    const co: Identity = { sub: 'u-co', email: 'co@organiser.test', name: 'Co Org', groups: [] };
    expect((await h.call('POST', `/api/organiser-invitations/${comp.id}/${tokenOf(sent.json.link)}/accept`, co)).status).toBe(409);
    expect((await h.call('DELETE', `${base}/organiser-invitations/${again.json.id}`, people.organiser)).status).toBe(204);
    expect((await h.call('POST', `/api/organiser-invitations/${comp.id}/${tokenOf(again.json.link)}/accept`, co)).status).toBe(409);
    const list = await h.call('GET', `${base}/organiser-invitations`, people.organiser);
    expect(list.json.items.map((i: { status: string }) => i.status)).toEqual(['revoked', 'revoked']);
    // Not an organiser: refused.
    expect((await h.call('POST', `${base}/organiser-invitations`, stranger, { email: 'x@y.test' })).status).toBe(403);
    expect((await h.call('GET', `${base}/organisers`, stranger)).status).toBe(403);
  });
});
