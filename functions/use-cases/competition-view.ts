/** The shape the API returns for a competition: stored fields plus what is derived for the caller. */
import { effectiveClose, type Competition } from '../domain/competition.ts';
import { STATE_LABELS, stateOf, type LifecycleState } from '../domain/lifecycle.ts';
import { hasRole, type Membership, type Role } from '../domain/membership.ts';
import { DEFAULT_PITCH_POLICY } from '../domain/pitch.ts';

export interface CompetitionView extends Omit<Competition, 'createdBy' | 'publicationOverride' | 'amendment' | 'amendments' | 'publishing'> {
  amendments?: (Omit<NonNullable<Competition['amendments']>[number], 'by'> & { by?: string })[];
  /** The lifecycle state (domain/lifecycle.ts) and how people read it. */
  phase: LifecycleState;
  phaseLabel: string;
  closesAt: string;
  myRoles: Role[];
  /** Organisers only: the amendment in preparation and why publication overrode the checklist. */
  amendment?: Competition['amendment'];
  publicationOverride?: Competition['publicationOverride'];
  publishing?: Competition['publishing'];
}

export function viewCompetition(c: Competition, now: Date, membership?: Membership): CompetitionView {
  const { createdBy: _, publicationOverride, amendment, publishing, ...rest } = c;
  const organiser = hasRole(membership, 'organiser');
  // An amendment in preparation is the organisers' business; everyone else still sees the published results.
  const state = stateOf(c, now);
  const phase = state === 'amending' && !organiser ? 'published' : state;
  return {
    ...rest,
    pitch: c.pitch ?? DEFAULT_PITCH_POLICY,
    phase,
    phaseLabel: STATE_LABELS[phase],
    closesAt: effectiveClose(c),
    myRoles: membership?.roles ?? [],
    ...(c.amendments ? { amendments: organiser ? c.amendments : c.amendments.map(({ by: _by, ...a }) => a) } : {}),
    ...(organiser && amendment ? { amendment } : {}),
    ...(organiser && publicationOverride ? { publicationOverride } : {}),
    ...(organiser && publishing ? { publishing } : {}),
  };
}
