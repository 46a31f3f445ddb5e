/**
 * Organisers give a competition's texts in other languages (issue 14 §1): one write of the
 * competition item under its version, audited. Rules: domain/content-translations.ts.
 */
import { compactTranslations, translationErrors } from '../domain/content-translations.ts';
import { ValidationFailed, VersionConflict } from '../domain/errors.ts';
import { problemsMessage } from '../domain/field-labels.ts';
import type { Identity } from '../domain/identity.ts';
import { assertAllowed } from '../domain/lifecycle.ts';
import type { ContentTranslations } from '../shared/content.ts';
import { loadOrganisedCompetition } from './access.ts';
import { viewCompetition, type CompetitionView } from './competition-view.ts';
import type { Ports } from './ports.ts';

export async function saveContentTranslations(
  ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'audit' | 'clock'>,
  caller: Identity | undefined,
  competitionId: string,
  input: ContentTranslations & { version: number },
): Promise<CompetitionView> {
  const { competition, membership, capabilities } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  const now = ports.clock.now();
  // What people were shown does not change once the results are out (as for the texts themselves).
  assertAllowed(competition, now, 'edit-competition');
  if (competition.version !== input.version) throw new VersionConflict();
  const content = compactTranslations({ source: input.source, texts: input.texts });
  const errors = translationErrors(competition, content);
  if (Object.keys(errors).length > 0) throw new ValidationFailed(problemsMessage(errors), errors);
  const next = { ...competition, content, updatedAt: now.toISOString(), version: competition.version + 1 };
  await ports.competitions.update(next, competition.version);
  await ports.audit.append({
    competitionId,
    at: now.toISOString(),
    actor: { sub: membership.userSub, email: membership.userEmail },
    action: 'competition.translations-updated',
    target: `competition:${competitionId}`,
    before: { source: competition.content?.source ?? 'en', languages: Object.keys(competition.content?.texts ?? {}) },
    after: { source: content.source, languages: Object.keys(content.texts) },
  });
  return viewCompetition(next, now, membership, capabilities);
}
