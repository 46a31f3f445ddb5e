/**
 * The programme's cross-call ledger (issue 13 §2), pure: its limits, the sentences that explain
 * a refusal, the non-SME spending lines and the dashboard's figures. The conditional writes that
 * keep the limits under concurrency are adapters/dynamodb/programme-ledger.ts's (called from the
 * award saga in awards-repository.ts).
 *
 * Units: every amount here — award amounts, the ledger's budget and cap, the programme's own
 * fields, the limits API, spending lines — is in the currency's MINOR unit (cents), as prize plans
 * are. Programme items stored before that (whole units) are converted as they are read
 * (domain/programme.ts programmeAmountsInMinorUnits); minorUnits / wholeUnits remain for that and
 * for the CSV exports, which show whole units with decimals.
 */
import { currencyDigits, formatMoney } from '../shared/money.ts';
import type { FieldErrors } from './errors.ts';

/** What the programme ledger item holds beside its running totals. */
export interface ProgrammeLimits {
  /** Minor units: the most the programme's calls may commit to awards together. */
  budget: number;
  /** Minor units: the most one third party (SME, by normalised registry id) may receive across the calls. */
  thirdPartyCap: number;
  /** 0–1: at least this share of the budget goes to SMEs as direct support. */
  minSmeShare: number;
}

/** The ledger item as read: limits, totals, and what is in flight. */
export interface ProgrammeLedgerState extends ProgrammeLimits {
  programmeId: string;
  currency: string;
  /** Moves on with every limits change: a confirmation holds only against the limits it reserved under. */
  limitsVersion: number;
  /** Includes confirmations in flight. */
  committed: number;
  /** Of `committed`, what went (or is going) to SMEs. */
  smeCommitted: number;
  /** Confirmations and withdrawals half-way through. */
  inFlight: number;
}

/** One third party's total across the programme's calls (keys.programmeRecipient). */
export interface ProgrammeRecipient {
  organisationKey: string;
  organisationName: string;
  registryId: string;
  country: string;
  sectors: string[];
  isSme: boolean;
  /** Minor units, confirmed (and in flight) across every call. */
  total: number;
  /** Confirmed awards counted in `total`. */
  awards: number;
}

export const SPENDING_CATEGORIES = ['services', 'events', 'other'] as const;
export type SpendingCategory = (typeof SPENDING_CATEGORIES)[number];

/** Spending that is not direct support to SMEs (services, events), entered by the coordinator. */
export interface SpendingLine {
  id: string;
  label: string;
  category: SpendingCategory;
  /** Minor units. */
  amount: number;
  /** YYYY-MM-DD. */
  date: string;
  updatedAt: string;
  updatedBy: string;
  version: number;
}

/** A whole-unit amount (as a Programme keeps it) in the currency's minor unit. */
export function minorUnits(whole: number, currency: string): number {
  return Math.round(whole * 10 ** safeDigits(currency));
}

/** A minor-unit amount in whole units (as a Programme keeps it). */
export function wholeUnits(minor: number, currency: string): number {
  return minor / 10 ** safeDigits(currency);
}

function safeDigits(currency: string): number {
  try {
    return currencyDigits(currency);
  } catch {
    return 2;
  }
}

/** The limits as the ledger item starts: the programme's (minor units, both). */
export function limitsOfProgramme(p: { totalBudget: number; thirdPartyCap: number; minSmeShare: number }): ProgrammeLimits {
  return { budget: p.totalBudget, thirdPartyCap: p.thirdPartyCap, minSmeShare: p.minSmeShare };
}

/**
 * What stands in the way of new limits, given the ledger and the recipients' totals: the budget
 * below what is committed, the cap below someone's total (named). Empty when they fit.
 */
export function limitsConflicts(limits: ProgrammeLimits, ledger: Pick<ProgrammeLedgerState, 'committed' | 'currency'>, recipients: readonly Pick<ProgrammeRecipient, 'organisationName' | 'total'>[]): FieldErrors {
  const money = (m: number) => formatMoney(m, ledger.currency);
  const errors: FieldErrors = {};
  if (ledger.committed > limits.budget) errors.totalBudget = `The programme's calls have committed ${money(ledger.committed)} already; the budget cannot be lower.`;
  const over = recipients.filter((r) => r.total > limits.thirdPartyCap).sort((a, b) => b.total - a.total);
  if (over.length > 0) {
    const named = over.slice(0, 3).map((r) => `${r.organisationName || 'an organisation'} (${money(r.total)})`);
    const more = over.length > 3 ? ` and ${over.length - 3} more` : '';
    errors.thirdPartyCap = `${named.join(', ')}${more} ${over.length === 1 ? 'has' : 'have'} received more than ${money(limits.thirdPartyCap)} already; the cap cannot be lower.`;
  }
  return errors;
}

/** Why a confirmation passes the programme's cap, as the organiser reads it. */
export function capRefusal(o: { organisationName: string; received: number; amount: number; cap: number; currency: string; programmeName: string }): string {
  const money = (m: number) => formatMoney(m, o.currency);
  return `${o.organisationName || 'This organisation'} has received ${money(o.received)} from ${o.programmeName}'s calls; ${money(o.amount)} more would pass the programme's cap of ${money(o.cap)} per third party.`;
}

/** Why a confirmation passes the programme's budget. */
export function budgetRefusal(o: { committed: number; amount: number; budget: number; currency: string; programmeName: string }): string {
  const money = (m: number) => formatMoney(m, o.currency);
  const left = Math.max(0, o.budget - o.committed);
  return `Only ${money(left)} of ${o.programmeName}'s budget of ${money(o.budget)} is left across its calls; this award needs ${money(o.amount)}.`;
}

