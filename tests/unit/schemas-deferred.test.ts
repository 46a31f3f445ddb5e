/**
 * Request schemas are built on first use, not when app/schemas.ts loads (a Lambda cold start
 * builds only what its first request validates), and a deferred schema validates and reads as
 * the schema it wraps.
 */
import { describe, expect, it } from 'vitest';
import { safeParse } from 'zod/mini';
import * as schemas from '../../functions/app/schemas.ts';

type Lazy = { _zod: { def: { type: string } } };

describe('request schemas', () => {
  it('are all deferred (z.lazy), so loading the module builds none of them', () => {
    const entries = Object.entries(schemas as unknown as Record<string, Lazy>).filter(([, s]) => typeof s === 'object' && '_zod' in s);
    expect(entries.length).toBeGreaterThan(30);
    expect(entries.filter(([, s]) => s._zod.def.type !== 'lazy').map(([name]) => name)).toEqual([]);
  });

  it('validate as the schemas they wrap, and parameters still show their shape', () => {
    expect(Object.keys(schemas.CompetitionIdParam.shape)).toEqual(['competitionId']);
    expect(Object.keys(schemas.SubmissionListQuery.shape)).toEqual(expect.arrayContaining(['limit', 'cursor', 'status']));
    expect(safeParse(schemas.CompetitionIdParam, { competitionId: 'c-1' }).success).toBe(true);
    const bad = safeParse(schemas.CompetitionIdParam, { competitionId: 'not/an id' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues).toMatchObject([{ path: ['competitionId'], message: 'Not a valid id.' }]);
    expect(safeParse(schemas.VersionInput, { version: 0 }).error?.issues).toMatchObject([{ path: ['version'] }]);
    expect(safeParse(schemas.VersionInput, { version: 3 }).data).toEqual({ version: 3 });
  });
});
