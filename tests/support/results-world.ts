/**
 * A competition ready to be decided, through the API: `n` entrants who submitted (Idea 0 best),
 * one jury round in which a jury member scored every entry, a prize plan, submissions closed.
 * Used by the lifecycle, snapshot and race tests.
 */
import type { Identity } from '../../functions/domain/identity.ts';
import { openCompetition, people, registrationInput, submissionContent, type Harness } from './api-harness.ts';

export const jury: Identity = { sub: 'u-jury', email: 'jury@demo.test', name: 'Judy Jury', groups: [] };

export const samplePlan = {
  currency: 'EUR',
  totalBudget: 20_000_000, // €200,000
  perThirdPartyCap: 6_000_000,
  rankPrizes: [
    { rank: 1, amount: 5_000_000, label: '1st prize' },
    { rank: 2, amount: 3_000_000, label: '2nd prize' },
  ],
  lumpSum: { amount: 1_000_000, topN: 20 },
  vouchers: { amount: 500_000, count: 20 },
  categories: [],
  reserveListLength: 3,
};

export interface World {
  cid: string;
  base: string;
  roundId: string;
  criterion: string;
  entrants: Identity[];
  subs: string[];
}

export function entrant(i: number, prefix = 'e'): Identity {
  return { sub: `u-${prefix}${i}`, email: `${prefix}${i}@demo.test`, name: `Entrant ${prefix}${i}`, groups: [] };
}

async function ok(r: Promise<{ status: number; text: string; json: any }>, what: string) {
  const res = await r;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.json;
}

/**
 * Builds the world with the harness clock at 2026-12-01 (competition open) and leaves it at
 * `endAt` with submissions closed early and the jury round over (unless `keepRoundOpen`).
 */
export async function decidedWorld(h: Harness, o: { n?: number; title?: string; prefix?: string; plan?: unknown; keepRoundOpen?: boolean; unreviewed?: number; reviewed?: number; endAt?: string } = {}): Promise<World> {
  const n = o.n ?? 6;
  h.clock.set('2026-12-01T10:00:00Z');
  const c = await openCompetition(h, { title: o.title ?? 'Decided' });
  const base = `/api/competitions/${c.id}`;
  const entrants = Array.from({ length: n }, (_, i) => entrant(i, o.prefix));
  const subs: string[] = [];
  for (const [i, who] of entrants.entries()) {
    await ok(h.call('POST', `${base}/registration`, who, registrationInput({ organisationName: `Org ${o.prefix ?? 'e'}${i}`, registryId: `BE03${String(i).padStart(8, '0')}`, team: [{ name: who.name, email: `ceo@org${i}.eu` }] })), 'register');
    const s = await ok(h.call('POST', `${base}/submissions`, who, submissionContent({ title: `Idea ${i}` })), 'create');
    await ok(h.call('POST', `${base}/submissions/${s.id}/submit`, who, { version: 1 }), 'submit');
    subs.push(s.id);
  }
  const round = await ok(
    h.call('POST', `${base}/rounds`, people.organiser, {
      name: 'Jury', kind: 'jury', k: 1, maxLoad: n, blind: false, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100,
      rubric: [{ name: 'Overall', weight: 1, scale: { min: 0, max: 100 } }],
    }),
    'round',
  );
  const invite = await ok(h.call('POST', `${base}/rounds/${round.id}/invitations`, people.organiser, { emails: [jury.email] }), 'invite');
  const token = invite.items[0].link.split('/').pop();
  await ok(h.call('POST', `/api/invitations/${c.id}/${token}/accept`, jury, { interests: [] }), 'accept');
  await ok(h.call('POST', `${base}/rounds/${round.id}/assignment`, people.organiser), 'assign');
  await h.jobsSettled(); // the assignment is a job
  const criterion = round.rubric[0].id as string;
  // `reviewed`: the jury member opens only the first so many (the others stay assigned, untouched).
  for (const [i, sid] of subs.slice(0, o.reviewed ?? n).entries()) {
    const saved = await ok(h.call('PUT', `${base}/rounds/${round.id}/reviews/${sid}`, jury, { scores: { [criterion]: 90 - 3 * i }, overallComment: `Comment on idea ${i}`, version: 1 }), 'review');
    if (i < n - (o.unreviewed ?? 0)) await ok(h.call('POST', `${base}/rounds/${round.id}/reviews/${sid}/submit`, jury, { version: saved.version }), 'submit review');
  }
  await ok(h.call('PUT', `${base}/prize-plan`, people.organiser, { plan: o.plan ?? samplePlan, categoryPicks: [], version: 0 }), 'plan');
  const competition = await ok(h.call('GET', base, people.organiser), 'read');
  await ok(h.call('POST', `${base}/close`, people.organiser, { version: competition.version }), 'close');
  h.clock.set(o.endAt ?? (o.keepRoundOpen ? '2026-12-10T10:00:00Z' : '2027-03-02T10:00:00Z'));
  return { cid: c.id, base, roundId: round.id, criterion, entrants, subs };
}

export async function version(h: Harness, w: World): Promise<number> {
  return (await h.call('GET', w.base, people.organiser)).json.version;
}

/**
 * Publishes; once accepted (202: the publication job started) waits for the jobs and answers the
 * competition as the organiser then sees it (status stays the 202; `started` is what it answered).
 */
export async function publish(h: Harness, w: World, extra: Record<string, unknown> = {}) {
  const r = await h.call('POST', `${w.base}/results/publish`, people.organiser, { version: await version(h, w), ...extra });
  if (r.status !== 202) return { ...r, started: undefined };
  await h.jobsSettled();
  const after = await h.call('GET', w.base, people.organiser);
  return { ...after, status: r.status, started: r.json };
}
