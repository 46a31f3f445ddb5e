/** Organisers page through their competition's submissions (exports: use-cases/exports.ts); entrants list their own. */
import type { Identity } from '../domain/identity.ts';
import { loadOrganisedCompetition, requireIdentity } from './access.ts';
import { effectiveClose } from '../domain/competition.ts';
import type { Page, Ports, SubmissionFilter } from './ports.ts';
import { viewSubmission, type SubmissionView } from './submissions.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'submissions' | 'clock'>;

export async function listCompetitionSubmissions(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  filter: SubmissionFilter,
  limit: number,
  cursor?: string,
): Promise<Page<SubmissionView>> {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId);
  const page = await ports.submissions.listForCompetition(competitionId, filter, limit, cursor);
  const now = ports.clock.now();
  return { items: page.items.map((s) => viewSubmission(s, competition, now)), nextCursor: page.nextCursor };
}

export interface MySubmissionView extends SubmissionView {
  competitionTitle: string;
  closesAt: string;
}

export async function listMySubmissions(
  ports: Pick<Ports, 'competitions' | 'submissions' | 'clock'>,
  caller: Identity | undefined,
): Promise<MySubmissionView[]> {
  const who = requireIdentity(caller);
  const mine = await ports.submissions.listForOwner(who.sub);
  const competitions = new Map((await ports.competitions.getMany(mine.map((s) => s.competitionId))).map((c) => [c.id, c]));
  const now = ports.clock.now();
  return mine.flatMap((s) => {
    const c = competitions.get(s.competitionId);
    if (!c) return [];
    return [{ ...viewSubmission(s, c, now), competitionTitle: c.title, closesAt: effectiveClose(c) }];
  });
}
