/**
 * An award proposal's notes (its warnings, and why it skipped an entry) in the reader's language:
 * the server sends each note's code and the facts it names (functions/shared/award-notes.ts:
 * amounts in minor units of the plan's currency, shares as fractions); the words are
 * `awardNote.<code>`. An ineligibility reason inside a note is itself read back into the reader's
 * language (rankingReasonText).
 */
import { AWARD_NOTE_MONEY, AWARD_NOTE_SHARES, type AwardNoteCode } from '../../functions/shared/award-notes.ts';
import { fieldMessage } from './error-text.ts';
import { humanPath } from './field-paths.ts';
import { t } from './i18n.ts';
import { moneyWords } from './money.ts';
import { rankingReasonText } from './ranking-rules.ts';

type Params = Record<string, string | number>;

export function awardNoteText(note: { code: AwardNoteCode; params: Params }, currency: string): string {
  const words = moneyWords(note.params, currency, AWARD_NOTE_MONEY, AWARD_NOTE_SHARES);
  if (typeof note.params.reason === 'string') words.reason = rankingReasonText(note.params.reason);
  if (note.code === 'planProblem') {
    // The plan's own problem (domain/awards.ts planProblems): its field named as the editor names
    // it, its sentence said from its code and facts (the rest of the note's parameters).
    const { field, message, problem, ...facts } = note.params;
    words.field = humanPath(String(field));
    words.message = fieldMessage(String(message), typeof problem === 'string' ? { code: problem, params: facts } : undefined);
  }
  return t(`awardNote.${note.code}`, words);
}
