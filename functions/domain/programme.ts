/**
 * Programmes: a consortium's funding project (e.g. "GreenChain — INNOSUP-1 cluster project")
 * that groups several competitions (calls) under one budget and one set of funding rules, run
 * by partner organisations with staff in programme roles. A competition without a programme is
 * a programme of one: its own organisers, its own plan, nothing above it.
 *
 * What each programme role may do in the programme's competitions (use-cases/access.ts applies it):
 *  - coordinator: everything, in every call of the programme, and the programme itself;
 *  - partner-organiser: organises the calls they create or are assigned (they are granted the
 *    competition's `organiser` role); nothing in the others beyond reading the programme;
 *  - evaluation-manager: rounds, assignment, moderation, rankings (not money);
 *  - finance-officer: prize plans, awards, payment exports; read-only elsewhere;
 *  - observer: read-only.
 */
import { minorUnits } from './programme-ledger.ts';

export const PROGRAMME_ROLES = ['coordinator', 'partner-organiser', 'evaluation-manager', 'finance-officer', 'observer'] as const;
export type ProgrammeRole = (typeof PROGRAMME_ROLES)[number];

/** What a caller may do on a competition as its organiser or programme staff (use-cases/access.ts). */
export const STAFF_CAPABILITIES = ['read', 'manage', 'evaluate', 'finance'] as const;
export type StaffCapability = (typeof STAFF_CAPABILITIES)[number];

/** The capabilities each programme role brings to every competition of the programme. */
export const CAPABILITIES_OF_ROLE: Record<ProgrammeRole, readonly StaffCapability[]> = {
  coordinator: ['read', 'manage', 'evaluate', 'finance'],
  // A partner organiser organises the calls they are assigned through the competition's own
  // `organiser` membership; the programme role alone lets them read the programme, not its calls.
  'partner-organiser': [],
  'evaluation-manager': ['read', 'evaluate'],
  'finance-officer': ['read', 'finance'],
  observer: ['read'],
};

export const DEFAULT_MIN_SME_SHARE = 0.75;
/** H2020 / Horizon Europe financial support to third parties: at most €60,000 each unless the work programme says otherwise (whole units; defaultThirdPartyCap gives it in minor units). */
export const DEFAULT_THIRD_PARTY_CAP = 60_000;

/**
 * How a programme item stores its amounts: 1 (before issue 13's mends) in whole currency units, 2
 * in minor units (cents), as prize plans, awards and the ledger. The repository converts items of
 * schema 1 as it reads them (programmeAmountsInMinorUnits) and writes schema 2.
 */
export const PROGRAMME_SCHEMA_VERSION = 2;

/** The default cap per third party in the currency's minor unit (€60,000 → 6,000,000 cents). */
export const defaultThirdPartyCap = (currency: string) => minorUnits(DEFAULT_THIRD_PARTY_CAP, currency);

/** A stored programme in today's units: amounts of a schema-1 item (whole units) converted to minor units; a schema-2 item as it is. */
export function programmeAmountsInMinorUnits<T extends Pick<Programme, 'totalBudget' | 'thirdPartyCap' | 'currency'>>(stored: T, schemaVersion: number | undefined): T {
  if ((schemaVersion ?? 1) >= PROGRAMME_SCHEMA_VERSION) return stored;
  return { ...stored, totalBudget: minorUnits(stored.totalBudget, stored.currency), thirdPartyCap: minorUnits(stored.thirdPartyCap, stored.currency) };
}

export interface Partner {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  contactName: string;
  contactEmail: string;
}

