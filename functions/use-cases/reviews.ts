/**
 * Reviewing: a reviewer's queue, the review workspace for one assigned submission (blind where
 * the round says so), saving drafts and submitting — only with an assignment, only inside the
 * round's window, never overwriting another tab's save (versions).
 */
import { filesForReview } from './answer-files.ts';
import { answerText, shownQuestions } from '../domain/questions.ts';
import type { Competition } from '../domain/competition.ts';
import { NotFound } from '../domain/errors.ts';
import {
  assertReviewComplete,
  assertReviewContent,
  assertRoundOpen,
  roundPhase,
  type Review,
  type ReviewContent,
  type Round,
} from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import { VersionConflict } from '../domain/errors.ts';
import { assertAllowed, STATE_LABELS, stateOf } from '../domain/lifecycle.ts';
import { requireIdentity } from './access.ts';
import { seatOf } from '../domain/team.ts';
import { leftOwnTeam, teamReview } from './team-access.ts';
import { PLAYBACK_URL_SECONDS } from './pitch-playback.ts';
import type { Ports } from './ports.ts';
import { loadOrganisedRound, reviewingPhase } from './rounds.ts';
import { rankingInputsChanged, type InputsChangedPorts } from './ranking-job.ts';
import { countTransition } from './dashboard.ts';
import { roundDelta } from '../domain/dashboard.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'pitches' | 'videos' | 'audit' | 'clock'>;

export type ReviewView = Omit<Review, 'competitionId'> & { competitionId: string };

/**
 * The caller's review queue, round by round — and, as groups without reviews, every expo round in
 * which they are an active judge (an accepted invitation: a reviewer record; use-cases/expo.ts),
 * with the round's window and the judge page to open. A bounded number of DynamoDB calls in at
 * most three sequential round trips, whatever the size of the competitions: (1) the queue and the
 * caller's memberships (gsi1, together); (2) the queue's competitions, rounds and submissions in
 * one batched read each, with the rounds of each competition the caller is on the jury of (one
 * query each; a judge is on a handful); (3) only when some of those rounds are expo rounds, the
 * caller's reviewer record in each (one BatchGetItem per expo round, together).
 */
