/**
 * Pagination cursors are signed over their payload and their listing, and shape-checked: what
 * comes back is exactly what was handed out for that listing, or a ValidationFailed on `cursor`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cursorCodec, type CursorScope } from '../../functions/adapters/dynamodb/cursor.ts';
import { ValidationFailed } from '../../functions/domain/errors.ts';

const SECRET = 'unit-test-cursor-secret-0123456789abcdef';
const codec = cursorCodec(SECRET);
const subs = (c: string): CursorScope => ({ listing: 'submissions', keyAttributes: ['pk', 'sk'], equals: { pk: `COMP#${c}` }, prefixes: { sk: 'SUB#' } });
const audit = (c: string): CursorScope => ({ listing: 'audit', keyAttributes: ['pk', 'sk'], equals: { pk: `AUDIT#${c}` } });
const published: CursorScope = {
  listing: 'published',
  index: 'gsi2',
  keyAttributes: ['pk', 'sk', 'gsi2pk', 'gsi2sk'],
  equals: { gsi2pk: 'PUBLISHED', sk: 'COMP' },
  prefixes: { pk: 'COMP#' },
  segments: [0, 1],
};
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function refused(scope: CursorScope, cursor: string) {
  try {
    codec.decode(scope, cursor);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationFailed);
    expect((e as ValidationFailed).fields).toHaveProperty('cursor');
    return true;
  }
  return false;
}

describe('cursors', () => {
  it('give back what was handed out, for the listing it was handed out for', () => {
    const key = { pk: 'COMP#c1', sk: 'SUB#abc' };
    expect(codec.decode(subs('c1'), codec.encode(subs('c1'), { key }))).toEqual({ key });
    const pub = { segment: 1, key: { pk: 'COMP#x', sk: 'COMP', gsi2pk: 'PUBLISHED', gsi2sk: '2027-01-01T00:00:00.000Z#x' } };
    expect(codec.decode(published, codec.encode(published, pub))).toEqual(pub);
    expect(codec.decode(published, codec.encode(published, { segment: 1 }))).toEqual({ segment: 1 });
    expect(codec.decode(subs('c1'), undefined)).toBeUndefined();
    expect(codec.decode(subs('c1'), '')).toBeUndefined();
  });

  it('refuse a cursor of another listing, another competition, or signed with another secret', () => {
    const key = { pk: 'COMP#c1', sk: 'SUB#abc' };
    const genuine = codec.encode(subs('c1'), { key });
    expect(refused(subs('c2'), genuine)).toBe(true);
    expect(refused(audit('c1'), genuine)).toBe(true);
    expect(refused(published, genuine)).toBe(true);
    expect(refused(subs('c1'), cursorCodec(`${SECRET}!`).encode(subs('c1'), { key }))).toBe(true);
    expect(() => cursorCodec('short')).toThrow(/32/);
  });

  it('refuse crafted cursors even when signed: the key must have the listing\'s shape', () => {
    // Signed with the right secret and scope (as if the secret leaked): the shape check still holds.
    for (const state of [
      { key: {} },
      { key: { pk: 'COMP#c1' } },
      { key: { pk: 'COMP#c1', sk: 'SUB#a', extra: 'x' } },
      { key: { pk: 'COMP#c2', sk: 'SUB#a' } },
      { key: { pk: 'COMP#c1', sk: 'MEMBER#a' } },
      { key: { pk: 'COMP#c1', sk: 7 } },
      { key: { pk: 'COMP#c1', sk: { S: 'SUB#a' } } },
      { key: { pk: 'COMP#c1', sk: `SUB#${'x'.repeat(3000)}` } },
      { segment: 1, key: { pk: 'COMP#c1', sk: 'SUB#a' } },
      { key: { pk: 'COMP#c1', sk: 'SUB#a' }, more: 1 },
      {},
      [],
      null,
      'key',
    ] as unknown[])
      expect(refused(subs('c1'), codec.encode(subs('c1'), state as never)), JSON.stringify(state).slice(0, 80)).toBe(true);
    for (const state of [{ segment: 2 }, { segment: '0' }, { key: { pk: 'COMP#x', sk: 'COMP', gsi2pk: 'OTHER', gsi2sk: 'x' }, segment: 0 }, { key: { pk: 'COMP#x', sk: 'COMP' }, segment: 0 }] as unknown[])
      expect(refused(published, codec.encode(published, state as never)), JSON.stringify(state)).toBe(true);
  });

  it('refuse anything else: random text, unsigned JSON, flipped characters (generated)', () => {
    const genuine = codec.encode(subs('c1'), { key: { pk: 'COMP#c1', sk: 'SUB#abc' } });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.base64String({ maxLength: 300 }),
          fc.json().map((j) => b64(j)),
          fc.json().map((j) => `${b64(j)}.${b64('not a signature')}`),
          fc.record({ key: fc.dictionary(fc.string(), fc.string()) }).map((j) => `${b64(j)}.${genuine.split('.')[1]}`),
          fc.nat({ max: genuine.length - 1 }).chain((i) =>
            fc.constantFrom(...'ABCabc019-_.').filter((ch) => ch !== genuine[i]).map((ch) => genuine.slice(0, i) + ch + genuine.slice(i + 1)),
          ),
        ),
        (cursor) => {
          if (cursor === '') return;
          // A changed character may, in base64url's last position, decode to the same bytes: then it is the same cursor.
          let state: unknown;
          try {
            state = codec.decode(subs('c1'), cursor);
          } catch (e) {
            expect(e).toBeInstanceOf(ValidationFailed);
            return;
          }
          expect(state).toEqual({ key: { pk: 'COMP#c1', sk: 'SUB#abc' } });
        },
      ),
      { seed: 20261201, numRuns: 500 },
    );
  });
});
