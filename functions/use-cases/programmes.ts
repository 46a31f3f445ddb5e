/**
 * Programmes (issue 13 §1): a consortium's funding project, its partner organisations, the people
 * invited by e-mail into programme roles, and its calls (competitions opened in it or attached to
 * it). Also the co-organisers of a single competition (a programme of one), invited the same way.
 *
 * Who may do what here: members of the organisers group create programmes (the creator becomes
 * its coordinator); anyone with a role in a programme reads it (everyone else: 404, a programme's
 * existence is private); coordinators edit it, invite and manage people, attach calls and assign
 * partner organisers to calls; coordinators and partner organisers open calls in it.
 *
 * The invariants, each one conditional write: a programme always keeps a coordinator (its
 * coordinator set, keys.programmeCoordinators); a competition always keeps an organiser (its
 * organiser set, keys.competitionOrganisers); an invitation is accepted once, before it expires,
 * unless it was revoked or replaced (the invitation item). The budget, the SME share and the
 * per-third-party cap are set at creation; changing them is the cross-call ledger's
 * (use-cases/programme-ledger.ts), which holds them in its own conditional item.
 */
import type { Locale } from '../shared/i18n/locales.ts';
import { instantInZone, serverText } from '../shared/i18n/server.ts';
import { randomBytes } from 'node:crypto';
import type { Competition } from '../domain/competition.ts';
import { AlreadyExists, Forbidden, InvalidState, NotFound, RuleViolation, ValidationFailed, VersionConflict } from '../domain/errors.ts';
import { canCreateCompetitions, verifiedEmail, type Identity } from '../domain/identity.ts';
import { hasRole } from '../domain/membership.ts';
import {
  CALL_OPENING_ROLES,
  DEFAULT_MIN_SME_SHARE,
  defaultThirdPartyCap,
  PROGRAMME_INVITATION_DAYS,
  ROLE_LABELS,
  invitationStatus,
  programmeProblems,
  programmeScope,
  type OrganiserInvitation,
  type Partner,
  type Programme,
  type ProgrammeInvitation,
  type ProgrammeMember,
  type ProgrammeRole,
} from '../domain/programme.ts';
import { loadOrganisedCompetition, requireIdentity } from './access.ts';
import type { CompetitionDraftInput } from './competition-input.ts';
import { createCompetition } from './create-competition.ts';
import { hashToken } from './invitations.ts';
import { mailNotSentOf, trySendMessage } from './messages.ts';
import { currencyLock } from './programme-ledger.ts';
import type { MailNotSentState } from '../domain/notification.ts';
import { withMailStatus } from './mail-events.ts';
import type { AuditFilter, Ports } from './ports.ts';

type Deps = Pick<Ports, 'programmes' | 'programmeLedger' | 'competitions' | 'memberships' | 'audit' | 'clock' | 'ids' | 'mailer'> & { webOrigin?: string };

// ——— input and views ———

export interface PartnerInput {
  id?: string;
  name: string;
  country: string;
  contactName: string;
  contactEmail: string;
}

/** What a coordinator edits (the limits are the ledger's: PUT …/limits). */
export interface ProgrammeEditInput {
  name: string;
  description: string;
  partners: PartnerInput[];
  /** One of the partners' ids; the first partner when absent. */
  coordinatorPartnerId?: string;
  period: { start: string; end: string };
  currency: string;
}

export interface ProgrammeCreateInput extends ProgrammeEditInput {
  totalBudget: number;
  minSmeShare?: number;
  thirdPartyCap?: number;
}

export interface ProgrammeView extends Programme {
  /** The caller's role in the programme. */
  myRole: ProgrammeRole;
}

const view = (p: Programme, member: ProgrammeMember): ProgrammeView => ({ ...p, myRole: member.role });

/** Partners with ids (new ones get theirs here) and the coordinating partner, checked together. */
function partnersOf(ports: Pick<Ports, 'ids'>, input: ProgrammeEditInput): Pick<Programme, 'partners' | 'coordinatorPartnerId' | 'period'> {
  const partners: Partner[] = input.partners.map((p) => ({
    id: p.id ?? ports.ids.next(),
    name: p.name.trim(),
    country: p.country,
    contactName: p.contactName.trim(),
    contactEmail: p.contactEmail.trim().toLowerCase(),
  }));
  const shaped = { partners, coordinatorPartnerId: input.coordinatorPartnerId ?? partners[0]?.id ?? '', period: input.period };
  const problems = programmeProblems(shaped);
  if (Object.keys(problems).length > 0) throw new ValidationFailed(Object.values(problems)[0]!, problems);
  return shaped;
}

// ——— access ———

/** The programme and the caller's role in it; 404 for everyone without one (a programme's existence is private). */
async function loadProgramme(ports: Pick<Ports, 'programmes'>, caller: Identity | undefined, programmeId: string) {
  const who = requireIdentity(caller);
  const [programme, member] = await Promise.all([ports.programmes.get(programmeId), ports.programmes.getMember(programmeId, who.sub)]);
  if (!programme || !member) throw new NotFound('No such programme.');
  return { who, programme, member };
}