export async function myReviewQueue(ports: Deps, caller: Identity | undefined) {
  const who = requireIdentity(caller);
  const [ownQueue, memberships] = await Promise.all([ports.evaluation.listReviewerQueue(who.sub), ports.memberships.listForUser(who.sub)]);
  // Teams the caller edits for (domain/team.ts): the team's peer reviews, keyed by the team, are theirs to do too (one query per such team, together; none for most callers).
  const actingFor = memberships.flatMap((m) => {
    const seat = seatOf(m);
    return seat && seat.teamSub !== who.sub && seat.role !== 'viewer' ? [{ competitionId: m.competitionId, seat }] : [];
  });
  const teamQueues = actingFor.length ? await Promise.all(actingFor.map((t) => ports.evaluation.listReviewerQueue(t.seat.teamSub, t.competitionId))) : [];
  const teamRoleOf = new Map<string, string>();
  teamQueues.forEach((reviews, i) => reviews.forEach((r) => teamRoleOf.set(`${r.competitionId}/${r.roundId}/${r.submissionId}`, actingFor[i]!.seat.role)));
  // A registering account that left its team: that team's reviews (keyed by its sub) are no longer its own.
  const leftIn = new Set(memberships.filter(leftOwnTeam).map((m) => m.competitionId));
  const queue = [...ownQueue.filter((r) => !leftIn.has(r.competitionId)), ...teamQueues.flat()];
  // Expo judges accept an invitation to the round, which makes them jury members of the competition.
  const juryOf = [...new Set(memberships.filter((m) => m.roles.includes('jury')).map((m) => m.competitionId))].sort();
  // The competitions, rounds and submissions of the queue in one batched read each, together.
  // Eventually consistent (half the read units; the queue itself comes from an index, which is):
  // a view only — opening, saving or submitting a review reads what it decides on strongly.
  const roundKey = (c: string, r: string) => `${c}/${r}`;
  const [competitionList, roundList, submissionList, juryRounds] = await Promise.all([
    ports.competitions.getMany([...new Set([...queue.map((r) => r.competitionId), ...juryOf])]),
    ports.evaluation.getRounds(queue.map((r) => ({ competitionId: r.competitionId, roundId: r.roundId })), { consistent: false }),
    ports.submissions.getMany(queue.map((r) => ({ competitionId: r.competitionId, id: r.submissionId })), { consistent: false }),
    Promise.all(juryOf.map((c) => ports.evaluation.listRounds(c))),
  ]);
  const competitions = new Map(competitionList.map((c) => [c.id, c]));
  const rounds = new Map<string, Round>(roundList.map((r) => [roundKey(r.competitionId, r.id), r]));
  const titles = new Map(submissionList.map((s) => [`${s.competitionId}/${s.id}`, s.title]));
  const now = ports.clock.now();
  type Group = { competitionId: string; competitionTitle: string; competitionPhase: string; competitionPhaseLabel: string; roundId: string; roundName: string; roundKind: string; phase: string; opensAt: string; closesAt: string; blind: boolean; done: number; total: number; judgePath?: string; items: { submissionId: string; title: string; status: string; updatedAt: string; teamRole?: string }[] };
  const groupOf = (competition: Competition, round: Round): Group => ({
    competitionId: competition.id,
    competitionTitle: competition.title,
    competitionPhase: stateOf(competition, now),
    competitionPhaseLabel: STATE_LABELS[stateOf(competition, now)],
    roundId: round.id,
    roundName: round.name,
    roundKind: round.kind,
    phase: reviewingPhase(competition, round, now),
    opensAt: round.opensAt,
    closesAt: round.closesAt,
    blind: round.blind,
    done: 0,
    total: 0,
    items: [],
  });
  const groups = new Map<string, Group>();
  for (const r of queue) {
    const key = roundKey(r.competitionId, r.roundId);
    const round = rounds.get(key);
    const competition = competitions.get(r.competitionId);
    if (!round || !competition) continue;
    const teamRole = teamRoleOf.get(`${r.competitionId}/${r.roundId}/${r.submissionId}`);
    if (teamRole && round.kind !== 'peer') continue; // teams review together in peer rounds only
    const g = groups.get(key) ?? groupOf(competition, round);
    g.total += 1;
    if (r.status === 'submitted') g.done += 1;
    g.items.push({ submissionId: r.submissionId, title: titles.get(`${r.competitionId}/${r.submissionId}`) ?? '', status: r.status, updatedAt: r.updatedAt, ...(teamRole ? { teamRole } : {}) });
    groups.set(key, g);
  }
  // Expo rounds: the judge's own reviewer record decides (a dropped judge sees nothing of it).
  const expoRounds = juryRounds.flat().filter((r) => r.kind === 'expo' && competitions.has(r.competitionId) && !groups.has(roundKey(r.competitionId, r.id)));
  const judging = await Promise.all(expoRounds.map((r) => ports.evaluation.getReviewers(r.competitionId, r.id, [who.sub])));
  expoRounds.forEach((round, i) => {
    if (!judging[i]!.some((x) => x.sub === who.sub && x.active)) return;
    const g = groupOf(competitions.get(round.competitionId)!, round);
    g.judgePath = `/competitions/${encodeURIComponent(round.competitionId)}/rounds/${encodeURIComponent(round.id)}/judge`;
    groups.set(roundKey(round.competitionId, round.id), g);
  });
  return [...groups.values()];
}

/**
 * `view`: the review sheet, which decides nothing — the round and the competition are read
 * eventually consistently (half the units; an organiser's change shows a moment later). Saving and
 * submitting read them strongly: the window and the competition's state decide those. The review
 * and the membership (who may act on it) are always read strongly.
 */
async function loadAssigned(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string, view = false) {
  const who = requireIdentity(caller);
  const asView = view ? { consistent: false } : undefined;
  // The three items are read in one round trip instead of three. Safe: they are keyed by the path
  // and the caller alone, and nothing from the round or the competition is used or shown unless
  // the caller's own assignment (the review item) exists — checked first, as before.
  const [ownReview, round, competition, membership] = await Promise.all([
    ports.evaluation.getReview(competitionId, roundId, submissionId, who.sub),
    ports.evaluation.getRound(competitionId, roundId, asView),
    ports.competitions.get(competitionId, asView),
    // Teams (use-cases/team-access.ts): whom the caller reviews for; read alongside, no extra round trip.
    ports.memberships.get(competitionId, who.sub),
  ]);
  // A registering account that left its team no longer reviews for it (the review is keyed by its sub).
  const review = leftOwnTeam(membership) ? undefined : ownReview;
  if (!round) throw new NotFound('No such round.');
  // A team's editors review as the team in a peer round: the assignment stays the team's (its
  // registering account's), read only when the caller has none of their own (two more reads then).
  if (!review && round.kind === 'peer') {
    const asTeam = await teamReview(ports, who, competitionId, roundId, submissionId, membership ?? null);
    if (asTeam) return { who, review: asTeam, round, competition: competition as Competition };
  }
  // Without an assignment the submission does not exist for this caller.
  if (!review) throw new NotFound('You are not assigned to review this submission.');
  return { who, review, round, competition: competition as Competition };
}

