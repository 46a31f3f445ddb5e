/**
 * The web app that `cdk synth` and `cdk deploy` upload is web/dist, built by `npm run build:web`
 * (which also generates the API document served next to it). So that a fresh clone deploys
 * without a separate build — and nobody deploys a build older than the sources — the CDK app
 * builds it first whenever web/dist is missing or older than anything it is made from.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What web/dist is built from: the web app, and the API definitions its document is generated from. */
const SOURCES = ['web', 'functions', 'package-lock.json'];
const NOT_SOURCES = new Set(['dist', 'generated', 'node_modules']);

export function ensureWebBuild(repoRoot: string, log: (message: string) => void = (m) => process.stderr.write(`${m}\n`)): void {
  const index = path.join(repoRoot, 'web/dist/index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : undefined;
  const stale = builtAt === undefined ? 'web/dist does not exist' : newerSource(repoRoot, builtAt);
  if (!stale) return;
  log(`Building the web app first (${stale}): npm run build:web`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // stdout belongs to the CDK CLI's protocol with the app; the build talks on stderr.
  const result = spawnSync(npm, ['run', '-s', 'build:web'], { cwd: repoRoot, stdio: ['ignore', process.stderr, process.stderr] });
  if (result.status !== 0) throw new Error(`npm run build:web failed (${result.error?.message ?? `exit code ${result.status}`}); fix the web build, or pass -c podium:webDist=<folder>.`);
}

/** The first source file changed after `since`, as a reason; undefined when none is. */
function newerSource(repoRoot: string, since: number): string | undefined {
  const visit = (relative: string): string | undefined => {
    const full = path.join(repoRoot, relative);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (!stat) return undefined;
    if (stat.isFile()) return stat.mtimeMs > since ? `${relative} changed since the last build` : undefined;
    for (const entry of readdirSync(full)) {
      if (NOT_SOURCES.has(entry) || entry.startsWith('.')) continue;
      const found = visit(path.join(relative, entry));
      if (found) return found;
    }
    return undefined;
  };
  for (const source of SOURCES) {
    const found = visit(source);
    if (found) return found;
  }
  return undefined;
}