export interface Programme {
  id: string;
  name: string;
  description: string;
  /** The coordinating partner (one of `partners`). */
  coordinatorPartnerId: string;
  partners: Partner[];
  /** The project's total budget, in the currency's minor unit (cents), as prize plans and awards. */
  totalBudget: number;
  /** At least this share (0–1) of the total budget goes to SMEs as direct support. */
  minSmeShare: number;
  /** Minor units: at most this much financial support per third party (SME, by normalised registry/VAT id) across all calls. */
  thirdPartyCap: number;
  /** ISO 4217, e.g. EUR. */
  currency: string;
  period: { start: string; end: string };
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A person's role in a programme, accepted with their own account. */
export interface ProgrammeMember {
  programmeId: string;
  userSub: string;
  userEmail: string;
  role: ProgrammeRole;
  /** The partner organisation they work for. */
  partnerId?: string;
  addedAt: string;
  addedBy: string;
}

/** The capabilities a programme member has on the programme's competitions. */
export function capabilitiesOf(member: ProgrammeMember | undefined): readonly StaffCapability[] {
  return member ? CAPABILITIES_OF_ROLE[member.role] : [];
}

// ——— H1: people invited into programme roles, co-organisers, and the rules about who stays ———

/** How long a programme (or co-organiser) invitation link works, as round invitations. */
export const PROGRAMME_INVITATION_DAYS = 14;

/** How the roles read in sentences and mail ("Alice invites you … as partner organiser"). */
export const ROLE_LABELS: Record<ProgrammeRole, string> = {
  coordinator: 'coordinator',
  'partner-organiser': 'partner organiser',
  'evaluation-manager': 'evaluation manager',
  'finance-officer': 'finance officer',
  observer: 'observer',
};

/** The roles that may open calls in the programme. */
export const CALL_OPENING_ROLES: readonly ProgrammeRole[] = ['coordinator', 'partner-organiser'];

/** The outbox and audit scope of mail and entries about a programme rather than one competition. */
export const programmeScope = (programmeId: string) => `programme:${programmeId}`;

/** An invitation sent by e-mail: only the hash of its link's token is stored; pending until accepted, revoked or expired. */
interface InvitationRecord {
  email: string;
  tokenHash: string;
  invitedBy: { sub: string; email: string };
  /** The language of its e-mail, as the inviter chose (issue 14); absent: the inviter's own. */
  language?: import('../shared/i18n/locales.ts').Locale;
  createdAt: string;
  expiresAt: string;
  acceptedBy?: string;
  acceptedAt?: string;
  /** Revoked by whoever invited, or replaced by a resent invitation (`replacedBy`, the new one's hash). */
  revokedAt?: string;
  replacedBy?: string;
  /** Its e-mail did not go out: failed, or held back (the address bounced or complained); `mailError` says why. */
  mailState?: import('./notification.ts').MailNotSentState;
  mailError?: string;
}

/** An invitation into a programme role. */
export interface ProgrammeInvitation extends InvitationRecord {
  programmeId: string;
  role: ProgrammeRole;
  partnerId?: string;
}

/** An invitation to co-organise one competition (a programme of one). */
export interface OrganiserInvitation extends InvitationRecord {
  competitionId: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export function invitationStatus(i: { acceptedBy?: string; revokedAt?: string; expiresAt: string }, now: Date): InvitationStatus {
  if (i.acceptedBy) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return i.expiresAt <= now.toISOString() ? 'expired' : 'pending';
}

/** What a programme's editable description must satisfy beyond its fields' own shapes (field → problem). */
export function programmeProblems(p: Pick<Programme, 'partners' | 'coordinatorPartnerId' | 'period'>): Record<string, string> {
  const problems: Record<string, string> = {};
  const ids = p.partners.map((x) => x.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) problems.partners = `Two partners have the id ${dup}.`;
  const names = p.partners.map((x) => x.name.trim().toLowerCase());
  const dupName = p.partners.find((_, i) => names.indexOf(names[i]!) !== i);
  if (dupName) problems.partners = `${dupName.name.trim()} is listed twice.`;
  if (!ids.includes(p.coordinatorPartnerId)) problems.coordinatorPartnerId = 'Choose the coordinating partner from the partners listed.';
  if (p.period.end < p.period.start) problems['period.end'] = 'The period ends before it starts.';
  return problems;
}
