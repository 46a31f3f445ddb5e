/**
 * The audience vote (issue 12 §3): a competition's public ballot, pure rules only.
 *
 * - Settings: a window (opensAt ≤ t < closesAt, ISO instants), maxChoices 1–10, liveCounts.
 * - Ballot: 1..maxChoices distinct submitted entries of the competition, none of them the voter's
 *   own team's (entrants cannot vote for themselves). One ballot per person, changeable until close.
 * - Counting: votes per entry over the ballots that are not voided; rank by votes, ties share a
 *   rank (1, 1, 3), equal counts listed in submission id order.
 * - Rate limits (enforced by conditional counter items, see the repository): at most
 *   ACCOUNT_WRITES ballot writes per account and NETWORK_WRITES per network (a keyed hash of the
 *   caller's address) in each RATE_WINDOW_MINUTES window.
 * - Flags (for the organiser's review; a flag never voids a ballot by itself):
 *   `burst` — BURST_BALLOTS or more ballots last written from one network within BURST_MINUTES;
 *   `new-account-cluster` — CLUSTER_MIN or more ballots from accounts created at most
 *   NEW_ACCOUNT_HOURS before their ballot, whose choices are near-identical (Jaccard similarity of
 *   the choice sets ≥ CLUSTER_SIMILARITY with at least one other ballot of the group).
 *   Accounts whose creation time the identity provider does not say are not "new".
 */
import type { FieldErrors } from './errors.ts';

export const ACCOUNT_WRITES = 10;
export const NETWORK_WRITES = 30;
export const RATE_WINDOW_MINUTES = 10;
export const BURST_BALLOTS = 5;
export const BURST_MINUTES = 5;
export const NEW_ACCOUNT_HOURS = 72;
export const CLUSTER_MIN = 3;
export const CLUSTER_SIMILARITY = 0.8;
export const MAX_CHOICES_LIMIT = 10;
export const VOID_REASON_MAX = 1000;

export type VotePhase = 'upcoming' | 'open' | 'closed';
export type BallotFlag = 'burst' | 'new-account-cluster';

export interface AudienceVoteSettings {
  competitionId: string;
  opensAt: string;
  closesAt: string;
  maxChoices: number;
  liveCounts: boolean;
  version: number;
  updatedAt: string;
  /** Once the close job ran: counts recomputed from the ballots, flags frozen, network hashes deleted. */
  finalisedAt?: string;
}

export interface SettingsInput {
  opensAt: string;
  closesAt: string;
  maxChoices: number;
  liveCounts: boolean;
}

export interface Ballot {
  competitionId: string;
  /** A keyed hash of (competition, voter): the same person always has the same ballot id. */
  ballotId: string;
  voterSub: string;
  choices: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Keyed hash of the network of the latest write; removed once the vote is finalised. */
  networkHash?: string;
  /** When the identity provider created the voter's account, where it says. */
  accountCreatedAt?: string;
  /** Flags frozen when the vote was finalised (the network hashes are gone by then). */
  frozenFlags?: BallotFlag[];
  voided?: { reason: string; at: string; by: { sub: string; email: string } };
}

const isInstant = (s: string) => typeof s === 'string' && !Number.isNaN(Date.parse(s));

export function settingsErrors(input: SettingsInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!isInstant(input.opensAt)) errors.opensAt = 'Enter a date and time.';
  if (!isInstant(input.closesAt)) errors.closesAt = 'Enter a date and time.';
  else if (isInstant(input.opensAt) && Date.parse(input.closesAt) <= Date.parse(input.opensAt)) errors.closesAt = 'The vote must close after it opens.';
  if (!Number.isInteger(input.maxChoices) || input.maxChoices < 1 || input.maxChoices > MAX_CHOICES_LIMIT) errors.maxChoices = `Between 1 and ${MAX_CHOICES_LIMIT}.`;
  return errors;
}

export function phaseOf(s: Pick<AudienceVoteSettings, 'opensAt' | 'closesAt'>, now: Date): VotePhase {
  const t = now.getTime();
  if (t < Date.parse(s.opensAt)) return 'upcoming';
  if (t < Date.parse(s.closesAt)) return 'open';
  return 'closed';
}

