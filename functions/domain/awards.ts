/**
 * The money rules of a competition: the prize plan, the award proposal generated from the final
 * ranking, and the checks every confirmed award must pass. Pure TypeScript (no AWS, Hono or Node
 * imports). All amounts are integers in the currency's minor unit (cents for EUR).
 *
 * HOW AWARDS ARE PROPOSED (the text an organiser reads; `proposeAwards` follows it step by step)
 *
 * 0. Eligibility. A ranked submission can receive awards only if its eligibility facts say it is
 *    eligible (not withdrawn, peer-review duty done, …) and, when the competition funds SMEs only,
 *    its organisation is an SME. A ranked submission without facts, or with contradictory facts,
 *    is treated as ineligible. Ineligible submissions are passed over and listed with the reason.
 * 1. Confirmed awards stay as they are. They count toward the budget and the per-organisation
 *    cap, and they hold their slot: a confirmed category award holds the category, a confirmed
 *    prize for rank r holds the rank-r prize, each confirmed lump sum / voucher uses up one of
 *    the N lump sums / vouchers, and a submission never gets a second award of a type (prize,
 *    lump sum, voucher) or of a category it already holds.
 * 2. Category awards come next, in the order of the plan. Each category goes to the organiser's
 *    pick (if several submissions are picked for one category, the first pick counts) when the
 *    pick is eligible and the category's full amount fits in the budget left. It is paid up to the
 *    per-organisation cap (see 4); a pick whose organisation has already reached the cap gets
 *    nothing. A category that cannot be funded is reported in the warnings.
 * 3. Then the ranking is walked from the top, skipping ineligible submissions. The eligible
 *    entrants form a queue of POSITIONS 1, 2, 3, … The entrant at position k is offered the
 *    position's PACKAGE: the prize for rank k (if the plan has one), plus the lump sum if k ≤ N
 *    (the lump sum's "top N"), plus a voucher if k ≤ the number of vouchers. Prizes, lump sums
 *    and vouchers already held by confirmed awards are taken out of the queue first (a confirmed
 *    1st prize means the first position offered a prize gets the 2nd prize), and an entrant who
 *    already holds a prize / lump sum / voucher is not offered another one of that type; the
 *    position's other parts are still offered, and the held part goes on to the next entrant.
 * 4. Per-organisation cap (H2020: €60,000 per third party by default). An organisation's total
 *    across all its awards (confirmed, categories, and the packages of all its submissions) never
 *    exceeds the cap. A package that would cross it is cut down to exactly what the cap still
 *    allows: the prize is paid first, then the lump sum, then the voucher, each up to the room
 *    left, and parts that get nothing are dropped. What is cut is not passed on to the next
 *    entrant: it stays in the budget. An entrant whose organisation is already at the cap gets
 *    nothing; its position is used up all the same (the next entrant gets the next position, not
 *    this one), and it is listed with the reason.
 * 5. Budget. Packages are funded in ranking order while the budget allows. Before an entrant is
 *    funded, the position's FULL package (everything still on offer at that point in the queue,
 *    before any cap cut and whatever the entrant already holds) must fit in the budget left. The
 *    walk STOPS at the first position whose package does not fit — it never skips ahead to a
 *    cheaper package — and also when there are no prizes, lump sums or vouchers left to offer.
 * 6. Reserve list. The eligible entrants after the stop, in ranking order, who hold no prize,
 *    lump sum or voucher yet, up to the plan's reserve-list length. They move up, in that order,
 *    if a funded entrant drops out.
 * 7. The result depends only on the inputs: the same input always gives the same proposal, and
 *    the order in which eligibility facts are listed does not matter.
 *
 * RANK MONOTONICITY (tested in tests/unit/awards.test.ts). For a plan whose rank prizes pass
 * `validatePlan` (ranks 1..n, each prize at most the one above), improving a submission's rank,
 * everything else equal, never loses it an award and never lowers the total it receives.
 * Argument: an entrant's award depends only on the STATE left by the entrants before it — the
 * budget left, each organisation's total, and how far the prize / lump-sum / voucher queues
 * have been used. Moving s up is a sequence of steps in which s passes one eligible entrant t
 * (passing ineligible ones changes nothing; swapping s with a higher entrant t = s moving up
 * past everyone in between, then t moving down behind s, which cannot affect s). Let σ be the
 * state before t and s. (a) Whether the position at σ is funded depends on σ only, never on who
 * stands there (the budget check uses the position's full package, rule 5); so if s was funded
 * behind t, t was funded at σ, and s standing at σ is funded too. (b) Behind t, s is offered
 * queue items at least as far down as at σ; queues never increase downwards (validated prizes
 * are non-increasing, and removing held prizes keeps them so; lump sums and vouchers are "some,
 * then none"), so each part of s's package at σ is ≥ the one behind t. (c) t can only have added
 * to s's organisation's total, so the cap room at σ is ≥. (d) s receives min(package, room),
 * which grows with both. Hence s's amount at σ ≥ its amount behind t, and > 0 if that was > 0.
 * Its categories and confirmed awards do not depend on the ranking at all.
 * Two tempting variants break this, which is why the rules are as they are:
 *  - checking the budget against the package after the cap cut (or after removing parts the
 *    entrant holds): a capped t is cheap and fits, while s in t's place costs the full package,
 *    which no longer fits — s moves up and loses its award;
 *  - dropping whole parts that would cross the cap instead of cutting the amount: with €20,000
 *    of room, a €15,000 + €5,000 package pays €20,000 but a better position's €30,000 + €5,000
 *    package pays only €5,000.
 *
 * PLAN CHECKS (`validatePlan`): amounts are whole minor units; rank prizes are numbered 1..n
 * without gaps or duplicates and never grow with the rank (what rank monotonicity needs); no
 * single prize, lump sum, voucher or category is above the per-organisation cap; and the budget
 * covers every award the plan promises (prizes + categories + lump sum × N + voucher × count).
 * A package of several parts may still exceed the cap (rule 4 cuts it; the proposal warns).
 * `proposeAwards` also accepts a plan that fails these checks, lists the problems in its warnings,
 * and applies the rules as written; rank monotonicity is only promised for well-ordered prizes.
 *
 * NOT checked by `planViolations`: the SME share. It is reported in `totals` and the warnings, but confirming
 * an award is not refused because of it (the share can only be judged on the whole programme).
 */
