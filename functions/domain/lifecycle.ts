/**
 * The life of a competition as one explicit state machine — the one file that says what may
 * happen when. Every use case that changes something asks `assertAllowed(competition, now,
 * action)` first; a refusal is a 409 with a sentence a person understands.
 *
 *   draft ─publish→ upcoming ─(opening time)→ open ─(close time or "close early")→ closed
 *     ─(evaluation start)→ evaluation ─(evaluation end)→ deliberation
 *     ─publish results (scheduled)→ decided ─(results date)→ published ─archive→ archived
 *     ─publish results (now)───────────────────────────────→ published
 *   decided / published ─open amendment→ amending ─publish amendment→ published
 *
 * The states in the middle follow the schedule and the clock; the others are stored facts
 * (`status`, `resultsPublishedAt`, `amendment`, `archivedAt`). Once results are decided they are
 * frozen: the ranking, the awards and every entrant's feedback are a stored snapshot, and nothing
 * that could change them (reviews, rounds, the prize plan, awards, entries) is accepted — except
 * awards and the plan during an explicit, reasoned, audited amendment.
 */
import { effectiveClose, type Competition } from './competition.ts';
import { DeadlinePassed, InvalidState } from './errors.ts';
import { inZone } from './time.ts';

export const STATES = [
  'draft',
  'upcoming',
  'open',
  'closed',
  'evaluation',
  'deliberation',
  'decided',
  'published',
  'amending',
  'archived',
] as const;
export type LifecycleState = (typeof STATES)[number];

/** What people see for each state (the web shows these words). */
export const STATE_LABELS: Record<LifecycleState, string> = {
  draft: 'Draft',
  upcoming: 'Opens soon',
  open: 'Open for submissions',
  closed: 'Submissions closed',
  evaluation: 'In evaluation',
  deliberation: 'Deciding the results',
  decided: 'Results decided, to be announced',
  published: 'Results published',
  amending: 'Results published (an amendment is being prepared)',
  archived: 'Archived',
};

type LifecycleFacts = Pick<
  Competition,
  'status' | 'schedule' | 'closedEarlyAt' | 'resultsPublishedAt' | 'amendment' | 'archivedAt'
>;

export function stateOf(c: LifecycleFacts, now: Date): LifecycleState {
  if (c.status === 'draft') return 'draft';
  if (c.archivedAt) return 'archived';
  if (c.resultsPublishedAt) {
    if (c.amendment) return 'amending';
    return c.resultsPublishedAt <= now.toISOString() ? 'published' : 'decided';
  }
  const t = now.toISOString();
  const s = c.schedule;
  if (t < s.submissionsOpen) return 'upcoming';
  if (t < effectiveClose(c)) return 'open';
  if (t < s.evaluationStart) return 'closed';
  if (t < s.evaluationEnd) return 'evaluation';
  return 'deliberation';
}

/** Results are decided (frozen in a snapshot), whether or not they are visible yet. */
export function resultsFrozen(state: LifecycleState): boolean {
  return state === 'decided' || state === 'published' || state === 'amending' || state === 'archived';
}

/** Results are visible to entrants and the public. */
export function resultsVisible(state: LifecycleState): boolean {
  return state === 'published' || state === 'amending' || state === 'archived';
}

const BEFORE_RESULTS = ['draft', 'upcoming', 'open', 'closed', 'evaluation', 'deliberation'] as const;
const PUBLISHED_BEFORE_RESULTS = ['upcoming', 'open', 'closed', 'evaluation', 'deliberation'] as const;
const AFTER_ENTRIES = ['closed', 'evaluation', 'deliberation'] as const;

/** Every action a use case asks about, and the states in which it is allowed. */
export const ALLOWED = {
  'edit-competition': BEFORE_RESULTS,
  'publish-competition': ['draft'],
  'close-early': ['open'],
  register: ['upcoming', 'open'],
  'edit-submission': ['open'],
  submit: ['open'],
  'withdraw-submission': ['open'],
  'manage-rounds': BEFORE_RESULTS,
  'manage-reviewers': BEFORE_RESULTS,
  'run-assignment': BEFORE_RESULTS,
  'accept-invitation': PUBLISHED_BEFORE_RESULTS,
  review: PUBLISHED_BEFORE_RESULTS,
  'declare-conflict': PUBLISHED_BEFORE_RESULTS,
  'edit-prize-plan': [...BEFORE_RESULTS, 'amending'],
  'confirm-award': [...AFTER_ENTRIES, 'amending'],
  'withdraw-award': [...AFTER_ENTRIES, 'amending'],
  'publish-results': ['open', ...AFTER_ENTRIES],
  'open-amendment': ['decided', 'published'],
  'publish-amendment': ['amending'],
  'release-feedback': ['published', 'amending'],
  archive: ['published'],
  // Message templates (H5): editable until the competition is archived.
  'edit-messages': [...BEFORE_RESULTS, 'decided', 'published', 'amending'],
} as const satisfies Record<string, readonly LifecycleState[]>;
export type LifecycleAction = keyof typeof ALLOWED;

