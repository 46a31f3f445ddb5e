/**
 * The results of a competition — ranking, awards, every entrant's feedback figures — gathered
 * from the stored facts and, once they are decided, read back from the stored snapshot instead.
 * Everything that shows results goes through `resultsOf`, so before publication organisers see
 * the live figures and after it everyone sees exactly what was frozen (domain/results.ts).
 */
import { createHash } from 'node:crypto';
import { planTotals, type PrizePlan } from '../domain/awards.ts';
import type { Competition } from '../domain/competition.ts';
import { buildResults, type ResultEntry, type ResultsHeader } from '../domain/results.ts';
import { rankSubmissions, TIE_BREAK_RULES } from '../domain/ranking.ts';
import { submittedSubmissions } from './all-pages.ts';
import { awardFacts, smeLookup } from './awards.ts';
import type { Ports } from './ports.ts';
import { rankingInputFor } from './ranking.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'submissions' | 'evaluation' | 'awards' | 'results' | 'audit' | 'clock'>;

export interface Results {
  header: ResultsHeader;
  entries: ResultEntry[];
  /** True when read from the stored snapshot (results decided), false when computed now. */
  frozen: boolean;
}

/** Reviewer ids are pseudonymised: stable within a competition, meaningless outside it. */
export const pseudonym = (competitionId: string, sub: string) => createHash('sha256').update(`${competitionId}\n${sub}`).digest('base64url').slice(0, 12);

/** Computes the results from what is stored now (the ranking, the ledger, the reviews). */
export async function computeResults(ports: Deps, competition: Competition, at: { version: number; decidedAt: string; visibleFrom: string }): Promise<{ header: ResultsHeader; entries: ResultEntry[] }> {
  const competitionId = competition.id;
  const [rounds, submissions, ledger] = await Promise.all([
    ports.evaluation.listRounds(competitionId),
    submittedSubmissions(ports, competitionId),
    ports.awards.getLedger(competitionId),
  ]);
  const reviews = (await Promise.all(rounds.map((r) => ports.evaluation.listRoundReviews(competitionId, r.id)))).flat();
  const { input, failedDuty } = await rankingInputFor(ports, competitionId, rounds, submissions, (sub) => pseudonym(competitionId, sub), reviews);
  const result = rankSubmissions(input);
  const ranking = { ...result, unranked: [...result.unranked, ...failedDuty].sort((a, b) => a.submissionId.localeCompare(b.submissionId)) };
  const plan: PrizePlan | undefined = ledger.plan;
  const facts = await awardFacts(ports, competitionId, plan ?? ({ smeOnly: false } as PrizePlan), { submitted: submissions, ranking });
  const comments = new Map<string, { roundId: string; overall: string; criteria: Record<string, string> }[]>();
  for (const r of reviews) {
    if (r.status !== 'submitted') continue;
    const list = comments.get(r.submissionId) ?? [];
    list.push({ roundId: r.roundId, overall: r.overallComment, criteria: r.comments });
    comments.set(r.submissionId, list);
  }
  const totals = planTotals(plan ?? EMPTY_PLAN, ledger.awards, smeLookup(ledger, facts.candidates));
  return buildResults({
    competitionId,
    ...at,
    rounds,
    rankingInput: input,
    ranking,
    tieBreakRules: TIE_BREAK_RULES,
    submissions,
    comments,
    candidates: facts.candidates,
    ...(plan ? { plan } : {}),
    awards: ledger.awards,
    totals,
  });
}

const EMPTY_PLAN: PrizePlan = { currency: 'EUR', totalBudget: 0, programmeBudget: 0, minSmeShare: 0, perThirdPartyCap: 0, smeOnly: false, rankPrizes: [], categories: [], reserveListLength: 0 };

/** The stored snapshot the competition points at, or (before results are decided) the live figures. */
export async function resultsOf(ports: Deps, competition: Competition): Promise<Results> {
  const stored = await storedResults(ports, competition);
  if (stored) return stored;
  const now = ports.clock.now().toISOString();
  return { ...(await computeResults(ports, competition, { version: 0, decidedAt: now, visibleFrom: now })), frozen: false };
}

export async function storedResults(ports: Pick<Ports, 'results'>, competition: Competition): Promise<Results | undefined> {
  if (!competition.resultsVersion) return undefined;
  const [header, entries] = await Promise.all([
    ports.results.getHeader(competition.id, competition.resultsVersion),
    ports.results.listEntries(competition.id, competition.resultsVersion),
  ]);
  if (!header) throw new Error(`Results snapshot ${competition.resultsVersion} of ${competition.id} is missing.`);
  return { header, entries, frozen: true };
}

/** One entrant's stored result (after publication), or computed with everyone's (before). */
export async function resultEntryOf(ports: Deps, competition: Competition, submissionId: string): Promise<{ header: ResultsHeader; entry?: ResultEntry; frozen: boolean }> {
  if (competition.resultsVersion) {
    const [header, entry] = await Promise.all([
      ports.results.getHeader(competition.id, competition.resultsVersion),
      ports.results.getEntry(competition.id, competition.resultsVersion, submissionId),
    ]);
    if (!header) throw new Error(`Results snapshot ${competition.resultsVersion} of ${competition.id} is missing.`);
    return { header, ...(entry ? { entry } : {}), frozen: true };
  }
  const live = await resultsOf(ports, competition);
  const entry = live.entries.find((e) => e.submissionId === submissionId);
  return { header: live.header, ...(entry ? { entry } : {}), frozen: false };
}
