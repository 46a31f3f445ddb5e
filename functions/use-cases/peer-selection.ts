/**
 * Peer rounds among competitors: the impartial shortlist (Exact Dollar Partition,
 * domain/impartial.ts) and, for organisers, each reviewer's distance from the consensus. Both read
 * the round's reviews in one query (as the ranking does) and the submitted entries once; nothing
 * here writes, and nothing here acts on a reviewer automatically.
 */
import { InvalidState, RuleViolation } from '../domain/errors.ts';
import type { Review, Round } from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import {
  FAR_FROM_CONSENSUS,
  ImpartialError,
  impartialSelection,
  reviewerConsensus,
  reviewScore,
  roundClusters,
  type ImpartialResult,
} from '../domain/impartial.ts';
import type { Submission } from '../domain/submission.ts';
import { submittedSubmissions } from './all-pages.ts';
import { pageAfter } from './list-page.ts';
import type { Ports } from './ports.ts';
import { shortlistFor } from './ranking.ts';
import { loadOrganisedRound } from './rounds.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'clock'>;

/** The draw's seed: the round (fixed, so the shortlist is reproducible). */
const seedOf = (round: Round) => `impartial\n${round.competitionId}\n${round.id}`;

/**
 * The clusters of an impartial round's entrants (submission id → cluster), given the reviewers
 * who are not entrants of the round; undefined when the round is not impartial or needs none.
 */
export function impartialClusters(round: Round, submissionIds: readonly string[], outsiders = 0): Map<string, number> | undefined {
  if (round.kind !== 'peer' || !round.impartial) return undefined;
  return roundClusters(submissionIds, round.impartial.k, round.impartial.clusters, seedOf(round), outsiders);
}

/**
 * Pairs the assignment must avoid in an impartial round: a team and the other entries of its own
 * cluster. Pairs already started or pinned are left alone (the selection ignores them anyway).
 */
export function clusterConflicts(
  round: Round,
  submissions: readonly { id: string }[],
  reviewers: readonly { sub: string; facts: { submissionId?: string } }[],
  keep: readonly { submission: string; reviewer: string }[] = [],
): { submission: string; reviewer: string }[] {
  const ids = submissions.map((s) => s.id);
  const inScope = new Set(ids);
  const outsiders = reviewers.filter((r) => !r.facts.submissionId || !inScope.has(r.facts.submissionId)).length;
  const cluster = impartialClusters(round, ids, outsiders);
  if (!cluster) return [];
  const kept = new Set(keep.map((p) => `${p.submission}\n${p.reviewer}`));
  const byCluster = new Map<number, string[]>();
  for (const id of [...ids].sort()) {
    const c = cluster.get(id)!;
    const list = byCluster.get(c);
    if (list) list.push(id);
    else byCluster.set(c, [id]);
  }
  const out: { submission: string; reviewer: string }[] = [];
  for (const r of reviewers) {
    const own = r.facts.submissionId;
    if (!own || !inScope.has(own)) continue;
    for (const s of byCluster.get(cluster.get(own)!) ?? []) if (s !== own && !kept.has(`${s}\n${r.sub}`)) out.push({ submission: s, reviewer: r.sub });
  }
  return out;
}

async function roundEntries(ports: Deps, competitionId: string, round: Round): Promise<{ submissions: Submission[]; reviews: Review[] }> {
  const [submitted, reviews] = await Promise.all([submittedSubmissions(ports, competitionId), ports.evaluation.listRoundReviews(competitionId, round.id)]);
  const submissions = round.shortlist ? await shortlistFor(ports, competitionId, round, submitted) : submitted;
  // The reviews that count, as for the ranking: submitted and not left out by an organiser.
  return { submissions, reviews: reviews.filter((r) => r.status === 'submitted' && !r.exclusion) };
}

