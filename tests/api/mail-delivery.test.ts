/**
 * Issue 13: e-mail that really goes out, honestly reported — against dynalite, with the mailer the
 * app uses (the outbox wrapped by the suppression check). An invitation of every kind to an address
 * SES reported as bouncing or complaining answers "Not sent — address bounced/complained", stores
 * that on the invitation and shows it in the lists, with the address's badge; a transient
 * suppression lapses after 24 h and is retried a limited number of times; a permanent one stays
 * until an organiser clears it (audited, only for an address the competition mails); the
 * suppression of a chunk of recipients is one BatchGetItem, not a GetItem per mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { TRANSIENT_RETRIES, TRANSIENT_SUPPRESSION_HOURS } from '../../functions/domain/mail-status.ts';
import { PRIVACY_NOTICE } from '../../functions/domain/privacy.ts';
import { recordMailEvents } from '../../functions/use-cases/mail-events.ts';
import { openCompetition, people, registrationInput, programmeInput, startHarness, type Harness } from '../support/api-harness.ts';
import { mailStatusReads } from '../support/mail-status-reads.ts';

let h: Harness;
let cid: string;
let roundId: string;
const base = () => `/api/competitions/${cid}`;
const outboxTo = async (to: string) => (await h.deps.outbox.list(cid, 200)).filter((m) => m.to === to);
const HOUR = 3_600_000;

const bounce = (address: string, type: 'Permanent' | 'Transient', at: string, feedbackId: string) =>
  recordMailEvents(h.deps, [{ kind: 'bounce', address, at, type, subType: type === 'Permanent' ? 'General' : 'MailboxFull', feedbackId }]);
const complaint = (address: string, at: string, feedbackId: string) => recordMailEvents(h.deps, [{ kind: 'complaint', address, at, feedbackId, feedbackType: 'abuse' }]);
const delivery = (address: string, at: string, feedbackId: string) => recordMailEvents(h.deps, [{ kind: 'delivery', address, at, feedbackId }]);
const send = (to: string, subject: string) => h.deps.mailer.send({ competitionId: cid, to, subject, text: 'Hello.' });

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: 'Honest Mail' })).id;
  const round = await h.call('POST', `${base()}/rounds`, people.organiser, { name: 'Investors', kind: 'investor', k: 1, maxLoad: 5, opensAt: '2026-12-02T09:00', closesAt: '2026-12-22T18:00', weight: 10 });
  expect(round.status, round.text).toBe(201);
  roundId = round.json.id;
  await bounce('gone@bounce.example', 'Permanent', '2026-12-01T09:00:00.000Z', 'p-1');
  await complaint('angry@complaint.example', '2026-12-01T09:00:00.000Z', 'c-1');
}, 60_000);
afterAll(() => h?.stop());

describe('an invitation to a suppressed address says so, of every kind', () => {
  it('reviewer invitations: "Not sent — address bounced" in the answer and the list, stored, nothing in the outbox; other addresses are sent', async () => {
    const r = await h.call('POST', `${base()}/rounds/${roundId}/invitations`, people.organiser, { emails: ['Gone@Bounce.example', 'ok@fine.example'] });
    expect(r.status, r.text).toBe(201);
    const [gone, ok] = r.json.items;
    expect(gone).toMatchObject({ email: 'gone@bounce.example', sent: false, mailState: 'suppressed' });
    expect(gone.mailError).toMatch(/^Not sent — address bounced/);
    expect(gone.link).toMatch(/^\/invitations\//); // the link is the fallback, as ever
    expect(ok).toMatchObject({ email: 'ok@fine.example', sent: true });
    expect(ok).not.toHaveProperty('mailState');
    expect(await outboxTo('gone@bounce.example')).toEqual([]);
    expect(await outboxTo('ok@fine.example')).toHaveLength(1);
    const list = (await h.call('GET', `${base()}/invitations`, people.organiser)).json.items;
    const row = list.find((i: { email: string }) => i.email === 'gone@bounce.example');
    expect(row).toMatchObject({ mailState: 'suppressed', mailStatus: 'suppressed', mailError: gone.mailError });
    expect(row).not.toHaveProperty('sentAt');
    expect(list.find((i: { email: string }) => i.email === 'ok@fine.example')).not.toHaveProperty('mailState');
    // A resend to a suppressed address is not sent either, and says so again.
    const again = await h.call('POST', `${base()}/invitations/${gone.id}/resend`, people.organiser);
    expect(again.json).toMatchObject({ sent: false, mailState: 'suppressed' });
  });

  it('co-organiser invitations: "Not sent — address complained", stored and listed', async () => {
    const r = await h.call('POST', `${base()}/organiser-invitations`, people.organiser, { email: 'angry@complaint.example' });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ sent: false, mailState: 'suppressed' });
    expect(r.json.mailError).toMatch(/^Not sent — address complained/);
    const list = (await h.call('GET', `${base()}/organiser-invitations`, people.organiser)).json.items;
    expect(list.find((i: { email: string }) => i.email === 'angry@complaint.example')).toMatchObject({ mailState: 'suppressed', mailStatus: 'suppressed', mailError: r.json.mailError });
    expect(await outboxTo('angry@complaint.example')).toEqual([]);
  });

  it('programme invitations: the same, in the programme', async () => {
    const programme = await h.call('POST', '/api/programmes', people.organiser, programmeInput({ name: 'Mail programme', description: 'Invitations that bounce.', totalBudget: 500_000 }));
    expect(programme.status, programme.text).toBe(201);
    const pid = programme.json.id as string;
    const r = await h.call('POST', `/api/programmes/${pid}/invitations`, people.organiser, { email: 'gone@bounce.example', role: 'observer', partnerId: 'coord' });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ sent: false, mailState: 'suppressed' });
    expect(r.json.mailError).toMatch(/^Not sent — address bounced/);
    const list = (await h.call('GET', `/api/programmes/${pid}/invitations`, people.organiser)).json.items;
    expect(list[0]).toMatchObject({ email: 'gone@bounce.example', mailState: 'suppressed', mailStatus: 'suppressed' });
  });

  it('team invitations: the same on the team panel, with the badge next to the address (the owner sees it)', async () => {
    const reg = await h.call('POST', `${base()}/registration`, people.sme1, { ...registrationInput(), privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 } });
    expect(reg.status, reg.text).toBe(201);
    const r = await h.call('POST', `${base()}/team/invitations`, people.sme1, { email: 'gone@bounce.example', role: 'viewer' });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ sent: false, mailState: 'suppressed', invitation: { mailState: 'suppressed' } });
    const team = (await h.call('GET', `${base()}/team`, people.sme1)).json;
    expect(team.invitations).toEqual([expect.objectContaining({ email: 'gone@bounce.example', mailState: 'suppressed', mailStatus: 'suppressed' })]);
    expect(team.invitations[0].mailError).toMatch(/^Not sent — address bounced/);
  });
});

describe('transient bounces lapse; permanent ones and complaints stay until cleared', () => {
  it(`a transient suppression holds mail back for ${TRANSIENT_SUPPRESSION_HOURS} h, then mail is tried again; a retry that bounces is suppressed at once, for good after ${TRANSIENT_RETRIES}`, async () => {
    const a = 'full@mailbox.example';
    const t0 = Date.parse('2026-12-01T10:00:00Z');
    for (const [i, at] of ['2026-12-01T08:00:00.000Z', '2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z'].entries()) await bounce(a, 'Transient', at, `t-${i}`);
    expect((await h.deps.mailStatus.get(a))?.suppressed).toEqual({ reason: 'transient-bounces', at: '2026-12-01T10:00:00.000Z', until: '2026-12-02T10:00:00.000Z' });
    expect(await send(a, 'Held')).toMatchObject({ heldBack: 'transient-bounces', until: '2026-12-02T10:00:00.000Z' });
    h.clock.set(new Date(t0 + TRANSIENT_SUPPRESSION_HOURS * HOUR + 1000));
    expect(await send(a, 'Retry 1')).toBeUndefined();
    let retries = 0;
    for (let i = 1; i <= TRANSIENT_RETRIES; i++) {
      const at = new Date(h.clock.now().getTime() + 1000).toISOString();
      await bounce(a, 'Transient', at, `r-${i}`);
      retries++;
      const s = (await h.deps.mailStatus.get(a))!;
      expect(s.transientRetries).toBe(retries);
      if (i < TRANSIENT_RETRIES) {
        expect(s.suppressed?.until).toBe(new Date(Date.parse(at) + TRANSIENT_SUPPRESSION_HOURS * HOUR).toISOString());
        expect(await send(a, `Held ${i}`)).toMatchObject({ heldBack: 'transient-bounces' });
        h.clock.set(new Date(Date.parse(s.suppressed!.until!) + 1000));
        expect(await send(a, `Retry ${i + 1}`)).toBeUndefined();
      } else expect(s.suppressed).toEqual({ reason: 'transient-bounces', at }); // no lapse any more
    }
    h.clock.set(new Date(h.clock.now().getTime() + 30 * 24 * HOUR));
    expect(await send(a, 'Still held')).toMatchObject({ heldBack: 'transient-bounces' });
    expect((await outboxTo(a)).map((m) => m.subject)).toEqual(['Retry 3', 'Retry 2', 'Retry 1']); // newest first
    h.clock.set('2026-12-01T10:00:00Z');
  });

  it('a delivery after a transient suppression lapsed ends it', async () => {
    const a = 'flaky@mailbox.example';
    for (const [i, at] of ['2026-12-01T08:00:00.000Z', '2026-12-01T08:10:00.000Z', '2026-12-01T08:20:00.000Z'].entries()) await bounce(a, 'Transient', at, `f-${i}`);
    await delivery(a, '2026-12-01T09:00:00.000Z', 'early'); // before the lapse: it changes nothing
    expect((await h.deps.mailStatus.get(a))?.suppressed?.reason).toBe('transient-bounces');
    await delivery(a, '2026-12-02T09:00:00.000Z', 'after');
    const s = (await h.deps.mailStatus.get(a))!;
    expect(s.suppressed).toBeUndefined();
    expect(s.transientAts).toEqual([]);
  });

  it('a permanent bounce and a complaint do not lapse', async () => {
    h.clock.set('2027-01-30T10:00:00Z');
    try {
      expect(await send('gone@bounce.example', 'Late')).toMatchObject({ heldBack: 'permanent-bounce' });
      expect(await send('angry@complaint.example', 'Late')).toMatchObject({ heldBack: 'complaint' });
      // A transient bounce does not turn a permanent suppression into one that lapses.
      await bounce('gone@bounce.example', 'Transient', '2027-01-30T10:00:00.000Z', 'p-t');
      expect((await h.deps.mailStatus.get('gone@bounce.example'))?.suppressed).toEqual({ reason: 'permanent-bounce', at: '2026-12-01T09:00:00.000Z' });
    } finally {
      h.clock.set('2026-12-01T10:00:00Z');
    }
  });
});

describe('an organiser clears a suppression', () => {
  const clear = (who: Identity | undefined, address: string, competitionId = cid) => h.call('POST', `/api/competitions/${competitionId}/mail-suppressions/clear`, who, { address });

  it('is refused to anyone who does not manage the competition, and for an address the competition does not mail', async () => {
    expect((await clear(undefined, 'gone@bounce.example')).status).toBe(401);
    expect((await clear(people.sme1, 'gone@bounce.example')).status).toBe(403);
    expect((await clear(people.otherOrganiser, 'gone@bounce.example')).status).toBe(403);
    const unknown = await clear(people.organiser, 'full@mailbox.example'); // suppressed, but never invited here
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('NOT_FOUND');
    expect((await clear(people.organiser, 'not an address')).status).toBe(400);
    expect((await h.deps.mailStatus.get('gone@bounce.example'))?.suppressed?.reason).toBe('permanent-bounce');
  });

  it('sends to the address again, audited with what was cleared; a resend of the invitation then goes out', async () => {
    const r = await clear(people.organiser, 'Gone@Bounce.example');
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ address: 'gone@bounce.example', bounces: 2, mailStatus: 'bounced', clearedAt: '2026-12-01T10:00:00.000Z' });
    expect(r.json).not.toHaveProperty('suppressed');
    const trail = (await h.call('GET', `${base()}/audit?limit=100`, people.organiser)).json.items;
    const entry = trail.find((e: { action: string }) => e.action === 'mail.suppression-cleared');
    expect(entry).toMatchObject({ target: 'address:gone@bounce.example', before: { suppressed: { reason: 'permanent-bounce' } }, actor: { email: people.organiser.email } });
    // Clearing again changes nothing and is not audited twice.
    expect((await clear(people.organiser, 'gone@bounce.example')).status).toBe(200);
    const again = (await h.call('GET', `${base()}/audit?limit=100`, people.organiser)).json.items.filter((e: { action: string }) => e.action === 'mail.suppression-cleared');
    expect(again).toHaveLength(1);
    const invitation = (await h.call('GET', `${base()}/invitations`, people.organiser)).json.items.find((i: { email: string; status: string }) => i.email === 'gone@bounce.example' && i.status === 'pending');
    const resent = await h.call('POST', `${base()}/invitations/${invitation.id}/resend`, people.organiser);
    expect(resent.json).toMatchObject({ sent: true });
    expect(resent.json).not.toHaveProperty('mailState');
    expect(await outboxTo('gone@bounce.example')).toHaveLength(1);
  });
});

describe('the suppression check of a chunk of recipients', () => {
  it('is one BatchGetItem for an invitation request of many addresses, not a GetItem per mail', async () => {
    const emails = Array.from({ length: 12 }, (_, i) => `batch${i}@many.example`);
    await bounce('batch3@many.example', 'Permanent', '2026-12-01T09:30:00.000Z', 'b-3');
    const { result: r, reads } = await mailStatusReads(h.db, () => h.call('POST', `${base()}/rounds/${roundId}/invitations`, people.organiser, { emails }));
    expect(r.status, r.text).toBe(201);
    expect(reads.filter((o) => o !== 'UpdateItem')).toEqual(['BatchGetItem']); // UpdateItem: the held-back send counted on its status
    expect(r.json.items.filter((i: { sent: boolean }) => !i.sent).map((i: { email: string }) => i.email)).toEqual(['batch3@many.example']);
  });
});

describe('badges next to the address in the people lists', () => {
  it("the competition's organisers list shows what SES reported about each organiser's address", async () => {
    expect((await h.call('GET', `${base()}/organisers`, people.organiser)).json.items[0]).not.toHaveProperty('mailStatus');
    await bounce(people.organiser.email, 'Permanent', '2026-12-01T09:45:00.000Z', 'o-1');
    expect((await h.call('GET', `${base()}/organisers`, people.organiser)).json.items).toEqual([expect.objectContaining({ email: people.organiser.email, mailStatus: 'suppressed' })]);
  });
});
