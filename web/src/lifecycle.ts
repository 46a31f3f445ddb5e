/**
 * What the competition's lifecycle state (functions/domain/lifecycle.ts, sent as `phase`) means
 * for what the pages offer. The server decides and refuses; these only keep the pages from
 * offering what it would refuse.
 */
import type { Phase } from './types.ts';

/** Registration is possible (the server allows it while upcoming or open). */
export const canRegister = (p: Phase) => p === 'upcoming' || p === 'open';

/** Results are decided and frozen in a snapshot, whether or not they are visible yet. */
export const resultsFrozen = (p: Phase) => p === 'decided' || p === 'published' || p === 'amending' || p === 'archived';

/** Results are visible to entrants and the public. */
export const resultsVisible = (p: Phase) => p === 'published' || p === 'amending' || p === 'archived';

/** The competition itself (schedule, rubric, rounds) may still be edited. */
export const competitionEditable = (p: Phase) => !resultsFrozen(p);
