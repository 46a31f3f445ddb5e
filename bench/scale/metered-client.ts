/**
 * What each request costs in DynamoDB, measured on the app's own client: every `send` is wrapped
 * (the client object the repositories hold, so nothing in functions/ changes) to record, per call,
 *  - when it started and ended (one counter for both, as tests/support/db-round-trips.ts does, so
 *    the sequential chain — `longestChain` — is the same on a fast or a loaded machine);
 *  - the items it examined (GetItem 1, BatchGetItem its keys, Query its ScannedCount — what a
 *    FilterExpression dropped included) and wrote;
 *  - its read and write request units.
 *
 * Units. The table's units are what the stand-in reports with `ReturnConsumedCapacity: 'INDEXES'`
 * (added to every call): DynamoDB's rules — 4 KB per read unit for a strongly consistent read,
 * half for an eventually consistent one, every item of a Query's pages counted before its filter,
 * a missing item still one read; 1 KB per write unit, the larger of the item before and after.
 * dynalite does not charge index writes, so they are added here from the table's definition (its
 * DescribeTable, i.e. what `ensureTable` made from adapters/dynamodb/table-definition.ts): every
 * write of an item that has an index's keys costs that index ⌈projected size / 1 KB⌉ units — the
 * whole item for ALL, the keys for KEYS_ONLY, the keys and the listed attributes for INCLUDE —
 * twice when the index key changes (a delete and a put), nothing when neither the index key nor a
 * projected attribute changed (DynamoDB then leaves the index entry alone). To see the item before and after, Put and
 * Delete ask for `ALL_OLD` and Update for `ALL_NEW` when the caller asked for nothing (the answer's
 * Attributes are then removed again); an Update whose caller asked for other values, and the
 * deletes of a BatchWriteItem, are assumed to touch no index (none does today). A conditional
 * write that fails still costs DynamoDB one write unit; dynalite reports nothing for it, so one is
 * counted. Item sizes follow DynamoDB's rules (names + values in UTF-8, numbers ≈ 1 byte per two
 * digits, 3 bytes per list or map plus 1 per element).
 *
 * Attribution: calls carry the tag of the async context they were issued in (`runTagged`): the
 * bench's server runs each request under the tag its driver asked for ("request", "poll"), the S3
 * event handler under "pitch-processor"; work a request leaves running keeps its tag, work started
 * outside any request (a job runner's loop) has none ("background").
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Command, DocumentClient, Operation } from '../../functions/adapters/dynamodb/client.ts';
import { longestChain } from '../../tests/support/db-round-trips.ts';

export interface IndexShape {
  name: string;
  partitionKey: string;
  sortKey?: string;
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  nonKeyAttributes: string[];
  /** An index nothing reads any more, kept until a later deploy drops it (table-definition.ts RETIRING_INDEXES): its units are also counted apart. */
  retiring?: boolean;
}

export interface TableShape {
  partitionKey: string;
  sortKey?: string;
  indexes: IndexShape[];
}

export interface CallRecord {
  operation: Operation;
  tag: string;
  start: number;
  end?: number;
  itemsRead: number;
  itemsWritten: number;
  readUnits: number;
  /** Table write units (the stand-in's figure, or 1 for a failed conditional write). */
  writeUnits: number;
  /** Index write units (computed here, see the header). */
  indexWriteUnits: number;
  /** Of `indexWriteUnits`, those of retiring indexes: what the write no longer costs once they are dropped. */
  retiringIndexWriteUnits: number;
  failed?: string;
}

export interface CallSummary {
  calls: number;
  /** The longest chain of calls each of which started after the one before it answered. */
  sequential: number;
  itemsRead: number;
  itemsWritten: number;
  readUnits: number;
  /** Table and index write units together. */
  writeUnits: number;
  indexWriteUnits: number;
  /** Of the write units, those of retiring indexes (IndexShape.retiring). */
  retiringIndexWriteUnits: number;
  failedCalls: number;
  byOperation: Record<string, number>;
}

