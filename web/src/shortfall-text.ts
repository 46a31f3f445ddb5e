/**
 * Why a submission could not get its k reviews, in the reader's language: the facts the solver
 * returns with each shortfall (domain/assignment.ts ShortfallFacts) worded with round.shortfall.*;
 * a plan computed before it kept facts shows the server's sentence.
 */
import { t } from './i18n.ts';
import type { ShortfallFacts } from './types.ts';

export function shortfallText(s: { reason: string; facts?: ShortfallFacts }): string {
  const f = s.facts;
  if (!f) return s.reason;
  if (f.cause === 'no-reviewers') return t('round.shortfall.noReviewers');
  if (f.cause === 'conflicts') return f.eligible === 0 ? t('round.shortfall.allConflicted', { reviewers: f.reviewers }) : t('round.shortfall.allAssigned', { eligible: f.eligible, conflicts: f.conflicts, reviewers: f.reviewers });
  const head = f.eligible < f.k ? 'few' : f.conflicts > 0 ? 'conflicts' : 'none';
  return t('round.shortfall.atCap', { head, eligible: f.eligible, conflicts: f.conflicts, others: f.others, capped: f.maxLoad === undefined ? 'no' : 'yes', maxLoad: f.maxLoad ?? 0 });
}
