/**
 * THE PROGRAMME LEDGER (issue 13 §2): one budget and one per-third-party cap across all the calls
 * of a programme, in the programme's partition (ACCESS-PATTERNS.md: programmes):
 *  - the ledger item (keys.programmeLedger): limits (budget, thirdPartyCap, minSmeShare, in minor
 *    units, and `limitsVersion`), `committed`, `smeCommitted`, `version`, and `pending`: the award
 *    sagas of any call in flight here (a few at most);
 *  - one item per third party (keys.programmeRecipient, by normalised registry id): its `total`
 *    across the calls (conditioned on the cap), and what the dashboard shows of it (name,
 *    country, sectors, SME or not), plus the `sagas` that moved it (pruned now and then).
 *
 * The award saga (awards-repository.ts) adds two conditional steps before its commit point when
 * the competition has a programme: reserve here (committed ≤ budget − amount at the limits version
 * it read, adds `pending.<saga>`), then the recipient (total ≤ cap − amount); both are undone when
 * a later step fails, and ended (the pending entry removed) after the award is written. A
 * withdrawal marks `pending.<saga>` here before it claims the award and takes the money back after.
 * A limits change is conditioned on the ledger's `version` (every reservation moves it) and on
 * nothing in flight, and checks the recipients in between: so no confirmation can end over a
 * lowered budget or cap.
 *
 * The ledger item is created from the programme item (minor units, as read by programmeOfItem) on first use.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { AlreadyExists, NotFound, VersionConflict } from '../../domain/errors.ts';
import { limitsConflicts, limitsOfProgramme, minorUnits, wholeUnits, type ProgrammeLedgerState, type ProgrammeLimits, type ProgrammeRecipient, type SpendingLine } from '../../domain/programme-ledger.ts';
import type { CallTotals, Page, ProgrammeLedgerRepository } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, getMany, isConditionFailure, queryPartition } from './items.ts';
import * as keys from './keys.ts';
import { programmeOfItem } from './programme-repository.ts';

/** Longer than any API function runs: a pending entry this old is an orphan (as in awards-repository.ts). */
export const PROGRAMME_STALE_MS = 2 * 60_000;
/** A pending entry younger than this may still change a refusal. */
const SETTLING_MS = 3_000;
const MARKERS_KEPT = 16;
/** How many times a limits change waits (10–20 ms each) for the sagas in flight before it gives up with PROGRAMME_LIMITS_BUSY. */
const LIMITS_WAITS = 200;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A saga of one of the programme's calls in flight, as `pending.<saga>` holds it on the ledger item. */
export interface ProgrammePending {
  kind: 'confirm' | 'withdraw';
  competitionId: string;
  key: string;
  org: string;
  amount: number;
  sme: boolean;
  at: number;
}

export interface StoredProgrammeLedger extends ProgrammeLimits {
  programmeId: string;
  currency: string;
  limitsVersion: number;
  committed: number;
  smeCommitted: number;
  version: number;
  pending: Record<string, ProgrammePending>;
}

/** What a confirmation records of its entry on the recipient item. */
export interface RecipientFacts {
  organisationName: string;
  registryId: string;
  country: string;
  sectors: string[];
  isSme: boolean;
}

export const stateOf = (l: StoredProgrammeLedger): ProgrammeLedgerState => ({
  programmeId: l.programmeId,
  currency: l.currency,
  budget: l.budget,
  thirdPartyCap: l.thirdPartyCap,
  minSmeShare: l.minSmeShare,
  limitsVersion: l.limitsVersion,
  committed: l.committed,
  smeCommitted: l.smeCommitted,
  inFlight: Object.keys(l.pending ?? {}).length,
});

