/**
 * What a cold start of each API function compiles: the bundle is split (infra/lambda-function.ts),
 * and the AWS adapters behind the ports (functions/composition.ts) are reached only by a dynamic
 * import, so none of them is in index.mjs or the chunks it imports statically — whichever area's
 * routes are mounted. They are the area's own adapters (functions/lambda/<area>-adapters.ts), not
 * every one (composition-adapters.ts). Checked on the deployed build through its metafile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleWithMetafile, type LambdaBundle } from '../../bench/lambda.ts';
import { API_AREAS } from '../../functions/app/api-area-of.ts';
import { PORTS_OF_AREA } from '../../functions/lambda/area-ports.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'podium-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Modules only a port's first call (or a verified token) loads. */
const LOADED_ON_FIRST_CALL = [
  /^functions\/adapters\/dynamodb\/(?!conflict-list)[\w-]+-repository\.ts$/,
  /^functions\/adapters\/dynamodb\/(audit-log|client|cursor|commands|sigv4)\.ts$/,
  /^functions\/adapters\/s3\//,
  /^functions\/adapters\/mail\//,
  /^functions\/adapters\/queue\/sqs-job-queue\.ts$/,
  /^node_modules\/(jose|aws4fetch)\//,
];

function inputsOf(bundle: LambdaBundle, outputs: (name: string) => boolean): string[] {
  return Object.entries(bundle.metafile.outputs)
    .filter(([name]) => name.endsWith('.mjs') && outputs(path.resolve(name)))
    .flatMap(([, o]) => Object.keys(o.inputs));
}

describe('API function bundles', () => {
  it.each(API_AREAS.map((a) => [a]))('%s: a cold start loads no adapter; each is a chunk of its own beside it', async (area) => {
    const bundle = await bundleWithMetafile(path.join(REPO_ROOT, `functions/lambda/api-${area}.ts`), path.join(dir, area));
    const startup = new Set(bundle.startupFiles);

    const atStart = inputsOf(bundle, (name) => startup.has(name));
    const later = inputsOf(bundle, (name) => !startup.has(name));

    expect(atStart).toContain('functions/composition.ts');
    expect(atStart.filter((i) => LOADED_ON_FIRST_CALL.some((re) => re.test(i)))).toEqual([]);
    const ports: readonly string[] = PORTS_OF_AREA[area];
    for (const repository of ['competition', 'evaluation', 'results'])
      if (ports.includes(`${repository === 'competition' ? 'competitions' : repository}`)) expect(later).toContain(`functions/adapters/dynamodb/${repository}-repository.ts`);
      else expect(atStart.concat(later)).not.toContain(`functions/adapters/dynamodb/${repository}-repository.ts`);
    // The awards repository only where the area reads awards (core and live, which compute no ranking, do not).
    if (ports.includes('awards')) expect(later).toContain('functions/adapters/dynamodb/awards-repository.ts');
    else expect(later).not.toContain('functions/adapters/dynamodb/awards-repository.ts');
    expect(bundle.startupBytes).toBeLessThan(bundle.bytes);
    // Only the area's adapters, in one chunk of their own.
    expect(atStart.concat(later)).not.toContain('functions/composition-adapters.ts');
    expect(Object.keys(bundle.metafile.outputs).filter((o) => new RegExp(`/${area}-adapters-\\w+\\.mjs$`).test(o))).toHaveLength(1);
    if (!ports.includes('teams')) expect(later).not.toContain('functions/adapters/dynamodb/team-repository.ts');
  });

  /** The code that computes a ranking (use-cases/ranking-compute.ts and the domain's ranking, calibration and pairwise ranking). */
  const RANKING_CODE = ['functions/use-cases/ranking-compute.ts', 'functions/domain/ranking.ts', 'functions/domain/calibration.ts', 'functions/domain/pairwise-ranking.ts'];
  /** The areas whose routes compute a small competition's ranking when the stored one is behind (they provide ranking-compute.ts). */
  const RANKING_AREAS = ['evaluation', 'results'];

  it.each(API_AREAS.map((a) => [a]))('%s: a cold start compiles none of the ranking computation; only the areas that compute one carry it, as a chunk', async (area) => {
    const bundle = await bundleWithMetafile(path.join(REPO_ROOT, `functions/lambda/api-${area}.ts`), path.join(dir, `ranking-${area}`));
    const startup = new Set(bundle.startupFiles);
    const atStart = inputsOf(bundle, (name) => startup.has(name));
    const later = inputsOf(bundle, (name) => !startup.has(name));

    // The live area ranks an expo hall's votes itself (use-cases/expo.ts): the pairwise ranking is its own code there.
    const computes = RANKING_CODE.filter((i) => area !== 'live' || i !== 'functions/domain/pairwise-ranking.ts');
    expect(atStart.filter((i) => computes.includes(i) || (area !== 'live' && i === 'functions/domain/crowd-bt.ts'))).toEqual([]);
    if (RANKING_AREAS.includes(area)) for (const i of computes) expect(later).toContain(i);
    else expect(later.filter((i) => computes.includes(i))).toEqual([]);
  });
});