/** Whether the counts may be shown to everyone (organisers always see them). */
export function countsPublic(s: Pick<AudienceVoteSettings, 'opensAt' | 'closesAt' | 'liveCounts'>, now: Date): boolean {
  return s.liveCounts || phaseOf(s, now) === 'closed';
}

export type BallotProblem = { kind: 'invalid'; fields: FieldErrors } | { kind: 'own-submission'; submissionId: string };

/**
 * What is wrong with a ballot, or undefined: 1..maxChoices distinct entries among `candidates`
 * (the competition's submitted entries), none in `own` (the voter's team's).
 */
export function ballotProblem(choices: readonly string[], rules: { maxChoices: number; candidates: ReadonlySet<string>; own: ReadonlySet<string> }): BallotProblem | undefined {
  if (choices.length === 0) return { kind: 'invalid', fields: { choices: 'Choose at least one entry.' } };
  if (choices.length > rules.maxChoices) return { kind: 'invalid', fields: { choices: `Choose at most ${rules.maxChoices}.` } };
  const fields: FieldErrors = {};
  const seen = new Set<string>();
  choices.forEach((c, i) => {
    if (seen.has(c)) fields[`choices.${i}`] = 'Chosen twice.';
    else if (!rules.candidates.has(c)) fields[`choices.${i}`] = 'Not an entry of this vote.';
    seen.add(c);
  });
  if (Object.keys(fields).length > 0) return { kind: 'invalid', fields };
  const own = choices.find((c) => rules.own.has(c));
  if (own !== undefined) return { kind: 'own-submission', submissionId: own };
  return undefined;
}

/** Count deltas when a ballot's counted choices go from `before` to `after` (+1 added, −1 removed). */
export function countDeltas(before: readonly string[], after: readonly string[]): Map<string, number> {
  const d = new Map<string, number>();
  for (const c of new Set(before)) d.set(c, (d.get(c) ?? 0) - 1);
  for (const c of new Set(after)) d.set(c, (d.get(c) ?? 0) + 1);
  for (const [k, v] of d) if (v === 0) d.delete(k);
  return d;
}

/** Votes per entry over the ballots that count (not voided). */
export function tally(ballots: readonly Pick<Ballot, 'choices' | 'voided'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const b of ballots) if (!b.voided) for (const c of new Set(b.choices)) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

/** Most votes first; ties share a rank (1, 1, 3) and are listed in id order. */
export function rankCounts(counts: readonly { submissionId: string; votes: number }[]): { submissionId: string; votes: number; rank: number }[] {
  const sorted = [...counts].sort((a, b) => b.votes - a.votes || (a.submissionId < b.submissionId ? -1 : a.submissionId > b.submissionId ? 1 : 0));
  let rank = 0;
  return sorted.map((c, i) => {
    if (i === 0 || c.votes !== sorted[i - 1]!.votes) rank = i + 1;
    return { ...c, rank };
  });
}

/** The audience's pick: the single most-voted entry, or undefined when none has votes or the first place is tied. */
export function audienceWinner(counts: readonly { submissionId: string; votes: number }[]): string | undefined {
  const ranked = rankCounts(counts).filter((c) => c.votes > 0);
  if (ranked.length === 0) return undefined;
  if (ranked.length > 1 && ranked[1]!.rank === 1) return undefined;
  return ranked[0]!.submissionId;
}

/** The window of `RATE_WINDOW_MINUTES` that `now` falls in (its start, in ms) and when its counters may go. */
export function rateWindow(now: Date): { start: number; expiresAt: number } {
  const ms = RATE_WINDOW_MINUTES * 60_000;
  const start = Math.floor(now.getTime() / ms) * ms;
  return { start, expiresAt: start + 2 * ms };
}