function recipientOf(item: Record<string, unknown>): ProgrammeRecipient {
  const r = fromItem<Record<string, unknown>>(item);
  const sectors = r.sectors instanceof Set ? [...(r.sectors as Set<string>)] : Array.isArray(r.sectors) ? (r.sectors as string[]) : [];
  return {
    organisationKey: String(r.organisationKey ?? ''),
    organisationName: String(r.organisationName ?? ''),
    registryId: String(r.registryId ?? ''),
    country: String(r.country ?? ''),
    sectors: sectors.sort(),
    isSme: r.isSme === true,
    total: Number(r.total ?? 0),
    awards: Number(r.awards ?? 0),
  };
}

export const youngProgrammeEntries = (l: StoredProgrammeLedger | undefined) => Object.values(l?.pending ?? {}).filter((p) => p.at > Date.now() - SETTLING_MS);

/** Runs a conditional write; false when its condition failed (the step was done already, or by someone else). */
export async function conditional(run: Promise<unknown>): Promise<boolean> {
  try {
    await run;
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** The saga's steps on the programme's items (used by the award saga in awards-repository.ts). */
export function programmeLedgerSteps(db: DocumentClient, table: string) {

  async function read(programmeId: string): Promise<StoredProgrammeLedger | undefined> {
    const r = await db.send(new GetCommand({ TableName: table, Key: keys.programmeLedger(programmeId), ConsistentRead: true }));
    return r.Item ? fromItem<StoredProgrammeLedger>(r.Item) : undefined;
  }

  /** The ledger item, created from the programme item on first use; undefined without a programme. */
  async function current(programmeId: string): Promise<StoredProgrammeLedger | undefined> {
    const found = await read(programmeId);
    if (found) return found;
    const p = await db.send(new GetCommand({ TableName: table, Key: keys.programme(programmeId), ConsistentRead: true }));
    if (!p.Item) return undefined;
    const programme = programmeOfItem(p.Item);
    const item: StoredProgrammeLedger = { programmeId, currency: programme.currency, ...limitsOfProgramme(programme), limitsVersion: 1, committed: 0, smeCommitted: 0, version: 0, pending: {} };
    await conditional(db.send(new PutCommand({ TableName: table, Item: { ...keys.programmeLedger(programmeId), type: 'ProgrammeLedger', schemaVersion: 1, ...item }, ConditionExpression: 'attribute_not_exists(pk)' })));
    return read(programmeId);
  }

  /** Confirmation step: committed + amount ≤ budget at the limits version read; false if not. */
  function reserve(programmeId: string, saga: string, p: ProgrammePending, read: Pick<StoredProgrammeLedger, 'budget' | 'limitsVersion'>) {
    return conditional(
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.programmeLedger(programmeId),
          UpdateExpression: 'SET committed = committed + :amt, smeCommitted = smeCommitted + :sme, #version = #version + :one, pending.#x = :p',
          ConditionExpression: 'limitsVersion = :lv AND committed <= :budgetLeft AND attribute_not_exists(pending.#x)',
          ExpressionAttributeNames: { '#version': 'version', '#x': saga },
          ExpressionAttributeValues: { ':amt': p.amount, ':sme': p.sme ? p.amount : 0, ':one': 1, ':p': p, ':lv': read.limitsVersion, ':budgetLeft': read.budget - p.amount },
        }),
      ),
    );
  }

  /** Withdrawal step: marks the saga in flight (so a limits change waits for it). */
  function mark(programmeId: string, saga: string, p: ProgrammePending) {
    return conditional(
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.programmeLedger(programmeId),
          UpdateExpression: 'SET pending.#x = :p, #version = #version + :one',
          ConditionExpression: 'attribute_exists(committed) AND attribute_not_exists(pending.#x)',
          ExpressionAttributeNames: { '#version': 'version', '#x': saga },
          ExpressionAttributeValues: { ':p': p, ':one': 1 },
        }),
      ),
    );
  }

  /**
   * Ends the saga here: its pending entry goes, and with `takeBack` its money comes off (a
   * confirmation undone, a withdrawal done). Once only (conditioned on the entry). Returns the
   * sagas still in flight, or undefined if it had ended already.
   */
  async function end(programmeId: string, saga: string, p: Pick<ProgrammePending, 'amount' | 'sme'>, takeBack: boolean): Promise<Set<string> | undefined> {
    try {
      const r = await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.programmeLedger(programmeId),
          UpdateExpression: `SET #version = #version + :one${takeBack ? ', committed = committed - :amt, smeCommitted = smeCommitted - :sme' : ''} REMOVE pending.#x`,
          ConditionExpression: 'attribute_exists(pending.#x)',
          ExpressionAttributeNames: { '#version': 'version', '#x': saga },
          ExpressionAttributeValues: { ':one': 1, ...(takeBack ? { ':amt': p.amount, ':sme': p.sme ? p.amount : 0 } : {}) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return new Set(Object.keys((r.Attributes?.pending as Record<string, unknown> | undefined) ?? {}));
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      return undefined;
    }
  }

  /** Moves the recipient's total by `delta` for this saga, once; within the cap when `capLeft` is given. Returns its marks. */
  async function moveRecipient(programmeId: string, saga: string, org: string, delta: number, o: { capLeft?: number; facts?: RecipientFacts } = {}): Promise<Set<string> | undefined> {
    const facts = o.facts;
    const sets = ['#type = if_not_exists(#type, :type)', 'schemaVersion = if_not_exists(schemaVersion, :one)', 'organisationKey = :org', '#total = if_not_exists(#total, :zero) + :delta', 'awards = if_not_exists(awards, :zero) + :n'];
    const values: Record<string, unknown> = { ':type': 'ProgrammeRecipient', ':one': 1, ':org': org, ':zero': 0, ':delta': delta, ':n': delta > 0 ? 1 : -1, ':ids': new Set([saga]), ':id': saga };
    if (facts) {
      sets.push('organisationName = :name', 'registryId = :rid', 'country = :country', 'isSme = :sme');
      Object.assign(values, { ':name': facts.organisationName, ':rid': facts.registryId, ':country': facts.country, ':sme': facts.isSme });
    }
    const sectors = facts?.sectors.filter((s) => s.trim().length > 0) ?? [];
    if (sectors.length > 0) values[':sectors'] = new Set(sectors);
    if (o.capLeft !== undefined) values[':capLeft'] = o.capLeft;
    const r = await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.programmeRecipient(programmeId, org),
        UpdateExpression: `SET ${sets.join(', ')} ADD sagas :ids${sectors.length > 0 ? ', sectors :sectors' : ''}`,
        ConditionExpression: `NOT contains(sagas, :id)${o.capLeft !== undefined ? ' AND (attribute_not_exists(#total) OR #total <= :capLeft)' : ''}`,
        ExpressionAttributeNames: { '#type': 'type', '#total': 'total' },
        ExpressionAttributeValues: values,
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return r.Attributes?.sagas as Set<string> | undefined;
  }

  /** Takes back the recipient's share if this saga added it. */
  function unmoveRecipient(programmeId: string, saga: string, org: string, delta: number) {
    return conditional(
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.programmeRecipient(programmeId, org),
          UpdateExpression: 'SET #total = #total - :delta, awards = awards - :n DELETE sagas :ids',
          ConditionExpression: 'contains(sagas, :id)',
          ExpressionAttributeNames: { '#total': 'total' },
          ExpressionAttributeValues: { ':delta': delta, ':n': delta > 0 ? 1 : -1, ':ids': new Set([saga]), ':id': saga },
        }),
      ),
    );
  }

  /** Takes the finished marks out of a recipient's `sagas` now and then (as the organisation items' are). */
  async function pruneRecipient(programmeId: string, org: string, marks: Set<string> | undefined, inFlight: Set<string> | undefined) {
    if (!marks || !inFlight || marks.size < MARKERS_KEPT) return;
    const done = [...marks].filter((id) => !inFlight.has(id));
    if (done.length === 0) return;
    await db
      .send(new UpdateCommand({ TableName: table, Key: keys.programmeRecipient(programmeId, org), UpdateExpression: 'DELETE sagas :ids', ExpressionAttributeValues: { ':ids': new Set(done) } }))
      .catch(() => undefined);
  }

  async function readRecipient(programmeId: string, org: string): Promise<ProgrammeRecipient | undefined> {
    const r = await db.send(new GetCommand({ TableName: table, Key: keys.programmeRecipient(programmeId, org), ConsistentRead: true }));
    return r.Item ? recipientOf(r.Item) : undefined;
  }

  return { read, current, reserve, mark, end, moveRecipient, unmoveRecipient, pruneRecipient, readRecipient };
}