/** Everything a reviewer needs for one assigned submission. Blind rounds hide who the team is. */
export async function openReview(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string) {
  const { review, round, competition } = await loadAssigned(ports, caller, competitionId, roundId, submissionId, true);
  // The assignment is checked: the submission and its pitch slot are read together (one round trip,
  // not two), eventually consistently (issue 10 cost: half the units) — what the reviewer reads, not
  // what anything is decided on (a reviewer sees an entrant's edit or a new pitch a moment later).
  const [s, slot] = await Promise.all([ports.submissions.get(competitionId, submissionId, { consistent: false }), ports.pitches.getSlot(competitionId, submissionId, { consistent: false })]);
  if (!s) throw new NotFound('No such submission.');
  const files = await filesForReview(ports, competition, s.id, s.answers, review.reviewerSub, round.blind);
  const submission = {
    id: s.id,
    title: s.title,
    summary: s.summary,
    problem: s.problem,
    solution: s.solution,
    sectors: s.sectors,
    valueChain: s.valueChain,
    // Issue 14 §3: answers in words (English); files with their state, a link once usable, a neutral name in blind rounds.
    // The typed value too (yes/no, a number and its unit, the options chosen), which the web words in the reader's language.
    answers: shownQuestions(competition.questions, s.answers).map((q) => {
      const file = files.get(q.id);
      const value = s.answers[q.id];
      const typed = q.type === 'file' || value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value)) ? {} : { type: q.type, value, ...(q.type === 'number' && q.unit ? { unit: q.unit } : {}) };
      return { questionId: q.id, question: q.label, answer: answerText(q, value, () => file?.fileName ?? 'File'), ...typed, ...(file && q.type === 'file' ? { file } : {}) };
    }),
    ...(round.blind ? {} : { organisationName: s.organisationName, country: s.country }),
  };
  let peerComments: { overallComment: string; comments: Record<string, string> }[] | undefined;
  if (round.kind !== 'peer' && round.showPeerComments) {
    const peerRounds = (await ports.evaluation.listRounds(competitionId)).filter((r) => r.kind === 'peer');
    // Only this submission's reviews in each peer round (a key prefix, a handful of items), together.
    const pages = await Promise.all(peerRounds.map((pr) => ports.evaluation.pageRoundReviews(competitionId, pr.id, 100, undefined, submissionId)));
    peerComments = [];
    for (const page of pages)
      for (const r of page.items)
        // Reviews the organisers excluded are not shown: reviewers never learn of another's exclusion.
        if (r.submissionId === submissionId && r.status === 'submitted' && !r.exclusion) peerComments.push({ overallComment: r.overallComment, comments: r.comments });
  }
  const mine = strip(review);
  return {
    round: { id: round.id, name: round.name, kind: round.kind, blind: round.blind, rubric: round.rubric, phase: reviewingPhase(competition, round, ports.clock.now()), opensAt: round.opensAt, closesAt: round.closesAt },
    competition: { id: competition.id, title: competition.title, phase: stateOf(competition, ports.clock.now()), phaseLabel: STATE_LABELS[stateOf(competition, ports.clock.now())], ...(competition.content ? { content: competition.content } : {}) },
    submission,
    ...(slot.current
      ? {
          pitch: {
            durationSeconds: slot.current.durationSeconds,
            ...(slot.current.width && slot.current.height ? { width: slot.current.width, height: slot.current.height } : {}),
            playbackUrl: await ports.videos.presignDownload(slot.current.objectKey, PLAYBACK_URL_SECONDS),
          },
        }
      : {}),
    review: mine,
    ...(peerComments ? { peerComments } : {}),
  };
}