import { lumpSumLabel, VOUCHER_LABEL } from '../shared/award-labels.ts';
import { awardNote, type AwardNote, type AwardNoteCode, type AwardNoteParams } from '../shared/award-notes.ts';
import { currencyDigits, formatMoney, formatShare } from '../shared/money.ts';
import { rankingReason } from '../shared/ranking-reasons.ts';
import type { ErrorParams, FieldCode, FieldProblem } from '../shared/field-codes.ts';

export { formatMoney };

export interface PrizePlan {
  /** ISO 4217, e.g. 'EUR'. */
  currency: string;
  /** Minor units available for awards. */
  totalBudget: number;
  /** Minor units: the programme budget the SME share is measured against. */
  programmeBudget: number;
  /** 0..1: share of programmeBudget that must go directly to SMEs (H2020 INNOSUP: 0.75). */
  minSmeShare: number;
  /** Minor units per organisation (third party); H2020 default €60,000. */
  perThirdPartyCap: number;
  /** Only SMEs may receive awards. */
  smeOnly: boolean;
  rankPrizes: { rank: number; amount: number; label: string }[];
  /** Fixed amount to each of the top N eligible. */
  lumpSum?: { amount: number; topN: number };
  /** Innovation voucher for each of the top `count` eligible. */
  vouchers?: { amount: number; count: number };
  /**
   * Special categories, winner picked by the organiser — or, with `audienceVote`, the audience
   * vote's winner once the vote has closed (use-cases/awards.ts proposalFor).
   */
  categories: { id: string; name: string; amount: number; audienceVote?: boolean }[];
  reserveListLength: number;
}

export type AwardType = 'prize' | 'lump-sum' | 'voucher' | 'category';

export interface AwardLine {
  submissionId: string;
  organisationKey: string;
  type: AwardType;
  amount: number;
  label: string;
  /** For prizes: the rank of the prize (1 = 1st place). */
  rank?: number;
  categoryId?: string;
}

export interface Candidate {
  submissionId: string;
  /** Normalised registry id of the organisation (the "third party"). */
  organisationKey: string;
  isSme: boolean;
  eligible: boolean;
  ineligibleReason?: string;
}

export interface ProposalInput {
  plan: PrizePlan;
  /** Submission ids, best first (the final ranking). */
  ranking: string[];
  /** Facts for every ranked submission (and for category picks). */
  candidates: Candidate[];
  categoryPicks: { categoryId: string; submissionId: string }[];
  /** Confirmed awards: kept as they are. */
  alreadyCommitted?: AwardLine[];
}

export interface PlanTotals {
  /** Sum of all award lines. */
  committed: number;
  /** totalBudget − committed (negative when over budget). */
  left: number;
  /** Sum of the lines to SMEs. */
  toSmes: number;
  /** toSmes ÷ programmeBudget (0 when programmeBudget ≤ 0). */
  smeShare: number;
  smeShareHolds: boolean;
  /** Total per organisation key (keys sorted). */
  perOrganisation: Record<string, number>;
}

