/**
 * An SME registers its organisation for a competition. Eligibility is checked against the
 * competition's rules; one registration per user and per organisation (registry/VAT id).
 */
import { assertCanRegister, type Registration } from '../domain/entrant.ts';
import { NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { loadVisibleCompetition, requireIdentity } from './access.ts';
import type { Ports } from './ports.ts';
import { seatOf } from '../domain/team.ts';
import { teamRegistrant } from './team-access.ts';
import { rankingInputsChanged, type InputsChangedPorts } from './ranking-job.ts';
import { countTransition } from './dashboard.ts';
import type { ConsentGiven } from '../domain/privacy.ts';
import { checkRegistrationConsent, recordRegistrationConsent } from './consents.ts';

export interface RegistrationView extends Registration {
  competitionId: string;
  registeredAt: string;
}

export async function registerEntrant(
  ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'evaluation' | 'audit' | 'clock' | 'dashboard' | 'personalData'> & InputsChangedPorts,
  caller: Identity | undefined,
  competitionId: string,
  { privacy, ...input }: Registration & { privacy?: ConsentGiven },
): Promise<RegistrationView> {
  const who = requireIdentity(caller);
  // The competition's privacy settings are read alongside it (they say nothing until access is checked).
  const settings = ports.personalData.getSettings(competitionId);
  settings.catch(() => undefined); // awaited below, unless access is refused first
  // Issue 9 §3 (≤ 3 round trips): the organisation is claimed together with these reads — the
  // claim is the one conditional write that keeps one registration per organisation, and it
  // depends on nothing read. Refused for any other reason (no such competition, closed, not
  // eligible, no consent), the claim is released again if this call made it; the refusals keep
  // their order (a missing competition answers 404, not "organisation already registered").
  const claim = ports.memberships.claimOrganisation(competitionId, who, input.registryId);
  claim.catch(() => undefined); // awaited below, after the checks that come first
  const at = ports.clock.now().toISOString();
  let consent: Awaited<ReturnType<typeof checkRegistrationConsent>>;
  let competition: Awaited<ReturnType<typeof loadVisibleCompetition>>['competition'];
  try {
    ({ competition } = await loadVisibleCompetition(ports, who, competitionId));
    assertCanRegister(competition, input, new Date(at));
    // Issue 14 §2: the privacy notice and the competition's purposes, accepted as shown (CONSENT_REQUIRED), recorded.
    consent = await checkRegistrationConsent(settings, competitionId, privacy, at);
  } catch (e) {
    if (await claim.catch(() => false)) await ports.memberships.releaseOrganisation(competitionId, who, input.registryId);
    throw e;
  }
  await ports.memberships.register(competitionId, who, input, at, claim);
  await Promise.all([
    recordRegistrationConsent(ports, who, consent, at),
    ports.audit.append({
      competitionId,
      at,
      actor: { sub: who.sub, email: who.email },
      action: 'entrant.registered',
      target: `entrant:${who.sub}`,
      after: { organisationName: input.organisationName, country: input.country, registryId: input.registryId },
    }),
    // Who is an SME, and the organisation, are part of every entry of the ranking (with the audit entry: no extra round trip);
    // registry id and team are inputs of the automatic conflicts (adapters/dynamodb/conflict-list.ts): one counter write for both.
    rankingInputsChanged(ports, who, competitionId, { start: false, conflicts: true }),
    // The organiser dashboard's registrations (use-cases/dashboard.ts), after the registration's conditional write.
    countTransition(ports, competition, at, { counts: { registered: 1 } }),
  ]);
  return { ...input, competitionId, registeredAt: at };
}

export async function getMyRegistration(
  ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes'>,
  caller: Identity | undefined,
  competitionId: string,
): Promise<RegistrationView> {
  const who = requireIdentity(caller);
  const { membership } = await loadVisibleCompetition(ports, who, competitionId);
  // A team's members read the team's registration (domain/team.ts); a former member reads none.
  const seat = seatOf(membership);
  const registrant = seat ? await teamRegistrant(ports, competitionId, membership, seat) : undefined;
  if (!registrant?.registration) throw new NotFound('You have not registered for this competition.');
  return { ...registrant.registration, competitionId };
}
