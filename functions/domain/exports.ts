/** The files an organiser can export (each prepared by an export job, use-cases/exports.ts). */
export const EXPORT_FILES = ['submissions.csv', 'reviews.csv', 'ranking.csv', 'deal-flow.csv', 'awards.csv', 'audit.csv', 'audit.json', 'results-package.json'] as const;
export type ExportFile = (typeof EXPORT_FILES)[number];
