/**
 * Erasure and retention rules (issue 14 §2), pure. Erasure does not delete what the results rest on:
 * it replaces a person's identifying values (names, e-mail addresses, contacts, free text they wrote)
 * by a stable pseudonym — the same person always gets the same one (a keyed hash of their account
 * id), so the audit trail, the awards and the reviews still read consistently ("Participant 7f3a
 * scored …") and nobody without the key can go back from the pseudonym to the person.
 */
import { createHmac } from 'node:crypto';

/** "Participant 7f3a9c": a keyed hash (HMAC-SHA-256) of the account id, 6 hex digits. */
export function pseudonymOf(key: string, sub: string): string {
  if (key === '') throw new Error('A pseudonym needs a key.');
  return `Participant ${createHmac('sha256', key).update(`podium-pseudonym/1\n${sub}`).digest('hex').slice(0, 6)}`;
}

/** The address a pseudonym stands for where an address is expected (never deliverable: `.invalid`). */
export function pseudonymousEmail(pseudonym: string): string {
  return `${pseudonym.replace(/^Participant /, 'participant-')}@erased.invalid`;
}

export const ERASED_TEXT = '[erased]';

/** What one erasure replaces: exact identifying values (names, addresses), case-insensitively. */
export interface Replacements {
  pseudonym: string;
  /** E-mail addresses of the person (their account's, the ones they entered for themselves). */
  emails: string[];
  /** Names: the person's, and the team members' they entered. */
  names: string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Any of `terms` as a whole word, case-insensitively: "Data BV" matches, "Database" does not. */
const wholeWords = (terms: readonly string[]) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');

/**
 * Replaces, in every string inside `value` (objects and arrays walked, object keys too: a map keyed
 * by address, such as a team's seats, is re-keyed by the pseudonymous address), each of the
 * people's (one or several, each with their own pseudonym) addresses by their pseudonymous address and each name by the pseudonym. Values too short
 * to identify anyone (under 3 characters) are left alone, and only whole words match, so that "Al"
 * does not eat "Also" nor an organisation called "Data" the word "Database".
 * Idempotent: pseudonymising twice gives what once gave.
 */
export function pseudonymise<T>(value: T, people: Replacements | readonly Replacements[]): T {
  const all: readonly Replacements[] = Array.isArray(people) ? people : [people as Replacements];
  const terms = all
    .flatMap((r) => [
      ...r.emails.filter((e) => e.trim().length >= 3).map((e) => [e.trim(), pseudonymousEmail(r.pseudonym)] as const),
      ...r.names.filter((n) => n.trim().length >= 3).map((n) => [n.trim(), r.pseudonym] as const),
    ])
    .sort((a, b) => b[0].length - a[0].length); // longer first: an address before the name inside it
  if (terms.length === 0) return value;
  const pattern = wholeWords(terms.map(([t]) => t));
  const to = new Map(terms.map(([t, p]) => [t.toLowerCase(), p]));
  const replace = (s: string) => s.replace(pattern, (m) => to.get(m.toLowerCase()) ?? m);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return replace(v);
    if (Array.isArray(v)) return v.map(walk);
    // DynamoDB string and number sets arrive as Sets, binary values as bytes: kept as such.
    if (v instanceof Set) return new Set([...v].map(walk));
    if (v instanceof Uint8Array) return v;
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [replace(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Whether any of the person's values still appears anywhere in `value` (a test and a check after erasure). */
export function mentions(value: unknown, r: Pick<Replacements, 'emails' | 'names'>): boolean {
  const terms = [...r.emails, ...r.names].map((t) => t.trim()).filter((t) => t.length >= 3);
  return terms.length > 0 && wholeWords(terms).test(JSON.stringify(value ?? null));
}

// ——— Retention ———

/** A competition's retention periods (its setting; these defaults where none is set). */
export interface RetentionPolicy {
  /** Years after the results that awarded organisations' data is kept (the funder's audits). */
  awardedYears: number;
  /** Years after the results that the data of applicants not awarded is kept. */
  othersYears: number;
  /** Days before the erasure that the organisers are told. */
  noticeDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { awardedYears: 5, othersYears: 1, noticeDays: 30 };
export const RETENTION_BOUNDS = { years: { min: 0, max: 15 }, noticeDays: { min: 1, max: 180 } } as const;

export function retentionErrors(p: RetentionPolicy): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const k of ['awardedYears', 'othersYears'] as const)
    if (!Number.isInteger(p[k]) || p[k] < RETENTION_BOUNDS.years.min || p[k] > RETENTION_BOUNDS.years.max)
      errors[k] = `Whole years from ${RETENTION_BOUNDS.years.min} to ${RETENTION_BOUNDS.years.max}.`;
  if (!Number.isInteger(p.noticeDays) || p.noticeDays < RETENTION_BOUNDS.noticeDays.min || p.noticeDays > RETENTION_BOUNDS.noticeDays.max)
    errors.noticeDays = `Whole days from ${RETENTION_BOUNDS.noticeDays.min} to ${RETENTION_BOUNDS.noticeDays.max}.`;
  if (errors.awardedYears === undefined && errors.othersYears === undefined && p.awardedYears < p.othersYears)
    errors.awardedYears = 'Awarded organisations’ data is kept at least as long as the others’.';
  return errors;
}

/** `years` calendar years after `from` (29 February → 28 February in a common year). */
export function addYears(from: string, years: number): string {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString();
}

/** When retention starts: the results' publication, or their scheduled date if never published. */
export function retentionStart(c: { resultsPublishedAt?: string; schedule: { resultsDate: string } }): string {
  return new Date(c.resultsPublishedAt ?? c.schedule.resultsDate).toISOString();
}

export interface RetentionDates {
  /** When the non-awarded applicants' data is erased. */
  othersEraseAt: string;
  /** When the organisers are told (noticeDays before). */
  othersNoticeAt: string;
  /** Until when awarded organisations' data is kept. */
  awardedKeptUntil: string;
  /** How long after the notice the erasure may come at the earliest (the notice period). */
  noticeDays: number;
}

export function retentionDates(c: { resultsPublishedAt?: string; schedule: { resultsDate: string } }, p: RetentionPolicy): RetentionDates {
  const start = retentionStart(c);
  const othersEraseAt = addYears(start, p.othersYears);
  return {
    othersEraseAt,
    othersNoticeAt: new Date(Date.parse(othersEraseAt) - p.noticeDays * 86_400_000).toISOString(),
    awardedKeptUntil: addYears(start, p.awardedYears),
    noticeDays: p.noticeDays,
  };
}

/** What the scheduler owes a competition now: nothing, the notice, or the erasure (notice first, each once). */
export function retentionDue(dates: RetentionDates, done: { noticeSentAt?: string; erasedAt?: string }, now: Date): 'none' | 'notice' | 'erase' {
  if (done.erasedAt) return 'none';
  const t = now.getTime();
  // The erasure waits for its notice and the notice period after it: a retention shortened into
  // the past still tells the organisers first, and gives them the period to react.
  if (!done.noticeSentAt) return t >= Date.parse(dates.othersNoticeAt) ? 'notice' : 'none';
  return t >= Date.parse(dates.othersEraseAt) && t >= Date.parse(done.noticeSentAt) + dates.noticeDays * 86_400_000 ? 'erase' : 'none';
}

// ——— Stored shapes ———

/** A competition's privacy settings: the purposes it adds to the notice, its retention periods, and what retention has done. */
export interface PrivacySettings {
  competitionId: string;
  purposes: string[];
  /** Moves on at every change of the purposes (0: never set); registrations name the one they accepted. */
  purposesVersion: number;
  /** Absent: DEFAULT_RETENTION. */
  retention?: RetentionPolicy;
  /** When the scheduler told the organisers that the non-awarded applicants' data will be erased. */
  retentionNoticeAt?: string;
  /** When the scheduler erased it. */
  retentionErasedAt?: string;
  /** Optimistic version of the settings item (0: none stored). */
  version: number;
}

/** What an erasure did in one competition, and why something was kept. */
export interface ErasureOutcome {
  competitionId: string;
  title: string;
  outcome: 'erased' | 'kept';
  /** For `kept`: until when, and why (the funder's retention of awarded organisations): the fact, and its English sentence. */
  keptUntil?: string;
  keptBecause?: KeptBecause;
  reason?: string;
}

/** Why an erasure kept data: the only cause is the funder's retention of awarded organisations. */
export type KeptBecause = 'awarded';

/** A person's erasure request (one per person; its copy per competition is what organisers see). */
export interface ErasureRequest {
  sub: string;
  /** The stable pseudonym the person's values were replaced by. */
  pseudonym: string;
  requestedAt: string;
  state: 'requested' | 'done';
  jobId: string;
  outcomes: ErasureOutcome[];
  finishedAt?: string;
  /**
   * The person's own address and name, kept only while the erasure runs (its job is started under
   * the pseudonym, so that no job record keeps them), removed when it is done.
   */
  replace?: { emails: string[]; names: string[] };
}

/** An erasure request as one competition's organisers see it (no name, no address: the pseudonym). */
export interface CompetitionErasure {
  competitionId: string;
  sub: string;
  pseudonym: string;
  requestedAt: string;
  /** `person`: they asked; `retention`: the competition's retention period ended. */
  source: 'person' | 'retention';
  state: 'requested' | 'done';
  outcome?: ErasureOutcome['outcome'];
  keptUntil?: string;
  keptBecause?: KeptBecause;
  reason?: string;
  finishedAt?: string;
}

/** Why awarded organisations' data stays: said to the person and shown to the organisers. */
export const AWARDED_KEPT_REASON =
  'Your organisation received an award: the funder requires the programme to keep the award, its recipient and its contacts for audits until the end of the retention period. It will be erased then.';
