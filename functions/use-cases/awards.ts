/**
 * The prize plan and awards. The money rules are domain/awards.ts; this file gathers the facts
 * (the final ranking, who is an SME, who withdrew) and writes confirmed awards to the ledger
 * (adapters/dynamodb/awards-repository.ts: conditional writes that keep the budget, every cap,
 * count and slot under concurrent confirmations, whatever the number of awards).
 */
import { audienceWinnerOf } from './audience-vote.ts';
import {
  formatMoney,
  planTotals,
  planViolations,
  proposeAwards,
  planProblems,
  type PlanProblem,
  type AwardLine,
  type AwardType,
  type Candidate,
  type PrizePlan,
} from '../domain/awards.ts';
import { normaliseRegistryId } from '../domain/entrant.ts';
import { AlreadyExists, InvalidState, NotFound, RuleViolation, ValidationFailed, VersionConflict, type FieldErrors } from '../domain/errors.ts';
import { LUMP_SUM_LABEL, VOUCHER_LABEL } from '../shared/award-labels.ts';
import type { ErrorParams, FieldCodes } from '../shared/field-codes.ts';
import { rankingReason } from '../shared/ranking-reasons.ts';
import type { Competition } from '../domain/competition.ts';
import { assertAllowed, isAllowed } from '../domain/lifecycle.ts';
import { candidateUnder, rankRowsOf, type RankRow } from '../domain/results.ts';
import { problemsMessage } from '../domain/field-labels.ts';
import type { Identity } from '../domain/identity.ts';
import type { Membership } from '../domain/membership.ts';
import type { Submission } from '../domain/submission.ts';
import type { RankingResult } from '../domain/ranking.ts';
import { loadOrganisedCompetition } from './access.ts';
import { allMembers } from './all-pages.ts';
import type { AwardRecord, AwardRefusal, Ledger, LedgerTotals, Ports, ProgrammeRefusalFacts } from './ports.ts';
import { budgetRefusal, capRefusal } from '../domain/programme-ledger.ts';
import { currentRanking, liveRankRows, liveRowsOf, rankRowsPage, type RankingSource } from './ranking.ts';
import { storedResults } from './results-stored.ts';
import { rankingInputsChanged, type InputsChangedPorts } from './ranking-job.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'results' | 'audit' | 'clock'>;

/** A sensible starting plan for a new competition (€, H2020 cascade-funding defaults). */
export const DEFAULT_PLAN: PrizePlan = {
  currency: 'EUR',
  totalBudget: 0,
  programmeBudget: 0,
  minSmeShare: 0.75,
  perThirdPartyCap: 6_000_000,
  smeOnly: true,
  rankPrizes: [],
  categories: [],
  reserveListLength: 3,
};

/** What the award pages show of an entry. */
export interface EntryInfo {
  title: string;
  organisationName: string;
  country: string;
}

export interface AwardFacts {
  info: Map<string, EntryInfo>;
  ranking: string[];
  candidates: Candidate[];
}

/**
 * Ranking order and eligibility facts for every submitted entry. `known` passes what the caller
 * has read or computed already (the submitted entries and their ranking); without it they come
 * from the rank rows of the live ranking (one paged query while it is current), which carry what
 * awards are decided on — never from a read of every submission and member.
 */
export async function awardFacts(
  ports: Deps,
  competitionId: string,
  plan: PrizePlan,
  known?: { submitted: Submission[]; ranking: Pick<RankingResult, 'ranked' | 'unranked'> },
): Promise<AwardFacts> {
  if (!known) return factsOfRows(plan, await liveRankRows(ports, competitionId));
  const memberList = await allMembers(ports, competitionId);
  const members = new Map(memberList.map((m) => [m.userSub, m]));
  const unranked = new Map(known.ranking.unranked.map((u) => [u.submissionId, u.reason]));
  const candidates: Candidate[] = known.submitted.map((s) => {
    const reg = members.get(s.ownerSub)?.registration;
    const isSme = reg?.smeDeclaration ?? false;
    const reason = unranked.get(s.id) ?? (plan.smeOnly && !isSme ? rankingReason('notSme') : undefined);
    return {
      submissionId: s.id,
      organisationKey: normaliseRegistryId(reg?.registryId ?? s.id),
      isSme,
      eligible: reason === undefined,
      ...(reason ? { ineligibleReason: reason } : {}),
    };
  });
  const info = new Map(known.submitted.map((s) => [s.id, { title: s.title, organisationName: s.organisationName ?? '', country: s.country ?? '' }]));
  return { info, ranking: known.ranking.ranked.map((r) => r.submissionId), candidates };
}

