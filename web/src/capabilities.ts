/**
 * What the signed-in person may do on a competition as its organiser or as staff of its programme
 * (the API's `myCapabilities`, decided by functions/use-cases/access.ts): read, manage, evaluate,
 * finance. Pages show what this allows; the API refuses the rest anyway (403 saying why).
 *
 * Every organiser page asks `allows(c, action)` for each button or form it shows, so which
 * capability an action needs is written once, here, as the server's table ("THE RULE" in
 * use-cases/access.ts) says it; tests/unit/web-capabilities.test.ts checks each action against
 * the `x-access` of the routes it calls. An observer (read) sees read-only pages, a finance
 * officer (read + finance) the money actions, an evaluation manager (read + evaluate) the
 * evaluation's, a coordinator or organiser everything.
 */
import { t, type MessageKey } from './i18n.ts';
import type { Competition } from './types.ts';

export type Capability = Competition['myCapabilities'][number];

export const can = (c: Pick<Competition, 'myCapabilities'>, need: Capability): boolean => c.myCapabilities.includes(need);

/** Each organiser action and the capability it needs. */
export const ACTION_NEEDS = {
  // The competition itself: its organisers and the programme's coordinators.
  'edit-competition': 'manage',
  'edit-translations': 'manage',
  'publish-competition': 'manage',
  'close-competition': 'manage',
  'archive-competition': 'manage',
  'publish-results': 'manage',
  'release-feedback': 'manage',
  'edit-messages': 'manage',
  'edit-reminders': 'manage',
  'audience-vote-settings': 'manage',
  'invite-organisers': 'manage',
  'clear-mail-suppressions': 'manage',
  'edit-privacy': 'manage',
  // Issue 14 §4: Amazon Transcribe on the pitches (it costs the programme money).
  'caption-automatically': 'manage',
  // The evaluation: organisers, coordinators, evaluation managers.
  'edit-rounds': 'evaluate',
  'invite-reviewers': 'evaluate',
  'assign-reviewers': 'evaluate',
  'moderate-reviews': 'evaluate',
  'expo-tables': 'evaluate',
  'moderate-ballots': 'evaluate',
  // Money: organisers, coordinators, finance officers.
  'edit-prize-plan': 'finance',
  'confirm-awards': 'finance',
  'payment-file': 'finance',
  // Reading, for everyone on the organiser pages: exports (but the payment file), recounts, previews.
  export: 'read',
  'recount-dashboard': 'read',
  'preview-message': 'read',
} as const satisfies Record<string, Capability>;

export type OrganiserAction = keyof typeof ACTION_NEEDS;

/** Whether the caller may do `action` on competition `c` (show its button or form). */
export const allows = (c: Pick<Competition, 'myCapabilities'>, action: OrganiserAction): boolean => can(c, ACTION_NEEDS[action]);

const WHO: Record<Capability, MessageKey> = {
  finance: 'capabilities.who.finance',
  evaluate: 'capabilities.who.evaluate',
  manage: 'capabilities.who.manage',
  read: 'capabilities.who.read',
};

/** Who may do `action`, for sentences: "the organisers and the programme’s finance officers" (in the reader's language). */
export function whoMay(action: OrganiserAction): string {
  const need: Capability = ACTION_NEEDS[action];
  return t(WHO[need] ?? WHO.read);
}

/** For a page that shows less to a caller who may read but not change it: the sentence that says so. */
export function readOnlyNote(c: Pick<Competition, 'myCapabilities'>, action: OrganiserAction): string | undefined {
  if (allows(c, action) || !can(c, 'read')) return undefined;
  return t('capabilities.readOnlyNote', { who: whoMay(action) });
}
