/** The files an organiser can export (each prepared by an export job, use-cases/exports.ts). */
export const EXPORT_FILES = ['submissions.csv', 'reviews.csv', 'ranking.csv', 'deal-flow.csv', 'awards.csv', 'audit.csv', 'audit.json', 'results-package.json'] as const;
export type ExportFile = (typeof EXPORT_FILES)[number];

/**
 * What starting an export (and seeing its file) needs, in use-cases/access.ts's terms: the awards
 * file is what payments are made from, so it is the finance staff's; everything else is a read.
 */
export function exportNeed(file: unknown): 'read' | 'finance' {
  return file === 'awards.csv' ? 'finance' : 'read';
}
