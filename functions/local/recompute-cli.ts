/**
 * `npm run recompute -- results-package.json`: recomputes the ranking from a results package
 * (GET /api/competitions/<id>/results-package) and checks the awards against the prize plan.
 * Exit code 0 when everything matches what was published, 1 otherwise.
 */
import { readFile } from 'node:fs/promises';
import { verifyResultsPackage, type ResultsPackage } from '../use-cases/results-package.ts';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run recompute -- <results-package.json>');
  process.exit(2);
}
const pkg = JSON.parse(await readFile(file, 'utf8')) as ResultsPackage;
const { ok, problems } = verifyResultsPackage(pkg);
if (ok) {
  console.log(`✓ ${pkg.competition.title}: the ranking of ${pkg.ranking.ranked.length} submissions recomputes exactly, and ${pkg.awards.length} awards fit the plan.`);
} else {
  console.error(`✗ ${pkg.competition.title}:`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
