/**
 * Reads an exported audit trail for `npm run recompute`: the JSON export
 * (GET /api/competitions/<id>/audit.json, exact) or the CSV one (…/audit.csv, for people who
 * downloaded that from the audit page). The CSV is close to exact but not quite: it has no
 * competition column (taken from the package), and cells that a spreadsheet would run as a
 * formula were prefixed with `'` (use-cases/csv.ts), which is undone here — so a value that itself began
 * with `'` and a formula character comes back changed and the trail is reported as not matching.
 * Use the JSON export when in doubt.
 */
import { parse } from 'csv-parse/sync';
import type { AuditEntry } from '../domain/audit.ts';

const CSV_COLUMNS = ['At (UTC)', 'Actor', 'Actor id', 'Action', 'Target', 'Before', 'After', 'Entry id'] as const;

export function parseAuditTrail(text: string, fileName: string, competitionId: string): AuditEntry[] {
  const body = text.replace(/^\uFEFF/, '');
  return /^\s*[[{]/.test(body) ? fromJson(body, fileName) : fromCsv(body, fileName, competitionId);
}

function fromJson(text: string, fileName: string): AuditEntry[] {
  const data = JSON.parse(text) as unknown;
  const list = Array.isArray(data) ? data : (data as { items?: unknown; entries?: unknown }).items ?? (data as { entries?: unknown }).entries;
  if (!Array.isArray(list)) throw new Error(`${fileName} is not an audit trail export: expected {"items": [...]} or a list of entries.`);
  list.forEach((e, i) => {
    const x = e as Partial<AuditEntry> | null;
    const ok = x && typeof x.competitionId === 'string' && typeof x.at === 'string' && typeof x.id === 'string' && typeof x.action === 'string' && typeof x.target === 'string' && typeof x.actor?.sub === 'string' && typeof x.actor?.email === 'string';
    if (!ok) throw new Error(`${fileName}: entry ${i + 1} is not an audit entry (it needs competitionId, at, id, actor, action and target).`);
  });
  return list as AuditEntry[];
}

/** use-cases/csv.ts's spreadsheet guard, undone. */
const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

function fromCsv(text: string, fileName: string, competitionId: string): AuditEntry[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: false }) as Record<string, string>[];
  const missing = CSV_COLUMNS.filter((c) => rows.length > 0 && !(c in rows[0]!));
  if (missing.length) throw new Error(`${fileName} is not an audit trail CSV export: no column ${missing.map((c) => `"${c}"`).join(', ')}.`);
  const json = (cell: string, row: number, column: string) => {
    const raw = unguard(cell);
    if (raw === '') return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new Error(`${fileName}: row ${row + 2}, column "${column}" is not JSON.`);
    }
  };
  return rows.map((r, i) => {
    const before = json(r.Before!, i, 'Before');
    const after = json(r.After!, i, 'After');
    return {
      competitionId,
      at: unguard(r['At (UTC)']!),
      id: unguard(r['Entry id']!),
      actor: { sub: unguard(r['Actor id']!), email: unguard(r.Actor!) },
      action: unguard(r.Action!),
      target: unguard(r.Target!),
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    };
  });
}