export interface ShortlistEntry {
  submissionId: string;
  title: string;
  organisationName: string;
  cluster: number;
  position: number;
  merit: number | null;
  dollars: number;
  reviews: number;
  selected: boolean;
  chance: number;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const pad = (n: number) => String(n).padStart(6, '0');

/** The impartial shortlist of a peer round (organisers): every entrant, selected or not, a page at a time. */
export async function getImpartialShortlist(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, limit: number, cursor?: string) {
  const { round } = await loadOrganisedRound(ports, caller, competitionId, roundId, 'read');
  if (round.kind !== 'peer' || !round.impartial) throw new InvalidState('This round does not choose an impartial shortlist; set one in the round’s settings (peer rounds only).');
  const { submissions, reviews } = await roundEntries(ports, competitionId, round);
  const inScope = new Set(submissions.map((s) => s.id));
  let result: ImpartialResult;
  try {
    result = impartialSelection({
      entrants: submissions.map((s) => ({ submissionId: s.id, reviewerId: s.ownerSub })),
      reviews: reviews.flatMap((r) => {
        const scored = inScope.has(r.submissionId) ? reviewScore(round.rubric, r.scores) : undefined;
        return scored ? [{ reviewerId: r.reviewerSub, submissionId: r.submissionId, score: scored.score }] : [];
      }),
      k: round.impartial.k,
      ...(round.impartial.clusters !== undefined ? { clusters: round.impartial.clusters } : {}),
      seed: seedOf(round),
    });
  } catch (e) {
    if (e instanceof ImpartialError) throw new RuleViolation('IMPARTIAL_NOT_POSSIBLE', e.message, { 'impartial.k': e.message });
    throw e;
  }
  const byId = new Map(submissions.map((s) => [s.id, s]));
  const rows: ShortlistEntry[] = result.entrants.map((e) => ({
    submissionId: e.submissionId,
    title: byId.get(e.submissionId)?.title ?? '',
    organisationName: byId.get(e.submissionId)?.organisationName ?? '',
    cluster: e.cluster + 1,
    position: e.position,
    merit: e.merit === null ? null : round6(e.merit),
    dollars: round6(e.dollars),
    reviews: e.reviews,
    selected: e.selected,
    chance: round6(e.chance),
  }));
  const page = pageAfter(rows, (r) => `${pad(r.cluster)}:${pad(r.position)}`, limit, cursor);
  return {
    roundId,
    k: result.k,
    clusters: result.clusters,
    entrantCount: rows.length,
    selectedCount: result.selected.length,
    ignoredReviews: result.ignoredReviews,
    clusterOutcomes: result.clusterOutcomes.map((c) => ({ cluster: c.index + 1, size: c.size, quota: round6(c.quota), places: c.places })),
    ...page,
  };
}

/** Per reviewer of a round, how far their scores sit from the others' on the same submissions (organisers), furthest first. */
export async function getReviewerConsensus(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, limit: number, cursor?: string) {
  const { round } = await loadOrganisedRound(ports, caller, competitionId, roundId, 'read');
  const reviews = (await ports.evaluation.listRoundReviews(competitionId, round.id)).filter((r) => r.status === 'submitted' && !r.exclusion);
  const email = new Map(reviews.map((r) => [r.reviewerSub, r.reviewerEmail]));
  const rows = reviewerConsensus(
    reviews.flatMap((r) => {
      const scored = reviewScore(round.rubric, r.scores);
      return scored ? [{ reviewerId: r.reviewerSub, submissionId: r.submissionId, score: scored.score, allMinimum: scored.allMinimum, allMaximum: scored.allMaximum }] : [];
    }),
  ).map((c) => ({ reviewerSub: c.reviewerId, reviewerEmail: email.get(c.reviewerId) ?? '', reviews: c.reviews, n: c.n, meanSigned: c.meanSigned, meanAbsolute: c.meanAbsolute, flags: c.flags, flagCodes: c.flagCodes }));
  // Sorted furthest first: the key orders by (100 000 − mean absolute distance), then reviewer.
  const key = (r: (typeof rows)[number]) => `${(1e5 - (r.meanAbsolute ?? -1)).toFixed(3).padStart(12, '0')}\u0000${r.reviewerSub}`;
  return { roundId, farFromConsensus: FAR_FROM_CONSENSUS, ...pageAfter(rows, key, limit, cursor) };
}
