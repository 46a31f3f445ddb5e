import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DocumentClient } from './client.ts';
import type { AwardType } from '../../domain/awards.ts';
import { InvalidState, VersionConflict } from '../../domain/errors.ts';
import type { AwardRecord, AwardsRepository, ConfirmResult, Ledger, LedgerTotals } from '../../use-cases/ports.ts';
import { batchWrite } from './batch-write.ts';
import { fromItem, isConditionFailure, queryPartition } from './items.ts';
import * as keys from './keys.ts';
import { conditional, programmeLedgerSteps, youngProgrammeEntries, type ProgrammePending, type RecipientFacts } from './programme-ledger.ts';

/**
 * THE AWARD LEDGER, one competition's, in three kinds of item (schema 2):
 *  - the totals item (keys.ledger): plan, picks, `committed`, `counts` of lump sums / vouchers,
 *    `slots` (prize rank → submission), `version`, `planVersion`, `frozenAt`, and `pending`: the
 *    confirmations and withdrawals in flight (a few entries at most). Small whatever the number of
 *    awards, so it never nears DynamoDB's 400 KB item limit (the one-item ledger did at 962 awards).
 *  - one item per organisation (keys.awardOrganisation): its `total`, conditioned on the cap;
 *  - one item per award (keys.award): its key is unique (attribute_not_exists(sk)).
 *
 * No transactions: the stand-in the tests run against (dynalite 4) has no TransactWriteItems, and
 * an invariant only tested against production is not tested. So a confirmation is a saga of
 * conditional writes, each invariant guarded by one of them:
 *  1. totals: reserve — committed + amount ≤ budget, count < the plan's, prize slot free, plan
 *     version the one checked against, not frozen; adds `pending.<saga>`;
 *  2. organisation: total + amount ≤ cap (and the saga's id into its `sagas` set, pruned now and then);
 *  3. award: put if its key is free (the commit point: from here the saga only rolls forward);
 *  4. totals: `pending.<saga>` removed (the saga ends itself, so no reader ever writes to clear it).
 * Four writes (and a read alongside the first: confirmed already?), whatever the number of
 * awards: the 1,200th confirmation costs what the first did.
 * A failed step undoes the earlier ones (settleConfirm). Reservations come first, so a race can
 * only make a confirmation wait or be refused, never break the budget, a cap or a count. A plan
 * change and the freeze are conditioned on nothing being in flight (and on the version, which
 * every step on the totals item moves on), so they never judge half-written awards. A withdrawal
 * is the reverse: mark it on the totals item, claim the award item (`withdrawnBy`: from then on it
 * no longer counts as confirmed, and no second withdrawal can claim it), lower the organisation's
 * total, free the reservation, delete the award item.
 *
 * A process that dies half-way leaves its `pending` entry; after STALE_MS (longer than any API
 * function lives) whoever finds it (a plan change, a freeze) settles it as its process would have:
 * a confirmation forward if the award item holds its id, else back (the organisation's `sagas`
 * set tells whether its total was moved); a withdrawal forward if it claimed the award, else back.
 *
 * PROGRAMMES (issue 13): when the competition is a call of a programme (`limits.programme`), two
 * more reservations come before the commit point, on the programme's items (programme-ledger.ts):
 *  2a. the programme ledger: committed + amount ≤ the programme's budget at the limits version
 *      read alongside step 1 (re-read and tried again when the limits changed); adds `pending.<saga>`;
 *  2b. the recipient (the third party across all calls): total + amount ≤ the programme's cap;
 * and after it, 4b. the programme's `pending.<saga>` removed (with step 4, in parallel). Undone in
 * reverse on failure (the recipient before the ledger's entry, both before the totals' entry: so an
 * entry left only on the programme side is always of a saga that went forward). The award item
 * records the programme it was counted in, so a withdrawal takes it back from the same ledger
 * (1b. mark the programme ledger, … 3b. the recipient's total, 4b. the ledger's money freed).
 * A competition without a programme writes exactly what it did before.
 *
 * MIGRATION: a schema-1 ledger (one item with `awards` and `perOrg` maps) is converted on the
 * first read (`current`): the item is marked `migrating`, the award and organisation items are
 * written, then the maps are removed in one conditional update. Nothing writes the ledger meanwhile:
 * every write is conditioned on `attribute_not_exists(awards)`. (Old code still running during a
 * deploy would write the old maps again: let the old version drain before confirming awards.)
 */

const SCHEMA = 2;
/** Longer than any API function runs (its timeout is seconds): a pending entry this old is an orphan. */
const STALE_MS = 2 * 60_000;
const COUNTED: readonly AwardType[] = ['lump-sum', 'voucher'];
/** How many saga marks an organisation item collects before the finished ones are taken out. */
const MARKERS_KEPT = 16;
/** A pending entry younger than this may still change a refusal (it may be undone). */
const SETTLING_MS = 3_000;
const newSagaId = () => randomBytes(12).toString('base64url');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A confirmation or withdrawal in flight, as `pending.<saga>` holds it. */
interface Pending {
  kind: 'confirm' | 'withdraw';
  key: string;
  org: string;
  amount: number;
  type: AwardType;
  /** The prize slot (`rank:<n>`) held on the totals item, for prizes. */
  slot?: string;
  submissionId: string;
  counted: boolean;
  /** For a withdrawal: the saga that confirmed the award. */
  of?: string;
  /** Wall-clock ms when it started (for finding orphans). */
  at: number;
  /** The programme whose ledger the saga also moves (its award is counted there), and whether it is an SME's. */
  programmeId?: string;
  sme?: boolean;
}

