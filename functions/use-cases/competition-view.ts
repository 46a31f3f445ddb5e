/** The shape the API returns for a competition: stored fields plus what is derived for the caller. */
import { effectiveClose, phaseOf, type Competition, type Phase } from '../domain/competition.ts';
import type { Membership, Role } from '../domain/membership.ts';
import { DEFAULT_PITCH_POLICY } from '../domain/pitch.ts';

export interface CompetitionView extends Omit<Competition, 'createdBy'> {
  phase: Phase;
  closesAt: string;
  myRoles: Role[];
}

export function viewCompetition(c: Competition, now: Date, membership?: Membership): CompetitionView {
  const { createdBy: _, ...rest } = c;
  return {
    ...rest,
    pitch: c.pitch ?? DEFAULT_PITCH_POLICY,
    phase: phaseOf(c, now),
    closesAt: effectiveClose(c),
    myRoles: membership?.roles ?? [],
  };
}
