/**
 * Investor–team meeting matches, once results are out: an investor flagged a submission in a
 * non-peer round (`meet` on the review) and the team opened itself to meetings (its opt-in item).
 *
 * Read from the caller's own items only, never the competition's: as an investor, their own
 * reviews in this competition (gsi1: `USER#<sub>`, `REVIEW#<competition>#`); as a team (any of
 * its members: owner, editor or viewer), the reviews of the team's submission in each non-peer
 * round (a key prefix, k items a round). What a request reads is bounded by the caller's load and
 * the number of rounds, not by the competition.
 */
import type { TeamMember } from '../domain/entrant.ts';
import type { Review } from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import { resultsVisible, stateOf } from '../domain/lifecycle.ts';
import { trustedEmail } from '../domain/membership.ts';
import { seatOf } from '../domain/team.ts';
import { loadVisibleCompetition, requireIdentity } from './access.ts';
import { teamSubmissionId } from './team-access.ts';
import type { Ports } from './ports.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'clock'>;

export type Match =
  | { with: 'team'; submissionId: string; title: string; organisationName: string; contact: string; team: TeamMember[] }
  | { with: 'investor'; submissionId: string; investorEmail: string };

/** A submission's reviews in a round (all pages: one, k reviews). */
async function reviewsOfSubmission(ports: Deps, competitionId: string, roundId: string, submissionId: string): Promise<Review[]> {
  const out: Review[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.evaluation.pageRoundReviews(competitionId, roundId, 100, cursor, submissionId);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Investors and teams who both want to meet see each other's contacts once results are out. */
export async function meetingMatches(ports: Deps, caller: Identity | undefined, competitionId: string): Promise<{ available: boolean; matches: Match[] }> {
  const who = requireIdentity(caller);
  const { competition, membership } = await loadVisibleCompetition(ports, who, competitionId);
  if (!resultsVisible(stateOf(competition, ports.clock.now()))) return { available: false, matches: [] };
  // The caller's team's entry (domain/team.ts): owner, editors and viewers see its matches alike.
  const seat = seatOf(membership);
  const [rounds, mine, teamEntry] = await Promise.all([
    ports.evaluation.listRounds(competitionId),
    ports.evaluation.listReviewerReviews(who.sub, competitionId),
    seat ? ports.submissions.get(competitionId, teamSubmissionId(competitionId, seat)) : undefined,
  ]);
  const investorRounds = rounds.filter((r) => r.kind !== 'peer');
  const roundOrder = new Map(investorRounds.map((r, i) => [r.id, i]));
  const own = seat && teamEntry?.ownerSub === seat.teamSub ? teamEntry : undefined;
  const ofOwn = own ? (await Promise.all(investorRounds.map((r) => reviewsOfSubmission(ports, competitionId, r.id, own.id)))).flat() : [];
  // The flags, each once, in the order the competition's reviews are kept (round, submission, reviewer).
  const key = (r: Review) => `${r.submissionId}\u0000${r.reviewerSub}`;
  const flags = new Map<string, Review>();
  for (const r of [...ofOwn, ...mine]) if (r.meet && roundOrder.has(r.roundId)) flags.set(`${r.roundId}\u0000${key(r)}`, r);
  const ordered = [...flags.values()].sort((a, b) => roundOrder.get(a.roundId)! - roundOrder.get(b.roundId)! || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (ordered.length === 0) return { available: true, matches: [] };
  const submissionIds = [...new Set(ordered.map((f) => f.submissionId))];
  const [openList, submissions] = await Promise.all([
    Promise.all(submissionIds.map(async (id) => [id, await ports.awards.getMeetingOptIn(competitionId, id)] as const)),
    ports.submissions.getMany(submissionIds.map((id) => ({ competitionId, id }))),
  ]);
  const open = new Map(openList);
  const byId = new Map(submissions.map((s) => [s.id, s]));
  const teams = new Map((await ports.memberships.getMany(competitionId, [...new Set(submissions.filter((s) => open.get(s.id)).map((s) => s.ownerSub))])).map((m) => [m.userSub, m]));
  const matches: Match[] = [];
  for (const f of ordered) {
    const s = byId.get(f.submissionId);
    if (!open.get(f.submissionId) || !s) continue;
    const team = teams.get(s.ownerSub);
    matches.push(
      f.reviewerSub === who.sub
        ? { with: 'team', submissionId: s.id, title: s.title, organisationName: s.organisationName, contact: trustedEmail(team) ?? '', team: team?.registration?.team ?? [] }
        : { with: 'investor', submissionId: s.id, investorEmail: f.reviewerEmail },
    );
  }
  return { available: true, matches };
}
