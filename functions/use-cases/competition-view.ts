/** The shape the API returns for a competition: stored fields plus what is derived for the caller. */
import { rolesShown } from '../domain/team.ts';
import { effectiveClose, type Competition } from '../domain/competition.ts';
import { STATE_LABELS, stateOf, type LifecycleState } from '../domain/lifecycle.ts';
import { hasRole, type Membership, type Role } from '../domain/membership.ts';
import { DEFAULT_PITCH_POLICY } from '../domain/pitch.ts';
import { STAFF_CAPABILITIES, type StaffCapability } from '../domain/programme.ts';

export interface CompetitionView extends Omit<Competition, 'createdBy' | 'publicationOverride' | 'amendment' | 'amendments' | 'publishing'> {
  amendments?: (Omit<NonNullable<Competition['amendments']>[number], 'by'> & { by?: string })[];
  /** The lifecycle state (domain/lifecycle.ts) and how people read it. */
  phase: LifecycleState;
  phaseLabel: string;
  closesAt: string;
  myRoles: Role[];
  /** What the caller may do here as an organiser or programme staff (use-cases/access.ts): pages show what this allows. */
  myCapabilities: StaffCapability[];
  /** Organisers only: the amendment in preparation and why publication overrode the checklist. */
  amendment?: Competition['amendment'];
  publicationOverride?: Competition['publicationOverride'];
  publishing?: Competition['publishing'];
}

/** `capabilities`: the caller's staff capabilities when known (loadOrganisedCompetition, staffCapabilities); else an organiser's all, anyone else's none. */
export function viewCompetition(c: Competition, now: Date, membership?: Membership, capabilities?: readonly StaffCapability[]): CompetitionView {
  const { createdBy: _, publicationOverride, amendment, publishing, ...rest } = c;
  const myCapabilities = [...(capabilities ?? (hasRole(membership, 'organiser') ? STAFF_CAPABILITIES : []))];
  // What the organisers see of the publication (an amendment in preparation, an override, a job under way): whoever may read it as staff.
  const organiser = myCapabilities.includes('read');
  // An amendment in preparation is the organisers' business; everyone else still sees the published results.
  const state = stateOf(c, now);
  const phase = state === 'amending' && !organiser ? 'published' : state;
  return {
    ...rest,
    pitch: c.pitch ?? DEFAULT_PITCH_POLICY,
    phase,
    phaseLabel: STATE_LABELS[phase],
    closesAt: effectiveClose(c),
    myRoles: rolesShown(membership), // team members take part as entrants (domain/team.ts)
    myCapabilities,
    ...(c.amendments ? { amendments: organiser ? c.amendments : c.amendments.map(({ by: _by, ...a }) => a) } : {}),
    ...(organiser && amendment ? { amendment } : {}),
    ...(organiser && publicationOverride ? { publicationOverride } : {}),
    ...(organiser && publishing ? { publishing } : {}),
  };
}
