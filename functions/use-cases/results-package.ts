/**
 * The results package: everything needed to recompute the ranking and check the awards, as one
 * JSON document. `npm run recompute -- <file>` (functions/local/recompute-cli.ts) recomputes it
 * and says whether it matches what was published.
 */
import { createHash } from 'node:crypto';
import { planViolations, type AwardLine, type Candidate, type PrizePlan } from '../domain/awards.ts';
import type { Identity } from '../domain/identity.ts';
import { rankSubmissions, type RankingInput, type RankingResult } from '../domain/ranking.ts';
import { loadOrganisedCompetition } from './access.ts';
import { submittedSubmissions } from './all-pages.ts';
import { rankingInputFor } from './ranking.ts';
import { awardFacts } from './awards.ts';
import type { Ports } from './ports.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'submissions' | 'evaluation' | 'awards' | 'audit' | 'clock'>;

export const PACKAGE_FORMAT = 'podium-results/1';

export interface ResultsPackage {
  format: typeof PACKAGE_FORMAT;
  competition: { id: string; title: string; resultsPublishedAt?: string };
  generatedAt: string;
  rankingInput: RankingInput;
  ranking: Pick<RankingResult, 'ranked' | 'unranked'>;
  plan?: PrizePlan;
  candidates: Candidate[];
  awards: AwardLine[];
}

/** Reviewer ids are pseudonymised: stable within a package, meaningless outside it. */
const pseudonym = (competitionId: string, sub: string) => createHash('sha256').update(`${competitionId}\n${sub}`).digest('base64url').slice(0, 12);

export async function buildResultsPackage(ports: Deps, caller: Identity | undefined, competitionId: string): Promise<ResultsPackage> {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId);
  const [rounds, submissions, ledger] = await Promise.all([
    ports.evaluation.listRounds(competitionId),
    submittedSubmissions(ports, competitionId),
    ports.awards.getLedger(competitionId),
  ]);
  // The same input the organisers' ranking is computed from, with reviewers pseudonymised.
  const { input: rankingInput } = await rankingInputFor(ports, competitionId, rounds, submissions, (sub) => pseudonym(competitionId, sub));
  const facts = await awardFacts(ports, competitionId, ledger.plan ?? ({ smeOnly: false } as PrizePlan));
  const ranking = rankSubmissions(rankingInput);
  return {
    format: PACKAGE_FORMAT,
    competition: { id: competition.id, title: competition.title, ...(competition.resultsPublishedAt ? { resultsPublishedAt: competition.resultsPublishedAt } : {}) },
    generatedAt: ports.clock.now().toISOString(),
    rankingInput,
    ranking: { ranked: ranking.ranked, unranked: ranking.unranked },
    ...(ledger.plan ? { plan: ledger.plan } : {}),
    candidates: facts.candidates,
    awards: ledger.awards.map(({ submissionId, organisationKey, type, amount, label, rank, categoryId }) => ({
      submissionId,
      organisationKey,
      type,
      amount,
      label,
      ...(rank !== undefined ? { rank } : {}),
      ...(categoryId !== undefined ? { categoryId } : {}),
    })),
  };
}

/** Recomputes a package: the ranking must come out byte for byte the same and the awards must fit the plan. */
export function verifyResultsPackage(pkg: ResultsPackage): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  if (pkg.format !== PACKAGE_FORMAT) problems.push(`Unknown package format ${String(pkg.format)}.`);
  const again = rankSubmissions(pkg.rankingInput);
  if (JSON.stringify(again.ranked) !== JSON.stringify(pkg.ranking.ranked)) problems.push('The recomputed ranking differs from the published one.');
  if (JSON.stringify(again.unranked) !== JSON.stringify(pkg.ranking.unranked)) problems.push('The recomputed list of unranked submissions differs.');
  if (pkg.plan) problems.push(...planViolations(pkg.plan, pkg.awards, pkg.candidates));
  return { ok: problems.length === 0, problems };
}
