/**
 * Synthesizes the real CDK app the way `cdk synth` does — `infra/app.ts` in a child process, with
 * cdk.json's context in CDK_CONTEXT_JSON and the output folder in CDK_OUTDIR, Lambda bundling
 * included — so the local AWS emulation runs the very bundles a deployment would upload.
 *
 * Synthesis takes 15–20 s on a small machine, so its cloud assembly is kept in a cache folder
 * keyed by a hash of what it reads: the infrastructure and function sources, the lock file and
 * cdk.json. The web app is not an input: a stub stands in for web/dist (the emulation serves the
 * real build itself and runs no BucketDeployment), so a web change does not mean a new synthesis.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { delimiter, join, relative, resolve, sep } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** Where cloud assemblies are kept: git-ignored, and gone with a fresh `npm ci`. */
export const DEFAULT_SYNTH_CACHE = join(REPO_ROOT, 'node_modules/.cache/podium-synth');

/** Assemblies kept besides the newest (other checkouts of the sources, other branches). */
const KEEP_ASSEMBLIES = 3;

/** Marks an assembly as written in full (a crashed synthesis leaves only a temporary folder). */
const COMPLETE_MARKER = '.podium-synth-complete';

/**
 * Paths (relative to the repository, `/`-separated) that no deployed artifact is built from:
 * tests, benchmarks, documentation, the web sources (the web build is stubbed, see above) and the
 * local runtime (no Lambda imports functions/local). Everything else under the repository counts,
 * so a generated file that the infrastructure reads (an API document, say) changes the key too.
 */
const NOT_INPUTS = [
  /^\./, // .git, .ci, .podium, .ci-results …
  /^node_modules\//,
  /^cdk\.out\//,
  /^dist\//,
  /^coverage\//,
  /^tests\//,
  /^bench\//,
  /^web\/src\//,
  /^web\/dist\//,
  /^functions\/local\//,
  /\.md$/,
  /\.log$/,
];

/** Files whose content identifies the installed toolchain (esbuild, aws-cdk-lib, every dependency). */
const TOOLCHAIN = ['package-lock.json'];

export interface SynthOptions {
  /** @default node_modules/.cache/podium-synth */
  cacheDir?: string;
  signal?: AbortSignal;
  /** Progress messages ("synthesizing…"); silent by default. */
  log?: (message: string) => void;
}

/**
 * The cloud assembly folder (manifest.json, templates, asset.* folders) for the current sources —
 * or, when PODIUM_CLOUD_ASSEMBLY names one (`cdk synth -o <folder>` of another checkout or
 * commit), that one, as it is: to run what another build would deploy.
 */
export async function synthesizePodium(o: SynthOptions = {}): Promise<string> {
  const given = process.env.PODIUM_CLOUD_ASSEMBLY;
  if (given) {
    const folder = resolve(given);
    if (!existsSync(join(folder, 'manifest.json'))) throw new Error(`PODIUM_CLOUD_ASSEMBLY=${given} is not a cloud assembly (no manifest.json): give the folder that \`cdk synth -o\` wrote.`);
    o.log?.(`Using the cloud assembly in ${folder} (PODIUM_CLOUD_ASSEMBLY).`);
    return folder;
  }
  const cacheDir = resolve(o.cacheDir ?? DEFAULT_SYNTH_CACHE);
  const key = await inputsHash();
  const assembly = join(cacheDir, key);
  if (existsSync(join(assembly, COMPLETE_MARKER))) {
    // Touched, so that pruning keeps what is in use.
    const now = new Date();
    await utimes(assembly, now, now).catch(() => undefined);
    return assembly;
  }

  await mkdir(cacheDir, { recursive: true });
  const scratch = join(cacheDir, `${key}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  const outDir = join(scratch, 'assembly');
  const webStub = join(scratch, 'web-dist');
  await mkdir(webStub, { recursive: true });
  await writeFile(join(webStub, 'index.html'), '<!doctype html><title>Podium</title>\n');
  try {
    o.log?.('Synthesizing the CDK app (bundling the Lambda functions)…');
    const started = Date.now();
    await runApp(outDir, { ...(await cdkJsonContext()), 'podium:webDist': webStub }, o.signal);
    await writeFile(join(outDir, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
    try {
      await rename(outDir, assembly);
    } catch (err) {
      // Another process synthesized the same sources meanwhile: theirs is as good as ours.
      if (!existsSync(join(assembly, COMPLETE_MARKER))) throw err;
    }
    o.log?.(`Synthesized in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  await pruneCache(cacheDir, assembly);
  return assembly;
}

async function cdkJsonContext(): Promise<Record<string, unknown>> {
  const cdkJson = JSON.parse(await readFile(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** What `cdk synth` does with cdk.json's `app`: run it with the context and output folder in the environment. */
function runApp(outDir: string, context: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra/app.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        // NodejsFunction runs the project's esbuild; make sure it is found however we were started.
        PATH: [join(REPO_ROOT, 'node_modules/.bin'), process.env.PATH ?? ''].join(delimiter),
        CDK_OUTDIR: outDir,
        CDK_CONTEXT_JSON: JSON.stringify(context),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', reject);
    child.on('close', (code, killedBy) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(signal.reason);
      if (code === 0) return resolvePromise();
      reject(new Error(`Synthesizing the CDK app failed (${killedBy ?? `exit code ${code}`}):\n${output.trim()}`));
    });
  });
}

/** SHA-256 over the path and content of every input file, in a stable order, plus the Node version. */
export async function inputsHash(root = REPO_ROOT): Promise<string> {
  const files = (await listInputs(root)).sort();
  const hash = createHash('sha256');
  hash.update(`node ${process.version}\n`);
  for (const file of files) {
    hash.update(`${file}\n`);
    hash.update(await readFile(join(root, file)));
    hash.update('\n');
  }
  return hash.digest('hex').slice(0, 32);
}

async function listInputs(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!NOT_INPUTS.some((pattern) => pattern.test(`${rel}/`))) await walk(full);
      } else if (entry.isFile() && (TOOLCHAIN.includes(rel) || !NOT_INPUTS.some((pattern) => pattern.test(rel)))) {
        found.push(rel);
      }
    }
  };
  await walk(root);
  return found;
}

/** Removes all but the newest few assemblies (and temporary folders a crash left behind). */
async function pruneCache(cacheDir: string, keep: string): Promise<void> {
  const entries = await readdir(cacheDir, { withFileTypes: true }).catch(() => []);
  const dated = await Promise.all(
    entries.filter((e) => e.isDirectory()).map(async (e) => ({ path: join(cacheDir, e.name), mtime: (await stat(join(cacheDir, e.name))).mtimeMs })),
  );
  const hourAgo = Date.now() - 3_600_000;
  const others = dated.filter((d) => d.path !== keep).sort((a, b) => b.mtime - a.mtime);
  const stale = [
    ...others.filter((d) => !d.path.endsWith('.tmp')).slice(KEEP_ASSEMBLIES),
    ...others.filter((d) => d.path.endsWith('.tmp') && d.mtime < hourAgo),
  ];
  for (const d of stale) await rm(d.path, { recursive: true, force: true }).catch(() => undefined);
}
