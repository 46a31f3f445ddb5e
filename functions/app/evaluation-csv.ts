/** CSV exports of the evaluation: the ranking, every review, and the investors' deal flow. */
import { csvTable } from './csv.ts';
import type { Review, Round } from '../domain/evaluation.ts';

/** Reviews as organisers receive them: investors' private notes are never included. */
type SharedReview = Omit<Review, 'privateNote'>;
import type { RankingView } from '../use-cases/ranking.ts';
import type { AwardRecord } from '../use-cases/ports.ts';
import type { AuditEntry } from '../domain/audit.ts';

const fixed = (n: number) => n.toFixed(2);

export function rankingCsv(r: RankingView): string {
  const header = ['Rank', 'Submission id', 'Title', 'Organisation', 'Country', 'Final score', 'Band low', 'Band high', 'Tie-break'];
  for (const round of r.rounds) header.push(`${round.name}: reviews`, `${round.name}: raw`, `${round.name}: calibrated`);
  const rows = r.ranked.map((s) => {
    const info = r.submissions[s.submissionId];
    const row: unknown[] = [s.rank, s.submissionId, info?.title, info?.organisationName, info?.country, fixed(s.finalScore), fixed(s.band.low), fixed(s.band.high), s.tieBreak ?? ''];
    for (const round of r.rounds) {
      const x = s.rounds.find((y) => y.roundId === round.id);
      row.push(x?.reviews ?? 0, x ? fixed(x.rawMean) : '', x ? fixed(x.calibratedMean) : '');
    }
    return row;
  });
  for (const u of r.unranked) {
    const info = r.submissions[u.submissionId];
    rows.push(['', u.submissionId, info?.title, info?.organisationName, info?.country, '', '', '', u.reason]);
  }
  return csvTable(header, rows);
}

/** One row per review; rounds may have different rubrics, so criteria come as name/score pairs. */
export function reviewsCsv(all: { round: Round; reviews: SharedReview[] }[]): string {
  const width = Math.max(0, ...all.map(({ round }) => round.rubric.length));
  const rows: unknown[][] = [];
  for (const { round, reviews } of all)
    for (const r of reviews) {
      const pairs = Array.from({ length: width }, (_, i) => {
        const c = round.rubric[i];
        return c ? [c.name, r.scores[c.id] ?? ''] : ['', ''];
      }).flat();
      const comments = round.rubric.map((c) => (r.comments[c.id] ? `${c.name}: ${r.comments[c.id]}` : '')).filter(Boolean).join(' | ');
      rows.push([round.name, r.submissionId, r.reviewerEmail, r.status, ...pairs, comments, r.overallComment, r.submittedAt ?? '']);
    }
  const criteria = Array.from({ length: width }, (_, i) => [`Criterion ${i + 1}`, `Score ${i + 1}`]).flat();
  return csvTable(['Round', 'Submission id', 'Reviewer', 'Status', ...criteria, 'Criterion comments', 'Overall comment', 'Submitted at'], rows);
}

export function dealFlowCsv(flags: { round: Round; review: SharedReview }[], ranking: RankingView): string {
  const rank = new Map(ranking.ranked.map((r) => [r.submissionId, r.rank]));
  const rows = flags.map(({ round, review }) => {
    const info = ranking.submissions[review.submissionId];
    return [review.reviewerEmail, round.name, review.submissionId, info?.title, info?.organisationName, info?.country, rank.get(review.submissionId) ?? '', review.overallComment];
  });
  return csvTable(['Investor', 'Round', 'Submission id', 'Title', 'Organisation', 'Country', 'Rank', 'Investor comment'], rows);
}

/** Awards for payment processing. Amounts in the plan's currency, as decimal numbers. */
export function awardsCsv(awards: AwardRecord[], currency: string): string {
  const rows = awards.map((a) => [a.organisationName, a.registryId, a.country, (a.amount / 100).toFixed(2), currency, a.type, a.label, a.submissionId, a.confirmedAt]);
  return csvTable(['Organisation', 'Registry/VAT id', 'Country', 'Amount', 'Currency', 'Type', 'Award', 'Submission id', 'Confirmed at'], rows);
}

/** The audit trail for an archive or an auditor: before/after as JSON text. */
export function auditCsv(entries: AuditEntry[]): string {
  const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));
  return csvTable(
    ['At (UTC)', 'Actor', 'Actor id', 'Action', 'Target', 'Before', 'After', 'Entry id'],
    entries.map((e) => [e.at, e.actor.email, e.actor.sub, e.action, e.target, json(e.before), json(e.after), e.id]),
  );
}
