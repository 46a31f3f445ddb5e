/**
 * CSV for the exports: a header row, then rows, with cells made safe for spreadsheets. Exports
 * are written in pieces (use-cases/export-writer.ts), so a header line and batches of row lines
 * concatenate to exactly the table `csvTable` makes in one go.
 */
import { stringify } from 'csv-stringify/sync';

/** Spreadsheet apps run cells starting with these as formulas; prefix them so they stay text. */
const FORMULA_START = /^[=+\-@\t\r]/;

function spreadsheetSafe(v: unknown): string {
  const s = typeof v === 'number' ? String(v) : String(v ?? '');
  return typeof v !== 'number' && FORMULA_START.test(s) ? `'${s}` : s;
}

/** The header line, with the byte-order mark spreadsheet apps need to read UTF-8. */
export function csvHeader(header: string[]): string {
  // Header cells too: question labels and criterion names are typed by organisers and become headers.
  return stringify([header.map(spreadsheetSafe)], { bom: true });
}

/** Row lines, to follow the header. */
export function csvRows(rows: unknown[][]): string {
  return rows.length === 0 ? '' : stringify(rows.map((r) => r.map(spreadsheetSafe)));
}

export function csvTable(header: string[], rows: unknown[][]): string {
  return csvHeader(header) + csvRows(rows);
}