/** What awards are decided on in a rank row (or a snapshot entry). */
type AwardRow = Pick<RankRow, 'submissionId' | 'title' | 'organisationName' | 'country' | 'organisationKey' | 'isSme' | 'ranked' | 'unrankedReason'>;

/** The facts in the rank rows of a ranking (live, or a frozen snapshot's). */
export function factsOfRows(plan: Pick<PrizePlan, 'smeOnly'>, rows: readonly AwardRow[]): AwardFacts {
  return {
    info: new Map(rows.map((r) => [r.submissionId, { title: r.title, organisationName: r.organisationName, country: r.country }])),
    ranking: rows.flatMap((r) => (r.ranked ? [r.submissionId] : [])),
    candidates: rows.map((r) => candidateUnder(plan, { submissionId: r.submissionId, organisationKey: r.organisationKey, isSme: r.isSme, ranked: r.ranked, ...(r.unrankedReason !== undefined ? { unrankedReason: r.unrankedReason } : {}) })),
  };
}

/**
 * The facts awards are decided on. Once results are decided the ranking is the frozen snapshot's
 * (an amendment corrects awards, not the ranking); before that it is the live ranking.
 */
async function factsFor(ports: Deps, competition: Competition, plan: PrizePlan): Promise<AwardFacts> {
  const stored = await storedResults(ports, competition);
  if (!stored) return awardFacts(ports, competition.id, plan);
  return factsOfRows(plan, rankRowsOf(stored.entries));
}

/**
 * The facts of the entries asked for only (a confirmation needs no more): their entries of the
 * live ranking by key, or of the frozen snapshot once results are decided. `ranking` is empty.
 */
async function factsOfEntries(ports: Deps, competition: Competition, plan: PrizePlan, submissionIds: string[]): Promise<AwardFacts> {
  const ids = [...new Set(submissionIds)];
  if (!competition.resultsVersion) return factsOfRows(plan, await liveRowsOf(ports, competition.id, ids));
  const entries = await ports.results.getEntries(competition.id, competition.resultsVersion, ids);
  return factsOfRows(plan, entries.map((e) => ({ ...e, organisationKey: e.candidate.organisationKey, isSme: e.candidate.isSme })));
}

/** Why a plan cannot replace the current one, given the awards confirmed under it: by field, the English sentence with its code and facts. */
function planConflicts(plan: PrizePlan, ledger: Ledger): Record<string, PlanProblem> {
  const problems: Record<string, PlanProblem> = {};
  const money = (c: number) => formatMoney(c, plan.currency);
  if (ledger.committed > plan.totalBudget)
    problems['plan.totalBudget'] = { message: `Confirmed awards already commit ${money(ledger.committed)}; the budget cannot be lower.`, code: 'BUDGET_BELOW_COMMITTED', params: { amount: ledger.committed, currency: plan.currency } };
  const highest = Math.max(0, ...Object.values(ledger.perOrganisation));
  if (highest > plan.perThirdPartyCap)
    problems['plan.perThirdPartyCap'] = { message: `An organisation already holds ${money(highest)} in confirmed awards; the cap cannot be lower.`, code: 'CAP_BELOW_HELD', params: { amount: highest, currency: plan.currency } };
  const count = (t: AwardType) => ledger.awards.filter((a) => a.type === t).length;
  const lumpSums = count('lump-sum');
  if (lumpSums > (plan.lumpSum?.topN ?? 0))
    problems['plan.lumpSum.topN'] = { message: `${lumpSums} lump sums are confirmed; the plan cannot offer fewer.`, code: 'FEWER_THAN_CONFIRMED', params: { count: lumpSums, kind: 'lumpSum' } };
  const vouchers = count('voucher');
  if (vouchers > (plan.vouchers?.count ?? 0))
    problems['plan.vouchers.count'] = { message: `${vouchers} vouchers are confirmed; the plan cannot offer fewer.`, code: 'FEWER_THAN_CONFIRMED', params: { count: vouchers, kind: 'voucher' } };
  return problems;
}