export type ProgrammeLedgerSteps = ReturnType<typeof programmeLedgerSteps>;

/**
 * The ledger's reads and the coordinator's edits (limits, spending lines). `settleOrphan` finishes a
 * saga a dead process left in flight (the award saga's, awards-repository.ts).
 */
export function programmeLedgerRepository(
  db: DocumentClient,
  table: string,
  cursors: CursorCodec,
  settleOrphan: (programmeId: string, saga: string, p: ProgrammePending) => Promise<void>,
): ProgrammeLedgerRepository {
  const steps = programmeLedgerSteps(db, table);
  const recipientScope = (programmeId: string): CursorScope => ({
    listing: 'programme-recipients',
    keyAttributes: ['pk', 'sk'],
    equals: { pk: keys.programmePartition(programmeId) },
    prefixes: { sk: keys.programmeRecipientPrefix() },
  });
  const allRecipients = async (programmeId: string) =>
    (await queryPartition<Record<string, unknown>>(db, table, keys.programmePartition(programmeId), keys.programmeRecipientPrefix(), { consistent: true })).map(recipientOf);

  return {
    async get(programmeId) {
      // A read writes nothing: before the first confirmation the ledger is the programme's limits with nothing committed.
      const l = await steps.read(programmeId);
      if (l) return stateOf(l);
      const p = await db.send(new GetCommand({ TableName: table, Key: keys.programme(programmeId), ConsistentRead: true }));
      if (!p.Item) return undefined;
      const programme = programmeOfItem(p.Item);
      return { programmeId, currency: programme.currency, ...limitsOfProgramme(programme), limitsVersion: 1, committed: 0, smeCommitted: 0, inFlight: 0 };
    },

    async saveLimits(programmeId, limits, expectedLimitsVersion) {
      for (let i = 0; ; i++) {
        const l = await steps.current(programmeId);
        if (!l) throw new NotFound('No such programme.');
        if (l.limitsVersion !== expectedLimitsVersion) throw new VersionConflict('The programme limits were changed by someone else since you opened them. Reload and try again.');
        const entries = Object.entries(l.pending ?? {});
        if (entries.length === 0) {
          // Read after the ledger: any confirmation that moves a recipient from here on moves the
          // ledger's version first, and the write below is conditioned on that version.
          const recipients = await allRecipients(programmeId);
          const conflicts = limitsConflicts(limits, l, recipients);
          if (Object.keys(conflicts).length > 0) throw new AlreadyExists(conflicts.totalBudget ? 'PROGRAMME_BUDGET_BELOW_COMMITTED' : 'PROGRAMME_CAP_BELOW_RECIPIENT', Object.values(conflicts).join(' '), conflicts);
          try {
            const r = await db.send(
              new UpdateCommand({
                TableName: table,
                Key: keys.programmeLedger(programmeId),
                UpdateExpression: 'SET budget = :budget, thirdPartyCap = :cap, minSmeShare = :share, limitsVersion = limitsVersion + :one, #version = #version + :one',
                // The budget check in the same write: nothing committed since the recipients were read.
                ConditionExpression: '#version = :v AND size(pending) = :zero AND committed <= :budget',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':budget': limits.budget, ':cap': limits.thirdPartyCap, ':share': limits.minSmeShare, ':one': 1, ':v': l.version, ':zero': 0 },
                ReturnValues: 'ALL_NEW',
              }),
            );
            return stateOf(fromItem<StoredProgrammeLedger>(r.Attributes!));
          } catch (e) {
            if (!isConditionFailure(e)) throw e;
          }
        } else {
          // Sagas in flight finish in milliseconds; orphans (a process that died) are settled.
          const now = Date.now();
          await Promise.all(entries.filter(([, p]) => p.at < now - PROGRAMME_STALE_MS).map(([saga, p]) => settleOrphan(programmeId, saga, p)));
        }
        if (i >= LIMITS_WAITS)
          throw new AlreadyExists(
            'PROGRAMME_LIMITS_BUSY',
            "Awards were being confirmed or withdrawn in the programme's calls the whole time, so the limits were not changed. Nothing was saved: try again in a moment.",
          );
        await pause(10 + Math.random() * 10);
      }
    },

    async changeCurrency(programmeId, currency) {
      const l = await steps.current(programmeId);
      if (!l) throw new NotFound('No such programme.');
      if (l.currency === currency) return true;
      const rescale = (m: number) => minorUnits(wholeUnits(m, l.currency), currency);
      return conditional(
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.programmeLedger(programmeId),
            UpdateExpression: 'SET currency = :c, budget = :budget, thirdPartyCap = :cap, limitsVersion = limitsVersion + :one, #version = #version + :one',
            ConditionExpression: '#version = :v AND committed = :zero AND size(pending) = :zero',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':c': currency, ':budget': rescale(l.budget), ':cap': rescale(l.thirdPartyCap), ':one': 1, ':v': l.version, ':zero': 0 },
          }),
        ),
      );
    },

    allRecipients,

    async recipientsPage(programmeId, limit, cursor) {
      const scope = recipientScope(programmeId);
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': keys.programmePartition(programmeId), ':s': keys.programmeRecipientPrefix() },
          Limit: limit,
          ExclusiveStartKey: cursors.decode(scope, cursor)?.key,
        }),
      );
      return {
        items: (r.Items ?? []).map(recipientOf),
        ...(r.LastEvaluatedKey ? { nextCursor: cursors.encode(scope, { key: r.LastEvaluatedKey as Record<string, string> }) } : {}),
      } satisfies Page<ProgrammeRecipient>;
    },

    async callTotals(competitionIds) {
      const items = await getMany(db, table, competitionIds.map((id) => keys.ledger(id)), { projection: 'pk, committed, #plan', names: { '#plan': 'plan' } });
      const out = new Map<string, CallTotals>();
      for (const i of items) {
        const id = String(i.pk).replace(/^COMP#/, '');
        out.set(id, { committed: Number(i.committed ?? 0), planBudget: Number((i.plan as { totalBudget?: number } | undefined)?.totalBudget ?? 0) });
      }
      return out;
    },

    async listSpending(programmeId) {
      const lines = await queryPartition<SpendingLine>(db, table, keys.programmePartition(programmeId), keys.programmeSpendingPrefix(), { consistent: true });
      return lines.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    },

    async getSpending(programmeId, id) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.programmeSpending(programmeId, id), ConsistentRead: true }));
      return r.Item ? fromItem<SpendingLine>(r.Item) : undefined;
    },

    async putSpending(programmeId, line, expectedVersion) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { ...keys.programmeSpending(programmeId, line.id), type: 'ProgrammeSpending', schemaVersion: 1, ...line },
            ...(expectedVersion === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'attribute_exists(pk) AND version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new VersionConflict('This spending line was changed by someone else since you opened it. Reload and try again.');
        throw e;
      }
    },

    async deleteSpending(programmeId, id, expectedVersion) {
      try {
        await db.send(new DeleteCommand({ TableName: table, Key: keys.programmeSpending(programmeId, id), ConditionExpression: 'attribute_exists(pk) AND version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }));
      } catch (e) {
        if (isConditionFailure(e)) throw new VersionConflict('This spending line was changed by someone else since you opened it. Reload and try again.');
        throw e;
      }
    },
  };
}
