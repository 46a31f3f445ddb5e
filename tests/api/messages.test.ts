/**
 * Message templates and reviewer invitations that go out (issue 13), through the API against
 * dynalite and the real outbox mailer: organisers edit a competition's templates (bad fields
 * refused by name, versions, reset, audit), preview them with the competition's own data, and
 * inviting an investor sends the e-mail through the template — text and escaped HTML; resending
 * voids the old link, revoking stops it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { DEFAULT_TEMPLATES } from '../../functions/domain/messages.ts';
import { sendMessage, templateCache } from '../../functions/use-cases/messages.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { decidedWorld, publish } from '../support/results-world.ts';
import { recordRoundTrips } from '../support/db-round-trips.ts';
import { mailStatusReads } from '../support/mail-status-reads.ts';

let h: Harness;
let cid: string;
let roundId: string;

/** A title that would break HTML if it were not escaped. */
const TITLE = 'Clean <b>Air</b> & "Water" Challenge';
const investor: Identity = { sub: 'u-inv-m', email: 'ivy@fund.example', name: 'Ivy Investor', groups: [] };
const base = () => `/api/competitions/${cid}`;
const outbox = async () => (await h.call('GET', `/api/dev/outbox?competitionId=${cid}`, people.organiser)).json.items as { to: string; subject: string; text: string; html?: string }[];
const tokenOf = (link: string) => link.split('/').pop()!;
const template = async (kind: string) =>
  ((await h.call('GET', `${base()}/messages`, people.organiser)).json.items as { kind: string; subject: string; body: string; version: number; custom: boolean }[]).find((t) => t.kind === kind)!;

/** The table reads of template keys while `work` runs (other reads, e.g. a suppression check, are not counted). */
async function templateReadsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const reads: string[] = [];
  const stop = h.db.onCall((e) => {
    const key = (e.input as { Key?: { sk?: string } }).Key;
    if (e.phase === 'start' && key?.sk?.startsWith('TEMPLATE#')) reads.push(e.operation);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return reads;
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: TITLE })).id;
  const round = await h.call('POST', `${base()}/rounds`, people.organiser, { name: 'Investors', kind: 'investor', k: 1, maxLoad: 5, opensAt: '2026-12-02T09:00', closesAt: '2026-12-22T18:00', weight: 10 });
  expect(round.status, round.text).toBe(201);
  roundId = round.json.id;
});
afterAll(() => h.stop());