/** Problems by field as an error's English `fields` and their `fieldCodes`, each path under `prefix`. */
function fieldErrorsOf(problems: Record<string, PlanProblem>, prefix = ''): { errors: FieldErrors; fieldCodes: FieldCodes } {
  const entries = Object.entries(problems);
  return {
    errors: Object.fromEntries(entries.map(([k, p]) => [prefix + k, p.message])),
    fieldCodes: Object.fromEntries(entries.map(([k, { code, params }]) => [prefix + k, params ? { code, params } : { code }])),
  };
}

export function smeLookup(ledger: Ledger, candidates: Candidate[]) {
  const sme = new Set(candidates.filter((c) => c.isSme).map((c) => c.organisationKey));
  for (const a of ledger.awards) if (a.isSme) sme.add(a.organisationKey);
  return (org: string) => sme.has(org);
}

export async function getPrizePlan(ports: Deps, caller: Identity | undefined, competitionId: string) {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const ledger = await ports.awards.getLedger(competitionId);
  const plan = ledger.plan ?? DEFAULT_PLAN;
  // The totals need the facts of the awarded entries only (their SME status): read by key.
  const awarded = ledger.awards.map((a) => a.submissionId);
  const candidates = awarded.length > 0 ? (await factsOfEntries(ports, competition, plan, awarded)).candidates : [];
  return {
    plan,
    categoryPicks: ledger.categoryPicks,
    awards: ledger.awards,
    totals: planTotals(plan, ledger.awards, smeLookup(ledger, candidates)),
    version: ledger.version,
    /** Whether the plan and awards can change now (not while results are decided, except in an amendment). */
    editable: isAllowed(competition, ports.clock.now(), 'edit-prize-plan'),
    awardsOpen: isAllowed(competition, ports.clock.now(), 'confirm-award'),
  };
}

export async function savePrizePlan(
  ports: Deps & InputsChangedPorts,
  caller: Identity | undefined,
  competitionId: string,
  input: { plan: PrizePlan; categoryPicks: Ledger['categoryPicks']; version: number },
) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'finance');
  assertAllowed(competition, ports.clock.now(), 'edit-prize-plan');
  const { errors, fieldCodes } = fieldErrorsOf(planProblems(input.plan), 'plan.');
  const categories = new Set(input.plan.categories.map((c) => c.id));
  input.categoryPicks.forEach((p, i) => {
    if (!categories.has(p.categoryId)) errors[`categoryPicks.${i}.categoryId`] = 'No such category in the plan.';
  });
  if (Object.keys(errors).length > 0) throw new ValidationFailed(problemsMessage(errors), errors).with({ fieldCodes });
  for (const [i, p] of input.categoryPicks.entries())
    if (!(await ports.submissions.get(competitionId, p.submissionId))) throw new ValidationFailed('No such submission.', { [`categoryPicks.${i}.submissionId`]: 'unknown' });
  const before = await ports.awards.getLedger(competitionId);
  if (before.version !== input.version) throw new VersionConflict('Awards or the plan changed since you opened it. Reload and try again.');
  // Checked against exactly these awards: the save is conditioned on this ledger version.
  const conflicts = fieldErrorsOf(planConflicts(input.plan, before));
  if (Object.keys(conflicts.errors).length > 0) throw new InvalidState(Object.values(conflicts.errors).join(' '), conflicts.errors).with({ fieldCodes: conflicts.fieldCodes });
  await ports.awards.savePlan(competitionId, input.plan, input.categoryPicks, input.version);
  await ports.audit.append({
    competitionId,
    at: ports.clock.now().toISOString(),
    actor: { sub: membership.userSub, email: membership.userEmail },
    action: 'prize-plan.saved',
    target: `competition:${competitionId}`,
    before: before.plan ? { plan: before.plan, categoryPicks: before.categoryPicks } : undefined,
    after: { plan: input.plan, categoryPicks: input.categoryPicks },
  });
  // The ranking's P(in the top k) is for the plan's funding line (use-cases/ranking.ts): the next
  // look at the ranking recomputes it (as after a review: no job per edit).
  await rankingInputsChanged(ports, caller, competitionId, { start: false });
  return getPrizePlan(ports, caller, competitionId);
}

