/**
 * Erasure's pure rules (domain/personal-data.ts, audit-digest.ts scheme 2): stable pseudonyms,
 * pseudonymisation that is complete and idempotent, seals that survive an erasure and still catch
 * tampering, and the retention calendar.
 */
import { describe, expect, it } from 'vitest';
import { auditDigest, auditTrailProblems, personalDigest, sealAuditTrail } from '../../functions/domain/audit-digest.ts';
import type { AuditEntry } from '../../functions/domain/audit.ts';
import { addYears, DEFAULT_RETENTION, mentions, pseudonymise, pseudonymOf, pseudonymousEmail, retentionDates, retentionDue, retentionErrors } from '../../functions/domain/personal-data.ts';
import { assertConsentGiven, PRIVACY_NOTICE } from '../../functions/domain/privacy.ts';
import { zipFiles } from '../../functions/use-cases/zip.ts';

const KEY = 'unit-test-pseudonym-key';

describe('pseudonyms', () => {
  it('are stable per person and key, differ between people and keys, and say nothing of the id', () => {
    const a = pseudonymOf(KEY, 'sub-anna');
    expect(a).toMatch(/^Participant [0-9a-f]{6}$/);
    expect(pseudonymOf(KEY, 'sub-anna')).toBe(a);
    expect(pseudonymOf(KEY, 'sub-bert')).not.toBe(a);
    expect(pseudonymOf('another-key', 'sub-anna')).not.toBe(a);
    expect(a).not.toContain('anna');
    // 1,000 people: no two share one (6 hex digits; a collision here would be a bug, not bad luck at this size).
    expect(new Set(Array.from({ length: 1000 }, (_, i) => pseudonymOf(KEY, `sub-${i}`))).size).toBe(1000);
    expect(() => pseudonymOf('', 'x')).toThrow();
  });
});

describe('pseudonymise', () => {
  const anna = { pseudonym: pseudonymOf(KEY, 'sub-anna'), emails: ['Anna@Example.eu'], names: ['Anna Berg', 'Berg Bikes BV'] };
  const value = {
    to: 'anna@example.eu',
    text: 'Dear Anna Berg, your entry for BERG BIKES BV (anna@example.eu) …',
    seats: { 'anna@example.eu': { sub: 'sub-anna' } },
    roles: new Set(['entrant']),
    score: 7,
    other: 'Bo Ng wrote this', // too short a name is never matched: "Bo" is not Anna
    words: 'Berg Bikes BVs and Anna Bergström are other people', // whole words only
  };

  it('replaces every address and name, case-insensitively, in values and keys, leaving the rest', () => {
    const out = pseudonymise(value, anna);
    expect(out.to).toBe(pseudonymousEmail(anna.pseudonym));
    expect(out.text).toBe(`Dear ${anna.pseudonym}, your entry for ${anna.pseudonym} (${pseudonymousEmail(anna.pseudonym)}) …`);
    expect(Object.keys(out.seats)).toEqual([pseudonymousEmail(anna.pseudonym)]);
    expect(out.roles).toEqual(new Set(['entrant']));
    expect(out.score).toBe(7);
    expect(out.other).toBe(value.other);
    expect(out.words).toBe(value.words);
    expect(mentions(value, anna)).toBe(true);
    expect(mentions(out, anna)).toBe(false);
  });

  it('is idempotent, and takes several people at once, each with their own pseudonym', () => {
    const once = pseudonymise(value, anna);
    expect(pseudonymise(once, anna)).toEqual(once);
    const bo = { pseudonym: pseudonymOf(KEY, 'sub-bo'), emails: [], names: ['Bo Ng wrote'] };
    const both = pseudonymise(value, [anna, bo]);
    expect(both.other).toBe(`${bo.pseudonym} this`);
    expect(both.to).toBe(pseudonymousEmail(anna.pseudonym));
  });
});

describe('the audit seal (scheme 2) across an erasure', () => {
  const entry = (i: number, email: string, after: unknown): AuditEntry => ({ competitionId: 'c1', at: `2027-01-0${i}T10:00:00.000Z`, id: `e${i}`, actor: { sub: `s${i}`, email }, action: 'x.done', target: `t:${i}`, after });
  const trail = [entry(1, 'anna@example.eu', { name: 'Anna Berg' }), entry(2, 'org@example.eu', { amount: 5 }), entry(3, 'org@example.eu', { note: 'called Anna Berg' })];
  const seal = sealAuditTrail(trail, '2027-01-31T00:00:00.000Z');
  const anna = { pseudonym: 'Participant 0a0a0a', emails: ['anna@example.eu'], names: ['Anna Berg'] };
  const erased = trail.map((e) => {
    const next = pseudonymise(e, anna);
    return JSON.stringify(next) === JSON.stringify(e) ? e : { ...next, erased: { at: '2027-02-01T00:00:00.000Z', personal: personalDigest(e) } };
  });

  it('verifies after the personal parts are replaced and their digests kept', () => {
    expect(seal.scheme).toBe('podium-audit-digest/2');
    expect(erased[0]!.actor.email).toBe('participant-0a0a0a@erased.invalid');
    expect(auditTrailProblems(seal, erased)).toEqual([]);
  });

  it('still catches a changed public part, a changed value that was not erased, a removed entry, or a made-up digest', () => {
    expect(auditTrailProblems(seal, erased.with(0, { ...erased[0]!, action: 'x.forged' }))).toHaveLength(1);
    expect(auditTrailProblems(seal, erased.with(1, { ...erased[1]!, after: { amount: 6 } }))).toHaveLength(1);
    expect(auditTrailProblems(seal, erased.toSpliced(1, 1))).toHaveLength(1);
    expect(auditTrailProblems(seal, erased.with(2, { ...erased[2]!, erased: { at: 'x', personal: '0'.repeat(64) } }))).toHaveLength(1);
    // Erasing without keeping the digest breaks the seal: the kept digest is what makes it verify.
    const { erased: _, ...bare } = erased[0]!;
    expect(auditTrailProblems(seal, erased.with(0, bare))).toHaveLength(1);
  });

  it('checks seals made before scheme 2 by scheme 1', () => {
    const old = { entries: 3, upTo: '2027-01-31T00:00:00.000Z', digest: auditDigest(trail) };
    expect(auditTrailProblems(old, trail)).toEqual([]);
    expect(auditTrailProblems(old, erased)).toHaveLength(1); // scheme 1 cannot survive an erasure
  });
});

