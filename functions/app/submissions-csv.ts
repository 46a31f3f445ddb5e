/** The organiser's CSV export of submissions: one row each, answers as one column per question. */
import { stringify } from 'csv-stringify/sync';
import type { Competition } from '../domain/competition.ts';
import type { SubmissionView } from '../use-cases/submissions.ts';

/** Spreadsheet apps run cells starting with these as formulas; prefix them so they stay text. */
const FORMULA_START = /^[=+\-@\t\r]/;
const safe = (v: string) => (FORMULA_START.test(v) ? `'${v}` : v);

export function submissionsCsv(competition: Competition, rows: SubmissionView[]): string {
  const columns = [
    { key: 'id', header: 'Submission id' },
    { key: 'organisationName', header: 'Organisation' },
    { key: 'country', header: 'Country' },
    { key: 'title', header: 'Title' },
    { key: 'status', header: 'Status' },
    { key: 'summary', header: 'Summary' },
    { key: 'problem', header: 'Problem' },
    { key: 'solution', header: 'Solution' },
    { key: 'valueChain', header: 'Value chain' },
    { key: 'sectors', header: 'Sectors' },
    ...competition.questions.map((q) => ({ key: `answer:${q.id}`, header: q.label })),
    { key: 'submittedAt', header: 'Submitted at (UTC)' },
    { key: 'updatedAt', header: 'Updated at (UTC)' },
  ];
  const records = rows.map((s) => {
    const r: Record<string, string> = {
      id: s.id,
      organisationName: s.organisationName,
      country: s.country,
      title: s.title,
      status: s.status,
      summary: s.summary,
      problem: s.problem,
      solution: s.solution,
      valueChain: s.valueChain.join('; '),
      sectors: s.sectors.join('; '),
      submittedAt: s.submittedAt ?? '',
      updatedAt: s.updatedAt,
    };
    for (const q of competition.questions) r[`answer:${q.id}`] = s.answers[q.id] ?? '';
    for (const k of Object.keys(r)) r[k] = safe(r[k]!);
    return r;
  });
  return stringify(records, { header: true, columns, bom: true });
}