/** The first page of rank rows a proposal reads; each further page is twice as long (at most 1,000). */
const PROPOSAL_FIRST_PAGE = 100;

/**
 * The proposal from the ranking, reading the live ranking's rank rows from the top a page at a
 * time until the proposal needs no more (its awards and reserve list are filled: `wantsMore`),
 * plus the facts of the entries the ledger and the category picks name, by key. So its reads grow
 * with the awards on offer, not with the competition; entries passed over further down than the
 * reserve list are not listed. Once results are decided: the frozen snapshot's ranking, whole.
 */
export async function proposalFor(ports: Deps & Partial<Pick<Ports, 'audienceVotes'>>, competition: Competition, ledger: Ledger, plan: PrizePlan, options: { fromScratch?: boolean; source?: RankingSource } = {}) {
  const categoryPicks = await withAudiencePicks(ports, competition.id, plan, ledger.categoryPicks);
  // `fromScratch`: as if nothing were confirmed yet (the checklist compares that with what is).
  const propose = (facts: AwardFacts) =>
    proposeAwards({ plan, ranking: facts.ranking, candidates: facts.candidates, categoryPicks, ...(options.fromScratch ? {} : { alreadyCommitted: ledger.awards }) });
  // `source`: the live ranking the caller has read already (not read, or computed, twice).
  const source = competition.resultsVersion ? undefined : (options.source ?? (await currentRanking(ports, undefined, competition.id)));
  if (!source || source.kind === 'none') {
    const facts = await factsFor(ports, competition, plan);
    return { facts, proposal: propose(facts) };
  }
  const named = [...ledger.awards.map((a) => a.submissionId), ...categoryPicks.map((p) => p.submissionId)];
  const byKey = named.length > 0 ? await factsOfEntries(ports, competition, plan, named) : undefined;
  const rows: RankRow[] = [];
  let cursor: string | undefined;
  for (let size = PROPOSAL_FIRST_PAGE; ; size = Math.min(1000, size * 2)) {
    const page = await rankRowsPage(ports, source, size, cursor);
    rows.push(...page.items);
    cursor = page.nextCursor;
    const read = factsOfRows(plan, rows);
    const seen = new Set(read.candidates.map((c) => c.submissionId));
    const facts: AwardFacts = {
      info: new Map([...(byKey?.info ?? []), ...read.info]),
      ranking: read.ranking,
      candidates: [...read.candidates, ...(byKey?.candidates ?? []).filter((c) => !seen.has(c.submissionId))],
    };
    const proposal = propose(facts);
    if (!proposal.wantsMore || !cursor) return { facts, proposal };
  }
}

/**
 * The picks with the audience's winner for each category marked `audienceVote`, once the vote has
 * closed (audience-vote.ts audienceWinnerOf: no pick while it is open, without votes, or on a tie
 * for first — the organiser's own pick then stands, if any).
 */
async function withAudiencePicks(ports: Partial<Pick<Ports, 'audienceVotes'>> & Pick<Ports, 'clock'>, competitionId: string, plan: PrizePlan, picks: Ledger['categoryPicks']) {
  const audience = plan.categories.filter((c) => c.audienceVote);
  if (audience.length === 0 || !ports.audienceVotes) return picks;
  const winner = await audienceWinnerOf({ audienceVotes: ports.audienceVotes, clock: ports.clock }, competitionId);
  if (!winner) return picks;
  const ids = new Set(audience.map((c) => c.id));
  return [...audience.map((c) => ({ categoryId: c.id, submissionId: winner })), ...picks.filter((p) => !ids.has(p.categoryId))];
}

