/**
 * The columns of every CSV export: a header and a row per item, so an export job can write the
 * header, then rows page by page (use-cases/exports.ts). What each file holds is unchanged from
 * when the API answered the whole file in one response.
 *
 * Column names, and the few words the platform writes into cells ("File attached", yes/no), are in
 * the language of whoever asked for the file (`say`: `csv.<key>` in the catalogues' server
 * section; English as it always was). Cells keep the data as stored: ids, statuses and award
 * types as codes, instants as UTC ISO text, amounts as decimal numbers, so scripts read any file.
 */
import { answerText } from '../domain/questions.ts';
import type { AuditEntry } from '../domain/audit.ts';
import type { Competition } from '../domain/competition.ts';
import type { Review, Round } from '../domain/evaluation.ts';
import type { AwardRecord } from './ports.ts';
import type { RankingView } from './ranking.ts';
import type { SubmissionView } from './submissions.ts';

/** Reviews as organisers receive them: investors' private notes are never included. */
export type SharedReview = Omit<Review, 'privateNote'>;

const fixed = (n: number) => n.toFixed(2);

/** A column name or a cell word in the file's language (`csv.<key>`, with `params`). */
export type Say = (key: string, params?: Record<string, string | number>) => string;

/** Submissions: one row each, answers as one column per question. */
export const submissionsTable = {
  header: (competition: Competition, say: Say) => [
    say('csv.submissionId'),
    say('csv.organisation'),
    say('csv.country'),
    say('csv.title'),
    say('csv.status'),
    say('csv.summary'),
    say('csv.problem'),
    say('csv.solution'),
    say('csv.valueChain'),
    say('csv.sectors'),
    ...competition.questions.map((q) => q.label),
    say('csv.submittedAtUtc'),
    say('csv.updatedAtUtc'),
  ],
  row: (competition: Competition, s: SubmissionView, say: Say): unknown[] => [
    s.id,
    s.organisationName,
    s.country,
    s.title,
    s.status,
    s.summary,
    s.problem,
    s.solution,
    s.valueChain.join('; '),
    s.sectors.join('; '),
    // Issue 14 §3: typed answers in words (choices joined, yes/no, numbers with their unit).
    ...competition.questions.map((q) => answerText(q, s.answers[q.id], () => say('csv.fileAttached'))),
    s.submittedAt ?? '',
    s.updatedAt,
  ],
};

/**
 * The ranking: ranked first, then what is not ranked and why. The band is the model's 95 %
 * interval; P(top k) the chance of being among the first k (k in its own column), empty in
 * rankings stored before it was computed.
 */
export const rankingTable = {
  header: (r: Pick<RankingView, 'rounds'>, say: Say) => {
    const header = ['csv.rank', 'csv.submissionId', 'csv.title', 'csv.organisation', 'csv.country', 'csv.finalScore', 'csv.bandLow', 'csv.bandHigh', 'csv.topKProbability', 'csv.k', 'csv.tieBreak'].map((k) => say(k));
    for (const round of r.rounds) header.push(say('csv.roundReviews', { round: round.name }), say('csv.roundRaw', { round: round.name }), say('csv.roundCalibrated', { round: round.name }));
    return header;
  },
  rows: (r: RankingView): unknown[][] => {
    const rows = r.ranked.map((s) => {
      const info = r.submissions[s.submissionId];
      const row: unknown[] = [
        s.rank,
        s.submissionId,
        info?.title,
        info?.organisationName,
        info?.country,
        fixed(s.finalScore),
        fixed(s.band.low),
        fixed(s.band.high),
        s.topK ? s.topK.probability.toFixed(3) : '',
        s.topK?.k ?? '',
        s.tieBreak ?? '',
      ];
      for (const round of r.rounds) {
        const x = s.rounds.find((y) => y.roundId === round.id);
        row.push(x?.reviews ?? 0, x ? fixed(x.rawMean) : '', x ? fixed(x.calibratedMean) : '');
      }
      return row;
    });
    for (const u of r.unranked) {
      const info = r.submissions[u.submissionId];
      rows.push(['', u.submissionId, info?.title, info?.organisationName, info?.country, '', '', '', '', '', u.reason]);
    }
    return rows;
  },
};

/** One row per review; rounds may have different rubrics, so criteria come as name/score pairs, `width` of them. */
export const reviewsTable = {
  width: (rounds: Round[]) => Math.max(0, ...rounds.map((round) => round.rubric.length)),
  header: (width: number, say: Say) => {
    const criteria = Array.from({ length: width }, (_, i) => [say('csv.criterionN', { n: i + 1 }), say('csv.scoreN', { n: i + 1 })]).flat();
    return [
      say('csv.round'),
      say('csv.submissionId'),
      say('csv.reviewer'),
      say('csv.status'),
      ...criteria,
      say('csv.criterionComments'),
      say('csv.overallComment'),
      say('csv.submittedAt'),
      say('csv.leftOutReason'),
      say('csv.dutyCountedDone'),
    ];
  },
  row: (width: number, round: Round, r: SharedReview, say: Say): unknown[] => {
    const pairs = Array.from({ length: width }, (_, i) => {
      const c = round.rubric[i];
      return c ? [c.name, r.scores[c.id] ?? ''] : ['', ''];
    }).flat();
    const comments = round.rubric.map((c) => (r.comments[c.id] ? `${c.name}: ${r.comments[c.id]}` : '')).filter(Boolean).join(' | ');
    // Moderation (use-cases/moderation.ts): an excluded review is listed with the organisers' reason.
    const excluded = r.exclusion ? [r.exclusion.reason, say(r.exclusion.dutyDone ? 'csv.yes' : 'csv.no')] : ['', ''];
    return [round.name, r.submissionId, r.reviewerEmail, r.status, ...pairs, comments, r.overallComment, r.submittedAt ?? '', ...excluded];
  },
};

/** Investors' "would like to meet" flags, with the flagged team's rank. */
export const dealFlowTable = {
  header: (say: Say) => ['csv.investor', 'csv.round', 'csv.submissionId', 'csv.title', 'csv.organisation', 'csv.country', 'csv.rank', 'csv.investorComment'].map((k) => say(k)),
  row: (round: Round, review: SharedReview, ranking: RankingView, rank: ReadonlyMap<string, number>): unknown[] => {
    const info = ranking.submissions[review.submissionId];
    return [review.reviewerEmail, round.name, review.submissionId, info?.title, info?.organisationName, info?.country, rank.get(review.submissionId) ?? '', review.overallComment];
  },
};

/** Awards for payment processing. Amounts in the plan's currency, as decimal numbers. */
export const awardsTable = {
  header: (say: Say) => ['csv.organisation', 'csv.registryId', 'csv.country', 'csv.amount', 'csv.currency', 'csv.type', 'csv.award', 'csv.submissionId', 'csv.confirmedAt'].map((k) => say(k)),
  row: (a: AwardRecord, currency: string): unknown[] => [a.organisationName, a.registryId, a.country, (a.amount / 100).toFixed(2), currency, a.type, a.label, a.submissionId, a.confirmedAt],
};

/** The audit trail for an archive or an auditor: before/after as JSON text. */
export const auditTable = {
  header: (say: Say) => ['csv.atUtc', 'csv.actor', 'csv.actorId', 'csv.action', 'csv.target', 'csv.before', 'csv.after', 'csv.entryId'].map((k) => say(k)),
  row: (e: AuditEntry): unknown[] => {
    const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));
    return [e.at, e.actor.email, e.actor.sub, e.action, e.target, json(e.before), json(e.after), e.id];
  },
};