/** Problems with a limits edit's input (minor units, as awards). */
export function validateLimitsInput(input: { totalBudget: number; thirdPartyCap: number; minSmeShare: number }): FieldErrors {
  const errors: FieldErrors = {};
  const amount = (v: number) => Number.isSafeInteger(v) && v >= 0 && v <= 1e14;
  if (!amount(input.totalBudget)) errors.totalBudget = 'A budget of 0 or more, in cents (a whole number).';
  if (!amount(input.thirdPartyCap) || input.thirdPartyCap <= 0) errors.thirdPartyCap = 'A cap above 0, in cents (a whole number).';
  if (!(input.minSmeShare >= 0 && input.minSmeShare <= 1)) errors.minSmeShare = 'A share between 0 and 100 %.';
  return errors;
}

/** Problems with a spending line (minor units). */
export function validateSpending(line: { label: string; category: string; amount: number; date: string }): FieldErrors {
  const errors: FieldErrors = {};
  if (line.label.trim().length === 0) errors.label = 'Say what the money was spent on.';
  if (!(SPENDING_CATEGORIES as readonly string[]).includes(line.category)) errors.category = `One of ${SPENDING_CATEGORIES.join(', ')}.`;
  if (!Number.isInteger(line.amount) || line.amount <= 0 || line.amount > 1e14) errors.amount = 'An amount above 0.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(line.date) || Number.isNaN(Date.parse(`${line.date}T00:00:00Z`))) errors.date = 'A date (YYYY-MM-DD).';
  return errors;
}

/** One call of the programme as the dashboard shows it. */
export interface CallFigures {
  competitionId: string;
  title: string;
  partnerId?: string;
  partnerName?: string;
  /** Minor units: what the call's own plan offers (its prize plan's budget; 0 without a plan). */
  planBudget: number;
  /** Minor units: what the call has committed (its own ledger's totals). */
  committed: number;
}

/** A group of SMEs (by country, by sector): how many, and how much they received. */
export interface SupportGroup {
  key: string;
  smes: number;
  amount: number;
}

export interface ProgrammeDashboardFigures {
  currency: string;
  limits: ProgrammeLimits & { limitsVersion: number };
  committed: number;
  left: number;
  smeCommitted: number;
  /** Non-SME spending (services, events) entered by the coordinator. */
  otherSpending: number;
  /** smeCommitted ÷ budget (0 without a budget). */
  smeShareOfBudget: number;
  /** smeCommitted ÷ (committed + otherSpending): of what was spent, the share that went to SMEs directly. */
  smeShareOfSpent: number;
  /** Whether SME awards reach the minimum share of the budget already. */
  smeShareHolds: boolean;
  /** Minor units still to go to SMEs to reach the minimum share of the budget. */
  smeShortfall: number;
  calls: CallFigures[];
  /** The recipients with the highest totals, highest first. */
  topRecipients: (ProgrammeRecipient & { capLeft: number; atCap: boolean })[];
  recipients: number;
  byCountry: SupportGroup[];
  bySector: SupportGroup[];
  inFlight: number;
}

/** How many recipients the dashboard lists at the top (the CSV export has all of them). */
export const TOP_RECIPIENTS = 10;

/** The dashboard's figures from the ledger, its recipients, the calls' totals and the spending lines. */
export function dashboardFigures(ledger: ProgrammeLedgerState, recipients: readonly ProgrammeRecipient[], calls: CallFigures[], spending: readonly Pick<SpendingLine, 'amount'>[]): ProgrammeDashboardFigures {
  const otherSpending = spending.reduce((t, s) => t + s.amount, 0);
  const held = recipients.filter((r) => r.total > 0);
  const smes = held.filter((r) => r.isSme);
  const group = (keyOf: (r: ProgrammeRecipient) => string[]) => {
    const m = new Map<string, SupportGroup>();
    for (const r of smes)
      for (const key of new Set(keyOf(r))) {
        const g = m.get(key) ?? { key, smes: 0, amount: 0 };
        g.smes += 1;
        g.amount += r.total;
        m.set(key, g);
      }
    return [...m.values()].sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));
  };
  const required = Math.max(0, Math.ceil(ledger.minSmeShare * ledger.budget - 1e-9));
  const spent = ledger.committed + otherSpending;
  return {
    currency: ledger.currency,
    limits: { budget: ledger.budget, thirdPartyCap: ledger.thirdPartyCap, minSmeShare: ledger.minSmeShare, limitsVersion: ledger.limitsVersion },
    committed: ledger.committed,
    left: ledger.budget - ledger.committed,
    smeCommitted: ledger.smeCommitted,
    otherSpending,
    smeShareOfBudget: ledger.budget > 0 ? ledger.smeCommitted / ledger.budget : 0,
    smeShareOfSpent: spent > 0 ? ledger.smeCommitted / spent : 0,
    smeShareHolds: ledger.smeCommitted >= required,
    smeShortfall: Math.max(0, required - ledger.smeCommitted),
    calls: [...calls].sort((a, b) => b.committed - a.committed || a.title.localeCompare(b.title)),
    topRecipients: [...held]
      .sort((a, b) => b.total - a.total || a.organisationName.localeCompare(b.organisationName))
      .slice(0, TOP_RECIPIENTS)
      .map((r) => ({ ...r, capLeft: Math.max(0, ledger.thirdPartyCap - r.total), atCap: r.total >= ledger.thirdPartyCap })),
    recipients: held.length,
    byCountry: group((r) => [r.country || '—']),
    bySector: group((r) => (r.sectors.length > 0 ? r.sectors : ['(none given)'])),
    inFlight: ledger.inFlight,
  };
}

