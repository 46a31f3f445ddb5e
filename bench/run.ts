/**
 * `npm run bench`: measures the figures the issues ask for, prints them as a table and writes
 * them to bench/results.json as a list of {name, value, unit, baseline?, ratio?}.
 * Performance is measured here, never asserted in tests.
 *
 * `npm run bench -- --only <part of a suite's label>` runs the matching suites only and merges their
 * figures into bench/results.json (the other suites' figures are kept as they were).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { benchApi } from './api.ts';
import { benchAssign } from './assign.ts';
import { benchAssignRandom } from './assign-random.ts';
import { benchRank } from './rank.ts';
import { benchJudging } from './judging.ts';
import { benchStrategic } from './strategic.ts';
import { benchExpoSome } from './expo-some.ts';
import { benchLambdas } from './lambda.ts';
import { benchUpload } from './upload.ts';
import { benchUploadBrowser } from './upload-browser.ts';
import type { BenchResult } from './result.ts';

const suites: [string, () => Promise<BenchResult[]>][] = [
  ['lambda bundles and cold start', benchLambdas],
  ['API overhead vs raw DynamoDB', () => benchApi()],
  ['200 MB pitch upload: our client vs the SDK', () => benchUpload()],
  ['200 MB pitch upload in Chromium through the submission page vs the SDK', () => benchUploadBrowser()],
  ['assignment solver (HiGHS comparison takes about two minutes)', benchAssign],
  ['randomised assignment (q = 0.5)', benchAssignRandom],
  ['calibration and ranking', benchRank],
  ['judging: calibration model vs plain mean vs z-score on simulated competitions (about three minutes)', benchJudging],
  ['strategic peer reviewing: impartial shortlist vs ranking', benchStrategic],
  ['expo: SoME benchmark (Crowd-BT vs noisy sorting, the Bayes bound, SoME\'s own set-ups; 20-45 minutes on a loaded machine)', () => benchExpoSome()],
  ['expo: adaptive pair selection (Podium vs Gavel vs random pairs, 2,000 votes)', () => import('./expo-adaptive.ts').then((m) => m.benchExpoAdaptive())],
];

const { values: args } = parseArgs({ options: { only: { type: 'string' } } });
const chosen = suites.filter(([label]) => !args.only || label.includes(args.only));
if (chosen.length === 0) throw new Error(`No bench suite's label contains "${args.only}".`);

const results: BenchResult[] = [];
for (const [label, run] of chosen) {
  process.stdout.write(`▸ ${label}…\n`);
  results.push(...(await run()));
}

console.table(results.map((r) => ({ name: r.name, value: r.value, unit: r.unit, baseline: r.baseline ?? '', ratio: r.ratio ?? '' })));
const out = fileURLToPath(new URL('./results.json', import.meta.url));
let kept: BenchResult[] = [];
if (args.only) {
  const fresh = new Set(results.map((r) => r.name));
  kept = (JSON.parse(await readFile(out, 'utf8').catch(() => '[]')) as BenchResult[]).filter((r) => !fresh.has(r.name));
}
await writeFile(out, `${JSON.stringify([...kept, ...results], null, 2)}\n`);
console.log(`Wrote ${results.length} figures to bench/results.json${args.only ? ` (kept ${kept.length} from other suites)` : ''}`);