describe('templates', () => {
  it('lists every kind a competition sends with its default, fields and version 0; only for its organisers', async () => {
    const r = await h.call('GET', `${base()}/messages`, people.organiser);
    expect(r.status).toBe(200);
    const kinds = r.json.items.map((t: { kind: string }) => t.kind);
    expect(kinds).toContain('reviewer-invitation');
    expect(kinds).toContain('results-published');
    expect(kinds).not.toContain('programme-invitation');
    expect(r.json.items.find((t: { kind: string }) => t.kind === 'reviewer-invitation')).toMatchObject({
      custom: false,
      version: 0,
      subject: DEFAULT_TEMPLATES['reviewer-invitation'].subject,
      fields: ['competition', 'round', 'inviter', 'link', 'expires'],
    });
    expect((await h.call('GET', `${base()}/messages`, people.sme1)).status).toBe(403);
    expect((await h.call('GET', `${base()}/messages`, people.otherOrganiser)).status).toBe(403);
    expect((await h.call('GET', `${base()}/messages`)).status).toBe(401);
  });

  it('refuses a template with an unknown merge field, naming it; a subject with a line break; a malformed or unclosed field; too long a body', async () => {
    const put = (body: Record<string, unknown>, who = people.organiser) => h.call('PUT', `${base()}/messages/reviewer-invitation`, who, { subject: 'Hello', body: 'Join {{link}}', version: 0, ...body });
    const unknown = await put({ body: 'Dear {{organisation}}, join: {{link}}' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('VALIDATION_FAILED');
    expect(unknown.json.error.fields.body).toMatch(/Unknown merge field \{\{organisation\}\}/);
    expect(unknown.json.error.fields.body).toContain('{{round}}');
    const inSubject = await put({ subject: 'For {{deadline}}' });
    expect(inSubject.json.error.fields.subject).toMatch(/\{\{deadline\}\}/);
    expect((await put({ subject: 'Two\nlines' })).json.error.fields.subject).toMatch(/one line/);
    expect((await put({ body: 'Join {{ Link }}' })).json.error.fields.body).toMatch(/not a merge field/);
    expect((await put({ body: 'Join {{link' })).json.error.fields.body).toMatch(/not closed/);
    const long = await put({ body: 'x'.repeat(5001) });
    expect(long.status).toBe(400);
    expect(long.json.error.fields.body).toMatch(/5000/);
    // A kind no competition sends, and callers who do not organise it.
    expect((await h.call('PUT', `${base()}/messages/programme-invitation`, people.organiser, { subject: 'x', body: 'y', version: 0 })).status).toBe(400);
    expect((await put({}, people.sme1)).status).toBe(403);
    expect((await put({}, people.otherOrganiser)).status).toBe(403);
    // Nothing was stored by any of these.
    expect(await template('reviewer-invitation')).toMatchObject({ custom: false, version: 0 });
  });

  it('saves a template (version 1, audited), refuses a stale version, and resets to the default (audited)', async () => {
    const saved = await h.call('PUT', `${base()}/messages/feedback-released`, people.organiser, { subject: 'Feedback on {{title}}', body: 'Read it: {{link}}', version: 0 });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({ custom: true, version: 1, subject: 'Feedback on {{title}}', updatedBy: people.organiser.email });
    const stale = await h.call('PUT', `${base()}/messages/feedback-released`, people.organiser, { subject: 'Again', body: '{{link}}', version: 0 });
    expect(stale.status).toBe(409);
    const again = await h.call('PUT', `${base()}/messages/feedback-released`, people.organiser, { subject: 'Again', body: '{{link}}', version: 1 });
    expect(again.json.version).toBe(2);
    expect((await h.call('POST', `${base()}/messages/feedback-released/reset`, people.organiser, { version: 1 })).status).toBe(409);
    const reset = await h.call('POST', `${base()}/messages/feedback-released/reset`, people.organiser, { version: 2 });
    expect(reset.status).toBe(200);
    expect(reset.json).toMatchObject({ custom: false, version: 0, subject: DEFAULT_TEMPLATES['feedback-released'].subject });
    const audit = (await h.call('GET', `${base()}/audit?limit=100`, people.organiser)).json.items as { action: string; target: string; after: unknown }[];
    expect(audit.filter((e) => e.target === 'message:feedback-released').map((e) => e.action)).toEqual(['message-template.saved', 'message-template.saved', 'message-template.reset']);
  });
});

describe('preview', () => {
  it("renders with the competition's own data, sample values labelled where it has none, every value escaped in the HTML", async () => {
    const before = await h.call('POST', `${base()}/messages/results-published/preview`, people.organiser, {});
    expect(before.status, before.text).toBe(200);
    const source = (r: typeof before, name: string) => r.json.fields.find((f: { name: string }) => f.name === name);
    expect(source(before, 'competition')).toEqual({ name: 'competition', value: TITLE, source: 'competition' });
    expect(source(before, 'organisation')).toMatchObject({ source: 'sample' });
    expect(before.json.subject).toBe(`Results of ${TITLE}`);
    expect(before.json.html).not.toContain('<b>Air</b>');

    // An entrant registers and writes: the preview now names them.
    expect((await h.call('POST', `${base()}/registration`, people.sme1, registrationInput({ organisationName: 'Tom & <Jerry> BV', registryId: 'BE0200000001' }))).status).toBe(201);
    expect((await h.call('POST', `${base()}/submissions`, people.sme1, submissionContent({ title: 'Filters "that" work' }))).status).toBe(201);
    const draft = { subject: '{{organisation}}: your result', body: 'Dear {{organisation}},\n\n{{outcome}}\n\nSee {{link}}' };
    const after = await h.call('POST', `${base()}/messages/results-published/preview`, people.organiser, draft);
    expect(source(after, 'organisation')).toEqual({ name: 'organisation', value: 'Tom & <Jerry> BV', source: 'competition' });
    expect(after.json.subject).toBe('Tom & <Jerry> BV: your result');
    expect(after.json.text).toContain('Dear Tom & <Jerry> BV,');
    expect(after.json.html).toContain('Dear Tom &amp; &lt;Jerry&gt; BV,');
    expect(after.json.html).not.toContain('<Jerry>');
    expect(after.json.html).toMatch(/<a href="http:\/\/localhost:3000\/competitions\/[^"]+">/);
    expect(after.json.problems).toEqual({});
    // The unsaved text is checked as a save would check it, and nothing was saved.
    const bad = await h.call('POST', `${base()}/messages/results-published/preview`, people.organiser, { body: 'Hi {{round}}' });
    expect(bad.json.problems.body).toMatch(/\{\{round\}\}/);
    expect(await template('results-published')).toMatchObject({ custom: false });
    // The round is real for invitations; the inviter is the caller.
    const inv = await h.call('POST', `${base()}/messages/reviewer-invitation/preview`, people.organiser, {});
    expect(source(inv, 'round')).toEqual({ name: 'round', value: 'Investors', source: 'competition' });
    expect(source(inv, 'inviter')).toMatchObject({ value: people.organiser.name, source: 'competition' });
    // An invitation's link is personal: an example until someone is invited, and said so.
    expect(source(inv, 'link')).toEqual({ name: 'link', value: `http://localhost:3000/invitations/${cid}/example-link`, source: 'sample' });
    expect((await h.call('POST', `${base()}/messages/reviewer-invitation/preview`, people.sme1, {})).status).toBe(403);
  });
});

describe('reviewer invitations that go out', () => {
  let first: { id: string; link: string };

  it("sends the invitation through the competition's template (text and escaped HTML), keeping the link in the answer", async () => {
    const saved = await h.call('PUT', `${base()}/messages/reviewer-invitation`, people.organiser, {
      subject: 'Judge with us: {{round}} of {{competition}}',
      body: 'Hello,\n\n{{inviter}} asks you to review. Accept: {{link}}\nValid until {{expires}}.',
      version: 0,
    });
    expect(saved.status, saved.text).toBe(200);
    const r = await h.call('POST', `${base()}/rounds/${roundId}/invitations`, people.organiser, { emails: ['Ivy@Fund.example'] });
    expect(r.status, r.text).toBe(201);
    expect(r.json.items[0]).toMatchObject({ email: 'ivy@fund.example', sent: true });
    first = r.json.items[0];
    const mail = (await outbox()).find((m) => m.to === 'ivy@fund.example')!;
    expect(mail.subject).toBe(`Judge with us: Investors of ${TITLE}`);
    expect(mail.text).toContain(`Accept: http://localhost:3000${first.link}`);
    expect(mail.text).toContain('Valid until 2026-12-15 11:00 (Europe/Brussels).');
    expect(mail.html).toContain(`<a href="http://localhost:3000${first.link}">`);
    expect(mail.html).toContain('Clean &lt;b&gt;Air&lt;/b&gt; &amp; &quot;Water&quot; Challenge');
    const list = (await h.call('GET', `${base()}/invitations`, people.organiser)).json.items;
    expect(list[0]).toMatchObject({ id: first.id, email: 'ivy@fund.example', status: 'pending', sentAt: '2026-12-01T10:00:00.000Z' });
    expect(list[0]).not.toHaveProperty('tokenHash');
  });

  it('resends with a new link: the old link stops working, the expiry starts again, the list shows the resend', async () => {
    h.clock.advance(3 * 86_400_000);
    const r = await h.call('POST', `${base()}/invitations/${first.id}/resend`, people.organiser);
    expect(r.status, r.text).toBe(200);
    expect(r.json.link).not.toBe(first.link);
    expect(r.json).toMatchObject({ email: 'ivy@fund.example', sent: true, expiresAt: '2026-12-18T10:00:00.000Z' });
    expect((await h.call('GET', `/api/invitations/${cid}/${tokenOf(first.link)}`)).status).toBe(404);
    expect((await h.call('POST', `/api/invitations/${cid}/${tokenOf(first.link)}/accept`, investor, { interests: [] })).status).toBe(404);
    expect((await h.call('GET', `/api/invitations/${cid}/${tokenOf(r.json.link)}`)).json).toMatchObject({ status: 'pending', email: 'ivy@fund.example' });
    const list = (await h.call('GET', `${base()}/invitations`, people.organiser)).json.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: r.json.id, resends: 1, resentAt: '2026-12-04T10:00:00.000Z', createdAt: '2026-12-01T10:00:00.000Z' });
    expect((await outbox()).filter((m) => m.to === 'ivy@fund.example')).toHaveLength(2);
    // The old id names nothing any more.
    expect((await h.call('POST', `${base()}/invitations/${first.id}/resend`, people.organiser)).status).toBe(404);
    // Only the competition's organisers resend.
    expect((await h.call('POST', `${base()}/invitations/${r.json.id}/resend`, people.otherOrganiser)).status).toBe(403);
    expect((await h.call('POST', `${base()}/invitations/${r.json.id}/resend`, people.sme1)).status).toBe(403);
    first = r.json;
  });

  it('revokes: the link no longer works; a resend brings a fresh one; accepted invitations are neither resent nor revoked', async () => {
    const rv = await h.call('DELETE', `${base()}/invitations/${first.id}`, people.organiser);
    expect(rv.status, rv.text).toBe(200);
    expect(rv.json).toMatchObject({ status: 'revoked', email: 'ivy@fund.example' });
    expect((await h.call('DELETE', `${base()}/invitations/${first.id}`, people.organiser)).json.status).toBe('revoked'); // twice: the same
    expect((await h.call('GET', `/api/invitations/${cid}/${tokenOf(first.link)}`)).json.status).toBe('revoked');
    expect((await h.call('POST', `/api/invitations/${cid}/${tokenOf(first.link)}/accept`, investor, { interests: [] })).status).toBe(409);
    const again = await h.call('POST', `${base()}/invitations/${first.id}/resend`, people.organiser);
    expect(again.status).toBe(200);
    const accepted = await h.call('POST', `/api/invitations/${cid}/${tokenOf(again.json.link)}/accept`, investor, { interests: [] });
    expect(accepted.status, accepted.text).toBe(200);
    expect((await h.call('POST', `${base()}/invitations/${again.json.id}/resend`, people.organiser)).status).toBe(409);
    expect((await h.call('DELETE', `${base()}/invitations/${again.json.id}`, people.organiser)).status).toBe(409);
    const actions = ((await h.call('GET', `${base()}/audit?limit=100`, people.organiser)).json.items as { action: string }[]).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('invitation.'))).toEqual(['invitation.resent', 'invitation.revoked', 'invitation.resent']);
  });

  it('resends at most once when two resends race: one new link wins, the other is refused, one invitation is left', async () => {
    const r = await h.call('POST', `${base()}/rounds/${roundId}/invitations`, people.organiser, { emails: ['race@fund.example'] });
    const id = r.json.items[0].id as string;
    const [a, b] = await Promise.all([h.call('POST', `${base()}/invitations/${id}/resend`, people.organiser), h.call('POST', `${base()}/invitations/${id}/resend`, people.organiser)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const rows = ((await h.call('GET', `${base()}/invitations`, people.organiser)).json.items as { id: string; email: string }[]).filter((i) => i.email === 'race@fund.example');
    expect(rows.map((i) => i.id)).toEqual([winner.json.id]);
    expect((await h.call('GET', `/api/invitations/${cid}/${tokenOf(winner.json.link)}`)).json.status).toBe('pending');
  });

  it('invites 40 addresses in one request a few at a time: the sequential DynamoDB chain stays short', async () => {
    const emails = Array.from({ length: 40 }, (_, i) => `bulk-invite-${i}@fund.example`);
    const { result, calls, sequential } = await recordRoundTrips(h.db).measure(() => h.call('POST', `${base()}/rounds/${roundId}/invitations`, people.organiser, { emails }));
    expect(result.status).toBe(201);
    expect(result.json.items.every((i: { sent: boolean }) => i.sent)).toBe(true);
    // 40 invitations and 40 e-mails written (with the mailer's own reads and writes, e.g. the suppression check), 8 addresses
    // at a time: 40 / 8 = 5 addresses in a row per worker, each a few calls, plus the reads before and the audit entry after —
    // not 40 in a row. Measured: 164 calls, 24 sequential.
    expect(calls.filter((c) => c.operation === 'PutItem').length).toBeGreaterThanOrEqual(81);
    expect(sequential).toBeLessThanOrEqual(26);
  });

  it('reports an e-mail that could not be sent, keeps the link working and records why', async () => {
    const real = h.deps.mailer;
    h.deps.mailer = { send: async () => Promise.reject(new Error('SES refused the message (400 MessageRejected): Email address is not verified.')) };
    try {
      const r = await h.call('POST', `${base()}/rounds/${roundId}/invitations`, people.organiser, { emails: ['bounce@fund.example'] });
      expect(r.status).toBe(201);
      expect(r.json.items[0]).toMatchObject({ sent: false, mailError: expect.stringMatching(/not verified/) });
      const row = ((await h.call('GET', `${base()}/invitations`, people.organiser)).json.items as { email: string }[]).find((i) => i.email === 'bounce@fund.example');
      expect(row).toMatchObject({ status: 'pending', mailError: expect.stringMatching(/not verified/) });
      expect(row).not.toHaveProperty('sentAt');
      expect((await h.call('GET', `/api/invitations/${cid}/${tokenOf(r.json.items[0].link)}`)).json.status).toBe('pending');
    } finally {
      h.deps.mailer = real;
    }
  });
});

