/**
 * What an award proposal notes (its warnings) and why it passes an entry over (its skipped list):
 * each note's English sentence, written once, with the facts it names as parameters. Amounts are
 * in minor units of the plan's currency and shares are fractions, so that the web app can say the
 * same note in the reader's language and formats (catalogue keys `awardNote.<code>`,
 * web/src/award-notes.ts). Pure code: the web imports this file.
 */
import { formatMoney, formatShare } from './money.ts';
import { fillTemplate } from './ranking-reasons.ts';

export const AWARD_NOTES = {
  // Warnings.
  planProblem: 'Prize plan, {field}: {message}',
  fixedOverBudget: 'The fixed awards need {need} but the budget is {budget}.',
  ineligibleConfirmed: 'The confirmed award "{label}" ({amount}) goes to {submissionId}, which is not eligible: {reason}',
  confirmedOverBudget: 'The confirmed awards ({spent}) already exceed the budget of {budget}.',
  categoryNotInPlan: '{submissionId} is picked for category "{categoryId}", which is not in the plan.',
  categoryTaken: 'Category "{category}" is already awarded to {holder}; the other picks are ignored.',
  categoryNoWinner: 'No winner picked yet for category "{category}".',
  categorySeveralPicks: 'Several picks for category "{category}" ({picks}): only the first, {first}, counts.',
  categoryIneligible: 'Category "{category}" is not funded: {submissionId} is not eligible ({reason}).',
  categoryOverBudget: 'Category "{category}" is not funded: it needs {amount} but only {left} is left.',
  categoryCapReached: 'Category "{category}" is not funded: organisation {organisation} of {submissionId} already receives the maximum {cap}.',
  categoryCut: 'Category "{category}" is cut from {amount} to {paid}: organisation {organisation} reaches the {cap} cap.',
  rankedTwice: '{submissionId} appears more than once in the ranking; only its best place ({place}) counts.',
  budgetRunsOut: 'The budget runs out at position {position} ({submissionId}, ranked {rank}): its package of {amount} does not fit in the {left} left. The entrants from there on form the reserve list.',
  packageCut: "{submissionId}'s package is cut from {offered} to {paid}: organisation {organisation} reaches the {cap} cap.",
  smeShareLow: 'The SME share is {share}, below the required {required} ({toSmes} of {budget}).',
  budgetLeftOver: 'Budget left over: {left}.',
  // Why an entry is skipped.
  ineligible: '{reason}',
  capReached: "Organisation {organisation} already receives the maximum {cap}; position {position}'s package is used up.",
} as const;

export type AwardNoteCode = keyof typeof AWARD_NOTES;
export type AwardNoteParams = Record<string, string | number>;

/** A note: its code, its English sentence and the facts it names. */
export interface AwardNote {
  code: AwardNoteCode;
  message: string;
  params: AwardNoteParams;
}

/** The parameters that are amounts (minor units of the currency) and shares (fractions). */
export const AWARD_NOTE_MONEY = ['need', 'budget', 'amount', 'spent', 'left', 'cap', 'paid', 'offered', 'toSmes'] as const;
export const AWARD_NOTE_SHARES = ['share', 'required'] as const;

const isIn = (list: readonly string[], name: string) => list.includes(name);

/** The note `code` with these facts, its English sentence formatted in `currency`. */
export function awardNote(code: AwardNoteCode, params: AwardNoteParams, currency: string): AwardNote {
  const message = fillTemplate(AWARD_NOTES[code], (name) => {
    const v = params[name];
    if (typeof v === 'number' && isIn(AWARD_NOTE_MONEY, name)) return formatMoney(v, currency);
    if (typeof v === 'number' && isIn(AWARD_NOTE_SHARES, name)) return formatShare(v);
    return String(v);
  });
  return { code, message, params };
}
