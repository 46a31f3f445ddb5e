/** CSV for the exports: a header row, then rows, with cells made safe for spreadsheets. */
import { stringify } from 'csv-stringify/sync';

/** Spreadsheet apps run cells starting with these as formulas; prefix them so they stay text. */
const FORMULA_START = /^[=+\-@\t\r]/;

function spreadsheetSafe(v: unknown): string {
  const s = typeof v === 'number' ? String(v) : String(v ?? '');
  return typeof v !== 'number' && FORMULA_START.test(s) ? `'${s}` : s;
}

/** Header cells too: question labels and criterion names are typed by organisers and become headers. */
export function csvTable(header: string[], rows: unknown[][]): string {
  return stringify([header.map(spreadsheetSafe), ...rows.map((r) => r.map(spreadsheetSafe))], { bom: true });
}
