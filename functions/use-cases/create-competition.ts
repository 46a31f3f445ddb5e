/**
 * An organiser opens a new competition as a draft. Only members of the identity provider's
 * `organisers` group may; the creator becomes the competition's first organiser.
 */
import type { Competition } from '../domain/competition.ts';
import { Forbidden } from '../domain/errors.ts';
import { canCreateCompetitions, type Identity } from '../domain/identity.ts';
import { requireIdentity } from './access.ts';
import { toDraft, type CompetitionDraftInput } from './competition-input.ts';
import { viewCompetition, type CompetitionView } from './competition-view.ts';
import type { Ports } from './ports.ts';

export async function createCompetition(
  ports: Pick<Ports, 'competitions' | 'memberships' | 'audit' | 'clock' | 'ids'>,
  caller: Identity | undefined,
  input: CompetitionDraftInput,
  /**
   * A call of this programme (use-cases/programmes.ts createCall, which has checked that the caller
   * may open calls there: their programme role stands in for the organisers group).
   */
  programme?: { programmeId: string },
): Promise<CompetitionView> {
  const who = requireIdentity(caller);
  if (!programme && !canCreateCompetitions(who)) throw new Forbidden('Only organisers can create competitions.');
  const draft = toDraft(input, ports.ids);
  const now = ports.clock.now().toISOString();
  const competition: Competition = {
    ...draft,
    id: ports.ids.next(),
    status: 'draft',
    audienceVote: false,
    ...(programme ? { programmeId: programme.programmeId } : {}),
    createdBy: who.sub,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  // Membership first: if the competition write then fails, an orphan role on a missing
  // competition is harmless, while a competition nobody organises would be unreachable.
  await ports.memberships.grant(competition.id, who, 'organiser');
  await ports.competitions.create(competition);
  await ports.audit.append({
    competitionId: competition.id,
    at: now,
    actor: { sub: who.sub, email: who.email },
    action: 'competition.created',
    target: `competition:${competition.id}`,
    after: draft,
  });
  return viewCompetition(competition, ports.clock.now(), {
    competitionId: competition.id,
    userSub: who.sub,
    userEmail: who.email,
    roles: ['organiser'],
  });
}
