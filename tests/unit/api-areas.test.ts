/**
 * The API is deployed as one Lambda function per area (functions/app/api-areas.ts): each entry
 * must mount exactly the operations whose tags belong to its area, and the areas together every
 * operation once — or API Gateway would send a request to a function that has no such route.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_AREAS, areaOf } from '../../functions/app/api-area-of.ts';
import { ALL_ROUTES, ROUTES_OF_AREA } from '../../functions/app/api-areas.ts';
import { createApp } from '../../functions/app/app.ts';
import type { AppDeps } from '../../functions/app/deps.ts';

const never = new Proxy({}, { get: () => () => { throw new Error('not called'); } }) as AppDeps;
const keyOf = (o: { method: string; path: string }) => `${o.method.toUpperCase()} ${o.path}`;

describe('API areas', () => {
  const all = createApp(never, ALL_ROUTES).operations.map(keyOf);

  it('together mount every operation exactly once (health, in every area, aside)', () => {
    const mounted = API_AREAS.flatMap((a) => createApp(never, ROUTES_OF_AREA[a]).operations.map(keyOf)).filter((k) => k !== 'GET /api/health');
    expect(mounted.sort()).toEqual(all.filter((k) => k !== 'GET /api/health').sort());
  });

  it.each(API_AREAS.map((a) => [a]))('%s mounts only operations tagged for it', (area) => {
    for (const o of createApp(never, ROUTES_OF_AREA[area]).operations)
      if (keyOf(o) !== 'GET /api/health') expect(areaOf(o.tags), keyOf(o)).toBe(area);
  });

  it.each(API_AREAS.map((a) => [a]))('the %s Lambda entry imports exactly its area’s route modules', (area) => {
    const source = readFileSync(new URL(`../../functions/lambda/api-${area}.ts`, import.meta.url), 'utf8');
    const imported = [...source.matchAll(/import \{ (\w+) \} from '\.\.\/app\/routes\//g)].map((m) => m[1]);
    expect(imported.sort()).toEqual(ROUTES_OF_AREA[area].map((g) => g.name).sort());
    expect(source).not.toMatch(/from '[^']*api-areas\.ts'/); // that module imports every area
  });
});