describe('sending', () => {
  it('reads a template once per job run however many mails (one GetItem), and never sends with a hole', async () => {
    const templates = templateCache(h.deps);
    const reads = await templateReadsDuring(() =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          sendMessage(h.deps, { kind: 'reviewer-invitation', competitionId: cid, to: `cached${i}@fund.example`, fields: { competition: 'C', round: 'R', inviter: 'I', link: 'L', expires: 'E' } }, templates),
        ),
      ),
    );
    expect(reads).toEqual(['GetItem']);
    const sent = (await outbox()).filter((m) => m.to.startsWith('cached'));
    expect(sent).toHaveLength(20);
    expect(sent[0]!.subject).toBe('Judge with us: R of C'); // the competition's template
    await expect(sendMessage(h.deps, { kind: 'reviewer-invitation', competitionId: cid, to: 'hole@fund.example', fields: { competition: 'C' } })).rejects.toThrow(/lacks round, inviter, link, expires/);
    expect((await outbox()).some((m) => m.to === 'hole@fund.example')).toBe(false);
    // Programme mail (not a competition's) uses the default and reads no template.
    const none = await templateReadsDuring(() =>
      sendMessage(h.deps, { kind: 'programme-invitation', competitionId: 'programme:p1', to: 'p@x.example', fields: { programme: 'P', role: 'observer', inviter: 'I', link: 'L', expires: 'E' } }),
    );
    expect(none).toEqual([]);
  });
});