export function isAllowed(c: LifecycleFacts, now: Date, action: LifecycleAction): boolean {
  return (ALLOWED[action] as readonly LifecycleState[]).includes(stateOf(c, now));
}

/** Throws a 409 explaining why `action` is not possible now; returns the state otherwise. */
export function assertAllowed(c: LifecycleFacts, now: Date, action: LifecycleAction): LifecycleState {
  const state = stateOf(c, now);
  if ((ALLOWED[action] as readonly LifecycleState[]).includes(state)) return state;
  throw refusal(c, state, action);
}

function refusal(c: LifecycleFacts, state: LifecycleState, action: LifecycleAction): Error {
  const when = (iso: string) => inZone(iso, c.schedule.timeZone);
  // After the results are decided, one sentence covers everything that would change them.
  if (state === 'archived') return new InvalidState('This competition is archived; nothing in it can change any more.');
  if (resultsFrozen(state) && action === 'publish-results')
    return new InvalidState(state === 'decided' ? 'The results are already decided and will be published at the scheduled time.' : 'The results are already published.');
  if (resultsFrozen(state) && (action === 'release-feedback' || action === 'archive'))
    return new InvalidState(
      state === 'decided'
        ? `The results become visible at ${when(c.resultsPublishedAt!)}; ${action === 'archive' ? 'archive the competition' : 'release feedback'} after that.`
        : 'Publish the amendment first.',
    );
  if (resultsFrozen(state)) {
    if (action === 'confirm-award' || action === 'withdraw-award' || action === 'edit-prize-plan')
      return new InvalidState('The results are published, so the awards and the prize plan are fixed. Open an amendment (with a reason) to correct them.');
    if (action === 'open-amendment') return new InvalidState('An amendment is already open; publish it first.');
    const published = state === 'decided' ? 'decided' : 'published';
    if (action === 'register' || action === 'edit-submission' || action === 'submit' || action === 'withdraw-submission')
      return new InvalidState(`The results of this competition are ${published}; it no longer takes entries or changes to them.`);
    if (action === 'review' || action === 'declare-conflict' || action === 'accept-invitation')
      return new InvalidState(`The results of this competition are ${published}; reviews can no longer be given or changed.`);
    if (action === 'edit-competition') return new InvalidState(`The results of this competition are ${published}; the competition can no longer be changed.`);
    if (action === 'publish-competition') return new InvalidState('This competition is already published.');
    if (action === 'close-early') return new InvalidState(`The results of this competition are ${published}; submissions are long closed.`);
    return new InvalidState(`The results of this competition are ${published}; the evaluation can no longer change.`);
  }
  switch (action) {
    case 'register':
      return state === 'draft'
        ? new InvalidState('This competition is not open yet.')
        : new DeadlinePassed(`Registration closed when submissions closed at ${when(effectiveClose(c))}.`);
    case 'edit-submission':
    case 'submit':
    case 'withdraw-submission':
      return state === 'draft' || state === 'upcoming'
        ? new InvalidState(`Submissions are not open yet; they open at ${when(c.schedule.submissionsOpen)}.`)
        : new DeadlinePassed(`The submission deadline passed at ${when(effectiveClose(c))}; the submission can no longer be changed.`);
    case 'publish-competition':
      return new InvalidState('This competition is already published.');
    case 'close-early':
      return new InvalidState('Only a competition open for submissions can be closed early.');
    case 'review':
    case 'declare-conflict':
    case 'accept-invitation':
      return new InvalidState('This competition is not published yet; reviewing starts once it is.');
    case 'confirm-award':
    case 'withdraw-award':
      return new InvalidState('Awards can be confirmed once submissions have closed.');
    case 'publish-results':
      return state === 'draft'
        ? new InvalidState('Publish the competition before its results.')
        : new InvalidState('Results can be published once submissions have closed.');
    case 'open-amendment':
    case 'publish-amendment':
      return new InvalidState(action === 'open-amendment' ? 'Only published results can be amended.' : 'No amendment is open.');
    case 'release-feedback':
      return new InvalidState('Publish the results before releasing feedback.');
    case 'archive':
      return new InvalidState('A competition can be archived once its results are published.');
    default:
      return new InvalidState(`This cannot be done while the competition is "${STATE_LABELS[state]}".`);
  }
}