export function summarise(calls: readonly CallRecord[]): CallSummary {
  const byOperation: Record<string, number> = {};
  for (const c of calls) byOperation[c.operation] = (byOperation[c.operation] ?? 0) + 1;
  const sum = (f: (c: CallRecord) => number) => calls.reduce((a, c) => a + f(c), 0);
  return {
    calls: calls.length,
    sequential: longestChain(calls),
    itemsRead: sum((c) => c.itemsRead),
    itemsWritten: sum((c) => c.itemsWritten),
    readUnits: round(sum((c) => c.readUnits)),
    writeUnits: round(sum((c) => c.writeUnits + c.indexWriteUnits)),
    indexWriteUnits: round(sum((c) => c.indexWriteUnits)),
    retiringIndexWriteUnits: round(sum((c) => c.retiringIndexWriteUnits)),
    failedCalls: calls.filter((c) => c.failed).length,
    byOperation,
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

const tags = new AsyncLocalStorage<string>();

/** Runs `work` (and whatever it leaves running) under `tag`. */
export function runTagged<T>(tag: string, work: () => T): T {
  return tags.run(tag, work);
}

export interface Meter {
  /** Starts recording afresh (what was recorded before is dropped). */
  begin(): void;
  /** What was recorded since `begin`, by tag. */
  take(): Record<string, CallRecord[]>;
  /** The counter's value now: calls that start later have a greater `start`. */
  tick(): number;
  /** Stops metering: the client's own `send` again. */
  detach(): void;
}

type Doc = Record<string, unknown>;

/**
 * Meters `db` in place. `shape` gives the indexes whose writes are charged (omit it where only
 * calls and items matter: no index units are counted then).
 */
export function meterClient(db: DocumentClient, shape?: TableShape): Meter {
  const original = db.send.bind(db);
  let tick = 0;
  let records: CallRecord[] = [];

  const metered = async <O extends Operation>(command: Command<O>) => {
    const { input, injected } = withCapacityRequest(command.operation, command.input as unknown as Doc);
    const record: CallRecord = {
      operation: command.operation,
      tag: tags.getStore() ?? 'background',
      start: ++tick,
      itemsRead: 0,
      itemsWritten: 0,
      readUnits: 0,
      writeUnits: 0,
      indexWriteUnits: 0,
      retiringIndexWriteUnits: 0,
    };
    records.push(record);
    try {
      const output = (await original({ operation: command.operation, input } as unknown as Command<O>)) as Doc;
      record.end = ++tick;
      account(record, command.operation, input, output, shape);
      // SCALE_TRACE=1: one line a call on stderr (what it touched, its units), to see where a route's units go.
      if (process.env.SCALE_TRACE) process.stderr.write(`trace ${record.tag} ${command.operation} ${describeTarget(input)} RRU ${record.readUnits} WRU ${record.writeUnits}+${record.indexWriteUnits}${record.retiringIndexWriteUnits ? ` (retiring ${record.retiringIndexWriteUnits})` : ''}\n`);
      delete output.ConsumedCapacity;
      if (injected) delete output.Attributes;
      return output as never;
    } catch (e) {
      record.end = ++tick;
      record.failed = e instanceof Error ? e.name : 'Error';
      // DynamoDB charges a write whose condition failed (at least one unit); the stand-in reports nothing.
      if (record.failed === 'ConditionalCheckFailedException') record.writeUnits = 1;
      throw e;
    }
  };
  (db as { send: unknown }).send = metered;

  return {
    begin() {
      records = [];
    },
    take() {
      const byTag: Record<string, CallRecord[]> = {};
      for (const r of records) (byTag[r.tag] ??= []).push(r);
      return byTag;
    },
    tick() {
      return tick;
    },
    detach() {
      (db as { send: unknown }).send = original;
    },
  };
}

/** A short name of what a call touched (SCALE_TRACE): the keys' sort-key prefixes, or the index and partition queried. */
function describeTarget(input: Doc): string {
  const key = (k: Doc | undefined) => (k ? String(k.sk ?? '').split('#').slice(0, 1).join('#') || String(k.pk ?? '') : '?');
  if (input.Key) return key(input.Key as Doc) + (input.ConsistentRead ? ' strong' : '');
  if (input.Item) return `${key(input.Item as Doc)} ${itemSize(input.Item as Doc)} B`;
  if (input.KeyConditionExpression) return `${String(input.IndexName ?? 'table')} ${JSON.stringify(Object.values((input.ExpressionAttributeValues as Doc | undefined) ?? {}).slice(0, 2)).slice(0, 60)}${input.ConsistentRead ? ' strong' : ''}`;
  if (input.RequestItems) {
    const all = Object.values(input.RequestItems as Record<string, { Keys?: Doc[]; ConsistentRead?: boolean }>);
    return all.map((t) => `${(t.Keys ?? []).length}×${[...new Set((t.Keys ?? []).map((k) => key(k)))].join(',')}${t.ConsistentRead ? ' strong' : ''}`).join(' ');
  }
  return '?';
}

const WRITES = new Set<Operation>(['PutItem', 'UpdateItem', 'DeleteItem']);

function withCapacityRequest(operation: Operation, input: Doc): { input: Doc; injected: boolean } {
  const out: Doc = { ...input, ReturnConsumedCapacity: 'INDEXES' };
  if (WRITES.has(operation) && (input.ReturnValues === undefined || input.ReturnValues === 'NONE')) {
    out.ReturnValues = operation === 'UpdateItem' ? 'ALL_NEW' : 'ALL_OLD';
    return { input: out, injected: true };
  }
  return { input: out, injected: false };
}

function consumed(output: Doc): number {
  const c = output.ConsumedCapacity as { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
  if (!c) return 0;
  return (Array.isArray(c) ? c : [c]).reduce((a, x) => a + (x.CapacityUnits ?? 0), 0);
}

function account(r: CallRecord, operation: Operation, input: Doc, output: Doc, shape: TableShape | undefined) {
  accountUnits(r, operation, input, output, shape);
  // The same write against the retiring indexes alone: the part of its index units they cost.
  const retiring = shape && shape.indexes.some((ix) => ix.retiring) ? { ...shape, indexes: shape.indexes.filter((ix) => ix.retiring) } : undefined;
  if (retiring) {
    const apart = { ...r, indexWriteUnits: 0 };
    accountUnits(apart, operation, input, output, retiring);
    r.retiringIndexWriteUnits = apart.indexWriteUnits;
  }
}

function accountUnits(r: CallRecord, operation: Operation, input: Doc, output: Doc, shape: TableShape | undefined) {
  const units = consumed(output);
  switch (operation) {
    case 'GetItem':
      r.itemsRead = 1;
      r.readUnits = units;
      return;
    case 'BatchGetItem':
      r.itemsRead = Object.values(input.RequestItems as Record<string, { Keys: unknown[] }>).reduce((a, k) => a + k.Keys.length, 0);
      r.readUnits = units;
      return;
    case 'Query':
      r.itemsRead = (output.ScannedCount as number | undefined) ?? ((output.Items as unknown[] | undefined)?.length ?? 0);
      r.readUnits = units;
      return;
    case 'BatchWriteItem': {
      const writes = Object.values(input.RequestItems as Record<string, { PutRequest?: { Item: Doc } }[]>).flat();
      r.itemsWritten = writes.length;
      r.writeUnits = units;
      if (shape) for (const w of writes) if (w.PutRequest) r.indexWriteUnits += indexUnits(shape, undefined, w.PutRequest.Item);
      return;
    }
    default: {
      r.itemsWritten = 1;
      r.writeUnits = units;
      if (!shape) return;
      const attributes = output.Attributes as Doc | undefined;
      const asked = input.ReturnValues;
      if (operation === 'PutItem') r.indexWriteUnits = indexUnits(shape, asked === 'ALL_OLD' ? attributes : undefined, input.Item as Doc);
      else if (operation === 'DeleteItem') r.indexWriteUnits = indexUnits(shape, asked === 'ALL_OLD' ? attributes : undefined, undefined);
      // Update: only the item after the write is known; its index keys are taken as unchanged and
      // its projected attributes as changed (the entry is charged, as for a new one).
      else if (asked === 'ALL_NEW' && attributes) r.indexWriteUnits = indexUnits(shape, undefined, attributes);
    }
  }
}

/** Index write units of replacing `before` with `after` (either may be absent). */
function indexUnits(shape: TableShape, before: Doc | undefined, after: Doc | undefined): number {
  let units = 0;
  for (const ix of shape.indexes) {
    const oldKey = before ? indexKey(ix, before) : undefined;
    const newKey = after ? indexKey(ix, after) : undefined;
    // DynamoDB writes an index entry only when its key or a projected attribute changes: rewriting
    // an item whose index key and projected attributes are the same as before costs the index nothing.
    if (newKey !== undefined && oldKey === newKey && sameProjection(shape, ix, before!, after!)) continue;
    if (newKey !== undefined) units += writeUnits(projectedSize(shape, ix, after!));
    if (oldKey !== undefined && oldKey !== newKey && newKey !== undefined) units += writeUnits(projectedSize(shape, ix, before!));
    if (oldKey !== undefined && newKey === undefined) units += writeUnits(projectedSize(shape, ix, before!));
  }
  return units;
}

const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** Whether the index's projected attributes (all of them for ALL) are equal in `a` and `b`. */
function sameProjection(shape: TableShape, ix: IndexShape, a: Doc, b: Doc): boolean {
  const names =
    ix.projection === 'ALL'
      ? new Set([...Object.keys(a), ...Object.keys(b)])
      : new Set([shape.partitionKey, shape.sortKey, ix.partitionKey, ix.sortKey, ...(ix.projection === 'INCLUDE' ? ix.nonKeyAttributes : [])].filter((n): n is string => n !== undefined));
  for (const n of names) if (!sameValue(a[n], b[n])) return false;
  return true;
}

function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (x instanceof Set && y instanceof Set) return x.size === y.size && [...x].every((v) => y.has(v));
  if (x instanceof Uint8Array && y instanceof Uint8Array) return Buffer.from(x).equals(Buffer.from(y));
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => sameValue(v, y[i]));
  if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
    const kx = Object.keys(x).filter((k) => (x as Doc)[k] !== undefined);
    const ky = Object.keys(y).filter((k) => (y as Doc)[k] !== undefined);
    return kx.length === ky.length && kx.every((k) => sameValue((x as Doc)[k], (y as Doc)[k]));
  }
  return false;
}

