/**
 * The assignment preview at programme scale, without the database: `previewAssignment`
 * (use-cases/assignment.ts) over in-memory ports that return an already-loaded competition, so
 * what is timed is everything the preview does in memory — the pool, the automatic conflicts, the
 * affinities, the solver and the plan — and not DynamoDB's reads.
 *
 * Figures (median of 3 runs, after one warm-up run of the smallest size):
 * - `assign_setup.<S>x<R>.preview_seconds`  the whole preview (set-up + solver + plan).
 * - `assign_setup.<S>x<R>.solver_seconds`   `assignReviewers` alone, on the input the preview hands it.
 * - `assign_setup.<S>x<R>.setup_seconds`    the difference: what the preview adds to the solver.
 *
 * Instances (fixed seed), an investor round with k=3: S submissions, each with 1–3 of 20 sectors
 * (as in bench/assign.ts), a registered organisation with a team of 1–2 on its own domain (two
 * submissions share each domain); R invited reviewers with 1–3 interests, 80 % on a free-mail
 * address, the others at one of the submissions' domains (a same-domain conflict); maxLoad
 * 20 (10,000 × 2,000 as in bench/assign.ts), 8 at 2,000 × 400.
 *
 * Alone: npx tsx bench/assign-setup.ts [SxR …]   (e.g. 2000x400 10000x2000 20000x2000)
 */
import { performance } from 'node:perf_hooks';
import { assignReviewers } from '../functions/domain/assignment.ts';
import { affinities } from '../functions/domain/conflicts.ts';
import type { Round } from '../functions/domain/evaluation.ts';
import type { Reviewer } from '../functions/domain/invitation.ts';
import type { Membership } from '../functions/domain/membership.ts';
import type { Submission } from '../functions/domain/submission.ts';
import { loadRoundContext, previewAssignment, type RoundContext } from '../functions/use-cases/assignment.ts';
import type { Page } from '../functions/use-cases/ports.ts';
import type { BenchResult } from './result.ts';
import { prng } from './seeded-random.ts';

const CID = 'bench-competition';
const ORGANISER = { sub: 'u-organiser', email: 'organiser@bench.eu', name: 'Organiser', groups: [] };
const AT = '2027-01-01T00:00:00.000Z';

export interface SetupInstance {
  round: Round;
  submissions: Submission[];
  reviewers: Reviewer[];
  memberships: Membership[];
}

export function setupInstance(S: number, R: number, maxLoad: number, seed: number): SetupInstance {
  const rand = prng(seed);
  const tags = (): string[] => {
    const n = 1 + Math.floor(rand() * 3);
    const set = new Set<string>();
    while (set.size < n) set.add(`sector-${String(Math.floor(rand() * 20)).padStart(2, '0')}`);
    return [...set];
  };
  const domains = Math.max(1, Math.floor(S / 2));
  const memberships: Membership[] = [
    { competitionId: CID, userSub: ORGANISER.sub, userEmail: ORGANISER.email, roles: ['organiser'] },
  ];
  const submissions: Submission[] = [];
  for (let i = 0; i < S; i++) {
    const id = i.toString(16).padStart(8, '0');
    const ownerSub = `u-entrant-${i}`;
    const domain = `org-${i % domains}.eu`;
    const team = Array.from({ length: 1 + Math.floor(rand() * 2) }, (_, t) => ({ name: `Member ${t}`, email: `m${t}.${i}@${domain}`, role: 'CEO' }));
    memberships.push({
      competitionId: CID,
      userSub: ownerSub,
      userEmail: `owner.${i}@${domain}`,
      roles: ['entrant'],
      registration: { organisationName: `Org ${i}`, country: 'BE', registryId: `BE${String(1e9 + i)}`, smeDeclaration: true, team, registeredAt: AT },
    });
    submissions.push({
      id, competitionId: CID, ownerSub, organisationName: `Org ${i}`, country: 'BE', status: 'submitted',
      title: `Idea ${i}`, summary: '', problem: '', solution: '', valueChain: [], sectors: tags(), answers: {},
      createdAt: AT, updatedAt: AT, submittedAt: AT, version: 2,
    });
  }
  const reviewers: Reviewer[] = [];
  for (let i = 0; i < R; i++) {
    const sub = `u-reviewer-${i}`;
    const email = rand() < 0.8 ? `reviewer.${i}@gmail.com` : `reviewer.${i}@org-${Math.floor(rand() * domains)}.eu`;
    memberships.push({ competitionId: CID, userSub: sub, userEmail: email, roles: ['investor'] });
    reviewers.push({ competitionId: CID, roundId: 'round-1', sub, email, name: `Reviewer ${i}`, interests: tags(), source: 'invitation', active: true, joinedAt: AT });
  }
  const round: Round = {
    id: 'round-1', competitionId: CID, name: 'Investors', kind: 'investor', rubric: [{ id: 'c', name: 'C', weight: 1, scale: { min: 1, max: 10 } }] as Round['rubric'],
    k: 3, maxLoad, blind: false, opensAt: AT, closesAt: '2027-02-01T00:00:00.000Z', weight: 100, requireReviewDuty: false, showPeerComments: false,
    pins: [], createdAt: AT, updatedAt: AT, version: 1,
  };
  return { round, submissions, reviewers, memberships };
}