export interface Proposal {
  /** Proposed awards (not the confirmed ones): categories first, then down the ranking. */
  lines: AwardLine[];
  /** The next eligible entrants after the funded ones, up to reserveListLength; rank = place in the ranking. */
  reserve: { submissionId: string; rank: number }[];
  /** Ranked submissions passed over, with reasons (ineligible, or organisation already at the cap). */
  skipped: { submissionId: string; reason: string; code: 'ineligible' | 'capReached'; params: AwardNoteParams }[];
  /** Totals over the confirmed and the proposed lines together. */
  totals: PlanTotals;
  warnings: AwardNote[];
  /**
   * True when the walk reached the end of the ranking it was given while still funding or with the
   * reserve list short: a longer ranking could change the proposal. False means the entries below
   * the last one given cannot change its lines, reserve or totals (they could only add entries
   * passed over further down to `skipped`), so a caller may give the ranking's top first.
   */
  wantsMore: boolean;
}

type WalkType = 'prize' | 'lump-sum' | 'voucher';

const WALK_TYPES: readonly WalkType[] = ['prize', 'lump-sum', 'voucher'];
export const AWARD_TYPES = ['prize', 'lump-sum', 'voucher', 'category'] as const satisfies readonly AwardType[];

// ---- money -------------------------------------------------------------------------------------

// formatMoney, currencyDigits and formatShare live in shared/money.ts: the web app shows amounts with them too.

/** The largest amount a plan may name: 1,000,000,000.00 in minor units (one billion euros). */
export const MAX_AMOUNT = 100_000_000_000;
const isAmount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= MAX_AMOUNT;
const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

// ---- eligibility facts -------------------------------------------------------------------------

interface Facts {
  organisationKey: string;
  isSme: boolean;
  /** Eligible under this plan (facts say so, and SME when the plan is SME-only). */
  ok: boolean;
  reason?: string;
}

