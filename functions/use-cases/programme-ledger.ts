/**
 * The coordinator's side of the cross-call ledger (issue 13 §2): the programme's limits (budget,
 * per-third-party cap, minimum SME share) and the non-SME spending lines (services, events).
 * Every change is audited in the programme's own trail (`programme:<id>`). The limits live in the
 * ledger's own conditional item (adapters/dynamodb/programme-ledger.ts), so a change can never slip
 * under confirmations racing it; the programme item gets a copy for its pages.
 */
import { Forbidden, NotFound, ValidationFailed, VersionConflict } from '../domain/errors.ts';
import { problemsMessage } from '../domain/field-labels.ts';
import type { Identity } from '../domain/identity.ts';
import { validateLimitsInput, validateSpending, type ProgrammeLedgerState, type SpendingCategory, type SpendingLine } from '../domain/programme-ledger.ts';
import { programmeScope, ROLE_LABELS, type Programme, type ProgrammeMember } from '../domain/programme.ts';
import { requireIdentity } from './access.ts';
import type { Ports } from './ports.ts';

type Deps = Pick<Ports, 'programmes' | 'programmeLedger' | 'audit' | 'clock' | 'ids'>;

/** The programme and the caller's role in it; 404 for everyone without one (its existence is private). */
export async function loadProgrammeRole(ports: Pick<Ports, 'programmes'>, caller: Identity | undefined, programmeId: string, coordinatorOnly: boolean): Promise<{ who: Identity; programme: Programme; member: ProgrammeMember }> {
  const who = requireIdentity(caller);
  const [programme, member] = await Promise.all([ports.programmes.get(programmeId), ports.programmes.getMember(programmeId, who.sub)]);
  if (!programme || !member) throw new NotFound('No such programme.');
  if (coordinatorOnly && member.role !== 'coordinator') throw new Forbidden(`Only the programme's coordinators can do this; you are its ${ROLE_LABELS[member.role]}.`);
  return { who, programme, member };
}

/** The ledger (created from the programme on first use). */
async function ledgerOf(ports: Pick<Ports, 'programmeLedger'>, programmeId: string): Promise<ProgrammeLedgerState> {
  const l = await ports.programmeLedger.get(programmeId);
  if (!l) throw new NotFound('No such programme.');
  return l;
}

/** The limits as the API gives them: minor units (cents), like the programme's own fields and awards. */
export function limitsView(l: ProgrammeLedgerState, currencyLocked?: string) {
  return {
    currency: l.currency,
    totalBudget: l.budget,
    thirdPartyCap: l.thirdPartyCap,
    minSmeShare: l.minSmeShare,
    version: l.limitsVersion,
    committed: l.committed,
    ...(currencyLocked !== undefined ? { currencyLocked } : {}),
  };
}

/** What the audit trail keeps of the limits (minor units, said so: entries written before were whole units). */
function limitsAudit(l: ProgrammeLedgerState) {
  const { committed: _, ...kept } = limitsView(l);
  return { ...kept, unit: 'minor' };
}

/**
 * Why the programme's currency can no longer change, in a sentence for the coordinator; undefined
 * while it can: nothing committed or in flight on the programme's ledger, and no call of the
 * programme with confirmed awards (awards, limits and plans are all amounts in that currency).
 */
export async function currencyLock(
  ports: Pick<Ports, 'programmes' | 'programmeLedger'>,
  programme: Pick<Programme, 'id' | 'currency'>,
  /** The ledger, where the caller read it already (else it is read here). */
  ledger?: ProgrammeLedgerState,
): Promise<string | undefined> {
  const l = ledger ?? (await ports.programmeLedger.get(programme.id));
  const sentence = `Awards in ${programme.currency} are confirmed in this programme's calls, so its currency stays ${programme.currency}: the budget, the cap and every award are amounts in it.`;
  if (l && (l.committed > 0 || l.inFlight > 0)) return sentence;
  const calls = await ports.programmes.listCalls(programme.id);
  if (calls.length === 0) return undefined;
  const totals = await ports.programmeLedger.callTotals(calls.map((c) => c.competitionId));
  return [...totals.values()].some((t) => t.committed > 0) ? sentence : undefined;
}

export async function getProgrammeLimits(ports: Deps, caller: Identity | undefined, programmeId: string) {
  const { programme } = await loadProgrammeRole(ports, caller, programmeId, false);
  const ledger = await ledgerOf(ports, programmeId);
  return limitsView(ledger, await currencyLock(ports, programme, ledger));
}

export interface LimitsInput {
  /** Minor units (cents), as the programme's fields and awards. */
  totalBudget: number;
  thirdPartyCap: number;
  minSmeShare: number;
  /** The limits version read. */
  version: number;
}

/**
 * Changes the programme's limits. Refused (409) when the budget would fall below what the calls
 * have committed or the cap below what a third party has received (named); 409 VERSION_CONFLICT on
 * a stale version. Waits for confirmations in flight (milliseconds) rather than judging them half-done.
 */
