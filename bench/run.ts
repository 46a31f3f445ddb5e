/**
 * `npm run bench`: measures the figures the issues ask for, prints them as a table and writes
 * them to bench/results.json as a list of {name, value, unit, baseline?, ratio?}.
 * Performance is measured here, never asserted in tests.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { benchApi } from './api.ts';
import { benchAssign } from './assign.ts';
import { benchRank } from './rank.ts';
import { benchLambdas } from './lambda.ts';
import { benchUpload } from './upload.ts';
import type { BenchResult } from './result.ts';

const suites: [string, () => Promise<BenchResult[]>][] = [
  ['lambda bundles and cold start', benchLambdas],
  ['API overhead vs raw DynamoDB', () => benchApi()],
  ['200 MB pitch upload: our client vs the SDK', () => benchUpload()],
  ['assignment solver (HiGHS comparison takes about two minutes)', benchAssign],
  ['calibration and ranking', benchRank],
];

const results: BenchResult[] = [];
for (const [label, run] of suites) {
  process.stdout.write(`▸ ${label}…\n`);
  results.push(...(await run()));
}

console.table(results.map((r) => ({ name: r.name, value: r.value, unit: r.unit, baseline: r.baseline ?? '', ratio: r.ratio ?? '' })));
const out = fileURLToPath(new URL('./results.json', import.meta.url));
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`Wrote ${results.length} figures to bench/results.json`);