export async function proposeFromRanking(ports: Deps, caller: Identity | undefined, competitionId: string) {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const ledger = await ports.awards.getLedger(competitionId);
  if (!ledger.plan) throw new RuleViolation('NO_PRIZE_PLAN', 'Set up the prize plan first.', { plan: 'missing' });
  const { facts, proposal: found } = await proposalFor(ports, competition, ledger, ledger.plan);
  const { wantsMore: _, ...proposal } = found;
  const info = (id: string) => {
    const s = facts.info.get(id);
    return { title: s?.title ?? '', organisationName: s?.organisationName ?? '' };
  };
  return {
    ...proposal,
    lines: proposal.lines.map((l) => ({ ...l, ...info(l.submissionId), confirmed: ledger.awards.some((a) => a.key === awardKey(l)) })),
    reserve: proposal.reserve.map((r) => ({ ...r, ...info(r.submissionId) })),
    skipped: proposal.skipped.map((r) => ({ ...r, ...info(r.submissionId) })),
  };
}

export interface AwardRequest {
  submissionId: string;
  type: AwardType;
  rank?: number;
  categoryId?: string;
}

export function awardKey(l: { type: AwardType; submissionId: string; categoryId?: string }): string {
  return l.type === 'category' ? `category:${l.categoryId}` : `${l.type}:${l.submissionId}`;
}

function awardSlot(l: { type: AwardType; submissionId: string; rank?: number; categoryId?: string }): string {
  if (l.type === 'prize') return `rank:${l.rank}`;
  return awardKey(l);
}

/** The amount and label come from the plan, never from the request. */
/** What a refused NOT_IN_PLAN names: the kind of award the plan lacks (and the prize's rank). */
function notInPlanFacts(req: AwardRequest): ErrorParams {
  const kind = req.type === 'lump-sum' ? 'lumpSum' : req.type;
  return req.type === 'prize' ? { kind, rank: req.rank ?? '?' } : { kind };
}

function lineFromPlan(plan: PrizePlan, req: AwardRequest, organisationKey: string): AwardLine {
  const base = { submissionId: req.submissionId, organisationKey, type: req.type };
  switch (req.type) {
    case 'prize': {
      const prize = plan.rankPrizes.find((p) => p.rank === req.rank);
      if (!prize) throw new ValidationFailed(`The plan has no prize for rank ${req.rank ?? '?'}.`, { rank: 'no such prize' });
      return { ...base, amount: prize.amount, label: prize.label, rank: prize.rank };
    }
    case 'category': {
      const category = plan.categories.find((c) => c.id === req.categoryId);
      if (!category) throw new ValidationFailed('The plan has no such category.', { categoryId: 'no such category' });
      return { ...base, amount: category.amount, label: category.name, categoryId: category.id };
    }
    case 'lump-sum':
      if (!plan.lumpSum) throw new ValidationFailed('The plan has no lump sums.', { type: 'not in plan' });
      return { ...base, amount: plan.lumpSum.amount, label: LUMP_SUM_LABEL };
    case 'voucher':
      if (!plan.vouchers) throw new ValidationFailed('The plan has no vouchers.', { type: 'not in plan' });
      return { ...base, amount: plan.vouchers.amount, label: VOUCHER_LABEL };
  }
}

/**
 * The registry id each entry's organisation registered with, as written (by submission id), and
 * (H3: for the programme ledger's recipients) the entries' sectors, from the same reads.
 */
async function registryIdsOf(ports: Deps, competitionId: string, submissionIds: string[]): Promise<Map<string, string> & { sectors: Map<string, string[]> }> {
  const ids = [...new Set(submissionIds)];
  const submissions = await Promise.all(ids.map((id) => ports.submissions.get(competitionId, id)));
  const owners = await Promise.all(submissions.map((s) => (s ? ports.memberships.get(competitionId, s.ownerSub) : undefined)));
  const registryIds = new Map(ids.flatMap((id, i) => (owners[i]?.registration ? [[id, owners[i]!.registration!.registryId] as const] : [])));
  return Object.assign(registryIds, { sectors: new Map(ids.map((id, i) => [id, submissions[i]?.sectors ?? []] as const)) });
}