export function rateLimitMessage(scope: 'account' | 'network'): string {
  return scope === 'account'
    ? `You changed your ballot ${ACCOUNT_WRITES} times in the last ${RATE_WINDOW_MINUTES} minutes; wait a few minutes, then try again.`
    : `Too many ballots came from your network in the last ${RATE_WINDOW_MINUTES} minutes; wait a few minutes, then try again.`;
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  const union = A.size + B.size - inter;
  return union === 0 ? 1 : inter / union;
}

/** The flags of each ballot (by ballot id) — see the header for the rules. Frozen flags are kept. */
export function flagBallots(ballots: readonly Ballot[]): Map<string, BallotFlag[]> {
  const flags = new Map<string, Set<BallotFlag>>(ballots.map((b) => [b.ballotId, new Set(b.frozenFlags ?? [])]));
  // burst: sliding window over each network's ballots, by time of their latest write.
  const byNetwork = new Map<string, Ballot[]>();
  for (const b of ballots) if (b.networkHash) byNetwork.set(b.networkHash, [...(byNetwork.get(b.networkHash) ?? []), b]);
  const burstMs = BURST_MINUTES * 60_000;
  for (const group of byNetwork.values()) {
    if (group.length < BURST_BALLOTS) continue;
    const sorted = [...group].sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
    let from = 0;
    for (let to = 0; to < sorted.length; to++) {
      while (Date.parse(sorted[to]!.updatedAt) - Date.parse(sorted[from]!.updatedAt) > burstMs) from++;
      if (to - from + 1 >= BURST_BALLOTS) for (let i = from; i <= to; i++) flags.get(sorted[i]!.ballotId)!.add('burst');
    }
  }
  // new-account-cluster: new accounts' ballots, linked when near-identical; groups of CLUSTER_MIN or more.
  const fresh = ballots.filter((b) => b.accountCreatedAt !== undefined && Date.parse(b.createdAt) - Date.parse(b.accountCreatedAt) <= NEW_ACCOUNT_HOURS * 3_600_000);
  const parent = fresh.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < fresh.length; i++)
    for (let j = i + 1; j < fresh.length; j++) if (jaccard(fresh[i]!.choices, fresh[j]!.choices) >= CLUSTER_SIMILARITY) parent[find(i)] = find(j);
  const size = new Map<number, number>();
  fresh.forEach((_, i) => size.set(find(i), (size.get(find(i)) ?? 0) + 1));
  fresh.forEach((b, i) => {
    if ((size.get(find(i)) ?? 0) >= CLUSTER_MIN) flags.get(b.ballotId)!.add('new-account-cluster');
  });
  return new Map([...flags].map(([id, set]) => [id, [...set].sort()]));
}

/** A voter as the organisers see them: a pseudonym from the ballot id, never the account. */
export function pseudonym(ballotId: string): string {
  return `Voter ${ballotId.slice(0, 8).toUpperCase()}`;
}

/** The published method: one paragraph, stated on the vote's page. */
export function methodText(s: Pick<AudienceVoteSettings, 'maxChoices' | 'liveCounts'>): string {
  return [
    'Anyone signed in with a verified e-mail address may vote; entrants may not vote for their own entry.',
    `Each person has one ballot of up to ${s.maxChoices} ${s.maxChoices === 1 ? 'entry' : 'different entries'}, and may change it until the vote closes; only the last version counts.`,
    s.liveCounts ? 'The counts are shown while the vote is open.' : 'The counts stay hidden until the vote closes.',
    `To keep the vote fair, an account may write its ballot at most ${ACCOUNT_WRITES} times and one network at most ${NETWORK_WRITES} times in ${RATE_WINDOW_MINUTES} minutes; network addresses are kept only as keyed hashes and deleted when the vote closes.`,
    `Ballots are flagged for review when ${BURST_BALLOTS} or more come from one network within ${BURST_MINUTES} minutes, or when ${CLUSTER_MIN} or more accounts created shortly before voting (within ${NEW_ACCOUNT_HOURS} hours) choose nearly the same entries.`,
    'The organisers review flagged ballots; a ballot they void, with a written reason kept in the audit trail, is not counted, and can be restored.',
    'Entries are ranked by votes; equal counts share a rank.',
  ].join(' ');
}