export async function saveReview(
  ports: Deps & InputsChangedPorts,
  caller: Identity | undefined,
  competitionId: string,
  roundId: string,
  submissionId: string,
  input: ReviewContent & { version: number },
) {
  const { who, review, round, competition } = await loadAssigned(ports, caller, competitionId, roundId, submissionId);
  if (review.version !== input.version) throw new VersionConflict('This review was changed elsewhere (another tab?) since you opened it. Reload to see the latest, then save again.');
  assertAllowed(competition, ports.clock.now(), 'review');
  assertRoundOpen(round, ports.clock.now());
  const { version: _, ...content } = input;
  assertReviewContent(round, content);
  // A submitted review may be revised until the window closes; it stays submitted, so stays complete.
  if (review.status === 'submitted') assertReviewComplete(round, content);
  const at = ports.clock.now().toISOString();
  const next: Review = { ...review, ...content, status: review.status === 'submitted' ? 'submitted' : 'draft', updatedAt: at, version: review.version + 1 };
  // A draft's saves are the reviewer's work in progress (versioned, not audited); what counts is
  // audited: the submission of the review (submitReview) and every revision of a submitted one —
  // both after the versioned write, together with the reviewer's load (one round trip).
  await ports.evaluation.updateReview(next, review.version, review.status !== 'submitted' ? undefined : () =>
    Promise.all([
      ports.audit.append({
        competitionId,
        at,
        actor: { sub: who.sub, email: who.email },
        action: 'review.revised',
        target: `submission:${submissionId}`,
        before: { scores: review.scores, overallComment: review.overallComment },
        after: { roundId, scores: content.scores },
      }),
      rankingInputsChanged(ports, who, competitionId, { start: false }),
    ]),
  );
  return strip(next);
}

/**
 * Submits the review; with `content` (issue 10 cost: the web's "Submit review"), saves it in the
 * same write — one request instead of a save and a submit. Refused (incomplete, closed, stale),
 * nothing is saved. A submitted review given content is revised, as a save would (saveReview).
 */
export async function submitReview(ports: Deps & Pick<Ports, 'metrics' | 'dashboard'> & InputsChangedPorts, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string, version: number, content?: ReviewContent) {
  const { who, review, round, competition } = await loadAssigned(ports, caller, competitionId, roundId, submissionId);
  if (review.version !== version) throw new VersionConflict('This review was changed elsewhere (another tab?) since you opened it. Reload to see the latest, then submit again.');
  assertAllowed(competition, ports.clock.now(), 'review');
  assertRoundOpen(round, ports.clock.now());
  if (content) assertReviewContent(round, content);
  const submitted = content ? { ...review, ...content } : review;
  assertReviewComplete(round, submitted);
  if (review.status === 'submitted') return content ? saveReview(ports, caller, competitionId, roundId, submissionId, { ...content, version }) : strip(review); // idempotent
  const at = ports.clock.now().toISOString();
  const next: Review = { ...submitted, status: 'submitted', submittedAt: at, updatedAt: at, version: review.version + 1 };
  // All after the versioned write, together with the reviewer's load (one round trip: read →
  // write → these; issue 9 §3's three).
  await ports.evaluation.updateReview(next, review.version, () =>
    Promise.all([
      ports.audit.append({ competitionId, at, actor: { sub: who.sub, email: who.email }, action: 'review.submitted', target: `submission:${submissionId}`, after: { roundId, scores: submitted.scores } }),
      // The dashboard's reviews done, after the versioned write (a repeat returned early above).
      countTransition(ports, competition, at, roundDelta(roundId, { reviewed: 1 })),
      // Reviews stream in by the thousand: each only moves the counter on, and the ranking is
      // recomputed when someone next looks at it (ranking-job.ts), not once per review.
      rankingInputsChanged(ports, who, competitionId, { start: false }),
    ]),
  );
  ports.metrics.count('ReviewsSubmitted');
  return strip(next);
}

/** A reviewer's own review: not who they are (they know), nor which organiser excluded it (only that and why). */
function strip(r: Review) {
  const { reviewerSub: _, reviewerEmail: __, exclusion, ...rest } = r;
  return { ...rest, ...(exclusion ? { exclusion: { reason: exclusion.reason, dutyDone: exclusion.dutyDone, at: exclusion.at } } : {}) };
}

/** Organisers: every review in a round, with who wrote it — but not investors' private notes. */
export async function listRoundReviews(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, limit: number, cursor?: string, submissionId?: string) {
  await loadOrganisedRound(ports, caller, competitionId, roundId, 'read');
  const page = await ports.evaluation.pageRoundReviews(competitionId, roundId, limit, cursor, submissionId);
  return { items: page.items.map(({ privateNote: _, ...r }) => r), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
