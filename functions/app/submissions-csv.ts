/** The organiser's CSV export of submissions: one row each, answers as one column per question. */
import type { Competition } from '../domain/competition.ts';
import type { SubmissionView } from '../use-cases/submissions.ts';
import { csvTable } from './csv.ts';

export function submissionsCsv(competition: Competition, rows: SubmissionView[]): string {
  const header = [
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
  ];
  return csvTable(
    header,
    rows.map((s) => [
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
      ...competition.questions.map((q) => s.answers[q.id] ?? ''),
      s.submittedAt ?? '',
      s.updatedAt,
    ]),
  );
}