export async function saveProgrammeLimits(ports: Deps, caller: Identity | undefined, programmeId: string, input: LimitsInput) {
  const { who, programme } = await loadProgrammeRole(ports, caller, programmeId, true);
  const errors = validateLimitsInput(input);
  if (Object.keys(errors).length > 0) throw new ValidationFailed(problemsMessage(errors), errors);
  const before = await ledgerOf(ports, programmeId);
  const limits = { budget: input.totalBudget, thirdPartyCap: input.thirdPartyCap, minSmeShare: input.minSmeShare };
  const after = await ports.programmeLedger.saveLimits(programmeId, limits, input.version);
  const at = ports.clock.now().toISOString();
  await ports.audit.append({
    competitionId: programmeScope(programmeId),
    at,
    actor: { sub: who.sub, email: who.email },
    action: 'programme.limits-changed',
    target: `programme:${programmeId}`,
    before: limitsAudit(before),
    after: limitsAudit(after),
  });
  await mirrorOnProgramme(ports, programme, input, at);
  return limitsView(after);
}

/** The programme item keeps a copy of the limits for its own pages (the ledger item is the truth). */
async function mirrorOnProgramme(ports: Pick<Ports, 'programmes'>, first: Programme, input: LimitsInput, at: string) {
  let p: Programme | undefined = first;
  for (let attempt = 0; p && attempt < 5; attempt++) {
    try {
      await ports.programmes.update({ ...p, totalBudget: input.totalBudget, thirdPartyCap: input.thirdPartyCap, minSmeShare: input.minSmeShare, updatedAt: at, version: p.version + 1 }, p.version);
      return;
    } catch (e) {
      if (!(e instanceof VersionConflict)) throw e;
      p = await ports.programmes.get(first.id);
    }
  }
}

// ——— non-SME spending ———

export interface SpendingInput {
  label: string;
  category: SpendingCategory;
  /** Minor units (cents), as award amounts. */
  amount: number;
  date: string;
}

export async function listSpending(ports: Deps, caller: Identity | undefined, programmeId: string) {
  await loadProgrammeRole(ports, caller, programmeId, false);
  const items = await ports.programmeLedger.listSpending(programmeId);
  return { items, total: items.reduce((t, s) => t + s.amount, 0) };
}

function checked(input: SpendingInput): SpendingInput {
  const line = { ...input, label: input.label.trim() };
  const errors = validateSpending(line);
  if (Object.keys(errors).length > 0) throw new ValidationFailed(problemsMessage(errors), errors);
  return line;
}

const spendingAudit = (l: SpendingLine) => ({ label: l.label, category: l.category, amount: l.amount, date: l.date });

export async function addSpending(ports: Deps, caller: Identity | undefined, programmeId: string, input: SpendingInput): Promise<SpendingLine> {
  const { who } = await loadProgrammeRole(ports, caller, programmeId, true);
  const at = ports.clock.now().toISOString();
  const line: SpendingLine = { id: ports.ids.next(), ...checked(input), updatedAt: at, updatedBy: who.email, version: 1 };
  await ports.programmeLedger.putSpending(programmeId, line);
  await ports.audit.append({ competitionId: programmeScope(programmeId), at, actor: { sub: who.sub, email: who.email }, action: 'programme.spending-added', target: `spending:${line.id}`, after: spendingAudit(line) });
  return line;
}

export async function updateSpending(ports: Deps, caller: Identity | undefined, programmeId: string, id: string, input: SpendingInput & { version: number }): Promise<SpendingLine> {
  const { who } = await loadProgrammeRole(ports, caller, programmeId, true);
  const before = await ports.programmeLedger.getSpending(programmeId, id);
  if (!before) throw new NotFound('No such spending line.');
  if (before.version !== input.version) throw new VersionConflict('This spending line was changed by someone else since you opened it. Reload and try again.');
  const at = ports.clock.now().toISOString();
  const { version: _, ...fields } = input;
  const line: SpendingLine = { id, ...checked(fields), updatedAt: at, updatedBy: who.email, version: before.version + 1 };
  await ports.programmeLedger.putSpending(programmeId, line, before.version);
  await ports.audit.append({ competitionId: programmeScope(programmeId), at, actor: { sub: who.sub, email: who.email }, action: 'programme.spending-changed', target: `spending:${id}`, before: spendingAudit(before), after: spendingAudit(line) });
  return line;
}

export async function removeSpending(ports: Deps, caller: Identity | undefined, programmeId: string, id: string, version: number): Promise<void> {
  const { who } = await loadProgrammeRole(ports, caller, programmeId, true);
  const before = await ports.programmeLedger.getSpending(programmeId, id);
  if (!before) throw new NotFound('No such spending line.');
  if (before.version !== version) throw new VersionConflict('This spending line was changed by someone else since you opened it. Reload and try again.');
  await ports.programmeLedger.deleteSpending(programmeId, id, version);
  await ports.audit.append({ competitionId: programmeScope(programmeId), at: ports.clock.now().toISOString(), actor: { sub: who.sub, email: who.email }, action: 'programme.spending-removed', target: `spending:${id}`, before: spendingAudit(before) });
}