describe('retention', () => {
  const c = { schedule: { resultsDate: '2027-03-01T09:00:00.000Z' }, resultsPublishedAt: '2027-03-02T10:00:00.000Z' };

  it('counts from the results: 1 year for the others, 5 for the awarded, the notice 30 days before (defaults)', () => {
    expect(retentionDates(c, DEFAULT_RETENTION)).toEqual({
      othersEraseAt: '2028-03-02T10:00:00.000Z',
      othersNoticeAt: '2028-02-01T10:00:00.000Z',
      awardedKeptUntil: '2032-03-02T10:00:00.000Z',
      noticeDays: 30,
    });
    expect(retentionDates({ schedule: c.schedule }, DEFAULT_RETENTION).othersEraseAt).toBe('2028-03-01T09:00:00.000Z');
    expect(addYears('2028-02-29T12:00:00.000Z', 1)).toBe('2029-02-28T12:00:00.000Z');
  });

  it('is due once each: nothing, the notice, then the erasure no sooner than the notice period after it', () => {
    const d = retentionDates(c, DEFAULT_RETENTION);
    expect(retentionDue(d, {}, new Date('2028-02-01T09:59:59Z'))).toBe('none');
    expect(retentionDue(d, {}, new Date('2028-02-01T10:00:00Z'))).toBe('notice');
    expect(retentionDue(d, { noticeSentAt: '2028-02-01T10:00:00.000Z' }, new Date('2028-03-02T09:59:59Z'))).toBe('none');
    expect(retentionDue(d, { noticeSentAt: '2028-02-01T10:00:00.000Z' }, new Date('2028-03-02T10:00:00Z'))).toBe('erase');
    expect(retentionDue(d, { noticeSentAt: '2028-02-01T10:00:00.000Z', erasedAt: '2028-03-02T10:00:00.000Z' }, new Date('2030-01-01T00:00:00Z'))).toBe('none');
    // Retention shortened into the past: the notice first, the erasure a full notice period later.
    const late = { noticeSentAt: '2028-03-10T00:00:00.000Z' };
    expect(retentionDue(d, {}, new Date('2028-03-10T00:00:00Z'))).toBe('notice');
    expect(retentionDue(d, late, new Date('2028-04-08T23:59:59Z'))).toBe('none');
    expect(retentionDue(d, late, new Date('2028-04-09T00:00:00Z'))).toBe('erase');
  });

  it('refuses periods out of bounds, and awarded data kept less long than the others’', () => {
    expect(retentionErrors(DEFAULT_RETENTION)).toEqual({});
    expect(Object.keys(retentionErrors({ awardedYears: 1, othersYears: 2, noticeDays: 30 }))).toEqual(['awardedYears']);
    expect(Object.keys(retentionErrors({ awardedYears: 99, othersYears: -1, noticeDays: 0 })).sort()).toEqual(['awardedYears', 'noticeDays', 'othersYears']);
  });
});

describe('consent and the download zip', () => {
  it('wants the current notice and the current purposes', () => {
    expect(() => assertConsentGiven({ noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 2 }, { purposes: ['a'], version: 2 })).not.toThrow();
    for (const given of [undefined, {}, { noticeVersion: 'old', purposesVersion: 2 }, { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 1 }])
      expect(() => assertConsentGiven(given, { purposes: ['a'], version: 2 })).toThrow(expect.objectContaining({ code: 'CONSENT_REQUIRED' }));
  });

  it('writes a zip whose entries read back (local headers, central directory, end record)', () => {
    const zip = Buffer.from(zipFiles([{ name: 'a.csv', content: 'x,y\n1,2\n' }, { name: 'ü.txt', content: 'é'.repeat(1000) }]));
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    expect(zip.readUInt16LE(end + 10)).toBe(2);
    expect(zip.readUInt32LE(end + 16) + zip.readUInt32LE(end + 12)).toBe(end); // the directory ends where the end record starts
  });
});
