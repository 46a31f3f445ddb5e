/**
 * The README's tables from bench/scale.json, for one size: `npx tsx bench/scale/markdown.ts 2000`.
 * (bench/scale.ts prints the same table at the end of a run; this rebuilds it from the file.)
 */
import { readFileSync } from 'node:fs';

interface Row {
  kind: 'route' | 'job';
  p50Ms: number;
  p95Ms: number;
  dynamo?: { calls: number; sequential: number; readUnits: number; writeUnits: number };
  bytes?: { max: number };
}

const size = process.argv[2] ?? '2000';
const all = JSON.parse(readFileSync(new URL('../scale.json', import.meta.url), 'utf8')) as Record<string, { routes: Record<string, Row>; measuredAt: string; remeasured?: Record<string, { measuredAt: string; why: string }>; cost?: { per1000Submissions: { total: number }; per10000ReviewScores: { total: number }; withoutQueuedWork?: { per10000ReviewScores: { total: number } } } }>;
const run = all[size];
if (!run) throw new Error(`bench/scale.json has no run at ${size} submissions (sizes: ${Object.keys(all).join(', ')}).`);
const kb = (b?: number) => (!b ? '—' : b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MB` : `${Math.round(b / 1024)} KB`);
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
console.log(`| ${Number(size).toLocaleString('en')} submissions (${run.measuredAt.slice(0, 10)}) | p50 | p95 | DynamoDB calls (sequential) | RRU | WRU | largest body |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const marks = new Map(Object.entries(run.remeasured ?? {}));
for (const [name, r] of Object.entries(run.routes))
  console.log(`| ${name}${r.kind === 'job' ? ' (job)' : ''}${marks.has(name) ? ' †' : ''} | ${ms(r.p50Ms)} | ${ms(r.p95Ms)} | ${r.dynamo ? `${r.dynamo.calls} (${r.dynamo.sequential})` : ''} | ${r.dynamo?.readUnits ?? ''} | ${r.dynamo?.writeUnits ?? ''} | ${kb(r.bytes?.max)} |`);
if (marks.size > 0)
  console.log(`\n† Re-measured with \`--only\`: ${[...new Set([...marks.values()].map((m) => `${m.why} (${m.measuredAt.slice(0, 16).replace('T', ' ')} UTC)`))].join('; ')}.`);
if (run.cost)
  console.log(
    `\nCost at list prices: $${run.cost.per1000Submissions.total.toFixed(4)} per 1,000 submissions (target ≤ $0.02); $${run.cost.per10000ReviewScores.total.toFixed(2)} per 10,000 review scores (target ≤ $0.06)` +
      (run.cost.withoutQueuedWork ? ` ($${run.cost.withoutQueuedWork.per10000ReviewScores.total.toFixed(3)} without the work the requests leave queued).` : '.'),
  );
