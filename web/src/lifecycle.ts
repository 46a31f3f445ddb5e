/**
 * What the competition's lifecycle state (functions/domain/lifecycle.ts, sent as `phase`) means
 * for what the pages offer. The server decides and refuses; these only keep the pages from
 * offering what it would refuse.
 */
import { t, type MessageKey } from './i18n.ts';
import type { Phase } from './types.ts';

/** The state in words, as the server's `phaseLabel` says it in English (functions/domain/lifecycle.ts STATE_LABELS). */
const PHASE_WORDS: Record<Phase, MessageKey> = {
  draft: 'lifecycle.phase.draft',
  upcoming: 'lifecycle.phase.upcoming',
  open: 'lifecycle.phase.open',
  closed: 'lifecycle.phase.closed',
  evaluation: 'lifecycle.phase.evaluation',
  deliberation: 'lifecycle.phase.deliberation',
  decided: 'lifecycle.phase.decided',
  published: 'lifecycle.phase.published',
  amending: 'lifecycle.phase.amending',
  archived: 'lifecycle.phase.archived',
};

/** A competition's state in the reader's language ("Open for submissions"): use it instead of the server's English `phaseLabel`. */
export function phaseLabel(p: Phase): string {
  const key = PHASE_WORDS[p] as MessageKey | undefined;
  return key ? t(key) : p;
}

/** Registration is possible (the server allows it while upcoming or open). */
export const canRegister = (p: Phase) => p === 'upcoming' || p === 'open';

/** Results are decided and frozen in a snapshot, whether or not they are visible yet. */
export const resultsFrozen = (p: Phase) => p === 'decided' || p === 'published' || p === 'amending' || p === 'archived';

/** Results are visible to entrants and the public. */
export const resultsVisible = (p: Phase) => p === 'published' || p === 'amending' || p === 'archived';

/** The competition itself (schedule, rubric, rounds) may still be edited. */
export const competitionEditable = (p: Phase) => !resultsFrozen(p);