/** One fact record per submission; independent of the order of `candidates`. */
function factsBySubmission(plan: PrizePlan, candidates: Candidate[]): Map<string, Facts> {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const g = groups.get(c.submissionId);
    if (g) g.push(c);
    else groups.set(c.submissionId, [c]);
  }
  const out = new Map<string, Facts>();
  for (const [id, group] of groups) {
    const keyed = group
      .map((c) => ({ c, key: JSON.stringify([c.organisationKey, c.isSme, c.eligible, c.ineligibleReason ?? '']) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const first = keyed[0]!.c;
    if (keyed.some((k) => k.key !== keyed[0]!.key)) {
      out.set(id, { organisationKey: first.organisationKey, isSme: false, ok: false, reason: rankingReason('contradictoryFacts') });
    } else if (!first.eligible) {
      out.set(id, { organisationKey: first.organisationKey, isSme: first.isSme, ok: false, reason: first.ineligibleReason || rankingReason('notEligible') });
    } else if (plan.smeOnly && !first.isSme) {
      out.set(id, { organisationKey: first.organisationKey, isSme: false, ok: false, reason: rankingReason('notSme') });
    } else {
      out.set(id, { organisationKey: first.organisationKey, isSme: first.isSme, ok: true });
    }
  }
  return out;
}

/** An organisation counts as an SME when every fact about it says so. */
function smeLookup(candidates: Candidate[]): (organisationKey: string) => boolean {
  const sme = new Map<string, boolean>();
  for (const c of candidates) sme.set(c.organisationKey, (sme.get(c.organisationKey) ?? true) && c.isSme);
  return (org) => sme.get(org) ?? false;
}

// ---- plan validation ---------------------------------------------------------------------------

/** Field errors of a prize plan ({} when fine). */
export function validatePlan(plan: PrizePlan): Record<string, string> {
  return Object.fromEntries(Object.entries(planProblems(plan)).map(([path, p]) => [path, p.message]));
}

/** One field's problem in a plan: the English sentence, and its code and facts for other languages. */
export interface PlanProblem extends FieldProblem {
  message: string;
}

/**
 * Every rule a plan breaks, by field (`rankPrizes.1.amount`): validatePlan's sentences, each with
 * a stable code (shared/field-codes.ts) and the facts it names — amounts in minor units with the
 * plan's `currency` — so that the plan editor and the proposal's notes say them in any language.
 */
export function planProblems(plan: PrizePlan): Record<string, PlanProblem> {
  const errors: Record<string, PlanProblem> = {};
  const set = (path: string, message: string, code: FieldCode, params?: ErrorParams) => {
    errors[path] = params ? { message, code, params } : { message, code };
  };
  let currencyOk = /^[A-Z]{3}$/.test(plan.currency ?? '');
  if (currencyOk) {
    try {
      currencyDigits(plan.currency);
    } catch {
      currencyOk = false;
    }
  }
  if (!currencyOk) set('currency', 'Use a three-letter ISO 4217 currency code, e.g. EUR.', 'INVALID_CURRENCY');
  const money = (c: number) => (currencyOk ? formatMoney(c, plan.currency) : `${c}`);
  const currency = plan.currency;
  // People type whole currency units and the web converts them to cents, so the messages speak
  // in the plan's currency (or of "an amount" when the currency itself is wrong: fix that first).
  const amountError = (path: string) =>
    currencyOk ? set(path, `Enter an amount from ${money(0)} to ${money(MAX_AMOUNT)}.`, 'AMOUNT_OUT_OF_RANGE', { min: 0, max: MAX_AMOUNT, currency }) : set(path, 'Enter an amount of 0 or more.', 'INVALID_VALUE');
  const positiveError = (path: string) =>
    currencyOk ? set(path, `Enter an amount above ${money(0)}, at most ${money(MAX_AMOUNT)}.`, 'AMOUNT_ABOVE', { min: 0, max: MAX_AMOUNT, currency }) : set(path, 'Enter an amount above 0.', 'INVALID_VALUE');
  const wholeNumber = (path: string, message: string, min: number) => set(path, message, 'WHOLE_NUMBER_MIN', { min });

  if (!isAmount(plan.totalBudget)) amountError('totalBudget');
  if (!isAmount(plan.programmeBudget) || plan.programmeBudget === 0) positiveError('programmeBudget');
  if (typeof plan.minSmeShare !== 'number' || !(plan.minSmeShare >= 0 && plan.minSmeShare <= 1)) set('minSmeShare', 'Enter a share from 0 % to 100 %.', 'SHARE_OUT_OF_RANGE');
  const capOk = isAmount(plan.perThirdPartyCap) && plan.perThirdPartyCap > 0;
  if (!capOk) positiveError('perThirdPartyCap');
  if (!isCount(plan.reserveListLength)) wholeNumber('reserveListLength', 'Enter a whole number, 0 or more.', 0);
  /** An amount's problem, if any: malformed or zero, else more than one organisation may receive. */
  const checkAmount = (path: string, amount: number) => {
    if (!isAmount(amount) || amount === 0) positiveError(path);
    else if (capOk && amount > plan.perThirdPartyCap) set(path, `More than the ${money(plan.perThirdPartyCap)} a single organisation may receive.`, 'OVER_CAP', { cap: plan.perThirdPartyCap, currency });
  };

  // Rank prizes: ranks 1..n, one prize each, a better rank never gets less.
  const byRank = new Map<number, number>(); // rank → index
  plan.rankPrizes.forEach((p, i) => {
    if (!Number.isSafeInteger(p.rank) || p.rank < 1) wholeNumber(`rankPrizes.${i}.rank`, 'Enter a rank of 1 or more.', 1);
    else if (byRank.has(p.rank)) set(`rankPrizes.${i}.rank`, `Two prizes for rank ${p.rank}.`, 'RANK_TAKEN', { rank: p.rank });
    else byRank.set(p.rank, i);
    checkAmount(`rankPrizes.${i}.amount`, p.amount);
    if (!p.label?.trim()) set(`rankPrizes.${i}.label`, 'Enter a label, e.g. "1st prize".', 'REQUIRED');
  });
  const ranks = [...byRank.keys()].sort((a, b) => a - b);
  ranks.forEach((rank, j) => {
    const i = byRank.get(rank)!;
    if (rank !== j + 1 && !errors[`rankPrizes.${i}.rank`]) {
      set(`rankPrizes.${i}.rank`, `Rank ${rank} has a prize but rank ${j + 1} has none: number the prizes 1, 2, 3, … without gaps.`, 'RANK_GAP', { rank, missing: j + 1 });
    }
    if (j > 0) {
      const better = ranks[j - 1]!;
      const above = plan.rankPrizes[byRank.get(better)!]!;
      const here = plan.rankPrizes[i]!;
      if (isAmount(above.amount) && isAmount(here.amount) && here.amount > above.amount && !errors[`rankPrizes.${i}.amount`]) {
        set(
          `rankPrizes.${i}.amount`,
          `The prize for rank ${rank} (${money(here.amount)}) is more than the prize for rank ${better} (${money(above.amount)}): a better rank must never get less.`,
          'RANK_ORDER',
          { rank, amount: here.amount, better, betterAmount: above.amount, currency },
        );
      }
    }
  });

  if (plan.lumpSum) {
    checkAmount('lumpSum.amount', plan.lumpSum.amount);
    if (!isCount(plan.lumpSum.topN) || plan.lumpSum.topN === 0) wholeNumber('lumpSum.topN', 'Enter how many of the top entrants get the lump sum (1 or more).', 1);
  }
  if (plan.vouchers) {
    checkAmount('vouchers.amount', plan.vouchers.amount);
    if (!isCount(plan.vouchers.count) || plan.vouchers.count === 0) wholeNumber('vouchers.count', 'Enter how many vouchers there are (1 or more).', 1);
  }
  const categoryIds = new Set<string>();
  plan.categories.forEach((c, i) => {
    if (!c.id?.trim()) set(`categories.${i}.id`, 'Enter an id.', 'REQUIRED');
    else if (categoryIds.has(c.id)) set(`categories.${i}.id`, `Two categories with the id "${c.id}".`, 'DUPLICATE_ID', { id: c.id });
    else categoryIds.add(c.id);
    if (!c.name?.trim()) set(`categories.${i}.name`, 'Enter a name.', 'REQUIRED');
    checkAmount(`categories.${i}.amount`, c.amount);
  });

  return errors;
}

/** Sum of every award the plan promises (before caps), or null when some amount is malformed. */
function fixedAwardsTotal(plan: PrizePlan): number | null {
  const parts = [
    ...plan.rankPrizes.map((p) => p.amount),
    ...plan.categories.map((c) => c.amount),
    plan.lumpSum ? plan.lumpSum.amount * plan.lumpSum.topN : 0,
    plan.vouchers ? plan.vouchers.amount * plan.vouchers.count : 0,
  ];
  // Products (lump sums × how many) may exceed MAX_AMOUNT; they need only be whole and safe.
  return parts.every(isCount) ? parts.reduce((a, b) => a + b, 0) : null;
}

// ---- totals ------------------------------------------------------------------------------------

export function planTotals(plan: PrizePlan, lines: AwardLine[], isSme: (organisationKey: string) => boolean): PlanTotals {
  let committed = 0;
  let toSmes = 0;
  const per = new Map<string, number>();
  for (const l of lines) {
    committed += l.amount;
    per.set(l.organisationKey, (per.get(l.organisationKey) ?? 0) + l.amount);
  }
  const perOrganisation: Record<string, number> = {};
  for (const org of [...per.keys()].sort()) {
    perOrganisation[org] = per.get(org)!;
    if (isSme(org)) toSmes += per.get(org)!;
  }
  const smeShare = plan.programmeBudget > 0 ? toSmes / plan.programmeBudget : 0;
  // Integer comparison: at least ⌈minSmeShare × programmeBudget⌉ cents (the 1e-9 absorbs float noise like 0.7 × 100).
  const required = Math.max(0, Math.ceil(plan.minSmeShare * plan.programmeBudget - 1e-9));
  return { committed, left: plan.totalBudget - committed, toSmes, smeShare, smeShareHolds: toSmes >= required, perOrganisation };
}

// ---- violations --------------------------------------------------------------------------------

/** Why a set of award lines breaks the plan ([] when fine). The SME share is not checked here. */
export function planViolations(plan: PrizePlan, lines: AwardLine[], candidates: Candidate[]): string[] {
  const out: string[] = [];
  const money = (c: number) => formatMoney(c, plan.currency);
  const facts = factsBySubmission(plan, candidates);
  const categories = new Map(plan.categories.map((c) => [c.id, c] as const));
  const prizes = new Map<number, number>();
  for (const p of plan.rankPrizes) if (!prizes.has(p.rank)) prizes.set(p.rank, p.amount);

  const seenType = new Set<string>(); // submission|type or submission|category:id
  const categoryWinner = new Map<string, string>();
  const rankWinner = new Map<number, string>();
  let lumpCount = 0;
  let voucherCount = 0;
  let total = 0;
  const perOrg = new Map<string, number>();

  lines.forEach((l, i) => {
    const what = `Award ${i + 1} (${l.label || l.type} to ${l.submissionId})`;
    if (!AWARD_TYPES.includes(l.type)) {
      out.push(`${what}: unknown award type "${String(l.type)}".`);
      return;
    }
    if (!Number.isSafeInteger(l.amount) || l.amount <= 0) out.push(`${what}: the amount must be a whole number of cents, more than 0.`);
    total += l.amount;
    perOrg.set(l.organisationKey, (perOrg.get(l.organisationKey) ?? 0) + l.amount);

    const f = facts.get(l.submissionId);
    if (!f) out.push(`${what}: no eligibility facts for this submission.`);
    else {
      if (!f.ok) out.push(`${what}: the submission is not eligible (${f.reason}).`);
      if (f.organisationKey !== l.organisationKey) out.push(`${what}: the submission belongs to organisation ${f.organisationKey}, not ${l.organisationKey}.`);
    }

    const slot = l.type === 'category' ? `category:${l.categoryId}` : l.type;
    const key = `${l.submissionId}\u0000${slot}`;
    if (seenType.has(key)) {
      out.push(l.type === 'category' ? `${what}: ${l.submissionId} already has the award for category ${l.categoryId}.` : `${what}: ${l.submissionId} already has a ${l.type} award.`);
    }
    seenType.add(key);

    switch (l.type) {
      case 'category': {
        const c = l.categoryId === undefined ? undefined : categories.get(l.categoryId);
        if (!c) {
          out.push(`${what}: no category "${l.categoryId ?? ''}" in the plan.`);
          break;
        }
        const winner = categoryWinner.get(c.id);
        if (winner !== undefined && winner !== l.submissionId) out.push(`${what}: category "${c.name}" is already awarded to ${winner}.`);
        else categoryWinner.set(c.id, l.submissionId);
        if (l.amount > c.amount) out.push(`${what}: ${money(l.amount)} is more than the category's ${money(c.amount)}.`);
        break;
      }
      case 'prize': {
        const amount = l.rank === undefined ? undefined : prizes.get(l.rank);
        if (amount === undefined) {
          out.push(`${what}: the plan has no prize for rank ${l.rank ?? '(none given)'}.`);
          break;
        }
        const winner = rankWinner.get(l.rank!);
        if (winner !== undefined && winner !== l.submissionId) out.push(`${what}: the prize for rank ${l.rank} is already awarded to ${winner}.`);
        else rankWinner.set(l.rank!, l.submissionId);
        if (l.amount > amount) out.push(`${what}: ${money(l.amount)} is more than the rank-${l.rank} prize of ${money(amount)}.`);
        break;
      }
      case 'lump-sum':
        lumpCount++;
        if (!plan.lumpSum) out.push(`${what}: the plan has no lump sum.`);
        else if (l.amount > plan.lumpSum.amount) out.push(`${what}: ${money(l.amount)} is more than the lump sum of ${money(plan.lumpSum.amount)}.`);
        break;
      case 'voucher':
        voucherCount++;
        if (!plan.vouchers) out.push(`${what}: the plan has no vouchers.`);
        else if (l.amount > plan.vouchers.amount) out.push(`${what}: ${money(l.amount)} is more than the voucher of ${money(plan.vouchers.amount)}.`);
        break;
    }
  });

  if (plan.lumpSum && lumpCount > plan.lumpSum.topN) out.push(`${lumpCount} lump sums, but the plan has ${plan.lumpSum.topN}.`);
  if (plan.vouchers && voucherCount > plan.vouchers.count) out.push(`${voucherCount} vouchers, but the plan has ${plan.vouchers.count}.`);
  if (total > plan.totalBudget) out.push(`The awards total ${money(total)}, over the budget of ${money(plan.totalBudget)}.`);
  for (const org of [...perOrg.keys()].sort()) {
    const sum = perOrg.get(org)!;
    if (sum > plan.perThirdPartyCap) out.push(`Organisation ${org} receives ${money(sum)}, over the cap of ${money(plan.perThirdPartyCap)} per organisation.`);
  }
  return out;
}

// ---- proposal ----------------------------------------------------------------------------------

/**
 * Not errors, but worth saying: a plan may promise more than its budget — awards are then funded
 * down the ranking while the budget lasts (rule 5), and the rest form the reserve list.
 */
export function planWarnings(plan: PrizePlan): AwardNote[] {
  const need = fixedAwardsTotal(plan);
  if (need === null || !Number.isInteger(plan.totalBudget) || need <= plan.totalBudget) return [];
  try {
    currencyDigits(plan.currency);
  } catch {
    return []; // an invalid currency is reported by validatePlan
  }
  return [awardNote('fixedOverBudget', { need, budget: plan.totalBudget }, plan.currency)];
}

/**
 * How far down the ranking a proposal can reach: the number of ELIGIBLE ranked entries after which
 * nothing further changes it. The walk funds at most one position per prize, lump sum and voucher
 * on offer, plus one per entrant already holding a confirmed award (a position whose parts that
 * entrant holds uses nothing up); the next eligible entrant stops it; the reserve list then takes
 * at most `reserveListLength` entrants, passing over at most the holders again. So a ranking cut
 * after this many eligible entries (ineligible ones in between kept) gives the same lines,
 * reserve, totals and warnings as the whole ranking; `skipped` then lists only the entries passed
 * over before the cut. (Tested in tests/unit/awards.test.ts.)
 */
export function proposalReach(plan: PrizePlan, committed: readonly AwardLine[] = []): number {
  // Counts as proposeAwards uses them, also in a plan that fails validatePlan.
  const count = (x: number | undefined) => (x !== undefined && Number.isFinite(x) && x > 0 ? Math.ceil(x) : 0);
  const ranks = plan.rankPrizes.map((p) => p.rank).filter((r) => Number.isSafeInteger(r) && r >= 1);
  const offered = Math.max(0, ...ranks) + count(plan.lumpSum?.topN) + count(plan.vouchers?.count);
  const holders = new Set(committed.filter((l) => l.type !== 'category').map((l) => l.submissionId)).size;
  return offered + 2 * holders + 1 + count(plan.reserveListLength);
}

export function proposeAwards(input: ProposalInput): Proposal {
  const { plan } = input;
  const committed = input.alreadyCommitted ?? [];
  const warnings: AwardNote[] = [];
  const warn = (code: AwardNoteCode, params: AwardNoteParams) => warnings.push(awardNote(code, params, plan.currency));
  // A plan saved before a rule existed: each problem with its code and facts (the web words them).
  for (const [field, p] of Object.entries(planProblems(plan))) warn('planProblem', { ...p.params, field, message: p.message, problem: p.code });
  warnings.push(...planWarnings(plan));

  const facts = factsBySubmission(plan, input.candidates);
  const isSme = smeLookup(input.candidates);
  const cap = plan.perThirdPartyCap;
  const orgTotal = new Map<string, number>();
  let spent = 0;
  const lines: AwardLine[] = [];
  const holds = new Map<string, Set<string>>(); // submission → held types and `category:<id>`
  const hold = (id: string, what: string) => {
    const h = holds.get(id);
    if (h) h.add(what);
    else holds.set(id, new Set([what]));
  };
  const holdsAny = (id: string, whats: readonly string[]) => whats.some((w) => holds.get(id)?.has(w));
  const count = (org: string, amount: number) => {
    orgTotal.set(org, (orgTotal.get(org) ?? 0) + amount);
    spent += amount;
  };

  // Rule 1: confirmed awards.
  const heldRanks = new Set<number>();
  const categoryHolder = new Map<string, string>();
  let lumpHeld = 0;
  let voucherHeld = 0;
  for (const l of committed) {
    count(l.organisationKey, l.amount);
    if (l.type === 'category') {
      hold(l.submissionId, `category:${l.categoryId}`);
      if (l.categoryId !== undefined && !categoryHolder.has(l.categoryId)) categoryHolder.set(l.categoryId, l.submissionId);
    } else {
      hold(l.submissionId, l.type);
      if (l.type === 'prize' && l.rank !== undefined) heldRanks.add(l.rank);
      if (l.type === 'lump-sum') lumpHeld++;
      if (l.type === 'voucher') voucherHeld++;
    }
    const f = facts.get(l.submissionId);
    if (f && !f.ok) warn('ineligibleConfirmed', { label: l.label, amount: l.amount, submissionId: l.submissionId, reason: f.reason ?? '' });
  }
  if (spent > plan.totalBudget) warn('confirmedOverBudget', { spent, budget: plan.totalBudget });
  const left = () => plan.totalBudget - spent;
  const room = (org: string) => Math.max(0, cap - (orgTotal.get(org) ?? 0));

  // Rule 2: categories, in plan order.
  const categoryIds = new Set(plan.categories.map((c) => c.id));
  for (const pick of input.categoryPicks) {
    if (!categoryIds.has(pick.categoryId)) warn('categoryNotInPlan', { submissionId: pick.submissionId, categoryId: pick.categoryId });
  }
  for (const cat of plan.categories) {
    const picks = [...new Set(input.categoryPicks.filter((p) => p.categoryId === cat.id).map((p) => p.submissionId))];
    const holder = categoryHolder.get(cat.id);
    if (holder !== undefined) {
      if (picks.some((p) => p !== holder)) warn('categoryTaken', { category: cat.name, holder });
      continue;
    }
    if (picks.length === 0) {
      warn('categoryNoWinner', { category: cat.name });
      continue;
    }
    if (picks.length > 1) warn('categorySeveralPicks', { category: cat.name, picks: picks.join(', '), first: picks[0]! });
    const id = picks[0]!;
    const f = facts.get(id);
    if (!f || !f.ok) {
      warn('categoryIneligible', { category: cat.name, submissionId: id, reason: f?.reason ?? rankingReason('noEligibilityFacts') });
      continue;
    }
    if (cat.amount > left()) {
      warn('categoryOverBudget', { category: cat.name, amount: cat.amount, left: Math.max(0, left()) });
      continue;
    }
    const amount = Math.min(cat.amount, room(f.organisationKey));
    if (amount <= 0) {
      warn('categoryCapReached', { category: cat.name, organisation: f.organisationKey, submissionId: id, cap });
      continue;
    }
    if (amount < cat.amount) warn('categoryCut', { category: cat.name, amount: cat.amount, paid: amount, organisation: f.organisationKey, cap });
    lines.push({ submissionId: id, organisationKey: f.organisationKey, type: 'category', amount, label: cat.name, categoryId: cat.id });
    hold(id, `category:${cat.id}`);
    count(f.organisationKey, amount);
  }

  // Rule 3: the queues of prizes, lump sums and vouchers still on offer.
  const prizeByRank = new Map<number, { rank: number; amount: number; label: string }>();
  for (const p of plan.rankPrizes) if (Number.isSafeInteger(p.rank) && p.rank >= 1 && !prizeByRank.has(p.rank)) prizeByRank.set(p.rank, p);
  const maxRank = Math.max(0, ...prizeByRank.keys());
  const prizeSlots: { rank: number; amount: number; label: string }[] = [];
  for (let r = 1; r <= maxRank; r++) {
    if (heldRanks.has(r)) continue;
    prizeSlots.push(prizeByRank.get(r) ?? { rank: r, amount: 0, label: '' }); // a gap offers nothing (invalid plan)
  }
  let prizeNext = 0;
  let lumpLeft = plan.lumpSum ? Math.max(0, plan.lumpSum.topN - lumpHeld) : 0;
  let voucherLeft = plan.vouchers ? Math.max(0, plan.vouchers.count - voucherHeld) : 0;
  const lumpAmount = plan.lumpSum?.amount ?? 0;
  const voucherAmount = plan.vouchers?.amount ?? 0;
  const lumpLabel = plan.lumpSum ? lumpSumLabel(plan.lumpSum.topN) : '';
  const voucherLabel = VOUCHER_LABEL;

  const reserve: Proposal['reserve'] = [];
  const skipped: Proposal['skipped'] = [];
  const seen = new Set<string>();
  let funding = true;
  let position = 0;

  input.ranking.forEach((id, index) => {
    if (seen.has(id)) {
      warn('rankedTwice', { submissionId: id, place: input.ranking.indexOf(id) + 1 });
      return;
    }
    seen.add(id);
    const f = facts.get(id);
    if (!f || !f.ok) {
      const reason = f?.reason ?? rankingReason('noEligibilityFacts');
      skipped.push({ submissionId: id, reason, code: 'ineligible', params: { reason } });
      return;
    }
    if (funding) {
      position++;
      const exhausted = prizeNext >= prizeSlots.length && lumpLeft === 0 && voucherLeft === 0;
      const slot = prizeSlots[prizeNext];
      const full = (slot?.amount ?? 0) + (lumpLeft > 0 ? lumpAmount : 0) + (voucherLeft > 0 ? voucherAmount : 0);
      if (exhausted) {
        funding = false;
      } else if (full > left()) {
        funding = false;
        warn('budgetRunsOut', { position, submissionId: id, rank: index + 1, amount: full, left: Math.max(0, left()) });
      } else {
        // Offer the position's parts the entrant does not hold yet; each offered part leaves its queue.
        const parts: AwardLine[] = [];
        if (slot && !holdsAny(id, ['prize'])) {
          prizeNext++;
          if (slot.amount > 0) parts.push({ submissionId: id, organisationKey: f.organisationKey, type: 'prize', amount: slot.amount, label: slot.label, rank: slot.rank });
        }
        if (lumpLeft > 0 && !holdsAny(id, ['lump-sum'])) {
          lumpLeft--;
          parts.push({ submissionId: id, organisationKey: f.organisationKey, type: 'lump-sum', amount: lumpAmount, label: lumpLabel });
        }
        if (voucherLeft > 0 && !holdsAny(id, ['voucher'])) {
          voucherLeft--;
          parts.push({ submissionId: id, organisationKey: f.organisationKey, type: 'voucher', amount: voucherAmount, label: voucherLabel });
        }
        const offered = parts.reduce((a, p) => a + p.amount, 0);
        // Rule 4: cut to the cap, prize first, then lump sum, then voucher.
        let space = room(f.organisationKey);
        let paid = 0;
        for (const p of parts) {
          const amount = Math.min(p.amount, space);
          if (amount <= 0) continue;
          space -= amount;
          paid += amount;
          lines.push({ ...p, amount });
          hold(id, p.type);
        }
        count(f.organisationKey, paid);
        if (offered > 0 && paid === 0) {
          const note = awardNote('capReached', { organisation: f.organisationKey, cap, position }, plan.currency);
          skipped.push({ submissionId: id, reason: note.message, code: 'capReached', params: note.params });
        } else if (paid < offered) {
          warn('packageCut', { submissionId: id, offered, paid, organisation: f.organisationKey, cap });
        }
        return;
      }
    }
    // Rule 6: reserve list.
    if (reserve.length < plan.reserveListLength && !holdsAny(id, WALK_TYPES)) reserve.push({ submissionId: id, rank: index + 1 });
  });

  const totals = planTotals(plan, [...committed, ...lines], isSme);
  if (!totals.smeShareHolds) {
    warn('smeShareLow', { share: totals.smeShare, required: plan.minSmeShare, toSmes: totals.toSmes, budget: plan.programmeBudget });
  }
  if (totals.left > 0) warn('budgetLeftOver', { left: totals.left });
  const wantsMore = (funding && !(prizeNext >= prizeSlots.length && lumpLeft === 0 && voucherLeft === 0)) || reserve.length < plan.reserveListLength;
  return { lines, reserve, skipped, totals, warnings, wantsMore };
}

/** The plan of a competition that has none yet: nothing to award. */
export const EMPTY_PLAN: PrizePlan = { currency: 'EUR', totalBudget: 0, programmeBudget: 0, minSmeShare: 0, perThirdPartyCap: 0, smeOnly: false, rankPrizes: [], categories: [], reserveListLength: 0 };
