/**
 * The audit-trail seal: a chained SHA-256 over the canonical form of each entry. Any single change
 * to the trail — an edited field, a removed, inserted or moved entry — changes the digest; what
 * JSON cannot tell apart (key order, a round trip through an export) does not.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../functions/domain/audit.ts';
import {
  AUDIT_DIGEST_SCHEME,
  auditDigest,
  auditTrailProblems,
  canonicalEntry,
  canonicalJson,
  sealAuditTrail,
} from '../../functions/domain/audit-digest.ts';

const SEED = 20_260_801;
const RUNS = 300;

const iso = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());
const optionalJson = fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined });
const entryArb: fc.Arbitrary<AuditEntry> = fc.record(
  {
    competitionId: fc.string({ minLength: 1, maxLength: 12 }),
    at: iso,
    id: fc.string({ minLength: 1, maxLength: 26 }),
    actor: fc.record({ sub: fc.string({ maxLength: 36 }), email: fc.string({ maxLength: 30 }) }),
    action: fc.string({ minLength: 1, maxLength: 24 }),
    target: fc.string({ maxLength: 40 }),
    before: optionalJson,
    after: optionalJson,
  },
  { requiredKeys: ['competitionId', 'at', 'id', 'actor', 'action', 'target'] },
);
const trailArb = fc.array(entryArb, { minLength: 1, maxLength: 8 });

/** What a store or an export keeps of a value: JSON's view (no -0, no undefined members). */
const stored = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
const sameData = (a: unknown, b: unknown) => isDeepStrictEqual(stored(a), stored(b));

type Edit = (e: AuditEntry) => AuditEntry;
/** A new value, or the old one with a few characters appended (a change at the very end). */
const newString = fc.oneof(
  fc.string({ maxLength: 30 }).map((v) => (_old: string) => v),
  fc.string({ minLength: 1, maxLength: 3 }).map((tail) => (old: string) => old + tail),
);
const stringFieldEdit = (field: 'competitionId' | 'at' | 'id' | 'action' | 'target') =>
  newString.map((f): Edit => (e) => ({ ...e, [field]: f(e[field]) }));
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  stringFieldEdit('competitionId'),
  stringFieldEdit('at'),
  stringFieldEdit('id'),
  stringFieldEdit('action'),
  stringFieldEdit('target'),
  newString.map((f): Edit => (e) => ({ ...e, actor: { ...e.actor, sub: f(e.actor.sub) } })),
  newString.map((f): Edit => (e) => ({ ...e, actor: { ...e.actor, email: f(e.actor.email) } })),
  optionalJson.map((v): Edit => (e) => ({ ...e, before: v })),
  optionalJson.map((v): Edit => (e) => ({ ...e, after: v })),
);

describe('auditDigest', () => {
  it('changes when any single field of any entry changes', () => {
    fc.assert(
      fc.property(trailArb, fc.nat(), editArb, (trail, pick, edit) => {
        const i = pick % trail.length;
        const edited = edit(trail[i]!);
        fc.pre(!sameData(edited, trail[i]));
        const tampered = trail.with(i, edited);
        expect(auditDigest(tampered)).not.toBe(auditDigest(trail));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('changes when an entry is removed, inserted or moved', () => {
    fc.assert(
      fc.property(trailArb, fc.nat(), fc.nat(), entryArb, (trail, a, b, extra) => {
        const i = a % trail.length;
        const j = b % trail.length;
        const digest = auditDigest(trail);
        expect(auditDigest(trail.toSpliced(i, 1))).not.toBe(digest);
        expect(auditDigest(trail.toSpliced(i, 0, extra))).not.toBe(digest);
        expect(auditDigest([...trail, extra])).not.toBe(digest);
        if (!sameData(trail[i], trail[j])) {
          const swapped = trail.with(i, trail[j]!).with(j, trail[i]!);
          expect(auditDigest(swapped)).not.toBe(digest);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('does not depend on key order or on a round trip through JSON', () => {
    fc.assert(
      fc.property(trailArb, (trail) => {
        const reversedKeys = (v: unknown): unknown =>
          Array.isArray(v) ? v.map(reversedKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)])) : v;
        const exported = JSON.parse(JSON.stringify(trail)) as AuditEntry[];
        expect(auditDigest(exported)).toBe(auditDigest(trail));
        expect(auditDigest(trail.map((e) => reversedKeys(e) as AuditEntry))).toBe(auditDigest(trail));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('ignores what a store or an export adds around the entry', () => {
    const e: AuditEntry = { competitionId: 'c1', at: '2026-12-01T10:00:00.000Z', id: '01J', actor: { sub: 'u1', email: 'a@b.test' }, action: 'x', target: 't' };
    const withExtras = { ...e, pk: 'AUDIT#c1', sk: 'whatever', entity: 'AuditEntry', actor: { ...e.actor, name: 'Ann' } } as AuditEntry;
    expect(auditDigest([withExtras])).toBe(auditDigest([e]));
  });

  it('is pinned: the scheme cannot change without this test noticing (old packages must still verify)', () => {
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(auditDigest([])).toBe(sha(AUDIT_DIGEST_SCHEME));
    const e: AuditEntry = {
      competitionId: 'c1',
      at: '2026-12-01T10:00:00.000Z',
      id: '01JAAA',
      actor: { sub: 'u1', email: 'ann@demo.test' },
      action: 'submission.created',
      target: 'submission:s1',
      after: { title: 'Idea', scores: [1, 2.5], z: null },
    };
    expect(canonicalEntry(e)).toBe(
      '{"action":"submission.created","actor":{"email":"ann@demo.test","sub":"u1"},"after":{"scores":[1,2.5],"title":"Idea","z":null},"at":"2026-12-01T10:00:00.000Z","competitionId":"c1","id":"01JAAA","target":"submission:s1"}',
    );
    expect(auditDigest([e])).toBe(sha(`${sha(AUDIT_DIGEST_SCHEME)}\n${canonicalEntry(e)}`));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, undefined], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
    expect(() => canonicalJson({ n: 10n })).toThrow(TypeError);
  });
});

describe('seal and check', () => {
  const at = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
  const trail: AuditEntry[] = [1, 2, 3, 4].map((m) => ({
    competitionId: 'c1',
    at: at(m),
    id: `e${m}`,
    actor: { sub: 'u-org', email: 'organiser@demo.test' },
    action: m === 3 ? 'results.published' : 'award.confirmed',
    target: 'competition:c1',
    after: { n: m },
  }));

  it('covers the entries up to the instant and ignores later history', () => {
    const seal = sealAuditTrail(trail.slice(0, 3), at(3));
    expect(seal).toMatchObject({ entries: 3, upTo: at(3) });
    expect(auditTrailProblems(seal, trail)).toEqual([]);
  });

  it('reports an altered, removed or back-dated entry', () => {
    const seal = sealAuditTrail(trail, at(3));
    const altered = trail.with(1, { ...trail[1]!, after: { n: 99 } });
    expect(auditTrailProblems(seal, altered)).toEqual([
      `The audit trail up to ${at(3)} does not match the package's digest: it has the same number of entries (3), so at least one was changed, replaced or moved.`,
    ]);
    expect(auditTrailProblems(seal, trail.toSpliced(0, 1))[0]).toContain('it has 2 entries up to then where the package sealed 3');
    const backdated = [...trail, { ...trail[3]!, id: 'e5', at: at(2) }].sort((a, b) => a.at.localeCompare(b.at));
    expect(auditTrailProblems(seal, backdated)[0]).toContain('it has 4 entries up to then');
  });
});
