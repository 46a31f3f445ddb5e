/** Organisers page through their competition's submissions (exports: use-cases/exports.ts); entrants list their own. */
import type { Identity } from '../domain/identity.ts';
import { loadOrganisedCompetition, requireIdentity } from './access.ts';
import { effectiveClose } from '../domain/competition.ts';
import type { Page, Ports, SubmissionFilter } from './ports.ts';
import { viewSubmission, type SubmissionView } from './submissions.ts';
import { canEdit, type TeamRole } from '../domain/team.ts';
import { mySeats, teamSubmissionId } from './team-access.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'clock'>;

export async function listCompetitionSubmissions(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  filter: SubmissionFilter,
  limit: number,
  cursor?: string,
): Promise<Page<SubmissionView>> {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const page = await ports.submissions.listForCompetition(competitionId, filter, limit, cursor);
  const now = ports.clock.now();
  return { items: page.items.map((s) => viewSubmission(s, competition, now)), nextCursor: page.nextCursor };
}

export interface MySubmissionView extends SubmissionView {
  competitionTitle: string;
  closesAt: string;
  /** The caller's role in the entry's team (domain/team.ts): owner, editor or viewer. */
  teamRole: TeamRole;
}

/**
 * The entries the caller acts on, their own team's and those of teams they are a member of: their
 * memberships (gsi1) give the seats, each seat's entry id is made from its team (BatchGet), then
 * the competitions (BatchGet) — the three round trips listing one's own entries always took.
 */
export async function listMySubmissions(
  ports: Pick<Ports, 'competitions' | 'submissions' | 'memberships' | 'clock'>,
  caller: Identity | undefined,
): Promise<MySubmissionView[]> {
  const who = requireIdentity(caller);
  const seats = new Map((await mySeats(ports, who)).map((x) => [x.competitionId, x.seat]));
  const found = await ports.submissions.getMany([...seats].map(([competitionId, seat]) => ({ competitionId, id: teamSubmissionId(competitionId, seat) })));
  const mine = found
    .filter((s) => s.ownerSub === seats.get(s.competitionId)?.teamSub)
    .sort((a, b) => (a.competitionId < b.competitionId ? -1 : a.competitionId > b.competitionId ? 1 : 0));
  const competitions = new Map((await ports.competitions.getMany(mine.map((s) => s.competitionId))).map((c) => [c.id, c]));
  const now = ports.clock.now();
  return mine.flatMap((s) => {
    const c = competitions.get(s.competitionId);
    const seat = seats.get(s.competitionId)!;
    if (!c) return [];
    return [{ ...viewSubmission(s, c, now, canEdit(seat)), competitionTitle: c.title, closesAt: effectiveClose(c), teamRole: seat.role }];
  });
}
