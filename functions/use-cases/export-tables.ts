/**
 * The columns of every CSV export: a header and a row per item, so an export job can write the
 * header, then rows page by page (use-cases/exports.ts). What each file holds is unchanged from
 * when the API answered the whole file in one response.
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

/** Submissions: one row each, answers as one column per question. */
export const submissionsTable = {
  header: (competition: Competition) => [
    'Submission id',
    'Organisation',
    'Country',
    'Title',
    'Status',
    'Summary',
    'Problem',
    'Solution',
    'Value chain',
    'Sectors',
    ...competition.questions.map((q) => q.label),
    'Submitted at (UTC)',
    'Updated at (UTC)',
  ],
  row: (competition: Competition, s: SubmissionView): unknown[] => [
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
    ...competition.questions.map((q) => answerText(q, s.answers[q.id], () => 'File attached')),
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
  header: (r: Pick<RankingView, 'rounds'>) => {
    const header = ['Rank', 'Submission id', 'Title', 'Organisation', 'Country', 'Final score', 'Band low', 'Band high', 'P(top k)', 'k', 'Tie-break'];
    for (const round of r.rounds) header.push(`${round.name}: reviews`, `${round.name}: raw`, `${round.name}: calibrated`);
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
  header: (width: number) => {
    const criteria = Array.from({ length: width }, (_, i) => [`Criterion ${i + 1}`, `Score ${i + 1}`]).flat();
    return ['Round', 'Submission id', 'Reviewer', 'Status', ...criteria, 'Criterion comments', 'Overall comment', 'Submitted at', 'Left out by the organisers (reason)', 'Review duty counted as done'];
  },
  row: (width: number, round: Round, r: SharedReview): unknown[] => {
    const pairs = Array.from({ length: width }, (_, i) => {
      const c = round.rubric[i];
      return c ? [c.name, r.scores[c.id] ?? ''] : ['', ''];
    }).flat();
    const comments = round.rubric.map((c) => (r.comments[c.id] ? `${c.name}: ${r.comments[c.id]}` : '')).filter(Boolean).join(' | ');
    // Moderation (use-cases/moderation.ts): an excluded review is listed with the organisers' reason.
    const excluded = r.exclusion ? [r.exclusion.reason, r.exclusion.dutyDone ? 'yes' : 'no'] : ['', ''];
    return [round.name, r.submissionId, r.reviewerEmail, r.status, ...pairs, comments, r.overallComment, r.submittedAt ?? '', ...excluded];
  },
};

/** Investors' "would like to meet" flags, with the flagged team's rank. */
export const dealFlowTable = {
  header: () => ['Investor', 'Round', 'Submission id', 'Title', 'Organisation', 'Country', 'Rank', 'Investor comment'],
  row: (round: Round, review: SharedReview, ranking: RankingView, rank: ReadonlyMap<string, number>): unknown[] => {
    const info = ranking.submissions[review.submissionId];
    return [review.reviewerEmail, round.name, review.submissionId, info?.title, info?.organisationName, info?.country, rank.get(review.submissionId) ?? '', review.overallComment];
  },
};

/** Awards for payment processing. Amounts in the plan's currency, as decimal numbers. */
export const awardsTable = {
  header: () => ['Organisation', 'Registry/VAT id', 'Country', 'Amount', 'Currency', 'Type', 'Award', 'Submission id', 'Confirmed at'],
  row: (a: AwardRecord, currency: string): unknown[] => [a.organisationName, a.registryId, a.country, (a.amount / 100).toFixed(2), currency, a.type, a.label, a.submissionId, a.confirmedAt],
};

/** The audit trail for an archive or an auditor: before/after as JSON text. */
export const auditTable = {
  header: () => ['At (UTC)', 'Actor', 'Actor id', 'Action', 'Target', 'Before', 'After', 'Entry id'],
  row: (e: AuditEntry): unknown[] => {
    const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));
    return [e.at, e.actor.email, e.actor.sub, e.action, e.target, json(e.before), json(e.after), e.id];
  },
};