interface StoredTotals {
  schemaVersion?: number;
  plan?: Ledger['plan'];
  categoryPicks?: Ledger['categoryPicks'];
  committed?: number;
  counts?: Record<string, number>;
  slots?: Record<string, string>;
  pending?: Record<string, Pending>;
  version?: number;
  planVersion?: number;
  frozenAt?: string;
  // Schema 1 only:
  awards?: Record<string, AwardRecord>;
  perOrg?: Record<string, number>;
  migrating?: number;
}

/** An award item: the record nested (its `type` is the award's, not the item's), and the saga that wrote it. */
interface StoredAward {
  award: AwardRecord;
  sagaId: string;
  /** Set by the withdrawal under way (the award no longer counts as confirmed). */
  withdrawnBy?: string;
  /** The programme whose ledger counts it (a withdrawal frees it there). */
  programmeId?: string;
}

/** Whether a confirmation or withdrawal started lately is still listed (it may yet be undone). */
const young = (t: StoredTotals | undefined) => Object.values(t?.pending ?? {}).some((p) => p.at > Date.now() - SETTLING_MS);

function totalsOf(t: StoredTotals | undefined): LedgerTotals {
  return {
    plan: t?.plan,
    categoryPicks: t?.categoryPicks ?? [],
    committed: t?.committed ?? 0,
    counts: { ...(t?.counts ?? {}) },
    version: t?.version ?? 0,
    planVersion: t?.planVersion ?? 0,
    ...(t?.frozenAt ? { frozenAt: t.frozenAt } : {}),
    inFlight: Object.keys(t?.pending ?? {}).length,
  };
}

function awardOf(item: Record<string, unknown>): StoredAward {
  return fromItem<StoredAward>(item);
}

const publicAward = (a: StoredAward): AwardRecord => a.award;