/** The item's key in the index, or undefined when it lacks one of the index's key attributes (a sparse index). */
function indexKey(ix: IndexShape, item: Doc): string | undefined {
  const pk = item[ix.partitionKey];
  const sk = ix.sortKey ? item[ix.sortKey] : '';
  return pk === undefined || sk === undefined ? undefined : `${String(pk)}\u0000${String(sk)}`;
}

function projectedSize(shape: TableShape, ix: IndexShape, item: Doc): number {
  if (ix.projection === 'ALL') return itemSize(item);
  const names = new Set([shape.partitionKey, shape.sortKey, ix.partitionKey, ix.sortKey].filter((n): n is string => n !== undefined));
  if (ix.projection === 'INCLUDE') for (const n of ix.nonKeyAttributes) names.add(n);
  let size = 0;
  for (const n of names) if (item[n] !== undefined) size += utf8(n) + valueSize(item[n]);
  return size;
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** An item's size as DynamoDB counts it: attribute names plus values. */
export function itemSize(item: Doc): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) if (value !== undefined) size += utf8(name) + valueSize(value);
  return size;
}

function valueSize(v: unknown): number {
  if (v === null || typeof v === 'boolean') return 1;
  if (typeof v === 'string') return utf8(v);
  if (typeof v === 'number' || typeof v === 'bigint') {
    const digits = String(v).replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length || 1;
    return 1 + Math.ceil(digits / 2);
  }
  if (v instanceof Uint8Array) return v.byteLength;
  if (v instanceof Set) return [...v].reduce((a: number, x) => a + valueSize(x), 0);
  if (Array.isArray(v)) return 3 + v.reduce((a: number, x) => a + 1 + valueSize(x), 0);
  if (typeof v === 'object') {
    let size = 3;
    for (const [k, x] of Object.entries(v as Doc)) if (x !== undefined) size += 1 + utf8(k) + valueSize(x);
    return size;
  }
  return 0;
}
