/**
 * `cdk synth` and `cdk deploy` build the web app first when web/dist is missing or older than its
 * sources (infra/web-build.ts), so a fresh clone deploys without a separate `npm run build:web`
 * and nobody uploads a stale build. Checked on a throw-away project whose build:web script counts
 * its runs.
 */
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../infra/web-build.ts';

let root: string;
const quiet = () => undefined;
const builds = async () => (await readFile(join(root, 'builds.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'podium-web-build-'));
  const build = "require('fs').mkdirSync('web/dist',{recursive:true});require('fs').writeFileSync('web/dist/index.html','built');require('fs').appendFileSync('builds.log','x\\n')";
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'probe', private: true, scripts: { 'build:web': `node -e "${build}"` } }));
  await mkdir(join(root, 'web/src'), { recursive: true });
  await writeFile(join(root, 'web/src/main.tsx'), 'export {};');
  const past = new Date(Date.now() - 60_000);
  await utimes(join(root, 'web/src/main.tsx'), past, past);
  await utimes(join(root, 'package.json'), past, past);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the web build before synthesis', () => {
  it('runs when web/dist is missing', async () => {
    ensureWebBuild(root, quiet);
    expect(await readFile(join(root, 'web/dist/index.html'), 'utf8')).toBe('built');
    expect(await builds()).toBe(1);
  });

  it('does not run again while web/dist is newer than every source', async () => {
    ensureWebBuild(root, quiet);
    expect(await builds()).toBe(1);
  });

  it('runs again once a source changed after the build', async () => {
    const later = new Date(Date.now() + 5_000);
    await utimes(join(root, 'web/src/main.tsx'), later, later);
    const said: string[] = [];
    ensureWebBuild(root, (m) => said.push(m));
    expect(await builds()).toBe(2);
    expect(said.join('\n')).toContain('web/src/main.tsx changed');
  });

  it('fails the synthesis when the build fails, saying how to go on', async () => {
    await rm(join(root, 'web/dist'), { recursive: true });
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'probe', private: true, scripts: { 'build:web': 'node -e "process.exit(2)"' } }));
    expect(() => ensureWebBuild(root, quiet)).toThrow(/npm run build:web failed.*podium:webDist/);
  });
});