export function awardsRepository(db: DocumentClient, table: string): AwardsRepository & { settleProgrammeEntry: (programmeId: string, saga: string, p: ProgrammePending) => Promise<void> } {
  const totalsKey = keys.ledger;
  const programme = programmeLedgerSteps(db, table);
  /** A saga's entry as the programme ledger holds it. */
  const programmeEntry = (competitionId: string, p: Pending): ProgrammePending => ({ kind: p.kind, competitionId, key: p.key, org: p.org, amount: p.amount, sme: p.sme ?? false, at: p.at });

  async function readTotals(competitionId: string): Promise<StoredTotals | undefined> {
    const r = await db.send(new GetCommand({ TableName: table, Key: totalsKey(competitionId), ConsistentRead: true }));
    return r.Item ? fromItem<StoredTotals>(r.Item) : undefined;
  }

  async function readAward(competitionId: string, key: string): Promise<StoredAward | undefined> {
    const r = await db.send(new GetCommand({ TableName: table, Key: keys.award(competitionId, key), ConsistentRead: true }));
    return r.Item ? awardOf(r.Item) : undefined;
  }

  /** Every item under `prefix` in the competition's partition, all pages, read strongly consistent. */
  const queryAll = <T>(competitionId: string, prefix: string): Promise<T[]> => queryPartition<T>(db, table, totalsKey(competitionId).pk, prefix, { consistent: true });


  /** The totals item in schema 2, migrating a schema-1 ledger first. */
  async function current(competitionId: string): Promise<StoredTotals | undefined> {
    for (let i = 0; ; i++) {
      const t = await readTotals(competitionId);
      if (!t?.awards) return t;
      if (!(await migrate(competitionId, t))) {
        // Someone else is migrating it: a few hundred writes, well under a second.
        if (i >= 100) throw new InvalidState('The award ledger is being upgraded right now; try again in a moment.');
        await pause(30);
      }
    }
  }

  /** Converts a schema-1 ledger; false if another process is doing it. */
  async function migrate(competitionId: string, legacy: StoredTotals): Promise<boolean> {
    const at = Date.now();
    const claimed = await conditional(
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: totalsKey(competitionId),
          UpdateExpression: 'SET migrating = :at',
          ConditionExpression: 'attribute_exists(awards) AND (attribute_not_exists(migrating) OR migrating < :stale)',
          ExpressionAttributeValues: { ':at': at, ':stale': at - STALE_MS },
        }),
      ),
    );
    if (!claimed) return false;
    const awards = Object.values(legacy.awards ?? {});
    // Prize slots only (the other slots are award keys, guarded by the award items now).
    const slots: Record<string, string> = Object.fromEntries(Object.entries(legacy.slots ?? {}).filter(([slot]) => slot.startsWith('rank:')));
    for (const a of awards) if (a.type === 'prize') slots[a.slot] = a.submissionId;
    // Overwriting is safe: while the maps exist nothing else writes these items.
    await batchWrite(db, table, [
      ...awards.map((a) => ({ PutRequest: { Item: { ...keys.award(competitionId, a.key), type: 'Award', schemaVersion: 1, award: a, sagaId: 'migrated' } } })),
      ...Object.entries(legacy.perOrg ?? {}).map(([org, total]) => ({
        PutRequest: { Item: { ...keys.awardOrganisation(competitionId, org), type: 'AwardOrganisation', schemaVersion: 1, organisationKey: org, total } },
      })),
    ]);
    await conditional(
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: totalsKey(competitionId),
          UpdateExpression:
            'REMOVE awards, perOrg, migrating SET schemaVersion = :sv, slots = :slots, pending = :empty, counts = if_not_exists(counts, :empty), committed = if_not_exists(committed, :zero), #version = if_not_exists(#version, :zero) + :one',
          ConditionExpression: 'migrating = :at',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':at': at, ':sv': SCHEMA, ':slots': slots, ':empty': {}, ':zero': 0, ':one': 1 },
        }),
      ),
    );
    return true;
  }

  /** The totals' changes that undo (sign -1) or make (sign +1) a reservation, for an UpdateExpression. */
  function reservationChange(p: Pending, sign: 1 | -1) {
    const set = [`committed = committed ${sign > 0 ? '+' : '-'} :amt`, '#version = #version + :one'];
    const remove: string[] = [];
    const names: Record<string, string> = { '#version': 'version' };
    if (p.counted) {
      set.push(sign > 0 ? 'counts.#t = if_not_exists(counts.#t, :zero) + :one' : 'counts.#t = counts.#t - :one');
      names['#t'] = p.type;
    }
    if (p.slot) {
      if (sign > 0) set.push('slots.#s = :sid');
      else remove.push('slots.#s');
      names['#s'] = p.slot;
    }
    return { set, remove, names };
  }

  /** Step 4 (and the end of any settling): the pending entry goes, the version moves on. Returns the sagas still in flight. */
  async function endSaga(competitionId: string, saga: string, p: Pending, undo: boolean): Promise<Set<string> | undefined> {
    const change = undo ? reservationChange(p, -1) : { set: ['#version = #version + :one'], remove: [] as string[], names: { '#version': 'version' } as Record<string, string> };
    const values: Record<string, unknown> = { ':one': 1 };
    if (undo) values[':amt'] = p.amount;
    try {
      const r = await db.send(
        new UpdateCommand({
          TableName: table,
          Key: totalsKey(competitionId),
          UpdateExpression: `SET ${change.set.join(', ')} REMOVE ${['pending.#x', ...change.remove].join(', ')}`,
          ConditionExpression: 'attribute_exists(pending.#x)',
          ExpressionAttributeNames: { ...change.names, '#x': saga },
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return new Set(Object.keys((r.Attributes?.pending as Record<string, unknown> | undefined) ?? {}));
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      return undefined;
    }
  }

  /**
   * An organisation's `sagas` set only matters for sagas in flight (to settle an orphan). Every
   * MARKERS_KEPT marks, the finished ones are taken out (those not in flight after this saga ended:
   * a saga marks the organisation only after reserving on the totals item, so one not in flight
   * there now has finished).
   */
  async function pruneMarkers(competitionId: string, org: string, marks: Set<string> | undefined, inFlight: Set<string> | undefined) {
    if (!marks || !inFlight || marks.size < MARKERS_KEPT) return;
    const done = [...marks].filter((id) => !inFlight.has(id));
    if (done.length === 0) return;
    await db
      .send(
        new UpdateCommand({
          TableName: table,
          Key: keys.awardOrganisation(competitionId, org),
          UpdateExpression: 'DELETE sagas :ids',
          ExpressionAttributeValues: { ':ids': new Set(done) },
        }),
      )
      .catch(() => undefined);
  }

  /** Moves the organisation's total by `delta` for this saga, once (its id marks that it did). */
  async function moveOrganisation(competitionId: string, saga: string, org: string, delta: number, condition?: { capLeft: number }): Promise<Set<string> | undefined> {
    const r = await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.awardOrganisation(competitionId, org),
        UpdateExpression: 'SET #type = if_not_exists(#type, :type), schemaVersion = if_not_exists(schemaVersion, :one), organisationKey = :org, #total = if_not_exists(#total, :zero) + :delta ADD sagas :ids',
        ConditionExpression: `NOT contains(sagas, :id)${condition ? ' AND (attribute_not_exists(#total) OR #total <= :capLeft)' : ''}`,
        ExpressionAttributeNames: { '#type': 'type', '#total': 'total' },
        ExpressionAttributeValues: {
          ':type': 'AwardOrganisation',
          ':one': 1,
          ':org': org,
          ':zero': 0,
          ':delta': delta,
          ':ids': new Set([saga]),
          ':id': saga,
          ...(condition ? { ':capLeft': condition.capLeft } : {}),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return r.Attributes?.sagas as Set<string> | undefined;
  }

  /** Takes back the organisation's share if this saga added it. */
  async function unmoveOrganisation(competitionId: string, saga: string, org: string, delta: number) {
    await conditional(
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.awardOrganisation(competitionId, org),
          UpdateExpression: 'SET #total = #total - :delta DELETE sagas :ids',
          ConditionExpression: 'contains(sagas, :id)',
          ExpressionAttributeNames: { '#total': 'total' },
          ExpressionAttributeValues: { ':delta': delta, ':ids': new Set([saga]), ':id': saga },
        }),
      ),
    );
  }

  /** Finishes a confirmation whatever step it stopped at: forward if its award landed, else back. */
  async function settleConfirm(competitionId: string, saga: string, p: Pending): Promise<'forward' | 'back'> {
    const award = await readAward(competitionId, p.key);
    if (award?.sagaId === saga) {
      await Promise.all([endSaga(competitionId, saga, p, false), p.programmeId ? programme.end(p.programmeId, saga, programmeEntry(competitionId, p), false) : undefined]);
      return 'forward';
    }
    await unmoveOrganisation(competitionId, saga, p.org, p.amount);
    if (p.programmeId) {
      // The programme side first (recipient, then the ledger's entry), the totals' entry last.
      await programme.unmoveRecipient(p.programmeId, saga, p.org, p.amount);
      await programme.end(p.programmeId, saga, programmeEntry(competitionId, p), true);
    }
    await endSaga(competitionId, saga, p, true);
    return 'back';
  }

  /** Removes a withdrawal's pending entry and nothing else (it claimed nothing); the programme's first. */
  async function dropPending(competitionId: string, saga: string, programmeId?: string) {
    if (programmeId) await programme.end(programmeId, saga, { amount: 0, sme: false }, false);
    await conditional(
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: totalsKey(competitionId),
          UpdateExpression: 'REMOVE pending.#x SET #version = #version + :one',
          ConditionExpression: 'attribute_exists(pending.#x)',
          ExpressionAttributeNames: { '#x': saga, '#version': 'version' },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      ),
    );
  }

  /** The last step of a withdrawal: its claimed award item goes. */
  async function deleteClaimed(competitionId: string, key: string, saga: string) {
    await conditional(
      db.send(
        new DeleteCommand({
          TableName: table,
          Key: keys.award(competitionId, key),
          ConditionExpression: 'withdrawnBy = :w',
          ExpressionAttributeValues: { ':w': saga },
        }),
      ),
    );
  }

  /**
   * Finishes a withdrawal whatever step it stopped at: forward if it claimed the award item
   * (`withdrawnBy` is its id), else back (it changed nothing but its pending entry).
   */
  async function settleWithdraw(competitionId: string, saga: string, p: Pending): Promise<'forward' | 'back'> {
    const award = await readAward(competitionId, p.key);
    if (award?.withdrawnBy !== saga) {
      await dropPending(competitionId, saga, p.programmeId);
      return 'back';
    }
    await conditional(moveOrganisation(competitionId, saga, p.org, -p.amount));
    if (p.programmeId) await conditional(programme.moveRecipient(p.programmeId, saga, p.org, -p.amount));
    await Promise.all([endSaga(competitionId, saga, p, true), p.programmeId ? programme.end(p.programmeId, saga, programmeEntry(competitionId, p), true) : undefined]);
    await deleteClaimed(competitionId, p.key, saga);
    return 'forward';
  }

  /**
   * Clears the pending entries of confirmations that are finished (their award item holds the
   * saga's id: nothing of theirs is left to write), and settles the orphans a dead process left
   * (entries older than STALE_MS). True if it changed anything.
   */
  async function settleFinished(competitionId: string, t: StoredTotals | undefined): Promise<boolean> {
    const now = Date.now();
    const entries = Object.entries(t?.pending ?? {});
    const done = await Promise.all(
      entries.map(async ([saga, p]) => {
        if (p.at < now - STALE_MS) return (p.kind === 'confirm' ? settleConfirm(competitionId, saga, p) : settleWithdraw(competitionId, saga, p)).then(() => true);
        if (p.kind !== 'confirm' || (await readAward(competitionId, p.key))?.sagaId !== saga) return false;
        await Promise.all([endSaga(competitionId, saga, p, false), p.programmeId ? programme.end(p.programmeId, saga, programmeEntry(competitionId, p), false) : undefined]);
        return true;
      }),
    );
    return done.some(Boolean);
  }

  /**
   * Why a confirmation was refused, read back from what is stored (`capFailed`: its organisation's
   * step was). `settling` says whether a confirmation or withdrawal under way could still change
   * the answer: for the budget any, for a count one of the same type, for the cap one of the same
   * organisation, for a slot one of the same key or slot (finished ones are cleared first).
   */
  async function refusal(competitionId: string, award: AwardRecord, limits: { budget: number; maxCount?: number; planVersion: number }, capFailed = false): Promise<ConfirmResult> {
    const read = await Promise.all([readTotals(competitionId), readAward(competitionId, award.key)]);
    let t = read[0];
    const existing = read[1];
    // Only confirmations still under way can change the answer: clear the finished ones first.
    if (young(t) && (await settleFinished(competitionId, t))) t = await readTotals(competitionId);
    const totals = totalsOf(t);
    const recent = Object.values(t?.pending ?? {}).filter((p) => p.at > Date.now() - SETTLING_MS);
    const refused = (reason: Extract<ConfirmResult, { status: 'refused' }>['reason'], settling: boolean): ConfirmResult => ({ status: 'refused', reason, settling, totals });
    if (existing?.withdrawnBy) {
      // Being withdrawn: once it is gone the key is free. A claim left by a finished withdrawal goes now.
      // (Read after the claim was seen: a withdrawal marks the totals item before it claims.)
      if (!(await readTotals(competitionId))?.pending?.[existing.withdrawnBy]) await deleteClaimed(competitionId, award.key, existing.withdrawnBy);
      return refused('retry', true);
    }
    const held = existing?.award;
    if (held) return refused(held.submissionId === award.submissionId && held.amount === award.amount && held.rank === award.rank ? 'already' : 'taken', false);
    const sameSlot = recent.some((p) => p.key === award.key || (award.type === 'prize' && p.slot === award.slot));
    if (capFailed) return refused('cap', recent.some((p) => p.org === award.organisationKey) || sameSlot);
    if (!t || t.awards) return refused('plan-changed', false);
    if (t.frozenAt) return refused('frozen', false);
    if (!t.plan || (t.planVersion ?? 0) !== limits.planVersion) return refused('plan-changed', false);
    if (award.type === 'prize' && t.slots?.[award.slot] !== undefined) return refused('taken', sameSlot);
    if (limits.maxCount !== undefined && (t.counts?.[award.type] ?? 0) >= limits.maxCount) return refused('count', recent.some((p) => p.type === award.type));
    if ((t.committed ?? 0) + award.amount > limits.budget) return refused('budget', recent.length > 0);
    // The award was there a moment ago and withdrawn since, or a reservation was just undone.
    return refused('retry', true);
  }

  /**
   * Steps 2a and 2b of a confirmation in a programme's call: the programme's budget (at the limits
   * version read; read again and tried again when the limits changed meanwhile), then the
   * recipient's total within the programme's cap. On a refusal the saga is undone and says why.
   */
  async function reserveInProgramme(
    competitionId: string,
    saga: string,
    p: Pending,
    award: AwardRecord,
    prog: { id: string; sectors: string[] },
    read: Awaited<ReturnType<typeof programme.current>>,
  ): Promise<{ refused: ConfirmResult } | { marks: Set<string> | undefined }> {
    const entry = programmeEntry(competitionId, p);
    let l = read;
    for (let attempt = 0; ; attempt++) {
      if (!l) {
        await settleConfirm(competitionId, saga, p);
        throw new InvalidState("This competition's programme does not exist any more.");
      }
      if (await programme.reserve(prog.id, saga, entry, l)) break;
      const now = await programme.read(prog.id);
      if (now && now.limitsVersion === l.limitsVersion && now.committed + p.amount > now.budget) {
        await settleConfirm(competitionId, saga, p);
        return { refused: await programmeRefusal(competitionId, award, prog.id, 'programme-budget') };
      }
      if (attempt >= 20) {
        await settleConfirm(competitionId, saga, p);
        const why = await programmeRefusal(competitionId, award, prog.id, 'programme-budget');
        return { refused: why.status === 'refused' ? { ...why, reason: 'retry', settling: true } : why };
      }
      l = now;
    }
    const facts: RecipientFacts = { organisationName: award.organisationName, registryId: award.registryId, country: award.country, sectors: prog.sectors, isSme: award.isSme };
    let marks: Set<string> | undefined;
    const held = await conditional(programme.moveRecipient(prog.id, saga, p.org, p.amount, { capLeft: l.thirdPartyCap - p.amount, facts }).then((m) => (marks = m)));
    if (!held) {
      await settleConfirm(competitionId, saga, p);
      return { refused: await programmeRefusal(competitionId, award, prog.id, 'programme-cap') };
    }
    return { marks };
  }

  /** Why the programme refused, read back from its ledger (`settling`: sagas in flight there could change it). */
  async function programmeRefusal(competitionId: string, award: AwardRecord, programmeId: string, reason: 'programme-budget' | 'programme-cap'): Promise<ConfirmResult> {
    const [t, l, r] = await Promise.all([
      readTotals(competitionId),
      programme.read(programmeId),
      reason === 'programme-cap' ? programme.readRecipient(programmeId, award.organisationKey) : undefined,
    ]);
    const recent = youngProgrammeEntries(l);
    const settling = reason === 'programme-budget' ? recent.length > 0 : recent.some((x) => x.org === award.organisationKey);
    // Nothing stored explains it any more (a reservation was undone since): try again.
    const fits = reason === 'programme-budget' ? (l?.committed ?? 0) + award.amount <= (l?.budget ?? 0) : (r?.total ?? 0) + award.amount <= (l?.thirdPartyCap ?? 0);
    return {
      status: 'refused',
      reason: fits ? 'retry' : reason,
      settling: settling || fits,
      totals: totalsOf(t),
      programme: { programmeId, currency: l?.currency ?? 'EUR', budget: l?.budget ?? 0, thirdPartyCap: l?.thirdPartyCap ?? 0, committed: l?.committed ?? 0, received: r?.total ?? 0 },
    };
  }

  return {
    /**
     * Finishes a saga a dead process left in flight on the programme ledger (a limits change found
     * it): as its competition's side says, or — that side ended — forward (see the header).
     */
    async settleProgrammeEntry(programmeId, saga, pp) {
      const own = (await readTotals(pp.competitionId))?.pending?.[saga];
      if (own) {
        await (own.kind === 'confirm' ? settleConfirm(pp.competitionId, saga, own) : settleWithdraw(pp.competitionId, saga, own));
        return;
      }
      if (pp.kind === 'withdraw') await conditional(programme.moveRecipient(programmeId, saga, pp.org, -pp.amount));
      await programme.end(programmeId, saga, pp, pp.kind === 'withdraw');
    },

    async getLedger(competitionId) {
      // The totals first: a plan change checked against this read holds only at its version, and
      // every confirmation moves the version on before it touches the items read after it.
      // A read writes nothing (beyond migrating a schema-1 ledger once): an entry still `pending` is a
      // confirmation or withdrawal under way (its reservation counts), or an orphan the next writer settles.
      const t = await current(competitionId);
      const [awards, orgs] = await Promise.all([
        queryAll<StoredAward>(competitionId, keys.awardPrefix()),
        queryAll<{ organisationKey: string; total: number }>(competitionId, keys.awardOrganisationPrefix()),
      ]);
      return {
        ...totalsOf(t),
        perOrganisation: Object.fromEntries(orgs.filter((o) => o.total !== 0).map((o) => [o.organisationKey, o.total])),
        // An award being withdrawn no longer counts (its money is freed next).
        awards: awards.filter((a) => !a.withdrawnBy).map(publicAward).sort((a, b) => a.key.localeCompare(b.key)),
      };
    },

    async getTotals(competitionId) {
      return totalsOf(await current(competitionId));
    },

    async getAward(competitionId, key) {
      await current(competitionId);
      const a = await readAward(competitionId, key);
      return a && !a.withdrawnBy ? publicAward(a) : undefined;
    },

    async savePlan(competitionId, plan, picks, expectedVersion) {
      const saved = await conditional(
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: totalsKey(competitionId),
            UpdateExpression:
              'SET #type = :type, schemaVersion = :sv, #plan = :plan, categoryPicks = :picks, #version = :next, planVersion = if_not_exists(planVersion, :zero) + :one, committed = if_not_exists(committed, :zero), counts = if_not_exists(counts, :empty), slots = if_not_exists(slots, :empty), pending = if_not_exists(pending, :empty)',
            // The whole ledger's version: no confirmation or withdrawal happened since the caller
            // checked the new plan against it (caps and counts), none is half-way, and results are not frozen.
            ConditionExpression:
              '((attribute_not_exists(#version) AND :expected = :zero) OR (#version = :expected AND committed <= :budget)) AND attribute_not_exists(frozenAt) AND attribute_not_exists(awards) AND (attribute_not_exists(pending) OR size(pending) = :zero)',
            ExpressionAttributeNames: { '#type': 'type', '#plan': 'plan', '#version': 'version' },
            ExpressionAttributeValues: {
              ':type': 'AwardLedger',
              ':sv': SCHEMA,
              ':plan': plan,
              ':picks': picks,
              ':next': expectedVersion + 1,
              ':expected': expectedVersion,
              ':zero': 0,
              ':one': 1,
              ':empty': {},
              ':budget': plan.totalBudget,
            },
          }),
        ),
      );
      if (saved) return;
      const t = await current(competitionId);
      const now = totalsOf(t);
      if (now.frozenAt) throw new InvalidState('The results are published, so the prize plan is fixed.');
      if (now.version === expectedVersion && now.inFlight === 0 && now.committed > plan.totalBudget)
        throw new InvalidState('The budget cannot be lower than what is already committed to confirmed awards.', { totalBudget: 'below committed' });
      await settleFinished(competitionId, t);
      throw new VersionConflict('Awards are being confirmed or the plan changed since you opened it. Reload and try again.');
    },

    async confirm(competitionId, award, limits, after) {
      const saga = newSagaId();
      const counted = limits.maxCount !== undefined;
      const p: Pending = {
        kind: 'confirm',
        key: award.key,
        org: award.organisationKey,
        amount: award.amount,
        type: award.type,
        ...(award.type === 'prize' ? { slot: award.slot } : {}),
        submissionId: award.submissionId,
        counted,
        at: Date.now(),
        ...(limits.programme ? { programmeId: limits.programme.id, sme: award.isSme } : {}),
      };
      const prog = limits.programme;
      const change = reservationChange(p, 1);
      // 1. Reserve on the totals: budget, count, prize slot, plan version, not frozen. Read
      // together with it: whether the award is confirmed already (a repeat, a double click), and
      // in a programme's call the programme ledger (its limits and their version).
      const [reserved, before, programmeRead] = await Promise.all([
        conditional(
          db.send(
            new UpdateCommand({
              TableName: table,
              Key: totalsKey(competitionId),
              UpdateExpression: `SET ${[...change.set, 'pending.#x = :p'].join(', ')}`,
              ConditionExpression:
                'attribute_exists(#plan) AND attribute_not_exists(frozenAt) AND attribute_not_exists(awards) AND ((attribute_not_exists(planVersion) AND :pv = :zero) OR planVersion = :pv) AND committed <= :budgetLeft' +
                (counted ? ' AND (attribute_not_exists(counts.#t) OR counts.#t < :maxCount)' : '') +
                (p.slot ? ' AND attribute_not_exists(slots.#s)' : ''),
              ExpressionAttributeNames: { ...change.names, '#plan': 'plan', '#x': saga },
              ExpressionAttributeValues: {
                ':amt': award.amount,
                ':zero': 0,
                ':one': 1,
                ':p': p,
                // No arithmetic in conditions: "committed + amount <= budget" becomes "committed <= budget - amount".
                ':budgetLeft': limits.budget - award.amount,
                ':pv': limits.planVersion,
                ...(p.slot ? { ':sid': award.submissionId } : {}),
                ...(counted ? { ':maxCount': limits.maxCount } : {}),
              },
            }),
          ),
        ),
        readAward(competitionId, award.key),
        prog ? programme.current(prog.id) : undefined,
      ]);
      if (!reserved) return refusal(competitionId, award, limits);
      if (before && !before.withdrawnBy) {
        // Confirmed already: the reservation is given back before it touches the organisation.
        await endSaga(competitionId, saga, p, true);
        return refusal(competitionId, award, limits);
      }
      // The caller's work after the commit point (its audit entry), started with step 4.
      let followUp: Promise<unknown> | undefined;
      try {
        // 2. The organisation's total, within the cap.
        let marks: Set<string> | undefined;
        if (!(await conditional(moveOrganisation(competitionId, saga, p.org, p.amount, { capLeft: limits.cap - award.amount }).then((m) => (marks = m))))) {
          await settleConfirm(competitionId, saga, p);
          return refusal(competitionId, award, limits, true);
        }
        // 2a, 2b. In a programme's call: the programme's budget, then the third party's total across its calls.
        let recipientMarks: Set<string> | undefined;
        if (prog) {
          const held = await reserveInProgramme(competitionId, saga, p, award, prog, programmeRead);
          if ('refused' in held) return held.refused;
          recipientMarks = held.marks;
        }
        // 3. The award itself, if its key is free.
        const item = { ...keys.award(competitionId, award.key), type: 'Award', schemaVersion: 1, award, sagaId: saga, ...(prog ? { programmeId: prog.id } : {}) };
        if (!(await conditional(db.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(sk)' }))))) {
          await settleConfirm(competitionId, saga, p);
          return refusal(competitionId, award, limits);
        }
        // 4. Done: the pending entry goes, by a write of its own (a reader never has to clear it),
        // and the caller's follow-up with it (one round trip: issue 9 §3).
        // Now and then the organisation's finished marks are pruned too.
        followUp = after?.();
        followUp?.catch(() => undefined); // awaited below
        const [inFlight, programmeInFlight] = await Promise.all([endSaga(competitionId, saga, p, false), prog ? programme.end(prog.id, saga, programmeEntry(competitionId, p), false) : undefined]);
        const marked = marks as Set<string> | undefined;
        if (marked && marked.size >= MARKERS_KEPT) await pruneMarkers(competitionId, p.org, marked, inFlight);
        if (prog) await programme.pruneRecipient(prog.id, p.org, recipientMarks, programmeInFlight);
      } catch (e) {
        // A storage failure half-way: finish as far as it got (forward if the award landed).
        const settled = await settleConfirm(competitionId, saga, p).catch(() => undefined);
        if (settled !== 'forward') throw e;
        followUp ??= after?.();
      }
      await followUp;
      return { status: 'confirmed' };
    },

    async withdraw(competitionId, award) {
      const t = await current(competitionId);
      const found = await readAward(competitionId, award.key);
      if (!found || found.withdrawnBy || found.award.submissionId !== award.submissionId || found.award.amount !== award.amount) return 'gone';
      const stored = { ...found.award, sagaId: found.sagaId };
      // Its confirmation is finished (the award item holds its id): its pending entry can go.
      const own = t?.pending?.[found.sagaId];
      if (own) await Promise.all([endSaga(competitionId, found.sagaId, own, false), own.programmeId ? programme.end(own.programmeId, found.sagaId, programmeEntry(competitionId, own), false) : undefined]);
      const saga = newSagaId();
      const p: Pending = {
        kind: 'withdraw',
        key: award.key,
        org: stored.organisationKey,
        amount: stored.amount,
        type: stored.type,
        ...(stored.type === 'prize' ? { slot: stored.slot } : {}),
        submissionId: stored.submissionId,
        counted: COUNTED.includes(stored.type),
        of: stored.sagaId,
        at: Date.now(),
        // Taken back from the programme ledger that counted it (not the competition's programme now).
        ...(found.programmeId ? { programmeId: found.programmeId, sme: stored.isSme } : {}),
      };
      // 1. Mark the withdrawal (not frozen, and the award's own confirmation is finished).
      const marked = await conditional(
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: totalsKey(competitionId),
            UpdateExpression: 'SET pending.#x = :p, #version = #version + :one',
            ConditionExpression: 'attribute_exists(pending) AND attribute_not_exists(frozenAt) AND attribute_not_exists(awards) AND attribute_not_exists(pending.#c)',
            ExpressionAttributeNames: { '#x': saga, '#c': stored.sagaId, '#version': 'version' },
            ExpressionAttributeValues: { ':p': p, ':one': 1 },
          }),
        ),
      );
      if (!marked) {
        const t = await readTotals(competitionId);
        return t?.frozenAt ? 'frozen' : 'busy';
      }
      try {
        // 1b. In a programme's call: marked on the programme ledger too (a limits change waits for it).
        if (p.programmeId && !(await programme.mark(p.programmeId, saga, programmeEntry(competitionId, p)))) {
          await dropPending(competitionId, saga);
          return 'busy';
        }
        // 2. Claim the award item, if it is still the one read and no other withdrawal has.
        const claimed = await conditional(
          db.send(
            new UpdateCommand({
              TableName: table,
              Key: keys.award(competitionId, award.key),
              UpdateExpression: 'SET withdrawnBy = :w',
              ConditionExpression: 'sagaId = :of AND attribute_not_exists(withdrawnBy)',
              ExpressionAttributeValues: { ':of': stored.sagaId, ':w': saga },
            }),
          ),
        );
        if (!claimed) {
          await dropPending(competitionId, saga, p.programmeId);
          return 'gone';
        }
        // 3. The organisation's total, 4. the reservation freed, 5. the award item gone.
        const marks = await moveOrganisation(competitionId, saga, p.org, -p.amount);
        if (p.programmeId) {
          // 3b. the third party's total across the calls, 4b. the programme's money freed.
          const recipientMarks = await programme.moveRecipient(p.programmeId, saga, p.org, -p.amount);
          const [inFlight, programmeInFlight] = await Promise.all([endSaga(competitionId, saga, p, true), programme.end(p.programmeId, saga, programmeEntry(competitionId, p), true)]);
          await pruneMarkers(competitionId, p.org, marks, inFlight);
          await programme.pruneRecipient(p.programmeId, p.org, recipientMarks, programmeInFlight);
        } else await pruneMarkers(competitionId, p.org, marks, await endSaga(competitionId, saga, p, true));
        await deleteClaimed(competitionId, award.key, saga);
        return 'withdrawn';
      } catch (e) {
        const settled = await settleWithdraw(competitionId, saga, p).catch(() => undefined);
        if (settled === 'forward') return 'withdrawn';
        throw e;
      }
    },

    async freeze(competitionId, at) {
      for (let i = 0; ; i++) {
        const frozen = await conditional(
          db.send(
            new UpdateCommand({
              TableName: table,
              Key: totalsKey(competitionId),
              UpdateExpression:
                'SET #type = :type, schemaVersion = :sv, frozenAt = :at, #version = if_not_exists(#version, :zero) + :one, categoryPicks = if_not_exists(categoryPicks, :list), committed = if_not_exists(committed, :zero), counts = if_not_exists(counts, :empty), slots = if_not_exists(slots, :empty), pending = if_not_exists(pending, :empty)',
              // Nothing in flight: every award confirmed so far is written, so the snapshot holds it.
              ConditionExpression: 'attribute_not_exists(frozenAt) AND attribute_not_exists(awards) AND (attribute_not_exists(pending) OR size(pending) = :zero)',
              ExpressionAttributeNames: { '#type': 'type', '#version': 'version' },
              ExpressionAttributeValues: { ':type': 'AwardLedger', ':sv': SCHEMA, ':at': at, ':zero': 0, ':one': 1, ':empty': {}, ':list': [] },
            }),
          ),
        );
        if (frozen) return true;
        const t = await current(competitionId);
        if (t?.frozenAt) return false;
        await settleFinished(competitionId, t);
        // Confirmations in flight finish in milliseconds; new ones wait behind the freeze.
        if (i >= 200) throw new InvalidState('Awards are being confirmed or withdrawn right now; try again in a moment.');
        await pause(15);
      }
    },

    async unfreeze(competitionId) {
      await current(competitionId);
      await conditional(
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: totalsKey(competitionId),
            UpdateExpression: 'REMOVE frozenAt SET #version = #version + :one',
            ConditionExpression: 'attribute_exists(frozenAt)',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':one': 1 },
          }),
        ),
      );
    },

    async getMeetingOptIn(competitionId, submissionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.meetingOptIn(competitionId, submissionId), ConsistentRead: true }));
      return r.Item?.open === true;
    },

    async setMeetingOptIn(competitionId, submissionId, open) {
      await db.send(
        new PutCommand({ TableName: table, Item: { ...keys.meetingOptIn(competitionId, submissionId), type: 'MeetingOptIn', schemaVersion: 1, open } }),
      );
    },
  };
}
