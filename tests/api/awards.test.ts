/**
 * Awards and announcements through the API against dynalite: the plan, the proposal, confirming
 * (atomic, idempotent, raced), withdrawing, publication and who sees what before and after it,
 * feedback reports that match the ranking, notifications, the outbox, matches, the audit trail.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../functions/domain/audit.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { verifyResultsPackage, type ResultsPackage } from '../../functions/use-cases/results-package.ts';
import type { Mailer } from '../../functions/use-cases/ports.ts';
import { startJobFor } from '../../functions/use-cases/jobs.ts';
import { deliverDueAnnouncements } from '../../functions/use-cases/results.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

const N = 26;
let h: Harness;
let cid: string;
const smes: Identity[] = Array.from({ length: N }, (_, i) => ({ sub: `u-e${i}`, email: `e${i}@demo.test`, name: `Entrant ${i}`, groups: [] }));
const jury: Identity = { sub: 'u-jury', email: 'jury@demo.test', name: 'Judy Jury', groups: [] };
const subs: string[] = [];
const base = () => `/api/competitions/${cid}`;

/** The whole trail, page by page through the audit route. */
async function allAuditEntries(): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor = '';
  do {
    const page = await h.call('GET', `${base()}/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, people.organiser);
    out.push(...page.json.items);
    cursor = page.json.nextCursor ?? '';
  } while (cursor);
  return out;
}

const plan = {
  currency: 'EUR',
  totalBudget: 20_000_000, // €200,000
  perThirdPartyCap: 6_000_000,
  rankPrizes: [
    { rank: 1, amount: 5_000_000, label: '1st place' },
    { rank: 2, amount: 3_000_000, label: '2nd place' },
  ],
  lumpSum: { amount: 1_000_000, topN: 20 },
  vouchers: { amount: 500_000, count: 20 },
  categories: [{ id: 'green', name: 'Best green idea', amount: 500_000 }],
  reserveListLength: 3,
};

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  const c = await openCompetition(h, { title: 'Awards night' });
  cid = c.id;
  for (const [i, who] of smes.entries()) {
    await h.call('POST', `${base()}/registration`, who, registrationInput({ organisationName: `Org ${i}`, registryId: `BE02000000${String(i).padStart(2, '0')}`, team: [{ name: who.name, email: `ceo@org${i}.eu` }], smeDeclaration: i !== 3 || true }));
    const s = await h.call('POST', `${base()}/submissions`, who, submissionContent({ title: `Idea ${i}` }));
    await h.call('POST', `${base()}/submissions/${s.json.id}/submit`, who, { version: 1 });
    subs.push(s.json.id);
  }
  // One jury round: a jury member scores every submission, best first (Idea 0 best).
  const round = await h.call('POST', `${base()}/rounds`, people.organiser, {
    name: 'Jury', kind: 'jury', k: 1, maxLoad: N, blind: false, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100,
    rubric: [{ name: 'Overall', weight: 1, scale: { min: 0, max: 100 } }],
  });
  const invite = await h.call('POST', `${base()}/rounds/${round.json.id}/invitations`, people.organiser, { emails: [jury.email] });
  const token = invite.json.items[0].link.split('/').pop();
  await h.call('POST', `/api/invitations/${cid}/${token}/accept`, jury, { interests: [] });
  expect((await h.call('POST', `${base()}/rounds/${round.json.id}/assignment`, people.organiser)).status).toBe(202);
  await h.jobsSettled(); // the assignment is a job
  const criterion = round.json.rubric[0].id;
  for (const [i, sid] of subs.entries()) {
    const saved = await h.call('PUT', `${base()}/rounds/${round.json.id}/reviews/${sid}`, jury, { scores: { [criterion]: 100 - 3 * i }, overallComment: `Comment on idea ${i}`, version: 1 });
    await h.call('POST', `${base()}/rounds/${round.json.id}/reviews/${sid}/submit`, jury, { version: saved.json.version });
  }
  // The winner's team opts in to investor meetings (nobody flagged it, so no match appears).
  await h.call('PUT', `${base()}/submissions/${subs[0]}/meeting-opt-in`, smes[0], { open: true });
  // Awards are decided once submissions have closed and the jury round is over.
  const current = (await h.call('GET', base(), people.organiser)).json;
  const closed = await h.call('POST', `${base()}/close`, people.organiser, { version: current.version });
  if (closed.status !== 200) throw new Error(closed.text);
  h.clock.set('2026-12-21T10:00:00Z');
});
afterAll(() => h.stop());

describe('prize plan', () => {
  it('rejects a bad plan with the field named, storing nothing', async () => {
    await h.jobsSettled(); // the ranking's recomputation after the reviews
    const before = await h.allItems();
    for (const [bad, field] of [
      [{ ...plan, currency: 'euro' }, 'plan.currency'],
      [{ ...plan, totalBudget: -1 }, 'plan.totalBudget'],
      [{ ...plan, rankPrizes: [{ rank: 0, amount: 1, label: 'x' }] }, 'plan.rankPrizes.0.rank'],
    ] as const) {
      const r = await h.call('PUT', `${base()}/prize-plan`, people.organiser, { plan: bad, version: 0 });
      expect(r.status).toBe(400);
      expect(Object.keys(r.json.error.fields)).toContain(field);
    }
    expect(await h.allItems()).toEqual(before);
  });

  it('saves the plan and shows committed, left and the SME share', async () => {
    const r = await h.call('PUT', `${base()}/prize-plan`, people.organiser, { plan, categoryPicks: [{ categoryId: 'green', submissionId: subs[7] }], version: 0 });
    expect(r.status, r.text).toBe(200);
    expect(r.json.totals).toMatchObject({ committed: 0, left: 20_000_000 });
    expect(r.json.version).toBe(1);
    const stale = await h.call('PUT', `${base()}/prize-plan`, people.organiser, { plan, version: 0 });
    expect(stale.status).toBe(409);
  });

  it('is for organisers only', async () => {
    for (const who of [smes[0], jury, people.otherOrganiser]) expect((await h.call('GET', `${base()}/prize-plan`, who)).status).toBe(403);
    expect((await h.call('GET', `${base()}/prize-plan`)).status).toBe(401);
  });
});

describe('proposal and confirmation', () => {
  it('proposes from the ranking: category first, prizes, lump sums and vouchers down the ranking, then a reserve list', async () => {
    const r = await h.call('GET', `${base()}/awards/proposal`, people.organiser);
    expect(r.status).toBe(200);
    const lines = r.json.lines as { submissionId: string; type: string; amount: number }[];
    expect(lines).toContainEqual(expect.objectContaining({ submissionId: subs[7], type: 'category', amount: 500_000 }));
    expect(lines).toContainEqual(expect.objectContaining({ submissionId: subs[0], type: 'prize', amount: 5_000_000 }));
    expect(lines).toContainEqual(expect.objectContaining({ submissionId: subs[1], type: 'prize', amount: 3_000_000 }));
    expect(lines.reduce((t, l) => t + l.amount, 0)).toBeLessThanOrEqual(plan.totalBudget);
    expect(r.json.reserve.length).toBeGreaterThan(0);
  });

  it('confirms idempotently and refuses what would break a rule, with the reason', async () => {
    const first = await h.call('POST', `${base()}/awards`, people.organiser, { awards: [{ submissionId: subs[0], type: 'prize', rank: 1 }] });
    expect(first.status).toBe(200);
    expect(first.json.results).toEqual([{ key: `prize:${subs[0]}`, status: 'confirmed' }]);
    const again = await h.call('POST', `${base()}/awards`, people.organiser, { awards: [{ submissionId: subs[0], type: 'prize', rank: 1 }] });
    expect(again.json.results[0].status).toBe('already-confirmed');
    // The same first prize to someone else: refused.
    const twice = await h.call('POST', `${base()}/awards`, people.organiser, { awards: [{ submissionId: subs[1], type: 'prize', rank: 1 }] });
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe('ALREADY_AWARDED');
    expect(twice.json.error.params).toEqual({ label: expect.any(String) });
    // Over the per-organisation cap (€50k prize + €10k lump sum = cap; one more voucher breaks it).
    expect((await h.call('POST', `${base()}/awards`, people.organiser, { awards: [{ submissionId: subs[0], type: 'lump-sum' }] })).status).toBe(200);
    const overCap = await h.call('POST', `${base()}/awards`, people.organiser, { awards: [{ submissionId: subs[0], type: 'voucher' }] });
    expect(overCap.status).toBe(409);
    expect(overCap.json.error.code).toBe('OVER_CAP');
    // With the facts the sentence names, for the web to say in another language.
    expect(overCap.json.error.params).toEqual({ organisation: expect.any(String), cap: 6_000_000, currency: 'EUR' });
    const plan2 = await h.call('GET', `${base()}/prize-plan`, people.organiser);
    expect(plan2.json.totals.committed).toBe(6_000_000);
  });

  it('lets exactly what fits win a race of 50 concurrent confirmations for the last of the budget', async () => {
    // Left: €200,000 − €60,000 = €140,000. 50 distinct awards of €5,000 (vouchers) or €10,000
    // (lump sums) race; the ledger must end exactly at or under budget with no duplicates.
    const requests = subs.slice(1).flatMap((sid) => [
      { submissionId: sid, type: 'voucher' },
      { submissionId: sid, type: 'lump-sum' },
    ]).slice(0, 50);
    const responses = await Promise.all(requests.map((a) => h.call('POST', `${base()}/awards`, people.organiser, { awards: [a] })));
    const ok = responses.filter((r) => r.status === 200).length;
    const refused = responses.filter((r) => r.status === 409);
    expect(responses.filter((r) => r.status !== 200 && r.status !== 409).map((r) => r.text)).toEqual([]);
    expect(ok + refused.length).toBe(50);
    for (const r of refused) expect(['OVER_BUDGET', 'OVER_CAP', 'NONE_LEFT']).toContain(r.json.error.code);
    const after = (await h.call('GET', `${base()}/prize-plan`, people.organiser)).json;
    expect(after.totals.committed).toBeLessThanOrEqual(plan.totalBudget);
    expect(after.awards).toHaveLength(2 + ok);
    const sum = after.awards.reduce((t: number, a: { amount: number }) => t + a.amount, 0);
    expect(after.totals.committed).toBe(sum);
    // Exactly what fits: no refused award would still have fitted.
    const left = plan.totalBudget - sum;
    const overBudget = refused.filter((r) => r.json.error.code === 'OVER_BUDGET');
    expect(overBudget.length).toBeGreaterThan(0);
    for (const r of overBudget) expect(r.json.error.params).toEqual({ left: expect.any(Number), amount: expect.any(Number), currency: 'EUR' });
    const cheapestRefused = Math.min(...overBudget.map((r) => (String(Object.keys(r.json.error.fields)[0]).startsWith('voucher') ? 500_000 : 1_000_000)));
    expect(cheapestRefused).toBeGreaterThan(left);
    const keys = after.awards.map((a: { key: string }) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('withdraws an award, freeing its money and naming the next on the reserve list', async () => {
    const before = (await h.call('GET', `${base()}/prize-plan`, people.organiser)).json;
    const victim = before.awards.find((a: { type: string }) => a.type === 'voucher');
    const r = await h.call('DELETE', `${base()}/awards/${encodeURIComponent(victim.key)}`, people.organiser);
    expect(r.status).toBe(200);
    expect(r.json.withdrawn.key).toBe(victim.key);
    expect(r.json).toHaveProperty('nextReserve');
    const after = (await h.call('GET', `${base()}/prize-plan`, people.organiser)).json;
    expect(after.totals.committed).toBe(before.totals.committed - victim.amount);
    expect((await h.call('DELETE', `${base()}/awards/${encodeURIComponent(victim.key)}`, people.organiser)).status).toBe(404);
  });
});

describe('scheduled publication', () => {
  it('publishes at the results date: hidden until then, announced once when it comes', async () => {
    const h2 = await startHarness('2027-02-20T10:00:00Z');
    try {
      const opened = await openCompetition(h2, { title: 'Scheduled', schedule: { timeZone: 'UTC', submissionsOpen: '2027-01-01T00:00', submissionsClose: '2027-03-01T00:00', evaluationStart: '2027-03-02T00:00', evaluationEnd: '2027-03-10T00:00', resultsDate: '2027-03-15T12:00' } });
      await h2.call('POST', `/api/competitions/${opened.id}/registration`, smes[0], registrationInput());
      const s = await h2.call('POST', `/api/competitions/${opened.id}/submissions`, smes[0], submissionContent());
      await h2.call('POST', `/api/competitions/${opened.id}/submissions/${s.json.id}/submit`, smes[0], { version: 1 });
      // A registered entrant who never submitted is not told an outcome.
      await h2.call('POST', `/api/competitions/${opened.id}/registration`, smes[1], registrationInput({ organisationName: 'Never Submitted BV', registryId: 'BE0999999999' }));
      const c = (await h2.call('POST', `/api/competitions/${opened.id}/close`, people.organiser, { version: opened.version })).json;
      const r = await h2.call('POST', `/api/competitions/${c.id}/results/publish`, people.organiser, { version: c.version, when: 'scheduled' });
      expect(r.status).toBe(202);
      expect(r.json.competition.publishing).toMatchObject({ when: 'scheduled', visibleFrom: '2027-03-15T12:00:00.000Z' });
      await h2.jobsSettled(); // the publication job stores the results
      expect((await h2.call('GET', `/api/competitions/${c.id}`, people.organiser)).json.resultsPublishedAt).toBe('2027-03-15T12:00:00.000Z');
      expect((await h2.call('GET', `/api/competitions/${c.id}/results`)).status).toBe(404);
      expect(await deliverDueAnnouncements(h2.deps)).toEqual([]);
      expect((await h2.call('GET', '/api/me/notifications', smes[0])).json.items).toEqual([]);
      h2.clock.set('2027-03-15T12:00:00Z');
      expect((await h2.call('GET', `/api/competitions/${c.id}/results`)).status).toBe(200);
      expect(await deliverDueAnnouncements(h2.deps)).toEqual([c.id]);
      expect(await deliverDueAnnouncements(h2.deps)).toEqual([]); // never twice
      await h2.jobsSettled(); // the notifications are a job
      const jobs = (await h2.call('GET', `/api/competitions/${c.id}/jobs`, people.organiser)).json.items;
      expect(jobs.filter((j: { kind: string }) => j.kind === 'notifications')).toEqual([
        expect.objectContaining({ params: { what: 'results', version: 1 }, state: 'succeeded', requestedBy: { sub: 'system', email: 'announcer' } }),
      ]);
      expect((await h2.call('GET', '/api/me/notifications', smes[0])).json.items).toHaveLength(1);
      expect((await h2.call('GET', '/api/me/notifications', smes[1])).json.items).toEqual([]);
      expect((await h2.call('GET', `/api/competitions/${c.id}/results/mine`, smes[1])).json).toMatchObject({ submitted: false, awarded: false, feedbackAvailable: false });
    } finally {
      await h2.stop();
    }
  });
});

describe('before publication', () => {
  it('shows nothing about the outcome to anyone but organisers', async () => {
    for (const who of [undefined, smes[0], jury, people.otherOrganiser]) {
      const results = await h.call('GET', `${base()}/results`, who);
      expect(results.status).toBe(404);
      expect(results.text).not.toContain('Org 0');
    }
    expect((await h.call('GET', `${base()}/results/mine`, smes[0])).status).toBe(404);
    expect((await h.call('GET', `${base()}/submissions/${subs[0]}/feedback`, smes[0])).status).toBe(404);
    expect((await h.exportFile(smes[0], cid, 'awards.csv')).status).toBe(403);
    expect((await h.call('GET', `${base()}/ranking`, smes[0])).status).toBe(403);
    expect((await h.call('GET', '/api/me/notifications', smes[0])).json.items).toEqual([]);
    // Feedback says where a team ranked, so it cannot be released before the results.
    const c = (await h.call('GET', base(), people.organiser)).json;
    const early = await h.call('POST', `${base()}/feedback/release`, people.organiser, { version: c.version });
    expect(early.status).toBe(409);
    expect((await h.call('GET', `${base()}/submissions/${subs[0]}/meeting-opt-in`, smes[0])).json).toEqual({ open: true });
    expect((await h.call('GET', `${base()}/submissions/${subs[0]}/meeting-opt-in`, smes[1])).status).toBe(404);
    // The organiser can preview the results page.
    expect((await h.call('GET', `${base()}/results`, people.organiser)).json.published).toBe(false);
  });
});

describe('publication', () => {
  it('publishes once, notifies every entrant (inbox and outbox), and opens the public results', async () => {
    h.clock.set('2027-03-01T12:00:00Z'); // the announced results date
    const c = (await h.call('GET', base(), people.organiser)).json;
    const r = await h.call('POST', `${base()}/results/publish`, people.organiser, { version: c.version });
    expect(r.status, r.text).toBe(202);
    await h.jobsSettled(); // the publication job stores the results, then the entrants are notified by a job
    const published = (await h.call('GET', base(), people.organiser)).json;
    expect(published.phase).toBe('published');
    expect((await h.call('POST', `${base()}/results/publish`, people.organiser, { version: published.version })).status).toBe(409);

    const pub = await h.call('GET', `${base()}/results`);
    expect(pub.status).toBe(200);
    expect(pub.json.winners[0]).toMatchObject({ submissionId: subs[0], organisationName: 'Org 0', total: 6_000_000 });
    const mine = await h.call('GET', `${base()}/results/mine`, smes[0]);
    expect(mine.json).toMatchObject({ awarded: true, total: 6_000_000 });
    const inbox = await h.call('GET', '/api/me/notifications', smes[0]);
    expect(inbox.json.items[0].body).toContain('€60,000');
    const loser = await h.call('GET', '/api/me/notifications', smes[N - 1]);
    expect(loser.json.items[0].subject).toBe('Results of Awards night');
    const outbox = await h.call('GET', '/api/dev/outbox', people.organiser);
    expect(outbox.json.items.filter((m: { subject: string }) => m.subject === 'Results of Awards night')).toHaveLength(N);
    expect((await h.call('GET', '/api/dev/outbox', smes[0])).status).toBe(403);
  });

  it('exports awards for payment processing', async () => {
    const rows = parse((await h.exportFile(people.organiser, cid, 'awards.csv')).text, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toContainEqual(expect.objectContaining({ Organisation: 'Org 0', 'Registry/VAT id': 'BE0200000000', Country: 'BE', Amount: '50000.00', Type: 'prize' }));
  });

  it('keeps feedback closed until released, then matches the ranking exactly', async () => {
    expect((await h.call('GET', `${base()}/submissions/${subs[2]}/feedback`, smes[2])).status).toBe(404);
    const c = (await h.call('GET', base(), people.organiser)).json;
    // The entrants are told by a job; its first attempt fails on the third e-mail (SES refusing it, say).
    const mailer = h.deps.mailer;
    const { send, forRecipients } = mailer;
    let sent = 0;
    // Jobs send through a mailer for each chunk of recipients (issue 13: one suppression read per chunk): it fails too.
    const failing = (m: Mailer): Mailer => ({
      send: async (email) => {
        if (++sent === 3) throw new Error('simulated SES failure');
        return m.send(email);
      },
      ...(m.forRecipients ? { forRecipients: async (addresses: readonly string[]) => failing(await m.forRecipients!(addresses)) } : {}),
    });
    const original: Mailer = { send: send.bind(mailer), ...(forRecipients ? { forRecipients: forRecipients.bind(mailer) } : {}) };
    Object.assign(mailer, failing(original));
    try {
      expect((await h.call('POST', `${base()}/feedback/release`, people.organiser, { version: c.version })).status).toBe(200);
      await h.jobsSettled();
    } finally {
      Object.assign(mailer, { send, forRecipients });
    }
    const job = (await h.call('GET', `${base()}/jobs`, people.organiser)).json.items.find((j: { kind: string; params: { what?: string } }) => j.kind === 'notifications' && j.params.what === 'feedback');
    expect(job).toMatchObject({ state: 'succeeded', attempts: 2, result: { rows: N, counts: { emails: N } } });
    // The retry sent the one that failed and nothing twice: one inbox entry and one e-mail each.
    for (const who of smes) {
      const inbox = (await h.call('GET', '/api/me/notifications', who)).json.items as { subject: string }[];
      expect(inbox.filter((n) => n.subject === 'Your feedback for Awards night is ready')).toHaveLength(1); // the inbox follows the template (issue 13)
    }
    const mails = async () =>
      ((await h.call('GET', `/api/dev/outbox?competitionId=${cid}`, people.organiser)).json.items as { to: string; subject: string }[]).filter((m) => m.subject === 'Your feedback for Awards night is ready'); // the e-mail's default template (domain/messages.ts)
    expect(new Set((await mails()).map((m) => m.to)).size).toBe(N);
    expect(await mails()).toHaveLength(N);
    // Started again after it finished (a repeated delivery, a second announcer run): nobody is told twice.
    await startJobFor(h.deps, people.organiser, cid, 'notifications', { what: 'feedback' });
    await startJobFor(h.deps, people.organiser, cid, 'notifications', { what: 'results', version: 1 });
    await h.jobsSettled();
    expect(await mails()).toHaveLength(N);
    const results = ((await h.call('GET', `/api/dev/outbox?competitionId=${cid}`, people.organiser)).json.items as { subject: string }[]).filter((m) => m.subject === 'Results of Awards night');
    expect(results).toHaveLength(N);
    for (const who of smes) {
      const subjects = ((await h.call('GET', '/api/me/notifications', who)).json.items as { subject: string }[]).map((n) => n.subject);
      expect(subjects.filter((x) => x === 'Results of Awards night' || x === 'Your feedback for Awards night is ready').sort()).toEqual(['Results of Awards night', 'Your feedback for Awards night is ready']);
    }
    const report = await h.call('GET', `${base()}/submissions/${subs[2]}/feedback`, smes[2]);
    expect(report.status).toBe(200);
    const ranking = (await h.call('GET', `${base()}/ranking`, people.organiser)).json;
    const entry = ranking.ranked.find((r: { submissionId: string }) => r.submissionId === subs[2]);
    expect(report.json.finalScore).toBe(entry.finalScore);
    expect(report.json.rank).toBe(entry.rank);
    expect(report.json.rankBand).toContain(`ranked ${entry.rank} of ${ranking.ranked.length}`);
    expect(report.json.criteria[0].score).toBe(Object.values(Object.values(entry.criteria)[0] as Record<string, number>)[0]);
    expect(report.json.comments[0].overall).toBe('Comment on idea 2');
    expect(JSON.stringify(report.json)).not.toContain('jury@demo.test');
    // Others cannot read it.
    expect((await h.call('GET', `${base()}/submissions/${subs[2]}/feedback`, smes[3])).status).toBe(404);
  });

  it('shows no match for a one-sided opt-in', async () => {
    expect((await h.call('GET', `${base()}/matches`, smes[0])).json).toEqual({ available: true, matches: [] });
  });

  it('writes every step to the audit trail', async () => {
    const actions = new Set<string>();
    let cursor = '';
    do {
      const page = await h.call('GET', `${base()}/audit?limit=100${cursor ? `&cursor=${cursor}` : ''}`, people.organiser);
      for (const e of page.json.items) actions.add(e.action);
      cursor = page.json.nextCursor ?? '';
    } while (cursor);
    for (const a of ['prize-plan.saved', 'award.confirmed', 'award.withdrawn', 'results.published', 'feedback.released']) expect(actions).toContain(a);
    // Exported whole, and never editable through the API.
    const rows = parse((await h.exportFile(people.organiser, cid, 'audit.csv')).text, { columns: true, bom: true }) as Record<string, string>[];
    expect(new Set(rows.map((r) => r.Action))).toEqual(actions);
    expect(rows.find((r) => r.Action === 'award.withdrawn')!.Before).toContain('"amount"');
    expect((await h.exportFile(smes[0], cid, 'audit.csv')).status).toBe(403);
    for (const method of ['PUT', 'DELETE', 'POST']) expect((await h.call(method, `${base()}/audit`, people.organiser, {})).status).toBe(404);
  });

  it('produces a results package that recomputes to what was published', async () => {
    const pkg = (await h.exportFile(people.organiser, cid, 'results-package.json')).json as ResultsPackage;
    expect(verifyResultsPackage(pkg).problems).toEqual([]);
    const tampered = structuredClone(pkg);
    tampered.rankingInput.reviews[0]!.scores = Object.fromEntries(Object.keys(tampered.rankingInput.reviews[0]!.scores).map((k) => [k, 0]));
    expect(verifyResultsPackage(tampered).ok).toBe(false);
  });

  it('seals the audit trail up to publication, and `npm run recompute` tells an untouched export from a rewritten one', async () => {
    // Prepare: the package, then later history that the seal does not cover
    const pkg = (await h.exportFile(people.organiser, cid, 'results-package.json')).json as ResultsPackage;
    const published = (await h.call('GET', base(), people.organiser)).json.resultsPublishedAt;
    expect(pkg.audit).toMatchObject({ upTo: published, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await h.deps.audit.append({ competitionId: cid, at: '2027-06-01T09:00:00.000Z', actor: { sub: people.organiser.sub, email: people.organiser.email }, action: 'later.note', target: `competition:${cid}` });
    const exported = await h.exportFile(people.organiser, cid, 'audit.json');
    expect(exported.status).toBe(200);
    const trail = exported.json.items as AuditEntry[];
    // Every field, exactly: the file is the trail as the audit page reads it.
    expect(trail).toEqual(await allAuditEntries());
    expect(trail.length).toBe(pkg.audit.entries + 1);
    expect((await h.exportFile(smes[0], cid, 'audit.json')).status).toBe(403);

    const confirmed = trail.findIndex((e) => e.action === 'award.confirmed');
    const altered = trail.with(confirmed, { ...trail[confirmed]!, after: { ...(trail[confirmed]!.after as object), amount: 1 } });
    const removed = trail.toSpliced(confirmed, 1);
    expect(verifyResultsPackage(pkg, trail).problems).toEqual([]);
    expect(verifyResultsPackage(pkg, altered).problems).toEqual([expect.stringContaining("does not match the package's digest")]);
    expect(verifyResultsPackage(pkg, removed).problems).toEqual([expect.stringContaining(`it has ${pkg.audit.entries - 1} entries up to then`)]);

    // Act / Assess: the CLI, with the JSON and the CSV exports
    const dir = await mkdtemp(join(tmpdir(), 'podium-recompute-'));
    try {
      const files = {
        pkg: join(dir, 'results-package.json'),
        json: join(dir, 'audit-trail.json'),
        csv: join(dir, 'audit-trail.csv'),
        altered: join(dir, 'altered.json'),
        removed: join(dir, 'removed.json'),
      };
      await writeFile(files.pkg, JSON.stringify(pkg));
      await writeFile(files.json, exported.text);
      await writeFile(files.csv, (await h.exportFile(people.organiser, cid, 'audit.csv')).text);
      await writeFile(files.altered, JSON.stringify({ items: altered }));
      await writeFile(files.removed, JSON.stringify({ items: removed }));
      const recompute = (...args: string[]) =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', 'functions/local/recompute-cli.ts', ...args]).then(
          (r) => ({ code: 0, out: r.stdout }),
          (e: { code: number; stderr: string }) => ({ code: e.code, out: e.stderr }),
        );
      const [json, csv, bad, gone] = await Promise.all([
        recompute(files.pkg, files.json),
        recompute(files.pkg, files.csv),
        recompute(files.pkg, files.altered),
        recompute(files.pkg, files.removed),
      ]);
      expect(json).toEqual({ code: 0, out: expect.stringContaining(`✓ The audit trail matches the package's digest: ${pkg.audit.entries} entries up to ${published}`) });
      expect(csv.code, csv.out).toBe(0);
      expect(bad).toEqual({ code: 1, out: expect.stringContaining("does not match the package's digest") });
      expect(gone).toEqual({ code: 1, out: expect.stringContaining('does not match') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
