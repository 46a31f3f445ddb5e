/**
 * A seal over a competition's audit trail: one SHA-256 digest, chained entry by entry, so that
 * editing, removing, inserting or reordering any entry changes it. The results package carries the
 * seal of the trail up to publication; anyone holding the package and a later export of the trail
 * can check that history was not rewritten since (`npm run recompute`).
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit.ts';

/** Names the serialisation and chaining below; a different scheme must get a different name. */
export const AUDIT_DIGEST_SCHEME = 'podium-audit-digest/1';
/**
 * Scheme 2 (issue 14 §2, erasure): each entry is digested as its public part (who by account id,
 * what, when, on what) and the digest of its personal part (the actor's e-mail, the values before
 * and after). An erasure replaces the personal part by pseudonyms and keeps its digest in the entry
 * (`erased.personal`), so a seal made before the erasure still verifies — every public part in full,
 * and every personal part that was not erased. Seals name their scheme; one without is scheme 1.
 */
export const AUDIT_DIGEST_SCHEME_2 = 'podium-audit-digest/2';

export interface AuditSeal {
  /** How the digest was made; absent on seals made before scheme 2 (scheme 1). */
  scheme?: typeof AUDIT_DIGEST_SCHEME_2;
  /** How many entries the digest covers. */
  entries: number;
  /** The digest covers every entry with `at` ≤ this instant (ISO 8601, UTC). */
  upTo: string;
  /** Hex SHA-256, see `auditDigest`. */
  digest: string;
}

/**
 * JSON with object keys in code-unit order and no whitespace; members whose value is undefined
 * are left out, as JSON.stringify does. Two values serialise the same exactly when JSON would
 * read them back as the same data, whatever order their keys were written in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return JSON.stringify(value); // NaN and ±Infinity become null, as in JSON
  if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function' || value === undefined)
    throw new TypeError(`An audit entry holds a ${typeof value}, which JSON cannot represent.`);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalJson(withToJson.toJSON());
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .filter((k) => record[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
  return `{${members.join(',')}}`;
}

/** Exactly the fields of an AuditEntry — nothing a store or an export adds around them. */
export function canonicalEntry(e: AuditEntry): string {
  return canonicalJson({
    competitionId: e.competitionId,
    at: e.at,
    id: e.id,
    actor: { sub: e.actor.sub, email: e.actor.email },
    action: e.action,
    target: e.target,
    before: e.before,
    after: e.after,
  });
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * h₀ = SHA-256(scheme name); hᵢ = SHA-256(hᵢ₋₁ ‖ "\n" ‖ canonical entry i); the digest is hₙ.
 * Entries are taken in the order given (the trail's order: by time, then id).
 */
export function auditDigest(entries: readonly AuditEntry[]): string {
  let h = sha256(AUDIT_DIGEST_SCHEME);
  for (const e of entries) h = sha256(`${h}\n${canonicalEntry(e)}`);
  return h;
}

/** Scheme 2: the digest of an entry's personal part (what an erasure pseudonymises). */
export function personalDigest(e: AuditEntry): string {
  return sha256(canonicalJson({ email: e.actor.email, before: e.before, after: e.after }));
}

/** Scheme 2: like auditDigest, over public parts and personal digests (the kept one where erased). */
export function auditDigestV2(entries: readonly AuditEntry[]): string {
  let h = sha256(AUDIT_DIGEST_SCHEME_2);
  for (const e of entries) {
    const pub = canonicalJson({ competitionId: e.competitionId, at: e.at, id: e.id, actor: e.actor.sub, action: e.action, target: e.target });
    h = sha256(`${h}\n${pub}\n${e.erased?.personal ?? personalDigest(e)}`);
  }
  return h;
}

const digestBy = (seal: Pick<AuditSeal, 'scheme'>, entries: readonly AuditEntry[]) => (seal.scheme === AUDIT_DIGEST_SCHEME_2 ? auditDigestV2(entries) : auditDigest(entries));

/** The entries a seal up to `upTo` covers: the trail's prefix with `at` ≤ `upTo`. */
export function entriesUpTo(trail: readonly AuditEntry[], upTo: string): AuditEntry[] {
  return trail.filter((e) => e.at <= upTo);
}

export function sealAuditTrail(trail: readonly AuditEntry[], upTo: string): AuditSeal {
  const covered = entriesUpTo(trail, upTo);
  return { scheme: AUDIT_DIGEST_SCHEME_2, entries: covered.length, upTo, digest: auditDigestV2(covered) };
}

/**
 * Checks an exported trail against a seal. Entries after `upTo` (later history, such as an
 * amendment) are not covered and do not matter. Returns what is wrong, in sentences.
 */
export function auditTrailProblems(seal: AuditSeal, trail: readonly AuditEntry[]): string[] {
  const covered = entriesUpTo(trail, seal.upTo);
  if (digestBy(seal, covered) === seal.digest) return [];
  const count =
    covered.length === seal.entries
      ? `it has the same number of entries (${seal.entries}), so at least one was changed, replaced or moved`
      : `it has ${covered.length} entries up to then where the package sealed ${seal.entries}`;
  return [`The audit trail up to ${seal.upTo} does not match the package's digest: ${count}.`];
}
