/**
 * The local outbox is scoped like everything else: an organiser reads the e-mails of the
 * competitions they organise, never another programme's; the staff of a programme whose role reads
 * its calls (here an observer) read those calls' mail too, a partner organiser's role alone does
 * not; anyone else is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { competitionInput, people, programmeInput, startHarness, type Harness } from '../support/api-harness.ts';

let h: Harness;
let a: string;
let b: string;

async function publishedBy(who: Identity, title: string): Promise<string> {
  const created = await h.call('POST', '/api/competitions', who, competitionInput({ title }));
  expect(created.status).toBe(201);
  expect((await h.call('POST', `/api/competitions/${created.json.id}/publish`, who, { version: created.json.version })).status).toBe(200);
  return created.json.id;
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  a = await publishedBy(people.organiser, 'Competition A');
  b = await publishedBy(people.otherOrganiser, 'Competition B');
  // Mail as the use cases send it, through the real outbox mailer (MAIL_MODE=outbox).
  await h.deps.mailer.send({ competitionId: a, to: 'sme1@demo.test', subject: 'Results of Competition A', text: 'You won.' });
  h.clock.advance(1000);
  await h.deps.mailer.send({ competitionId: b, to: 'sme2@demo.test', subject: 'Results of Competition B', text: 'Second prize.' });
});
afterAll(() => h.stop());

const subjects = (r: { json: { items: { subject: string }[] } }) => r.json.items.map((m) => m.subject);

describe('GET /api/dev/outbox', () => {
  it("shows an organiser only their own competitions' mail", async () => {
    const mine = await h.call('GET', '/api/dev/outbox', people.organiser);
    expect(mine.status).toBe(200);
    expect(subjects(mine)).toEqual(['Results of Competition A']);
    expect(mine.json.items[0]).toMatchObject({ competitionId: a, to: 'sme1@demo.test' });

    const theirs = await h.call('GET', '/api/dev/outbox', people.otherOrganiser);
    expect(subjects(theirs)).toEqual(['Results of Competition B']);
  });

  it('filters by ?competitionId=, and refuses a competition the caller does not organise and callers who organise nothing', async () => {
    const one = await h.call('GET', `/api/dev/outbox?competitionId=${a}`, people.organiser);
    expect(one.status).toBe(200);
    expect(subjects(one)).toEqual(['Results of Competition A']);
    const other = await h.call('GET', `/api/dev/outbox?competitionId=${b}`, people.organiser);
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe('FORBIDDEN');
    // Callers who organise nothing: 403; anonymous ones: 401.
    const sme = await h.call('GET', '/api/dev/outbox', people.sme1);
    expect(sme.status).toBe(403);
    expect(sme.json.error.message).toMatch(/organisers/);
    expect((await h.call('GET', '/api/dev/outbox')).status).toBe(401);
  });
});

describe('GET /api/dev/outbox for programme staff', () => {
  const observer: Identity = { sub: 'u-observer', email: 'observer@demo.test', name: 'Otis Observer', groups: [] };
  const partner: Identity = { sub: 'u-partner', email: 'partner@demo.test', name: 'Pia Partner', groups: [] };

  async function join(pid: string, who: Identity, role: string) {
    const sent = await h.call('POST', `/api/programmes/${pid}/invitations`, people.organiser, { email: who.email, role, partnerId: 'coord' });
    expect(sent.status, sent.text).toBe(201);
    const token = (sent.json.link as string).split('/').pop();
    expect((await h.call('POST', `/api/programme-invitations/${pid}/${token}/accept`, who)).status).toBe(200);
  }

  it("shows an observer their programme's calls' mail, and a partner organiser who organises no call nothing", async () => {
    const programme = await h.call('POST', '/api/programmes', people.organiser, programmeInput({ name: 'Outbox programme', description: 'Staff reading mail.', totalBudget: 500_000 }));
    expect(programme.status, programme.text).toBe(201);
    const pid = programme.json.id as string;
    expect((await h.call('PUT', `/api/programmes/${pid}/calls/${a}`, people.organiser, { partnerId: 'coord' })).status).toBe(200);
    // Before any role: refused.
    expect((await h.call('GET', '/api/dev/outbox', observer)).status).toBe(403);
    await join(pid, observer, 'observer');
    await join(pid, partner, 'partner-organiser');

    const seen = await h.call('GET', '/api/dev/outbox', observer);
    expect(seen.status).toBe(200);
    const calls = seen.json.items.filter((m: { competitionId: string }) => m.competitionId === a || m.competitionId === b);
    // Competition A is a call of the programme; B (another organiser's, outside it) stays unseen.
    expect(calls.map((m: { subject: string }) => m.subject)).toEqual(['Results of Competition A']);
    expect((await h.call('GET', `/api/dev/outbox?competitionId=${a}`, observer)).status).toBe(200);
    expect((await h.call('GET', `/api/dev/outbox?competitionId=${b}`, observer)).status).toBe(403);

    // The partner organiser's role reads no calls; they organise none, so A's mail is not theirs.
    const partnerView = await h.call('GET', '/api/dev/outbox', partner);
    expect(partnerView.status).toBe(403);
    expect((await h.call('GET', `/api/dev/outbox?competitionId=${a}`, partner)).status).toBe(403);
  });
});