/** Just the ports the preview reads, answering from memory (pages of 100, as the repositories do). */
function memoryPorts(x: SetupInstance) {
  const page = <T>(all: T[], limit: number, cursor: string | undefined): Page<T> => {
    const from = cursor ? Number(cursor) : 0;
    const next = from + limit;
    return { items: all.slice(from, next), nextCursor: next < all.length ? String(next) : undefined };
  };
  const unused = () => {
    throw new Error('not used by the preview');
  };
  const members = new Map(x.memberships.map((m) => [m.userSub, m]));
  return {
    competitions: { get: async () => ({ id: CID, status: 'open' }) },
    memberships: {
      get: async (_c: string, sub: string) => members.get(sub),
      listForCompetition: async (_c: string, limit: number, cursor?: string) => page(x.memberships, limit, cursor),
    },
    submissions: { listForCompetition: async (_c: string, _f: unknown, limit: number, cursor?: string) => page(x.submissions, limit, cursor) },
    evaluation: {
      getRound: async () => x.round,
      listRoundReviews: async () => [],
      listConflicts: async () => [],
      listReviewers: async () => x.reviewers,
    },
    audit: { append: unused },
    clock: { now: () => new Date(AT) },
    ids: { next: unused },
    pitches: {},
  } as unknown as Parameters<typeof previewAssignment>[0];
}

/**
 * The solver's input for the same instance, built outside the timing exactly as `solve` builds it
 * (the same order, the affinities as typed arrays from domain/conflicts.ts), so that the difference
 * from the preview is the set-up alone.
 */
function solverInput(ctx: RoundContext) {
  return {
    submissions: ctx.submissions.map((s) => s.id),
    reviewers: ctx.reviewers.map((r) => r.sub),
    k: ctx.round.k,
    maxLoad: ctx.round.maxLoad,
    affinity: [],
    affinityByIndex: affinities(
      ctx.submissions.map((s) => [...s.sectors, ...s.valueChain]),
      ctx.reviewers.map((r) => r.interests),
    ),
    conflicts: ctx.conflicts.map((c) => ({ submission: c.submissionId, reviewer: c.reviewerSub })),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export async function benchAssignSetup(sizes: [number, number][] = [[2000, 400], [10000, 2000]]): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  {
    const warm = setupInstance(300, 60, 20, 1);
    await previewAssignment(memoryPorts(warm), ORGANISER, CID, 'round-1');
  }
  for (const [S, R] of sizes) {
    const x = setupInstance(S, R, S / R >= 5 ? 20 : 8, 20270301 + S + R);
    const ports = memoryPorts(x);
    const runs: number[] = [];
    let out: Awaited<ReturnType<typeof previewAssignment>> | undefined;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      out = await previewAssignment(ports, ORGANISER, CID, 'round-1');
      runs.push((performance.now() - t0) / 1000);
    }
    const input = solverInput(await loadRoundContext(ports, CID, x.round));
    const solverRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = assignReviewers(input);
      solverRuns.push((performance.now() - t0) / 1000);
      if (r.cost !== out!.result.cost) throw new Error(`the preview and the solver disagree at ${S}×${R} (${out!.result.cost} vs ${r.cost})`);
    }
    const preview = median(runs);
    const solver = median(solverRuns);
    console.log(
      `assignment preview ${S}×${R}: ${preview.toFixed(3)} s (solver ${solver.toFixed(3)} s, set-up ${(preview - solver).toFixed(3)} s), ` +
        `${out!.added.length} pairs, ${out!.conflicts} conflicts, ${input.affinityByIndex.value.length} positive-affinity pairs`,
    );
    results.push({ name: `assign_setup.${S}x${R}.preview_seconds`, value: round3(preview), unit: 's' });
    results.push({ name: `assign_setup.${S}x${R}.solver_seconds`, value: round3(solver), unit: 's' });
    results.push({ name: `assign_setup.${S}x${R}.setup_seconds`, value: round3(preview - solver), unit: 's' });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map((a) => a.split('x').map(Number) as [number, number]);
  console.table(await benchAssignSetup(sizes.length ? sizes : undefined));
}
