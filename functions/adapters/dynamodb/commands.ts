/**
 * The DynamoDB operations the repositories use, as commands in the shapes of
 * `@aws-sdk/lib-dynamodb` (`new GetCommand({ TableName, Key })` → `{ Item }`), and their
 * translation to and from DynamoDB's JSON wire format.
 *
 * Documents (items, keys, expression values) are marshalled by `@aws-sdk/util-dynamodb`, the
 * code lib-dynamodb itself runs, with the options Podium has always given it
 * (`removeUndefinedValues`), at the places lib-dynamodb marshals: so an item is stored, and
 * read back, exactly as before (tests/api/dynamodb-client.test.ts compares the two). Binary
 * values travel base64-encoded, as the SDK's JSON protocol sends them.
 *
 * Scan, CreateTable and the rest are left out on purpose: no request path scans, and the table is
 * made by CDK (or, locally, by functions/local/stand-ins.ts with the SDK).
 */
import { marshall, unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';

/**
 * An item, a key or a set of expression values as JavaScript: strings, numbers, booleans, null,
 * Uint8Array, Sets of strings, numbers or binaries, arrays and plain objects of those. Undefined
 * members are left out. What comes back is what DynamoDB holds, so readers check it (fromItem…).
 */
export type Document = Record<string, unknown>;

type Names = Record<string, string>;

export interface GetInput {
  TableName: string;
  Key: Document;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Names;
}
export interface GetOutput {
  Item?: Document;
}

export interface PutInput {
  TableName: string;
  Item: Document;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Document;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}
export interface PutOutput {
  Attributes?: Document;
}

export interface UpdateInput {
  TableName: string;
  Key: Document;
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Document;
  ReturnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
}
export interface UpdateOutput {
  Attributes?: Document;
}

export interface DeleteInput {
  TableName: string;
  Key: Document;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Document;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}
export interface DeleteOutput {
  Attributes?: Document;
}

export interface QueryInput {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Document;
  Limit?: number;
  ScanIndexForward?: boolean;
  ConsistentRead?: boolean;
  ExclusiveStartKey?: Document;
}
export interface QueryOutput {
  Items?: Document[];
  LastEvaluatedKey?: Document;
  Count?: number;
  ScannedCount?: number;
}

export interface KeysAndAttributes {
  Keys: Document[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Names;
}
export interface BatchGetInput {
  RequestItems: Record<string, KeysAndAttributes>;
}
export interface BatchGetOutput {
  Responses?: Record<string, Document[]>;
  /** What DynamoDB did not read this time (throughput or the 16 MB limit): ask again. */
  UnprocessedKeys?: Record<string, KeysAndAttributes>;
}

export type WriteRequest = { PutRequest: { Item: Document } } | { DeleteRequest: { Key: Document } };
export interface BatchWriteInput {
  RequestItems: Record<string, WriteRequest[]>;
}
export interface BatchWriteOutput {
  /** What DynamoDB did not write this time: send it again. */
  UnprocessedItems?: Record<string, WriteRequest[]>;
}

/** Every operation: its input and output. */
export interface Operations {
  GetItem: { input: GetInput; output: GetOutput };
  PutItem: { input: PutInput; output: PutOutput };
  UpdateItem: { input: UpdateInput; output: UpdateOutput };
  DeleteItem: { input: DeleteInput; output: DeleteOutput };
  Query: { input: QueryInput; output: QueryOutput };
  BatchGetItem: { input: BatchGetInput; output: BatchGetOutput };
  BatchWriteItem: { input: BatchWriteInput; output: BatchWriteOutput };
}
export type Operation = keyof Operations;
export type InputOf<O extends Operation> = Operations[O]['input'];
export type OutputOf<O extends Operation> = Operations[O]['output'];

/** One call: an operation and its input (`client.send(command)`). */
export abstract class Command<O extends Operation> {
  protected constructor(
    readonly operation: O,
    readonly input: InputOf<O>,
  ) {}
}

export class GetCommand extends Command<'GetItem'> {
  constructor(input: GetInput) {
    super('GetItem', input);
  }
}
export class PutCommand extends Command<'PutItem'> {
  constructor(input: PutInput) {
    super('PutItem', input);
  }
}
export class UpdateCommand extends Command<'UpdateItem'> {
  constructor(input: UpdateInput) {
    super('UpdateItem', input);
  }
}
export class DeleteCommand extends Command<'DeleteItem'> {
  constructor(input: DeleteInput) {
    super('DeleteItem', input);
  }
}
export class QueryCommand extends Command<'Query'> {
  constructor(input: QueryInput) {
    super('Query', input);
  }
}
export class BatchGetCommand extends Command<'BatchGetItem'> {
  constructor(input: BatchGetInput) {
    super('BatchGetItem', input);
  }
}
export class BatchWriteCommand extends Command<'BatchWriteItem'> {
  constructor(input: BatchWriteInput) {
    super('BatchWriteItem', input);
  }
}

// ---- the wire format -------------------------------------------------------------------------

/** An attribute value on the wire (`{ S: "x" }`, `{ M: { … } }`, `{ B: "<base64>" }`, …). */
type WireValue = Record<string, unknown>;
type WireMap = Record<string, WireValue>;
/** A parsed JSON answer: the operation's output with attribute values in wire form. */
type WireOutput = Record<string, any>;

const MARSHALL_OPTIONS = { removeUndefinedValues: true } as const;

function toBase64(b: unknown): string {
  if (b instanceof ArrayBuffer) return Buffer.from(b).toString('base64');
  if (ArrayBuffer.isView(b)) return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
  throw new Error(`Binary values must be an ArrayBuffer or a typed array, not ${Object.prototype.toString.call(b)}.`);
}

/** Binary values as base64, in place (the values were just made by marshall). */
function binaryToWire(v: WireValue): WireValue {
  if (v.M) for (const [k, inner] of Object.entries(v.M as WireMap)) (v.M as WireMap)[k] = binaryToWire(inner);
  else if (v.L) (v.L as WireValue[]).forEach((inner, i, all) => (all[i] = binaryToWire(inner)));
  else if (v.B !== undefined) v.B = toBase64(v.B);
  else if (v.BS) v.BS = (v.BS as unknown[]).map(toBase64);
  return v;
}

/** Binary values as Uint8Array, in place (as the SDK's JSON protocol hands them to unmarshall). */
function binaryFromWire(v: WireValue): WireValue {
  if (v.M) for (const inner of Object.values(v.M as WireMap)) binaryFromWire(inner);
  else if (v.L) for (const inner of v.L as WireValue[]) binaryFromWire(inner);
  else if (typeof v.B === 'string') v.B = new Uint8Array(Buffer.from(v.B, 'base64'));
  else if (v.BS) v.BS = (v.BS as string[]).map((b) => new Uint8Array(Buffer.from(b, 'base64')));
  return v;
}

/** A document as a map of wire attribute values (undefined members left out). */
function docToWire(doc: Document): WireMap {
  const map = marshall(doc as Record<string, NativeAttributeValue>, MARSHALL_OPTIONS) as unknown as WireMap;
  for (const v of Object.values(map)) binaryToWire(v);
  return map;
}
const maybeToWire = (doc: Document | undefined) => (doc === undefined ? undefined : docToWire(doc));

function docFromWire(map: WireMap, binary: boolean): Document {
  if (binary) for (const v of Object.values(map)) binaryFromWire(v);
  return unmarshall(map as never) as Document;
}

function mapRecord<A, B>(r: Record<string, A>, f: (a: A) => B): Record<string, B> {
  const out: Record<string, B> = {};
  for (const [k, v] of Object.entries(r)) out[k] = f(v);
  return out;
}

const writeToWire = (w: WriteRequest) =>
  'PutRequest' in w ? { PutRequest: { Item: docToWire(w.PutRequest.Item) } } : { DeleteRequest: { Key: docToWire(w.DeleteRequest.Key) } };
const writeFromWire = (w: WireOutput, binary: boolean): WriteRequest =>
  w.PutRequest ? { PutRequest: { Item: docFromWire(w.PutRequest.Item, binary) } } : { DeleteRequest: { Key: docFromWire(w.DeleteRequest.Key, binary) } };

const keysToWire = (k: KeysAndAttributes) => ({ ...k, Keys: k.Keys.map(docToWire) });
const keysFromWire = (k: WireOutput, binary: boolean): KeysAndAttributes => ({ ...k, Keys: (k.Keys as WireMap[]).map((m) => docFromWire(m, binary)) });

/** The `Attributes` of a write's answer, unmarshalled (the rest passes through). */
function withAttributes(o: WireOutput, binary: boolean) {
  if (o.Attributes) o.Attributes = docFromWire(o.Attributes, binary);
  return o;
}

interface Codec<O extends Operation> {
  /** The request body (JSON.stringify drops what is undefined). */
  request(input: InputOf<O>): object;
  /** The answer; `binary` says whether it may hold binary values (else their decoding is skipped). */
  response(output: WireOutput, binary: boolean): OutputOf<O>;
}

/** Where each operation carries documents, as lib-dynamodb's commands marshal them. */
export const CODECS: { [O in Operation]: Codec<O> } = {
  GetItem: {
    request: (i) => ({ ...i, Key: docToWire(i.Key) }),
    response: (o, binary) => {
      if (o.Item) o.Item = docFromWire(o.Item, binary);
      return o;
    },
  },
  PutItem: {
    request: (i) => ({ ...i, Item: docToWire(i.Item), ExpressionAttributeValues: maybeToWire(i.ExpressionAttributeValues) }),
    response: withAttributes,
  },
  UpdateItem: {
    request: (i) => ({ ...i, Key: docToWire(i.Key), ExpressionAttributeValues: maybeToWire(i.ExpressionAttributeValues) }),
    response: withAttributes,
  },
  DeleteItem: {
    request: (i) => ({ ...i, Key: docToWire(i.Key), ExpressionAttributeValues: maybeToWire(i.ExpressionAttributeValues) }),
    response: withAttributes,
  },
  Query: {
    request: (i) => ({ ...i, ExpressionAttributeValues: maybeToWire(i.ExpressionAttributeValues), ExclusiveStartKey: maybeToWire(i.ExclusiveStartKey) }),
    response: (o, binary) => {
      if (o.Items) o.Items = (o.Items as WireMap[]).map((m) => docFromWire(m, binary));
      if (o.LastEvaluatedKey) o.LastEvaluatedKey = docFromWire(o.LastEvaluatedKey, binary);
      return o;
    },
  },
  BatchGetItem: {
    request: (i) => ({ ...i, RequestItems: mapRecord(i.RequestItems, keysToWire) }),
    response: (o, binary) => {
      if (o.Responses) o.Responses = mapRecord(o.Responses as Record<string, WireMap[]>, (items) => items.map((m) => docFromWire(m, binary)));
      if (o.UnprocessedKeys) o.UnprocessedKeys = mapRecord(o.UnprocessedKeys as Record<string, WireOutput>, (k) => keysFromWire(k, binary));
      return o;
    },
  },
  BatchWriteItem: {
    request: (i) => ({ ...i, RequestItems: mapRecord(i.RequestItems, (writes) => writes.map(writeToWire)) }),
    response: (o, binary) => {
      if (o.UnprocessedItems) o.UnprocessedItems = mapRecord(o.UnprocessedItems as Record<string, WireOutput[]>, (writes) => writes.map((w) => writeFromWire(w, binary)));
      return o;
    },
  },
};