/**
 * A refusal says why in English (`reason`) and with the facts it names (`params`: amounts in minor
 * units with `currency`, names, counts), for the web to say in the reader's language (awardRefusal.*).
 */
export type ConfirmOutcome = { key: string; status: 'confirmed' | 'already-confirmed' } | { key: string; status: 'refused'; code: string; reason: string; params?: ErrorParams };

/** How often a confirmation is checked again against a plan that changed meanwhile. */
const MAX_PLAN_CHANGES = 5;
/** How long a refusal waits for confirmations and withdrawals in flight to settle (they take milliseconds). */
const SETTLE_WAIT_MS = 4_000;
/** A short, jittered wait (growing a little) before asking again. */
const settlePause = (attempt: number) => new Promise((r) => setTimeout(r, 5 + Math.random() * 10 * Math.min(attempt + 1, 6)));

/**
 * Confirms awards one by one, each atomically and idempotently: repeating a confirmation changes
 * nothing; a confirmation that would break the budget, a cap or uniqueness is refused with why.
 */
export async function confirmAwards(ports: Deps & Pick<Ports, 'metrics' | 'programmes'>, caller: Identity | undefined, competitionId: string, requests: AwardRequest[]): Promise<ConfirmOutcome[]> {
  // The ledger's totals are read together with the competition and membership (one round trip,
  // not two). Safe: nothing is read from them before the organiser check and the lifecycle check
  // have passed; the confirmation's own conditional writes still guard against every change
  // made after this read.
  const [{ competition, membership }, firstLedger] = await Promise.all([
    loadOrganisedCompetition(ports, caller, competitionId, 'finance'),
    ports.awards.getTotals(competitionId),
  ]);
  assertAllowed(competition, ports.clock.now(), 'confirm-award');
  let ledger = firstLedger;
  if (!ledger.plan) throw new RuleViolation('NO_PRIZE_PLAN', 'Set up the prize plan first.', { plan: 'missing' });
  // The facts of every entry (from the rank rows) and, for the entries asked for only, the registry
  // id as the entrant wrote it (the payment export shows it): their submission, then its owner.
  const asked = requests.map((r) => r.submissionId);
  const [firstFacts, registryIds] = await Promise.all([factsOfEntries(ports, competition, ledger.plan, asked), registryIdsOf(ports, competitionId, asked)]);
  let facts = firstFacts;
  const outcomes: ConfirmOutcome[] = [];
  for (const req of requests) {
    const key = awardKey(req);
    // Each confirmation holds only against the plan it was checked against (its version is in the
    // write's condition). When the plan changed meanwhile, check again against the new plan.
    const started = Date.now();
    let planChanges = 0;
    for (let attempt = 0; ; attempt++) {
      const plan = ledger.plan!;
      const candidate = facts.candidates.find((c) => c.submissionId === req.submissionId);
      if (!candidate) {
        outcomes.push({ key, status: 'refused', code: 'NOT_ELIGIBLE', reason: 'Only submitted entries can receive awards.', params: { reason: rankingReason('notSubmitted') } });
        break;
      }
      if (!candidate.eligible) {
        const why = candidate.ineligibleReason ?? rankingReason('notEligible');
        outcomes.push({ key, status: 'refused', code: 'NOT_ELIGIBLE', reason: why, params: { reason: why } });
        break;
      }
      let line: AwardLine;
      try {
        line = lineFromPlan(plan, req, candidate.organisationKey);
      } catch (e) {
        if (!(e instanceof ValidationFailed) || requests.length === 1) throw e;
        outcomes.push({ key, status: 'refused', code: 'NOT_IN_PLAN', reason: e.message, params: notInPlanFacts(req) });
        break;
      }
      const s = facts.info.get(req.submissionId)!;
      const record: AwardRecord = {
        ...line,
        key,
        slot: awardSlot(req),
        organisationName: s.organisationName,
        country: s.country,
        registryId: registryIds.get(req.submissionId) ?? '',
        isSme: candidate.isSme,
        confirmedAt: ports.clock.now().toISOString(),
        confirmedBy: membership.userEmail,
      };
      const maxCount = req.type === 'lump-sum' ? plan.lumpSum?.topN : req.type === 'voucher' ? plan.vouchers?.count : undefined;
      const limits = {
        budget: plan.totalBudget,
        cap: plan.perThirdPartyCap,
        planVersion: ledger.planVersion,
        ...(maxCount !== undefined ? { maxCount } : {}),
        // H3: a call of a programme is held to the programme's budget and cap too.
        ...(competition.programmeId ? { programme: { id: competition.programmeId, sectors: registryIds.sectors.get(req.submissionId) ?? [] } } : {}),
      };
      const planVersion = ledger.planVersion;
      // The audit entry is written once the award is (with the saga's last step: one round trip fewer).
      const result = await ports.awards.confirm(competitionId, record, limits, () =>
        ports.audit.append({
          competitionId,
          at: record.confirmedAt,
          actor: { sub: membership.userSub, email: membership.userEmail },
          action: 'award.confirmed',
          target: `submission:${req.submissionId}`,
          after: { key, type: line.type, amount: line.amount, label: line.label, planVersion },
        }),
      );
      if (result.status === 'confirmed') {
        outcomes.push({ key, status: 'confirmed' });
        ports.metrics.count('AwardsConfirmed');
        break;
      }
      if (result.reason === 'plan-changed' && planChanges++ < MAX_PLAN_CHANGES) {
        const fresh = await ports.awards.getTotals(competitionId);
        if (fresh.plan) {
          if (fresh.plan.smeOnly !== plan.smeOnly) facts = await factsOfEntries(ports, competition, fresh.plan, asked);
          ledger = fresh;
        }
        continue;
      }
      // A refusal while others were half-way may not stand once they finish (one of them may be
      // undone, freeing the money, the count or the slot): ask again once they have.
      if ((result.settling || result.reason === 'retry') && result.reason !== 'already' && result.reason !== 'frozen' && Date.now() - started < SETTLE_WAIT_MS) {
        await settlePause(attempt);
        continue;
      }
      if (result.programme) {
        // H3: refused by the programme's limits: the sentence names the programme (read on a refusal only).
        const name = (await ports.programmes.get(result.programme.programmeId))?.name ?? 'the programme';
        outcomes.push({ key, ...programmeRefused(result.reason, result.programme, name, record) });
        break;
      }
      outcomes.push({ key, ...whyRefused(result.reason, result.totals, plan, record) });
      break;
    }
  }
  return outcomes;
}

