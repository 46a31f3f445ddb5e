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
  const { competition } = await loadVisibleCompetition(ports, who, competitionId);
  const now = ports.clock.now();
  assertCanRegister(competition, input, now);
  const at = now.toISOString();
  // Issue 14 §2: the privacy notice and the competition's purposes, accepted as shown (CONSENT_REQUIRED), recorded.
  const consent = await checkRegistrationConsent(settings, competitionId, privacy, at);
  await ports.memberships.register(competitionId, who, input, at);
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
    // Who is an SME, and the organisation, are part of every entry of the ranking (with the audit entry: no extra round trip).
    rankingInputsChanged(ports, who, competitionId, { start: false }),
    // Registry id and team are inputs of the automatic conflicts (adapters/dynamodb/conflict-list.ts).
    ports.evaluation.noteConflictInputsChanged(competitionId),
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
