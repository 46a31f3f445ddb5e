/**
 * The results of a competition — ranking, awards, every entrant's feedback figures — gathered
 * from the stored facts and, once they are decided, read back from the stored snapshot instead.
 * Everything that shows results goes through `resultsOf`, so before publication organisers see
 * the live figures and after it everyone sees exactly what was frozen (domain/results.ts).
 */
import { EMPTY_PLAN, planTotals, type PrizePlan } from '../domain/awards.ts';
import type { Competition } from '../domain/competition.ts';
import { InvalidState } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { buildResults, commentsBySubmission, pseudonym, winnersOf, withAwards, type RankingHeader, type ResultEntry, type ResultsHeader } from '../domain/results.ts';
import { TIE_BREAK_RULES } from '../domain/ranking-rules.ts';
import { submittedSubmissions } from './all-pages.ts';
import { awardFacts, awardKey, smeLookup } from './awards.ts';
import type { AwardRecord, Ledger, Ports } from './ports.ts';
import { currentRanking, rankingCompute, rankingEntry, rankingHeaderOf } from './ranking.ts';
import { isCurrent } from './ranking-job.ts';
import { storedResults, type Results } from './results-stored.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'results' | 'audit' | 'clock'>;

/**
 * The results as the live ranking gives them with the ledger's awards — what `computeResults`
 * computes, without recomputing the ranking — or undefined when the live ranking is not current
 * (or results were decided before: an amendment keeps computing as before).
 */
export async function liveResults(ports: Deps, competition: Competition, at: { version: number; decidedAt: string; visibleFrom: string }): Promise<{ header: ResultsHeader; entries: ResultEntry[] } | undefined> {
  if (competition.resultsVersion) return undefined;
  const [live, inputs, ledger] = await Promise.all([ports.results.getLive(competition.id), ports.results.getInputs(competition.id), ports.awards.getLedger(competition.id)]);
  if (!live || !isCurrent(live, inputs.version, ports.clock.now())) return undefined;
  const stored = await ports.results.listEntriesIn({ competitionId: competition.id, slot: live.slot, computationId: live.computationId });
  if (stored.length !== live.header.entryCount) return undefined;
  const entries = stored.map((e) => withAwards(e, ledger.plan, ledger.awards.filter((a) => a.submissionId === e.submissionId)));
  return { header: { ...headerOf(live.header, ledger, at), winners: winnersOf(entries) }, entries };
}

/** A results header for the live ranking's header with the ledger's plan and totals (winners left to the caller). */
function headerOf(h: RankingHeader, ledger: Ledger, at: { version: number; decidedAt: string; visibleFrom: string }): ResultsHeader {
  const plan = ledger.plan;
  return {
    competitionId: h.competitionId,
    ...at,
    currency: plan?.currency ?? 'EUR',
    ...(plan ? { plan } : {}),
    totals: planTotals(plan ?? EMPTY_PLAN, ledger.awards, smeLookup(ledger, [])),
    rounds: h.rounds,
    ...(h.rankingOptions ? { rankingOptions: h.rankingOptions } : {}),
    rules: h.rules,
    tieBreakRules: h.tieBreakRules,
    entryCount: h.entryCount,
    rankedCount: h.rankedCount,
    winners: [],
  };
}

/** Computes the results from what is stored now (the ranking, the ledger, the reviews): from the live ranking when it is current. */
export async function computeResults(ports: Deps, competition: Competition, at: { version: number; decidedAt: string; visibleFrom: string }): Promise<{ header: ResultsHeader; entries: ResultEntry[] }> {
  const fromLive = await liveResults(ports, competition, at);
  if (fromLive) return fromLive;
  const competitionId = competition.id;
  const [rounds, submissions, ledger] = await Promise.all([
    ports.evaluation.listRounds(competitionId),
    submittedSubmissions(ports, competitionId),
    ports.awards.getLedger(competitionId),
  ]);
  const reviews = (await Promise.all(rounds.map((r) => ports.evaluation.listRoundReviews(competitionId, r.id)))).flat();
  const { input, ranking } = await (await rankingCompute()).rankWithInput(ports, competitionId, rounds, submissions, (sub) => pseudonym(competitionId, sub), reviews, ledger.plan ?? null);
  const plan: PrizePlan | undefined = ledger.plan;
  const facts = await awardFacts(ports, competitionId, plan ?? ({ smeOnly: false } as PrizePlan), { submitted: submissions, ranking });
  const comments = commentsBySubmission(reviews);
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

/** The stored snapshot the competition points at, or (before results are decided) the live figures. */
export async function resultsOf(ports: Deps, competition: Competition): Promise<Results> {
  const stored = await storedResults(ports, competition);
  if (stored) return stored;
  const now = ports.clock.now().toISOString();
  return { ...(await computeResults(ports, competition, { version: 0, decidedAt: now, visibleFrom: now })), frozen: false };
}

/** What a single entry's readers (outcome, feedback report) use of a header. */
export type EntryHeader = Pick<ResultsHeader, 'competitionId' | 'rounds' | 'rules' | 'tieBreakRules' | 'entryCount' | 'rankedCount' | 'currency'>;

/** One submission's confirmed awards, read by key (its prize, lump sum, voucher and the plan's categories), not the whole ledger. */
async function awardsOfSubmission(ports: Pick<Ports, 'awards'>, competitionId: string, submissionId: string): Promise<{ plan: Ledger['plan']; awards: AwardRecord[] }> {
  const { plan } = await ports.awards.getTotals(competitionId);
  const keys = [
    ...(['prize', 'lump-sum', 'voucher'] as const).map((type) => awardKey({ type, submissionId })),
    ...(plan?.categories ?? []).map((c) => awardKey({ type: 'category', submissionId, categoryId: c.id })),
  ];
  const found = await Promise.all(keys.map((k) => ports.awards.getAward(competitionId, k)));
  return { plan, awards: found.filter((a): a is AwardRecord => a !== undefined && a.submissionId === submissionId) };
}

/**
 * One entrant's stored result (after publication), or its entry of the live ranking with its
 * confirmed awards (before): single-item reads either way, never everyone's.
 */
export async function resultEntryOf(ports: Deps, competition: Competition, submissionId: string, who?: Identity): Promise<{ header: EntryHeader; entry?: ResultEntry; frozen: boolean }> {
  if (competition.resultsVersion) {
    const [header, entry] = await Promise.all([
      ports.results.getHeader(competition.id, competition.resultsVersion),
      ports.results.getEntry(competition.id, competition.resultsVersion, submissionId),
    ]);
    if (!header) throw new Error(`Results snapshot ${competition.resultsVersion} of ${competition.id} is missing.`);
    return { header, ...(entry ? { entry } : {}), frozen: true };
  }
  const [source, own] = await Promise.all([currentRanking(ports, who, competition.id), awardsOfSubmission(ports, competition.id, submissionId)]);
  const h = rankingHeaderOf(source);
  if (!h) throw new InvalidState('The ranking is being computed for the first time; try again in a moment.');
  const stored = await rankingEntry(ports, source, submissionId);
  const entry = stored && withAwards(stored, own.plan, own.awards);
  const header: EntryHeader = { competitionId: h.competitionId, rounds: h.rounds, rules: h.rules, tieBreakRules: h.tieBreakRules, entryCount: h.entryCount, rankedCount: h.rankedCount, currency: own.plan?.currency ?? 'EUR' };
  return { header, ...(entry ? { entry } : {}), frozen: false };
}