/** H3: what a person is told when the programme's limits refuse a confirmation. */
function programmeRefused(reason: AwardRefusal, p: ProgrammeRefusalFacts, programmeName: string, record: AwardRecord): { status: 'refused'; code: string; reason: string; params?: ErrorParams } {
  if (reason === 'programme-cap')
    return {
      status: 'refused' as const,
      code: 'PROGRAMME_CAP',
      reason: capRefusal({ organisationName: record.organisationName, received: p.received, amount: record.amount, cap: p.thirdPartyCap, currency: p.currency, programmeName }),
      params: { organisation: record.organisationName, received: p.received, amount: record.amount, cap: p.thirdPartyCap, currency: p.currency, programme: programmeName },
    };
  if (reason === 'programme-budget')
    return {
      status: 'refused' as const,
      code: 'PROGRAMME_BUDGET',
      reason: budgetRefusal({ committed: p.committed, amount: record.amount, budget: p.budget, currency: p.currency, programmeName }),
      params: { left: Math.max(0, p.budget - p.committed), budget: p.budget, amount: record.amount, currency: p.currency, programme: programmeName },
    };
  return { status: 'refused' as const, code: 'AWARDS_BUSY', reason: 'Many awards are being confirmed or withdrawn in the programme at this moment. Try this one again in a moment.' };
}

