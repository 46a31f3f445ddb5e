/**
 * `npm run recompute -- results-package.json [audit-trail.json]`: recomputes the ranking from a
 * results package (GET /api/competitions/<id>/results-package) and checks the awards against the
 * prize plan. Given the competition's audit trail exported since (…/audit.json, or …/audit.csv),
 * also checks it against the package's digest, so a rewritten history up to publication shows.
 * Exit code 0 when everything matches what was published, 1 otherwise.
 */
import { readFile } from 'node:fs/promises';
import type { AuditEntry } from '../domain/audit.ts';
import { verifyResultsPackage, type ResultsPackage } from '../use-cases/results-package.ts';
import { parseAuditTrail } from './audit-trail-file.ts';

const [file, trailFile] = process.argv.slice(2);
if (!file) {
  console.error('Usage: npm run recompute -- <results-package.json> [<audit-trail.json | audit-trail.csv>]');
  process.exit(2);
}
const pkg = JSON.parse(await readFile(file, 'utf8')) as ResultsPackage;
let trail: AuditEntry[] | undefined;
if (trailFile) {
  try {
    trail = parseAuditTrail(await readFile(trailFile, 'utf8'), trailFile, pkg.competition.id);
  } catch (err) {
    console.error(`Could not read the audit trail: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
}
const { ok, problems } = verifyResultsPackage(pkg, trail);
if (ok) {
  console.log(`✓ ${pkg.competition.title}: the ranking of ${pkg.ranking.ranked.length} submissions recomputes exactly, and ${pkg.awards.length} awards fit the plan.`);
  if (trail) console.log(`✓ The audit trail matches the package's digest: ${pkg.audit.entries} entries up to ${pkg.audit.upTo}, unchanged.`);
  else if (pkg.audit)
    console.log(`  The package seals ${pkg.audit.entries} audit entries up to ${pkg.audit.upTo}; pass the exported trail (…/audit.json) as a second argument to check them.`);
} else {
  console.error(`✗ ${pkg.competition.title}:`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