describe('results and feedback mails', () => {
  it("go out through the competition's templates, one per entrant, from the notifications job", async () => {
    const w = await decidedWorld(h, { n: 3, prefix: 'm', title: 'Decided & <Done>' });
    const put = (kind: string, subject: string, body: string) => h.call('PUT', `${w.base}/messages/${kind}`, people.organiser, { subject, body, version: 0 });
    expect((await put('results-published', '{{organisation}}: the results of {{competition}}', 'Dear {{organisation}} ("{{title}}"),\n\n{{outcome}}\n\n{{link}}')).status).toBe(200);
    expect((await put('feedback-released', 'Feedback for {{organisation}}', 'Read the feedback on "{{title}}": {{link}}')).status).toBe(200);
    const published = await publish(h, w);
    expect(published.status, published.text).toBe(202);
    const mails = async () => (await h.call('GET', `/api/dev/outbox?competitionId=${w.cid}`, people.organiser)).json.items as { to: string; subject: string; text: string; html: string }[];
    const results = (await mails()).filter((m) => m.subject.includes('the results of'));
    expect(results.map((m) => m.subject).sort()).toEqual(['Org m0', 'Org m1', 'Org m2'].map((o) => `${o}: the results of Decided & <Done>`));
    const first = results.find((m) => m.to === 'm0@demo.test')!;
    expect(first.text).toMatch(/^Dear Org m0 \("Idea 0"\),\n\nThe results of Decided & <Done> are out\. Thank you for taking part\./); // no award confirmed: the outcome says so
    expect(first.text).toContain(`http://localhost:3000/competitions/${w.cid}/results`);
    expect(first.html).toContain('Decided &amp; &lt;Done&gt;');

    const c = (await h.call('GET', w.base, people.organiser)).json;
    expect((await h.call('POST', `${w.base}/feedback/release`, people.organiser, { version: c.version })).status).toBe(200);
    await h.jobsSettled();
    const feedback = (await mails()).filter((m) => m.subject.startsWith('Feedback for'));
    expect(feedback).toHaveLength(3);
    expect(feedback.find((m) => m.to === 'm1@demo.test')!.text).toBe(`Read the feedback on "Idea 1": http://localhost:3000/competitions/${w.cid}/feedback`);
    // Issue 13: the inbox says what the e-mail says (one source: the edited templates).
    const inbox = (await h.call('GET', '/api/me/notifications', w.entrants[1])).json.items as { subject: string; body: string }[];
    expect(inbox.map((n) => n.subject)).toEqual(['Feedback for Org m1', 'Org m1: the results of Decided & <Done>']);
    expect(inbox[0]!.body).toBe(feedback.find((m) => m.to === 'm1@demo.test')!.text);
    expect(inbox[1]!.body).toBe(results.find((m) => m.to === 'm1@demo.test')!.text);
  });

  it("reads the suppression of each chunk of recipients at once: one BatchGetItem, no GetItem per mail (issue 13)", async () => {
    const w = await decidedWorld(h, { n: 4, prefix: 'bq', title: 'Batched' });
    const { result: published, reads } = await mailStatusReads(h.db, () => publish(h, w));
    expect(published.status).toBe(202);
    expect(reads).toEqual(['BatchGetItem']); // 4 entrants: one chunk
    expect((await h.deps.outbox.list(w.cid, 50)).filter((m) => m.subject.startsWith('Results of'))).toHaveLength(4);
  });

  it('an amendment sends its own kind, "results-amended" (the reason and the new outcome, editable), by e-mail and in the inbox alike', async () => {
    const w = await decidedWorld(h, { n: 3, prefix: 'am', title: 'Amend & Tell' });
    const listed = (await h.call('GET', `${w.base}/messages`, people.organiser)).json.items.find((t: { kind: string }) => t.kind === 'results-amended');
    expect(listed).toMatchObject({ custom: false, fields: ['competition', 'organisation', 'title', 'reason', 'outcome', 'link'] });
    expect(listed.default.subject).toBe('Results of {{competition}} amended');
    const saved = await h.call('PUT', `${w.base}/messages/results-amended`, people.organiser, { subject: 'Correction for {{organisation}}', body: 'Why: {{reason}}\n\nNow: {{outcome}}\n\n{{link}}', version: 0 });
    expect(saved.status, saved.text).toBe(200);
    await h.call('POST', `${w.base}/awards`, people.organiser, { awards: [{ submissionId: w.subs[0], type: 'prize', rank: 1 }, { submissionId: w.subs[1], type: 'prize', rank: 2 }] });
    expect((await publish(h, w)).status).toBe(202);
    const reason = 'Org am1 turned out to be a large enterprise.';
    const version = async () => (await h.call('GET', w.base, people.organiser)).json.version as number;
    expect((await h.call('POST', `${w.base}/results/amendment`, people.organiser, { version: await version(), reason })).status).toBe(200);
    expect((await h.call('DELETE', `${w.base}/awards/${encodeURIComponent(`prize:${w.subs[1]}`)}`, people.organiser)).status).toBe(200);
    expect((await h.call('POST', `${w.base}/awards`, people.organiser, { awards: [{ submissionId: w.subs[2], type: 'prize', rank: 2 }] })).status).toBe(200);
    expect((await h.call('POST', `${w.base}/results/amendment/publish`, people.organiser, { version: await version() })).status).toBe(202);
    await h.jobsSettled();
    const mails = (await h.call('GET', `/api/dev/outbox?competitionId=${w.cid}`, people.organiser)).json.items as { to: string; subject: string; text: string }[];
    const amended = mails.filter((m) => m.subject.startsWith('Correction for'));
    expect(amended.map((m) => m.to).sort()).toEqual(['am1@demo.test', 'am2@demo.test']); // whose outcome changed
    const toAm2 = amended.find((m) => m.to === 'am2@demo.test')!;
    expect(toAm2.subject).toBe('Correction for Org am2');
    expect(toAm2.text).toMatch(new RegExp(`^Why: ${reason.replace(/\./g, '\\.')}\n\nNow: Congratulations! Your organisation has been awarded €30,000`));
    expect(toAm2.text).not.toContain('Results of'); // not the outcome message reused
    const inbox = (await h.call('GET', '/api/me/notifications', w.entrants[2])).json.items as { subject: string; body: string }[];
    expect(inbox.find((n) => n.subject === 'Correction for Org am2')?.body).toBe(toAm2.text);
  });
});