/** What a person is told about a refused confirmation. */
function whyRefused(reason: AwardRefusal, now: LedgerTotals, plan: PrizePlan, record: AwardRecord) {
  const money = (cents: number) => formatMoney(cents, plan.currency);
  const refused = (code: string, text: string, params?: ErrorParams) => ({ status: 'refused' as const, code, reason: text, ...(params ? { params } : {}) });
  switch (reason) {
    case 'already':
      return { status: 'already-confirmed' as const };
    case 'taken':
      return refused('ALREADY_AWARDED', `"${record.label}" is already awarded.`, { label: record.label });
    case 'count': {
      const limit = record.type === 'lump-sum' ? plan.lumpSum?.topN : plan.vouchers?.count;
      return refused('NONE_LEFT', `All ${limit ?? 0} ${record.type === 'voucher' ? 'vouchers' : 'lump sums'} in the plan are awarded.`, { count: limit ?? 0, kind: record.type });
    }
    case 'budget':
      return refused('OVER_BUDGET', `Only ${money(Math.max(0, plan.totalBudget - now.committed))} of the budget is left; this award needs ${money(record.amount)}.`, { left: Math.max(0, plan.totalBudget - now.committed), amount: record.amount, currency: plan.currency });
    case 'cap':
      return refused('OVER_CAP', `${record.organisationName} would receive more than the cap of ${money(plan.perThirdPartyCap)} per organisation.`, { organisation: record.organisationName, cap: plan.perThirdPartyCap, currency: plan.currency });
    case 'frozen':
      return refused('RESULTS_FROZEN', 'The results were published meanwhile, so awards are fixed.');
    case 'plan-changed':
      return refused('PLAN_CHANGED', 'The prize plan kept changing while this award was being confirmed. Reload and try again.');
    case 'retry':
    case 'programme-budget':
    case 'programme-cap':
      return refused('AWARDS_BUSY', 'Many awards are being confirmed or withdrawn at this moment. Try this one again in a moment.');
  }
}

/** Withdrawing frees the money; the response names the next entrant on the reserve list. */
export async function withdrawAward(ports: Deps, caller: Identity | undefined, competitionId: string, key: string) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'finance');
  assertAllowed(competition, ports.clock.now(), 'withdraw-award');
  const award = await ports.awards.getAward(competitionId, key);
  if (!award) throw new NotFound('No such award.');
  for (let attempt = 0; ; attempt++) {
    const outcome = await ports.awards.withdraw(competitionId, award);
    if (outcome === 'withdrawn') break;
    if (outcome === 'frozen') throw new InvalidState('The results were published meanwhile, so awards are fixed.');
    // Its own confirmation is still finishing: a moment.
    if (outcome === 'busy' && attempt < 40) {
      await settlePause(attempt);
      continue;
    }
    throw new AlreadyExists('AWARD_CHANGED', 'This award was just changed by someone else; reload.');
  }
  await ports.audit.append({
    competitionId,
    at: ports.clock.now().toISOString(),
    actor: { sub: membership.userSub, email: membership.userEmail },
    action: 'award.withdrawn',
    target: `submission:${award.submissionId}`,
    before: { key, type: award.type, amount: award.amount, label: award.label },
  });
  const proposal = await proposeFromRanking(ports, caller, competitionId);
  // Whoever the fresh proposal now gives the freed award to (not the team it was taken from).
  const sameAward = (l: AwardLine) => l.type === award.type && l.rank === award.rank && l.categoryId === award.categoryId;
  const next = proposal.lines.find((l) => sameAward(l) && l.submissionId !== award.submissionId && !l.confirmed);
  const nextReserve = next
    ? { submissionId: next.submissionId, title: next.title, organisationName: next.organisationName, type: next.type, amount: next.amount }
    : (proposal.reserve.find((r) => r.submissionId !== award.submissionId) ?? null);
  return { withdrawn: award, nextReserve, proposal };
}

/** Sanity check used by the results package: confirmed awards never break the plan. */
export function ledgerViolations(ledger: Ledger, candidates: Candidate[]): string[] {
  return ledger.plan ? planViolations(ledger.plan, ledger.awards, candidates) : [];
}