async function loadCoordinated(ports: Pick<Ports, 'programmes'>, caller: Identity | undefined, programmeId: string) {
  const loaded = await loadProgramme(ports, caller, programmeId);
  if (loaded.member.role !== 'coordinator') throw new Forbidden(`Only the programme's coordinators can do this; you are its ${ROLE_LABELS[loaded.member.role]}.`);
  return loaded;
}

const actorOf = (who: Identity) => ({ sub: who.sub, email: who.email });

async function audit(ports: Pick<Ports, 'audit'>, scope: string, at: string, who: Identity, action: string, target: string, after?: unknown, before?: unknown) {
  await ports.audit.append({ competitionId: scope, at, actor: actorOf(who), action, target, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
}

// ——— programmes ———

export async function createProgramme(ports: Deps, caller: Identity | undefined, input: ProgrammeCreateInput): Promise<ProgrammeView> {
  const who = requireIdentity(caller);
  if (!canCreateCompetitions(who)) throw new Forbidden('Only organisers can create programmes.');
  const shaped = partnersOf(ports, input);
  const now = ports.clock.now().toISOString();
  const programme: Programme = {
    id: ports.ids.next(),
    name: input.name.trim(),
    description: input.description,
    ...shaped,
    totalBudget: input.totalBudget,
    minSmeShare: input.minSmeShare ?? DEFAULT_MIN_SME_SHARE,
    thirdPartyCap: input.thirdPartyCap ?? defaultThirdPartyCap(input.currency),
    currency: input.currency,
    createdBy: who.sub,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const member: ProgrammeMember = { programmeId: programme.id, userSub: who.sub, userEmail: who.email, role: 'coordinator', partnerId: programme.coordinatorPartnerId, addedAt: now, addedBy: who.sub };
  // The coordinator first: a programme item nobody coordinates would be unreachable.
  await ports.programmes.putMember(member);
  await ports.programmes.addCoordinator(programme.id, who.sub);
  await ports.programmes.create(programme);
  await audit(ports, programmeScope(programme.id), now, who, 'programme.created', `programme:${programme.id}`, { name: programme.name, partners: programme.partners.map((p) => p.name), totalBudget: programme.totalBudget });
  return view(programme, member);
}

export async function getProgramme(ports: Deps, caller: Identity | undefined, programmeId: string): Promise<ProgrammeView> {
  const { programme, member } = await loadProgramme(ports, caller, programmeId);
  return view(programme, member);
}

/** The programmes the caller has a role in (one index query, one batch read), by name. */
export async function listMyProgrammes(ports: Deps, caller: Identity | undefined): Promise<ProgrammeView[]> {
  const who = requireIdentity(caller);
  const roles = await ports.programmes.listForUser(who.sub);
  const byId = new Map(roles.map((m) => [m.programmeId, m]));
  const programmes = await ports.programmes.getMany([...byId.keys()]);
  return programmes.map((p) => view(p, byId.get(p.id)!)).sort((a, b) => a.name.localeCompare(b.name));
}

export async function updateProgramme(ports: Deps, caller: Identity | undefined, programmeId: string, input: ProgrammeEditInput & { version: number }): Promise<ProgrammeView> {
  const { who, programme, member } = await loadCoordinated(ports, caller, programmeId);
  if (programme.version !== input.version) throw new VersionConflict();
  const shaped = partnersOf(ports, input);
  // A partner that runs a call stays listed.
  const kept = new Set(shaped.partners.map((p) => p.id));
  const gone = programme.partners.filter((p) => !kept.has(p.id));
  if (gone.length > 0) {
    const calls = await ports.programmes.listCalls(programmeId);
    const running = gone.find((p) => calls.some((c) => c.partnerId === p.id));
    if (running) throw new InvalidState(`${running.name} runs calls of this programme; it stays a partner.`, { partners: 'in use' });
  }
  const now = ports.clock.now().toISOString();
  let next: Programme = { ...programme, name: input.name.trim(), description: input.description, ...shaped, currency: input.currency, updatedAt: now, version: programme.version + 1 };
  const currencyChanges = input.currency !== programme.currency;
  if (currencyChanges) {
    // The ledger's own conditional write decides (nothing committed or in flight there); the calls'
    // awards confirmed before they joined the programme are read first.
    const locked = await currencyLock(ports, programme);
    if (locked || !(await ports.programmeLedger.changeCurrency(programmeId, input.currency)))
      throw new AlreadyExists('PROGRAMME_CURRENCY_LOCKED', locked ?? (await currencyLock(ports, programme)) ?? `Awards are being confirmed in this programme's calls, so its currency stays ${programme.currency}.`, { currency: 'locked' });
    const ledger = await ports.programmeLedger.get(programmeId);
    // The programme's amounts as the ledger rescaled them (a currency with other minor units).
    if (ledger) next = { ...next, totalBudget: ledger.budget, thirdPartyCap: ledger.thirdPartyCap };
  }
  try {
    await ports.programmes.update(next, programme.version);
  } catch (e) {
    // Someone saved the programme meanwhile: the ledger goes back to the currency the programme keeps.
    if (currencyChanges && e instanceof VersionConflict) await ports.programmeLedger.changeCurrency(programmeId, programme.currency);
    throw e;
  }
  const fields = ['name', 'description', 'partners', 'coordinatorPartnerId', 'period', 'currency'] as const;
  const changed = fields.filter((f) => JSON.stringify(programme[f]) !== JSON.stringify(next[f]));
  await audit(
    ports,
    programmeScope(programmeId),
    now,
    who,
    'programme.updated',
    `programme:${programmeId}`,
    Object.fromEntries(changed.map((f) => [f, next[f]])),
    Object.fromEntries(changed.map((f) => [f, programme[f]])),
  );
  return view(next, member);
}

// ——— people ———

export interface PersonView extends ProgrammeMember {
  partnerName?: string;
}

export async function listPeople(ports: Deps, caller: Identity | undefined, programmeId: string, limit: number, cursor?: string) {
  const { programme } = await loadProgramme(ports, caller, programmeId);
  const page = await ports.programmes.listMembers(programmeId, limit, cursor);
  const names = new Map(programme.partners.map((p) => [p.id, p.name]));
  const people: PersonView[] = page.items.map((m) => ({ ...m, ...(m.partnerId && names.has(m.partnerId) ? { partnerName: names.get(m.partnerId)! } : {}) }));
  // Issue 13: what SES reported about each address, next to it (one batch read).
  const items = await withMailStatus(ports, people, (m) => m.userEmail);
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export interface SentProgrammeInvitation {
  id: string;
  email: string;
  role: ProgrammeRole;
  partnerId?: string;
  /** The link to pass on by hand if the mail does not arrive (only its hash is stored). */
  link: string;
  expiresAt: string;
  /** Whether the e-mail went out; if not, `mailState` (failed or suppressed) and `mailError` say why (the link works all the same). */
  sent: boolean;
  mailState?: MailNotSentState;
  mailError?: string;
}

const newToken = () => randomBytes(32).toString('base64url');
const expiryFrom = (now: Date) => new Date(now.getTime() + PROGRAMME_INVITATION_DAYS * 86_400_000).toISOString();
const readableDay = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
/** An expiry in UTC, as the recipient's language writes dates (English as it always read). */
const utcDay = (iso: string) => (l: Locale) => (l === 'en' ? readableDay(iso) : instantInZone(iso, 'UTC', l));
/** Programme roles' names in the catalogues (`role.programme.<key>`). */
const ROLE_KEYS: Record<ProgrammeRole, string> = {
  coordinator: 'coordinator',
  'partner-organiser': 'partnerOrganiser',
  'evaluation-manager': 'evaluationManager',
  'finance-officer': 'financeOfficer',
  observer: 'observer',
};

function checkPartner(programme: Programme, partnerId: string | undefined) {
  if (partnerId !== undefined && !programme.partners.some((p) => p.id === partnerId))
    throw new ValidationFailed('Choose one of the programme’s partners.', { partnerId: 'not a partner of this programme' });
}

async function sendProgrammeInvitation(ports: Deps, programme: Programme, who: Identity, inv: ProgrammeInvitation, token: string) {
  const link = `/programme-invitations/${programme.id}/${token}`;
  const outcome = await trySendMessage(ports, {
    kind: 'programme-invitation',
    competitionId: programmeScope(programme.id),
    to: inv.email,
    ...(inv.language ? { language: inv.language } : {}),
    senderSub: who.sub,
    fields: { programme: programme.name, role: (l) => serverText(l, `role.programme.${ROLE_KEYS[inv.role]}`), inviter: who.name || who.email, link: `${ports.webOrigin ?? ''}${link}`, expires: utcDay(inv.expiresAt) },
  });
  const notSent = mailNotSentOf(outcome); // issue 13: stored, so the list says "Not sent" and why
  if (notSent) await ports.programmes.invitations.noteMailNotSent(programme.id, inv.tokenHash, notSent);
  return { link, ...outcome };
}

const sentView = (inv: ProgrammeInvitation, mail: { link: string; sent: boolean; mailState?: MailNotSentState; mailError?: string }): SentProgrammeInvitation => ({
  id: inv.tokenHash,
  email: inv.email,
  role: inv.role,
  ...(inv.partnerId ? { partnerId: inv.partnerId } : {}),
  expiresAt: inv.expiresAt,
  ...mail,
});

export async function invitePerson(
  ports: Deps,
  caller: Identity | undefined,
  programmeId: string,
  input: { email: string; role: ProgrammeRole; partnerId?: string; language?: Locale },
): Promise<SentProgrammeInvitation> {
  const { who, programme } = await loadCoordinated(ports, caller, programmeId);
  checkPartner(programme, input.partnerId);
  const now = ports.clock.now();
  const token = newToken();
  const inv: ProgrammeInvitation = {
    programmeId,
    email: input.email.trim().toLowerCase(),
    role: input.role,
    ...(input.partnerId ? { partnerId: input.partnerId } : {}),
    ...(input.language ? { language: input.language } : {}),
    tokenHash: hashToken(token),
    invitedBy: actorOf(who),
    createdAt: now.toISOString(),
    expiresAt: expiryFrom(now),
  };
  await ports.programmes.invitations.create(inv);
  const mail = await sendProgrammeInvitation(ports, programme, who, inv, token);
  await audit(ports, programmeScope(programmeId), inv.createdAt, who, 'programme.invitation-sent', `invitation:${inv.tokenHash}`, { email: inv.email, role: inv.role, expiresAt: inv.expiresAt });
  return sentView(inv, mail);
}

export async function listProgrammeInvitations(ports: Deps, caller: Identity | undefined, programmeId: string, limit: number, cursor?: string) {
  await loadCoordinated(ports, caller, programmeId);
  const now = ports.clock.now();
  const page = await ports.programmes.invitations.list(programmeId, limit, cursor);
  const items = await withMailStatus(ports, page.items
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map(({ tokenHash, ...i }) => ({ ...i, id: tokenHash, status: invitationStatus(i, now) })), (i) => i.email);
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

function pendingInvitation<T extends { acceptedBy?: string; revokedAt?: string; expiresAt: string }>(found: T | undefined, now: Date): T {
  if (!found) throw new NotFound('No such invitation.');
  const status = invitationStatus(found, now);
  if (status === 'accepted' || status === 'revoked') throw new InvalidState(`This invitation was ${status === 'accepted' ? 'accepted already' : 'revoked'}; invite the person again if needed.`);
  return found;
}

/** A new link (and mail) for the same person and role; the old link stops working. Expired ones may be resent. */
export async function resendProgrammeInvitation(ports: Deps, caller: Identity | undefined, programmeId: string, invitationId: string): Promise<SentProgrammeInvitation> {
  const { who, programme } = await loadCoordinated(ports, caller, programmeId);
  const now = ports.clock.now();
  const old = pendingInvitation(await ports.programmes.invitations.get(programmeId, invitationId), now);
  const token = newToken();
  const { acceptedBy: _a, acceptedAt: _b, revokedAt: _c, replacedBy: _d, mailState: _e, mailError: _f, ...rest } = old;
  const inv: ProgrammeInvitation = { ...rest, tokenHash: hashToken(token), invitedBy: actorOf(who), createdAt: now.toISOString(), expiresAt: expiryFrom(now) };
  await ports.programmes.invitations.create(inv);
  // The old link is void before the new one goes out; if someone accepted it meanwhile, the new one is void instead.
  if (!(await ports.programmes.invitations.void(programmeId, old.tokenHash, inv.createdAt, inv.tokenHash))) {
    await ports.programmes.invitations.void(programmeId, inv.tokenHash, inv.createdAt);
    throw new InvalidState('This invitation was accepted or revoked meanwhile.');
  }
  const mail = await sendProgrammeInvitation(ports, programme, who, inv, token);
  await audit(ports, programmeScope(programmeId), inv.createdAt, who, 'programme.invitation-resent', `invitation:${inv.tokenHash}`, { email: inv.email, role: inv.role, expiresAt: inv.expiresAt, replaces: old.tokenHash });
  return sentView(inv, mail);
}

export async function revokeProgrammeInvitation(ports: Deps, caller: Identity | undefined, programmeId: string, invitationId: string): Promise<void> {
  const { who } = await loadCoordinated(ports, caller, programmeId);
  const now = ports.clock.now();
  const inv = pendingInvitation(await ports.programmes.invitations.get(programmeId, invitationId), now);
  if (!(await ports.programmes.invitations.void(programmeId, invitationId, now.toISOString()))) throw new InvalidState('This invitation was accepted or revoked meanwhile.');
  await audit(ports, programmeScope(programmeId), now.toISOString(), who, 'programme.invitation-revoked', `invitation:${invitationId}`, { email: inv.email, role: inv.role });
}

/** What the invitation page shows before accepting: the token in the link is the credential. */
export async function describeProgrammeInvitation(ports: Deps, programmeId: string, token: string) {
  const [inv, programme] = await Promise.all([ports.programmes.invitations.get(programmeId, hashToken(token)), ports.programmes.get(programmeId)]);
  if (!inv || !programme) throw new NotFound('This invitation link is not valid.');
  const partner = programme.partners.find((p) => p.id === inv.partnerId);
  return {
    programmeId,
    programmeName: programme.name,
    email: inv.email,
    role: inv.role,
    roleLabel: ROLE_LABELS[inv.role],
    ...(partner ? { partnerName: partner.name } : {}),
    invitedBy: inv.invitedBy.email,
    expiresAt: inv.expiresAt,
    status: invitationStatus(inv, ports.clock.now()),
  };
}

/** The invitation is for an address: only a signed-in identity whose address is verified and the same may take it. */
function assertInvitee(who: Identity, invitedEmail: string) {
  const email = verifiedEmail(who);
  if (email === undefined)
    throw new Forbidden(`Your e-mail address ${who.email} is not verified yet. Verify it with the confirmation code you were sent, sign in again and open this link again.`);
  if (email.toLowerCase() !== invitedEmail) throw new Forbidden(`This invitation was sent to ${invitedEmail}; sign in with that address to accept it.`);
}

function refuseUnusable(status: string) {
  if (status === 'expired') throw new InvalidState('This invitation has expired. Ask the coordinator to send it again.');
  if (status === 'revoked') throw new InvalidState('This invitation was withdrawn or replaced by a newer one; use the latest link you were sent.');
}

export async function acceptProgrammeInvitation(ports: Deps, caller: Identity | undefined, programmeId: string, token: string) {
  const who = requireIdentity(caller);
  const tokenHash = hashToken(token);
  const [inv, programme, existing] = await Promise.all([ports.programmes.invitations.get(programmeId, tokenHash), ports.programmes.get(programmeId), ports.programmes.getMember(programmeId, who.sub)]);
  if (!inv || !programme) throw new NotFound('This invitation link is not valid.');
  assertInvitee(who, inv.email);
  const now = ports.clock.now();
  const status = invitationStatus(inv, now);
  if (status === 'accepted') {
    if (inv.acceptedBy === who.sub && existing) return { programmeId, role: existing.role };
    throw new InvalidState('This invitation was accepted already.');
  }
  refuseUnusable(status);
  if (existing) throw new AlreadyExists('ALREADY_A_MEMBER', `You are already in ${programme.name} as ${ROLE_LABELS[existing.role]}; ask a coordinator to change your role.`);
  const at = now.toISOString();
  if (!(await ports.programmes.invitations.claim(programmeId, tokenHash, who.sub, at))) throw new InvalidState('This invitation can no longer be accepted (accepted, revoked or expired just now).');
  const member: ProgrammeMember = { programmeId, userSub: who.sub, userEmail: inv.email, role: inv.role, ...(inv.partnerId ? { partnerId: inv.partnerId } : {}), addedAt: at, addedBy: inv.invitedBy.sub };
  try {
    await ports.programmes.putMember(member);
    if (member.role === 'coordinator') await ports.programmes.addCoordinator(programmeId, who.sub);
  } catch (e) {
    await ports.programmes.invitations.release(programmeId, tokenHash);
    throw e;
  }
  await audit(ports, programmeScope(programmeId), at, who, 'programme.member-joined', `person:${who.sub}`, { email: member.userEmail, role: member.role, partnerId: member.partnerId });
  return { programmeId, role: member.role };
}

const LAST_COORDINATOR = 'LAST_COORDINATOR';
const lastCoordinator = (programme: Programme) =>
  new AlreadyExists(LAST_COORDINATOR, `${programme.name} needs a coordinator: make someone else coordinator first.`, { role: 'last coordinator' });

export async function changeRole(
  ports: Deps,
  caller: Identity | undefined,
  programmeId: string,
  userSub: string,
  input: { role: ProgrammeRole; partnerId?: string },
): Promise<PersonView> {
  const { who, programme } = await loadCoordinated(ports, caller, programmeId);
  checkPartner(programme, input.partnerId);
  const person = await ports.programmes.getMember(programmeId, userSub);
  if (!person) throw new NotFound('This person has no role in the programme.');
  const next: ProgrammeMember = { ...person, role: input.role };
  if (input.partnerId) next.partnerId = input.partnerId;
  else delete next.partnerId;
  const demoted = person.role === 'coordinator' && next.role !== 'coordinator';
  if (demoted && !(await ports.programmes.removeCoordinator(programmeId, userSub))) throw lastCoordinator(programme);
  try {
    await ports.programmes.putMember(next);
  } catch (e) {
    if (demoted) await ports.programmes.addCoordinator(programmeId, userSub);
    throw e;
  }
  if (next.role === 'coordinator' && person.role !== 'coordinator') await ports.programmes.addCoordinator(programmeId, userSub);
  const at = ports.clock.now().toISOString();
  await audit(ports, programmeScope(programmeId), at, who, 'programme.member-role-changed', `person:${userSub}`, { role: next.role, partnerId: next.partnerId }, { role: person.role, partnerId: person.partnerId });
  const partner = programme.partners.find((p) => p.id === next.partnerId);
  return { ...next, ...(partner ? { partnerName: partner.name } : {}) };
}

/**
 * Takes a person out of the programme (removed by a coordinator, or leaving): never the last
 * coordinator, and never the last organiser of one of its calls — they lose the `organiser` role
 * of the calls they organise along with the programme role.
 */
async function takeOut(ports: Deps, who: Identity, programme: Programme, person: ProgrammeMember, action: 'programme.member-removed' | 'programme.member-left') {
  const calls = await ports.programmes.listCalls(programme.id);
  const competitions = calls.length ? await ports.competitions.getMany(calls.map((c) => c.competitionId)) : [];
  const organisers = await Promise.all(competitions.map(async (c) => ({ c, subs: await ports.programmes.listOrganisers(c) })));
  const theirs = organisers.filter((o) => o.subs.includes(person.userSub));
  const alone = theirs.filter((o) => o.subs.length === 1);
  if (alone.length > 0)
    throw new AlreadyExists(
      'LAST_ORGANISER',
      `${alone.map((o) => `“${o.c.title}”`).join(', ')} would have no organiser: assign another organiser to ${alone.length === 1 ? 'that call' : 'those calls'} first.`,
      { userSub: 'last organiser of a call' },
    );
  if (person.role === 'coordinator' && !(await ports.programmes.removeCoordinator(programme.id, person.userSub))) throw lastCoordinator(programme);
  const at = ports.clock.now().toISOString();
  for (const { c } of theirs) {
    if (await ports.programmes.removeOrganiser(c, person.userSub))
      await audit(ports, c.id, at, who, 'organiser.removed', `person:${person.userSub}`, { email: person.userEmail, reason: 'left the programme' });
  }
  await ports.programmes.removeMember(programme.id, person.userSub);
  await audit(ports, programmeScope(programme.id), at, who, action, `person:${person.userSub}`, undefined, { email: person.userEmail, role: person.role, partnerId: person.partnerId });
}

export async function removePerson(ports: Deps, caller: Identity | undefined, programmeId: string, userSub: string): Promise<void> {
  const { who, programme } = await loadCoordinated(ports, caller, programmeId);
  const person = await ports.programmes.getMember(programmeId, userSub);
  if (!person) throw new NotFound('This person has no role in the programme.');
  await takeOut(ports, who, programme, person, userSub === who.sub ? 'programme.member-left' : 'programme.member-removed');
}

export async function leaveProgramme(ports: Deps, caller: Identity | undefined, programmeId: string): Promise<void> {
  const { who, programme, member } = await loadProgramme(ports, caller, programmeId);
  await takeOut(ports, who, programme, member, 'programme.member-left');
}

/** The programme's mail (invitations), newest first: locally the outbox, for its coordinators. */
export async function readProgrammeOutbox(ports: Deps & Pick<Ports, 'outbox'>, caller: Identity | undefined, programmeId: string) {
  await loadCoordinated(ports, caller, programmeId);
  return ports.outbox.list(programmeScope(programmeId), 100);
}

/** The programme's own audit trail (programme-wide actions; each call keeps its own). */
export async function listProgrammeAudit(ports: Deps, caller: Identity | undefined, programmeId: string, limit: number, cursor?: string, filter: AuditFilter = {}) {
  await loadCoordinated(ports, caller, programmeId);
  return ports.audit.list(programmeScope(programmeId), limit, cursor, filter);
}

// ——— calls ———

export interface CallView {
  competitionId: string;
  title: string;
  partnerId?: string;
  partnerName?: string;
  addedAt: string;
  status?: Competition['status'];
  submissionsOpen?: string;
  submissionsClose?: string;
  timeZone?: string;
}

/** The programme's calls with their status and dates (one partition query, one batch read). */
export async function listCalls(ports: Deps, caller: Identity | undefined, programmeId: string): Promise<CallView[]> {
  // The calls are read alongside the access check (and answered only if it passes): two round trips, not three.
  const [{ programme }, calls] = await Promise.all([loadProgramme(ports, caller, programmeId), ports.programmes.listCalls(programmeId)]);
  const competitions = new Map((calls.length ? await ports.competitions.getMany(calls.map((c) => c.competitionId)) : []).map((c) => [c.id, c]));
  return calls
    .map((call) => {
      const c = competitions.get(call.competitionId);
      const partner = programme.partners.find((p) => p.id === call.partnerId);
      return {
        competitionId: call.competitionId,
        title: c?.title ?? call.title,
        ...(call.partnerId ? { partnerId: call.partnerId } : {}),
        ...(partner ? { partnerName: partner.name } : {}),
        addedAt: call.addedAt,
        ...(c ? { status: c.status, submissionsOpen: c.schedule.submissionsOpen, submissionsClose: c.schedule.submissionsClose, timeZone: c.schedule.timeZone } : {}),
      };
    })
    .sort((a, b) => (a.submissionsOpen ?? a.addedAt).localeCompare(b.submissionsOpen ?? b.addedAt));
}

/** A coordinator or partner organiser opens a call (a draft competition) in the programme; they organise it. */
export async function createCall(ports: Deps, caller: Identity | undefined, programmeId: string, input: CompetitionDraftInput) {
  const { who, programme, member } = await loadProgramme(ports, caller, programmeId);
  if (!CALL_OPENING_ROLES.includes(member.role)) throw new Forbidden(`Only coordinators and partner organisers open calls in ${programme.name}; you are its ${ROLE_LABELS[member.role]}.`);
  const competition = await createCompetition(ports, who, input, { programmeId });
  const at = ports.clock.now().toISOString();
  await ports.programmes.addCall(programmeId, { competitionId: competition.id, title: competition.title, ...(member.partnerId ? { partnerId: member.partnerId } : {}), addedAt: at });
  await audit(ports, programmeScope(programmeId), at, who, 'programme.call-created', `competition:${competition.id}`, { title: competition.title, partnerId: member.partnerId });
  return competition;
}

/** A coordinator who organises a competition makes it a call of the programme (before any award is confirmed in it). */
export async function attachCall(ports: Deps & Pick<Ports, 'awards'>, caller: Identity | undefined, programmeId: string, competitionId: string, input: { partnerId?: string }) {
  const { who, programme } = await loadCoordinated(ports, caller, programmeId);
  checkPartner(programme, input.partnerId);
  const [competition, membership] = await Promise.all([ports.competitions.get(competitionId), ports.memberships.get(competitionId, who.sub)]);
  if (!competition || (!hasRole(membership, 'organiser') && competition.programmeId !== programmeId)) throw new NotFound('No such competition among those you organise.');
  if (competition.programmeId && competition.programmeId !== programmeId) throw new InvalidState('This competition is a call of another programme already.', { competitionId: 'in another programme' });
  const at = ports.clock.now().toISOString();
  if (competition.programmeId !== programmeId) {
    // Awards confirmed before it joined are not in the programme's ledger, so it joins before any.
    const totals = await ports.awards.getTotals(competitionId);
    if (totals.committed > 0)
      throw new RuleViolation('AWARDS_CONFIRMED', `“${competition.title}” has confirmed awards already; only a competition without confirmed awards can become a call, so that the programme’s ledger counts every award.`, { competitionId: 'has confirmed awards' });
    await ports.competitions.update({ ...competition, programmeId, updatedAt: at, version: competition.version + 1 }, competition.version);
    await audit(ports, competitionId, at, who, 'competition.joined-programme', `competition:${competitionId}`, { programmeId, programme: programme.name });
  }
  await ports.programmes.addCall(programmeId, { competitionId, title: competition.title, ...(input.partnerId ? { partnerId: input.partnerId } : {}), addedAt: at });
  await audit(ports, programmeScope(programmeId), at, who, 'programme.call-attached', `competition:${competitionId}`, { title: competition.title, partnerId: input.partnerId });
  return (await listCalls(ports, who, programmeId)).find((c) => c.competitionId === competitionId)!;
}

/** A coordinator makes a partner organiser (or any person of the programme) an organiser of one of its calls. */
export async function assignCallOrganiser(ports: Deps, caller: Identity | undefined, programmeId: string, competitionId: string, userSub: string) {
  const { who } = await loadCoordinated(ports, caller, programmeId);
  const [competition, person] = await Promise.all([ports.competitions.get(competitionId), ports.programmes.getMember(programmeId, userSub)]);
  if (!competition || competition.programmeId !== programmeId) throw new NotFound('No such call in this programme.');
  if (!person) throw new NotFound('This person has no role in the programme.', { userSub: 'not in the programme' });
  const at = ports.clock.now().toISOString();
  // The role first, then the set that counts organisers (a failure in between errs on the safe side).
  await ports.memberships.grant(competitionId, { sub: person.userSub, email: person.userEmail, emailVerified: true }, 'organiser');
  await ports.programmes.addOrganiser(competition, person.userSub);
  await audit(ports, competitionId, at, who, 'organiser.assigned', `person:${person.userSub}`, { email: person.userEmail, programmeId });
  await audit(ports, programmeScope(programmeId), at, who, 'programme.call-organiser-assigned', `competition:${competitionId}`, { email: person.userEmail, title: competition.title });
  return listOrganisersOf(ports, competition);
}

// ——— co-organisers of one competition ———

async function listOrganisersOf(ports: Deps, competition: Competition) {
  const subs = await ports.programmes.listOrganisers(competition);
  const members = await ports.memberships.getMany(competition.id, subs);
  const email = new Map(members.map((m) => [m.userSub, m.userEmail]));
  return { items: await withMailStatus(ports, subs.map((sub) => ({ userSub: sub, email: email.get(sub) ?? '' })), (o) => o.email) };
}

export async function listOrganisers(ports: Deps, caller: Identity | undefined, competitionId: string) {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  return listOrganisersOf(ports, competition);
}

/** An organiser of a competition is taken off it, never the last one (409). */
export async function removeOrganiser(ports: Deps, caller: Identity | undefined, competitionId: string, userSub: string) {
  const who = requireIdentity(caller);
  const { competition } = await loadOrganisedCompetition(ports, who, competitionId, 'manage');
  const subs = await ports.programmes.listOrganisers(competition);
  if (!subs.includes(userSub)) throw new NotFound('This person does not organise the competition.');
  if (!(await ports.programmes.removeOrganiser(competition, userSub)))
    throw new AlreadyExists('LAST_ORGANISER', `“${competition.title}” needs an organiser: invite or assign another organiser first.`, { userSub: 'last organiser' });
  const at = ports.clock.now().toISOString();
  await audit(ports, competitionId, at, who, 'organiser.removed', `person:${userSub}`, { reason: userSub === who.sub ? 'left' : 'removed' });
  return listOrganisersOf(ports, competition);
}

export interface SentOrganiserInvitation {
  id: string;
  email: string;
  link: string;
  expiresAt: string;
  sent: boolean;
  mailState?: MailNotSentState;
  mailError?: string;
}

async function sendOrganiserInvitation(ports: Deps, competition: Competition, who: Identity, inv: OrganiserInvitation, token: string) {
  const link = `/organiser-invitations/${competition.id}/${token}`;
  const outcome = await trySendMessage(ports, {
    kind: 'organiser-invitation',
    competitionId: competition.id,
    to: inv.email,
    ...(inv.language ? { language: inv.language } : {}),
    senderSub: who.sub,
    fields: { competition: competition.title, inviter: who.name || who.email, link: `${ports.webOrigin ?? ''}${link}`, expires: utcDay(inv.expiresAt) },
  });
  const notSent = mailNotSentOf(outcome); // issue 13: stored, so the list says "Not sent" and why
  if (notSent) await ports.programmes.organiserInvitations.noteMailNotSent(competition.id, inv.tokenHash, notSent);
  return { id: inv.tokenHash, email: inv.email, link, expiresAt: inv.expiresAt, ...outcome };
}

export async function inviteOrganiser(ports: Deps, caller: Identity | undefined, competitionId: string, input: { email: string; language?: Locale }): Promise<SentOrganiserInvitation> {
  const who = requireIdentity(caller);
  const { competition } = await loadOrganisedCompetition(ports, who, competitionId, 'manage');
  const now = ports.clock.now();
  const token = newToken();
  const inv: OrganiserInvitation = { competitionId, email: input.email.trim().toLowerCase(), ...(input.language ? { language: input.language } : {}), tokenHash: hashToken(token), invitedBy: actorOf(who), createdAt: now.toISOString(), expiresAt: expiryFrom(now) };
  await ports.programmes.organiserInvitations.create(inv);
  const sent = await sendOrganiserInvitation(ports, competition, who, inv, token);
  await audit(ports, competitionId, inv.createdAt, who, 'organiser.invited', `invitation:${inv.tokenHash}`, { email: inv.email, expiresAt: inv.expiresAt });
  return sent;
}

export async function listOrganiserInvitations(ports: Deps, caller: Identity | undefined, competitionId: string, limit: number, cursor?: string) {
  await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  const now = ports.clock.now();
  const page = await ports.programmes.organiserInvitations.list(competitionId, limit, cursor);
  const items = await withMailStatus(ports, page.items.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(({ tokenHash, ...i }) => ({ ...i, id: tokenHash, status: invitationStatus(i, now) })), (i) => i.email);
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export async function resendOrganiserInvitation(ports: Deps, caller: Identity | undefined, competitionId: string, invitationId: string): Promise<SentOrganiserInvitation> {
  const who = requireIdentity(caller);
  const { competition } = await loadOrganisedCompetition(ports, who, competitionId, 'manage');
  const now = ports.clock.now();
  const old = pendingInvitation(await ports.programmes.organiserInvitations.get(competitionId, invitationId), now);
  const token = newToken();
  const inv: OrganiserInvitation = { competitionId, email: old.email, tokenHash: hashToken(token), invitedBy: actorOf(who), createdAt: now.toISOString(), expiresAt: expiryFrom(now) };
  await ports.programmes.organiserInvitations.create(inv);
  if (!(await ports.programmes.organiserInvitations.void(competitionId, old.tokenHash, inv.createdAt, inv.tokenHash))) {
    await ports.programmes.organiserInvitations.void(competitionId, inv.tokenHash, inv.createdAt);
    throw new InvalidState('This invitation was accepted or revoked meanwhile.');
  }
  const sent = await sendOrganiserInvitation(ports, competition, who, inv, token);
  await audit(ports, competitionId, inv.createdAt, who, 'organiser.invitation-resent', `invitation:${inv.tokenHash}`, { email: inv.email, expiresAt: inv.expiresAt, replaces: old.tokenHash });
  return sent;
}

export async function revokeOrganiserInvitation(ports: Deps, caller: Identity | undefined, competitionId: string, invitationId: string): Promise<void> {
  const who = requireIdentity(caller);
  await loadOrganisedCompetition(ports, who, competitionId, 'manage');
  const now = ports.clock.now();
  const inv = pendingInvitation(await ports.programmes.organiserInvitations.get(competitionId, invitationId), now);
  if (!(await ports.programmes.organiserInvitations.void(competitionId, invitationId, now.toISOString()))) throw new InvalidState('This invitation was accepted or revoked meanwhile.');
  await audit(ports, competitionId, now.toISOString(), who, 'organiser.invitation-revoked', `invitation:${invitationId}`, { email: inv.email });
}

export async function describeOrganiserInvitation(ports: Deps, competitionId: string, token: string) {
  const [inv, competition] = await Promise.all([ports.programmes.organiserInvitations.get(competitionId, hashToken(token)), ports.competitions.get(competitionId)]);
  if (!inv || !competition) throw new NotFound('This invitation link is not valid.');
  return { competitionId, competitionTitle: competition.title, email: inv.email, invitedBy: inv.invitedBy.email, expiresAt: inv.expiresAt, status: invitationStatus(inv, ports.clock.now()) };
}

export async function acceptOrganiserInvitation(ports: Deps, caller: Identity | undefined, competitionId: string, token: string) {
  const who = requireIdentity(caller);
  const tokenHash = hashToken(token);
  const [inv, competition] = await Promise.all([ports.programmes.organiserInvitations.get(competitionId, tokenHash), ports.competitions.get(competitionId)]);
  if (!inv || !competition) throw new NotFound('This invitation link is not valid.');
  assertInvitee(who, inv.email);
  const now = ports.clock.now();
  const status = invitationStatus(inv, now);
  if (status === 'accepted') {
    if (inv.acceptedBy === who.sub) return { competitionId };
    throw new InvalidState('This invitation was accepted already.');
  }
  refuseUnusable(status);
  const at = now.toISOString();
  if (!(await ports.programmes.organiserInvitations.claim(competitionId, tokenHash, who.sub, at))) throw new InvalidState('This invitation can no longer be accepted (accepted, revoked or expired just now).');
  try {
    await ports.memberships.grant(competitionId, who, 'organiser');
    await ports.programmes.addOrganiser(competition, who.sub);
  } catch (e) {
    await ports.programmes.organiserInvitations.release(competitionId, tokenHash);
    throw e;
  }
  await audit(ports, competitionId, at, who, 'organiser.joined', `person:${who.sub}`, { email: inv.email });
  return { competitionId };
}
