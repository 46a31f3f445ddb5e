/**
 * Each API area's Lambda composes only the ports over AWS its code reads (functions/lambda/
 * area-ports.ts), their adapters a chunk of its own. A port its code reads but the list does not
 * name would throw on AWS only: so the list is checked against the area's code (the modules its
 * entry bundles: tests/support/area-ports.ts), and every port it names is made from the area's
 * adapters' module alone, in both mail modes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { loadConfig } from '../../functions/adapters/config.ts';
import { API_AREAS, type ApiArea } from '../../functions/app/api-area-of.ts';
import { ALL_PORTS } from '../../functions/composition-all.ts';
import { composeDeps, makeEveryPort, type AdapterSet } from '../../functions/composition.ts';
import { PORTS_OF_AREA } from '../../functions/lambda/area-ports.ts';
import { areaModules, portsRead } from '../support/area-ports.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const config = (mail: Record<string, string> = {}) =>
  loadConfig({
    TABLE_NAME: 'podium-test',
    BUCKET_NAME: 'podium-test-pitches',
    AUTH_ISSUER: 'https://issuer.example',
    AUTH_AUDIENCE: 'web',
    CURSOR_SECRET: 'area-ports-test-cursor-secret-0123456789',
    JOB_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/podium-test-jobs',
    AWS_REGION: 'eu-west-1',
    ...mail,
  });

/** The area's set as its entry builds it (functions/lambda/api-<area>.ts). */
const setOf = (area: ApiArea): AdapterSet => ({ ports: PORTS_OF_AREA[area], load: () => import(`../../functions/lambda/${area}-adapters.ts`) });

beforeEach(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'area-ports-test-secret');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the ports each API area composes', () => {
  /** The ports the area's code reads, and those its list names. */
  const sides = async (area: ApiArea) => ({
    read: [...portsRead(await areaModules(path.join(REPO_ROOT, `functions/lambda/api-${area}.ts`)), ALL_PORTS)],
    named: [...PORTS_OF_AREA[area]] as string[],
  });

  it.each(API_AREAS.map((a) => [a]))('%s: name every port its code reads (one missing would throw on AWS)', async (area) => {
    // Act
    const { read, named } = await sides(area);

    // Assess
    expect(read.filter((p) => !named.includes(p)), `missing from functions/lambda/area-ports.ts, ${area}`).toEqual([]);
  }, 30_000);

  it.each(API_AREAS.map((a) => [a]))('%s: name no port its code does not read (its adapter would be bundled for nothing)', async (area) => {
    // Act
    const { read, named } = await sides(area);

    // Assess
    expect(named.filter((p) => !read.includes(p)), `to drop from functions/lambda/area-ports.ts, ${area}`).toEqual([]);
  }, 30_000);

  it.each(API_AREAS.flatMap((a) => [[a, 'outbox'], [a, 'ses']]))('%s: are all made from its adapters alone (mail: %s)', async (area, mode) => {
    // Prepare
    const deps = composeDeps(config(mode === 'ses' ? { MAIL_MODE: 'ses', MAIL_FROM: 'programme@podium.example' } : {}), setOf(area));

    // Act
    const made = await makeEveryPort(deps);

    // Assess
    expect(made.sort()).toEqual([...PORTS_OF_AREA[area]].sort());
  });

  it('a port the set does not name throws when read, naming it, and is left out of a spread', () => {
    // Prepare
    const deps = composeDeps(config(), { ports: ['competitions'], load: () => import('../../functions/lambda/core-adapters.ts') });

    // Act, assess
    expect(() => deps.awards).toThrow(/The awards port is not composed in this function/);
    expect(Object.keys({ ...deps })).toContain('competitions');
    expect(Object.keys({ ...deps })).not.toContain('awards');
    expect(deps.competitions).toBeDefined();
  });
});
