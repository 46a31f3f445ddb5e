/**
 * Evaluation rounds and reviews: what an organiser configures for each round, when reviewing is
 * allowed, and what makes a score valid. Assignment (assignment.ts), conflicts (conflicts.ts)
 * and calibration/ranking (ranking.ts) have their own files.
 */
import { LIMITS, rubricErrors, type Criterion } from './competition.ts';
import { InvalidState, RuleViolation, ValidationFailed, type FieldErrors } from './errors.ts';
import { problemsMessage } from './field-labels.ts';
import type { AssignmentObjective } from './assignment.ts';
import { expoSettingsErrors, type ExpoSettings } from './expo.ts';

export const ROUND_KINDS = ['peer', 'investor', 'jury', 'expo'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

export interface Round {
  id: string;
  competitionId: string;
  name: string;
  kind: RoundKind;
  /** Criteria for this round; defaults to the competition's rubric when created. */
  rubric: Criterion[];
  /** Reviews wanted per submission. */
  k: number;
  /** Most reviews one reviewer is given. */
  maxLoad: number;
  /**
   * Fewest reviews one reviewer is given, a hard constraint of the assignment (domain/assignment.ts).
   * Absent: 1 in a peer round (every submitting team gets a review duty), 0 otherwise (roundMinLoad).
   */
  minLoad?: number;
  /** What the assignment weighs after "most reviews, every minimum met" (absent: 'balance-first'). */
  assignmentObjective?: AssignmentObjective;
  /** Blind rounds hide team, organisation and names from reviewers (the pitch video stays). */
  blind: boolean;
  opensAt: string;
  closesAt: string;
  /** Share of the final score, e.g. 40 (weights are normalised over rounds). */
  weight: number;
  /** Only the top N of an earlier round's ranking are reviewed in this round. */
  shortlist?: { fromRoundId: string; topN: number };
  /** Peer rounds: a team that does not complete its reviews is not ranked. */
  requireReviewDuty: boolean;
  /** Investor/jury rounds: reviewers may read the peer reviewers' comments. */
  showPeerComments: boolean;
  /** Pairs the organiser pinned by hand (kept on every re-run). */
  pins: { submissionId: string; reviewerSub: string }[];
  /**
   * Randomised assignment (domain/randomised-assignment.ts): each (submission, reviewer) pair is
   * chosen with probability at most `q`, so no entrant can predict whom they review. Absent: the
   * deterministic optimum.
   */
  randomise?: { q: number };
  /** Randomised runs so far: run n samples with seedFor(round id, n), recorded with the run. */
  assignmentRuns?: number;
  /**
   * Peer rounds: an impartial shortlist of `k` submissions (Exact Dollar Partition, domain/impartial.ts)
   * over `clusters` clusters (default 2); teams then review only outside their own cluster.
   */
  impartial?: { k: number; clusters?: number };
  /**
   * Expo rounds (kind 'expo', domain/expo.ts): pairwise judging at the teams' tables. Stored with
   * every setting filled in; read through expoSettingsOf (defaults) all the same.
   */
  expo?: ExpoSettings;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type RoundDraft = Omit<Round, 'id' | 'competitionId' | 'pins' | 'createdAt' | 'updatedAt' | 'version'>;

export function roundErrors(r: RoundDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (r.closesAt <= r.opensAt) errors.closesAt = 'The window must close after it opens.';
  if (r.maxLoad < 1) errors.maxLoad = 'At least 1.';
  if (r.minLoad !== undefined && r.minLoad > r.maxLoad) errors.minLoad = 'At most the most reviews per reviewer.';
  // The ranking weighs rounds against each other: a round must weigh something to be rankable.
  if (!(r.weight >= LIMITS.weightMin && r.weight <= LIMITS.weightMax))
    errors.weight = `Must be from ${LIMITS.weightMin} to ${LIMITS.weightMax} (a round that weighs nothing cannot be ranked).`;
  if (r.rubric.length === 0) errors.rubric = 'Add at least one criterion.';
  Object.assign(errors, rubricErrors(r.rubric));
  if (r.kind !== 'peer' && r.requireReviewDuty) errors.requireReviewDuty = 'Only peer rounds have a review duty.';
  if (r.randomise && !(r.randomise.q > 0 && r.randomise.q <= 1 && Math.abs(Math.round(r.randomise.q * 100) - r.randomise.q * 100) < 1e-6))
    errors['randomise.q'] = 'A probability from 0.01 to 1, in hundredths (e.g. 0.5).';
  if (r.impartial && r.kind !== 'peer') errors.impartial = 'Only peer rounds choose an impartial shortlist.';
  if (r.expo && r.kind !== 'expo') errors.expo = 'Only expo rounds have expo settings.';
  if (r.kind === 'expo') {
    if (r.randomise) errors.randomise = 'Expo rounds have no assignment to randomise: judges walk the hall.';
    if (r.shortlist) errors.shortlist = 'Expo rounds judge every team with a table; mark the others absent instead.';
    if (r.expo) Object.assign(errors, expoSettingsErrors(r.expo));
  }
  return errors;
}

export function assertValidRound(r: RoundDraft): void {
  const errors = roundErrors(r);
  if (Object.keys(errors).length > 0) throw new ValidationFailed(problemsMessage(errors), errors);
}

/** The round's minimum load: as set, else 1 in a peer round (a review duty for every team), else 0 (never above maxLoad). */
export const roundMinLoad = (r: Pick<Round, 'kind' | 'minLoad' | 'maxLoad'>): number => Math.min(r.maxLoad, r.minLoad ?? (r.kind === 'peer' ? 1 : 0));

export type RoundPhase = 'upcoming' | 'open' | 'closed';

export function roundPhase(r: Pick<Round, 'opensAt' | 'closesAt'>, now: Date): RoundPhase {
  const t = now.toISOString();
  if (t < r.opensAt) return 'upcoming';
  if (t < r.closesAt) return 'open';
  return 'closed';
}

export function assertRoundOpen(r: Round, now: Date): void {
  const phase = roundPhase(r, now);
  if (phase === 'upcoming') throw new InvalidState(`Reviewing in "${r.name}" opens at ${r.opensAt}.`);
  if (phase === 'closed') throw new InvalidState(`Reviewing in "${r.name}" closed at ${r.closesAt}; reviews can no longer change.`);
}

export type ReviewStatus = 'assigned' | 'draft' | 'submitted';

/** One reviewer's work on one submission in one round: the assignment and the review in one. */
export interface Review {
  competitionId: string;
  roundId: string;
  submissionId: string;
  reviewerSub: string;
  reviewerEmail: string;
  status: ReviewStatus;
  /** How the pair came about ('extra': an organiser asked for an extra review, use-cases/moderation.ts). */
  origin: 'solver' | 'pinned' | 'extra';
  scores: Record<string, number>;
  comments: Record<string, string>;
  overallComment: string;
  /** Investors: "I'd like to meet this team". */
  meet: boolean;
  /** Investors: notes only they see. */
  privateNote: string;
  assignedAt: string;
  updatedAt: string;
  submittedAt?: string;
  /** Set while an organiser leaves this review out of the ranking (domain/moderation.ts). */
  exclusion?: ReviewExclusion;
  version: number;
}

/** An organiser's decision to leave a review out of the ranking: why, and whether the reviewer's duty counts as done. */
export interface ReviewExclusion {
  reason: string;
  dutyDone: boolean;
  at: string;
  by: { sub: string; email: string };
}

export interface ReviewContent {
  scores: Record<string, number>;
  comments: Record<string, string>;
  overallComment: string;
  meet: boolean;
  privateNote: string;
}

/** Scores must name the round's criteria and sit on their scales; comments likewise. */
export function reviewContentErrors(round: Round, c: ReviewContent): FieldErrors {
  const errors: FieldErrors = {};
  const byId = new Map(round.rubric.map((x) => [x.id, x]));
  for (const [id, value] of Object.entries(c.scores)) {
    const criterion = byId.get(id);
    if (!criterion) errors[`scores.${id}`] = 'This round has no such criterion.';
    else if (!Number.isInteger(value) || value < criterion.scale.min || value > criterion.scale.max)
      errors[`scores.${id}`] = `Score ${criterion.name} from ${criterion.scale.min} to ${criterion.scale.max}.`;
  }
  for (const id of Object.keys(c.comments)) if (!byId.has(id)) errors[`comments.${id}`] = 'This round has no such criterion.';
  if (round.kind === 'peer' && (c.meet || c.privateNote !== ''))
    errors.meet = 'Only investors can flag a team to meet or keep private notes.';
  return errors;
}

export function assertReviewContent(round: Round, c: ReviewContent): void {
  const errors = reviewContentErrors(round, c);
  if (Object.keys(errors).length > 0) throw new RuleViolation('INVALID_REVIEW', 'Some scores need attention.', errors);
}

/** A review can be submitted once every criterion is scored. */
export function assertReviewComplete(round: Round, c: ReviewContent): void {
  const errors: FieldErrors = {};
  for (const criterion of round.rubric)
    if (c.scores[criterion.id] === undefined) errors[`scores.${criterion.id}`] = `Score ${criterion.name} before submitting.`;
  if (Object.keys(errors).length > 0)
    throw new RuleViolation('REVIEW_INCOMPLETE', 'Score every criterion before submitting.', errors);
}
