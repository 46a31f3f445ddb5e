/**
 * Organisers edit their competition. Versions guard against two organisers overwriting each
 * other; once submissions open, what entrants rely on (questions, opening date) is frozen.
 */
import { assertEditable, sameQuestions, type Competition, type CompetitionDraft } from '../domain/competition.ts';
import type { Identity } from '../domain/identity.ts';
import { assertAllowed } from '../domain/lifecycle.ts';
import { VersionConflict } from '../domain/errors.ts';
import { loadOrganisedCompetition } from './access.ts';
import { toDraft, type CompetitionDraftInput } from './competition-input.ts';
import { viewCompetition, type CompetitionView } from './competition-view.ts';
import type { Ports } from './ports.ts';

export async function updateCompetition(
  ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'audit' | 'clock' | 'ids'>,
  caller: Identity | undefined,
  competitionId: string,
  input: CompetitionDraftInput & { version: number },
): Promise<CompetitionView> {
  const { competition, membership, capabilities } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  if (competition.version !== input.version) throw new VersionConflict();
  const { version: _, ...rest } = input;
  const draft = toDraft(rest, ports.ids, competition);
  const now = ports.clock.now();
  assertEditable(competition, draft, assertAllowed(competition, now, 'edit-competition'));
  const next: Competition = { ...competition, ...draft, updatedAt: now.toISOString(), version: competition.version + 1 };
  await ports.competitions.update(next, competition.version);
  const { before, after } = changedFields(competition, draft);
  await ports.audit.append({
    competitionId,
    at: now.toISOString(),
    actor: { sub: membership.userSub, email: membership.userEmail },
    action: 'competition.updated',
    target: `competition:${competitionId}`,
    before,
    after,
  });
  return viewCompetition(next, now, membership, capabilities);
}

function changedFields(prev: Competition, draft: CompetitionDraft) {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const k of Object.keys(draft) as (keyof CompetitionDraft)[]) {
    const same = k === 'questions' ? sameQuestions(prev.questions, draft.questions) : JSON.stringify(prev[k]) === JSON.stringify(draft[k]);
    if (!same) {
      before[k] = prev[k];
      after[k] = draft[k];
    }
  }
  return { before, after };
}
