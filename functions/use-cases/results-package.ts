/**
 * The results package: everything needed to recompute the ranking and check the awards, as one
 * JSON document. `npm run recompute -- <file>` (functions/local/recompute-cli.ts) recomputes it
 * and says whether it matches what was published.
 */
import { auditTrailProblems, sealAuditTrail, type AuditSeal } from '../domain/audit-digest.ts';
import type { AuditEntry } from '../domain/audit.ts';
import { planViolations, type AwardLine, type Candidate, type PrizePlan } from '../domain/awards.ts';
import type { Identity } from '../domain/identity.ts';
import { rankSubmissions, type RankingInput, type RankingResult } from '../domain/ranking.ts';
import { rankingInputOf, rankingOf } from '../domain/results.ts';
import { loadOrganisedCompetition } from './access.ts';
import { allPages } from './all-pages.ts';
import type { Ports } from './ports.ts';
import { resultsOf } from './results-snapshot.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'results' | 'audit' | 'clock'>;

export const PACKAGE_FORMAT = 'podium-results/1';

export interface ResultsPackage {
  format: typeof PACKAGE_FORMAT;
  competition: { id: string; title: string; resultsPublishedAt?: string; resultsVersion?: number };
  generatedAt: string;
  rankingInput: RankingInput;
  ranking: Pick<RankingResult, 'ranked' | 'unranked'>;
  plan?: PrizePlan;
  candidates: Candidate[];
  awards: AwardLine[];
  /** The seal of the audit trail up to publication (up to `generatedAt` while unpublished). */
  audit: AuditSeal;
}

/**
 * The package of the results people were shown: the stored snapshot once results are decided
 * (so it never changes afterwards), the live figures before.
 */
export async function buildResultsPackage(ports: Deps, caller: Identity | undefined, competitionId: string): Promise<ResultsPackage> {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const { header, entries } = await resultsOf(ports, competition);
  const ranking = rankingOf(header, entries);
  const now = ports.clock.now().toISOString();
  const published = competition.resultsPublishedAt;
  const trail = await allPages((cursor) => ports.audit.list(competitionId, 100, cursor));
  return {
    format: PACKAGE_FORMAT,
    competition: {
      id: competition.id,
      title: competition.title,
      ...(competition.resultsPublishedAt ? { resultsPublishedAt: competition.resultsPublishedAt } : {}),
      ...(competition.resultsVersion ? { resultsVersion: competition.resultsVersion } : {}),
    },
    generatedAt: now,
    rankingInput: rankingInputOf(header, entries),
    ranking: { ranked: ranking.ranked, unranked: ranking.unranked },
    ...(header.plan ? { plan: header.plan } : {}),
    candidates: entries.map((e) => e.candidate),
    awards: entries.flatMap((e) =>
      e.awards.map(({ type, amount, label, rank, categoryId }) => ({
        submissionId: e.submissionId,
        organisationKey: e.candidate.organisationKey,
        type,
        amount,
        label,
        ...(rank !== undefined ? { rank } : {}),
        ...(categoryId !== undefined ? { categoryId } : {}),
      })),
    ),
    audit: sealAuditTrail(trail, published && published <= now ? published : now),
  };
}

/**
 * Recomputes a package: the ranking must come out byte for byte the same and the awards must fit
 * the plan. Given the competition's audit trail as exported later, also checks that the history
 * up to publication is still the one the package sealed.
 */
export function verifyResultsPackage(pkg: ResultsPackage, auditTrail?: readonly AuditEntry[]): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  if (pkg.format !== PACKAGE_FORMAT) problems.push(`Unknown package format ${String(pkg.format)}.`);
  // Packages made before the calibration model name no method and carry no P(top k): they were
  // ranked by the z-score calibration, and recompute with it.
  const legacy = !pkg.rankingInput.options?.method && pkg.ranking.ranked.length > 0 && pkg.ranking.ranked.every((e) => e.topK === undefined);
  const again = rankSubmissions(legacy ? { ...pkg.rankingInput, options: { ...pkg.rankingInput.options, method: 'z-score' } } : pkg.rankingInput);
  if (JSON.stringify(again.ranked) !== JSON.stringify(pkg.ranking.ranked)) problems.push('The recomputed ranking differs from the published one.');
  if (JSON.stringify(again.unranked) !== JSON.stringify(pkg.ranking.unranked)) problems.push('The recomputed list of unranked submissions differs.');
  if (pkg.plan) problems.push(...planViolations(pkg.plan, pkg.awards, pkg.candidates));
  if (auditTrail) {
    const foreign = auditTrail.find((e) => e.competitionId !== pkg.competition.id);
    if (!pkg.audit) problems.push('The package carries no audit digest (it was made by an older Podium), so the audit trail cannot be checked against it.');
    else if (foreign) problems.push(`The audit trail holds entries of another competition (${foreign.competitionId}), not of ${pkg.competition.id}.`);
    else problems.push(...auditTrailProblems(pkg.audit, auditTrail));
  }
  return { ok: problems.length === 0, problems };
}
