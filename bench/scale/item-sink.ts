/**
 * Fast seeding with the items exactly as the repositories write them: a stand-in client is handed
 * to the real repositories (adapters/dynamodb), which build their keys and items as they always do
 * and "send" their commands here. A Put keeps its item; an Update is applied to the item held for
 * its key (SET, REMOVE and ADD of plain values — what the repositories' unconditional writes
 * use; anything else is refused, so a changed repository is noticed rather than copied wrongly);
 * conditions are ignored (the table is being filled from nothing). `flush()` writes what was
 * collected with BatchWriteItem, 25 items a call, several calls at once, retrying what DynamoDB
 * leaves unprocessed.
 */
import { BatchWriteCommand, UpdateCommand, type Command, type DocumentClient, type Operation, type WriteRequest } from '../../functions/adapters/dynamodb/client.ts';

type Doc = Record<string, unknown>;

const BATCH = 25;
const IN_FLIGHT = 8;

export class ItemSink {
  private items = new Map<string, Doc>();
  private written = new Set<string>();
  /** Updates of items already written, merged per item (SET values; ADDed numbers and sets), for the next full flush. */
  private late = new Map<string, { doc: Doc; added: Set<string> }>();
  /** Items written so far. */
  count = 0;

  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  /** A client for repositories to write through (reads answer nothing). */
  client(): DocumentClient {
    const send = async (command: Command<Operation>) => {
      this.apply(command.operation, command.input as unknown as Doc);
      return {};
    };
    return { send } as unknown as DocumentClient;
  }

  private apply(operation: Operation, input: Doc) {
    switch (operation) {
      case 'PutItem': {
        const item = input.Item as Doc;
        this.items.set(this.keyOf(item), item);
        return;
      }
      case 'UpdateItem': {
        const key = input.Key as Doc;
        const k = this.keyOf(key);
        if (this.written.has(k)) {
          // An item moved on by many writes far apart (a reviewer's load): its later updates are
          // merged here and sent as one UpdateItem by the next full flush().
          const late = this.late.get(k) ?? { doc: { ...key }, added: new Set<string>() };
          late.doc = applyUpdate(late.doc, input);
          const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
          for (const m of String(input.UpdateExpression).matchAll(/\bADD\s+([\s\S]*?)(?=\s+\b(?:SET|REMOVE|DELETE)\b|$)/g))
            for (const action of splitTop(m[1]!)) {
              const lhs = action.split(/\s+/)[0]!;
              late.added.add(lhs.startsWith('#') ? names[lhs]! : lhs);
            }
          if (/\b(REMOVE|DELETE)\b/.test(String(input.UpdateExpression))) throw new Error(`seeding updated ${k} after it was written with REMOVE/DELETE; flush later`);
          this.late.set(k, late);
          return;
        }
        this.items.set(k, applyUpdate(this.items.get(k) ?? { ...key }, input));
        return;
      }
      case 'DeleteItem':
        this.items.delete(this.keyOf(input.Key as Doc));
        return;
      default:
        throw new Error(`seeding does not replay ${operation}`);
    }
  }

  private keyOf(item: Doc) {
    return `${String(item.pk)}\u0000${String(item.sk)}`;
  }

  /** Writes what was collected when at least `atLeast` items wait (all of them by default). */
  async flush(atLeast = 0): Promise<void> {
    if (this.items.size < Math.max(1, atLeast) && !(atLeast === 0 && this.late.size > 0)) return;
    const pending = [...this.items.entries()];
    this.items = new Map();
    for (const [k] of pending) this.written.add(k);
    const batches: WriteRequest[][] = [];
    for (let i = 0; i < pending.length; i += BATCH) batches.push(pending.slice(i, i + BATCH).map(([, Item]) => ({ PutRequest: { Item } })));
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(IN_FLIGHT, batches.length) }, async () => {
        while (next < batches.length) await this.writeBatch(batches[next++]!);
      }),
    );
    this.count += pending.length;
    if (atLeast === 0 && this.late.size > 0) {
      const late = [...this.late.values()];
      this.late = new Map();
      let at = 0;
      await Promise.all(
        Array.from({ length: Math.min(IN_FLIGHT, late.length) }, async () => {
          while (at < late.length) {
            const { doc, added } = late[at++]!;
            const names: Record<string, string> = {};
            const values: Doc = {};
            const set: string[] = [];
            const add: string[] = [];
            for (const [i, [name, v]] of Object.entries(doc).filter(([n]) => n !== 'pk' && n !== 'sk').entries()) {
              names[`#n${i}`] = name;
              values[`:v${i}`] = v;
              (added.has(name) ? add : set).push(added.has(name) ? `#n${i} :v${i}` : `#n${i} = :v${i}`);
            }
            await this.db.send(
              new UpdateCommand({
                TableName: this.table,
                Key: { pk: doc.pk, sk: doc.sk },
                UpdateExpression: [set.length ? `SET ${set.join(', ')}` : '', add.length ? `ADD ${add.join(', ')}` : ''].filter(Boolean).join(' '),
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              }),
            );
          }
        }),
      );
    }
  }

  private async writeBatch(requests: WriteRequest[]) {
    let left: WriteRequest[] | undefined = requests;
    for (let attempt = 0; left && left.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      const r: { UnprocessedItems?: Record<string, WriteRequest[]> } = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: left } }));
      left = r.UnprocessedItems?.[this.table];
    }
  }
}

/** Splits on commas outside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out.filter((x) => x !== '');
}

/** The item after an UpdateItem's SET/REMOVE/ADD of plain values (see the header). */
export function applyUpdate(item: Doc, input: Doc): Doc {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Doc;
  const expression = input.UpdateExpression as string;
  const path = (p: string) =>
    p.split('.').map((part) => {
      const name = part.startsWith('#') ? names[part] : part;
      if (name === undefined) throw new Error(`unknown name ${part} in "${expression}"`);
      return name;
    });
  const value = (v: string) => {
    if (!/^:[\w]+$/.test(v) || !(v in values)) throw new Error(`seeding replays plain values only, not "${v}" in "${expression}"`);
    return values[v];
  };
  const out: Doc = structuredClone(item);
  const parent = (parts: string[]) => {
    let at = out;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Doc;
    return at;
  };
  const clauses = [...expression.matchAll(/\b(SET|REMOVE|ADD|DELETE)\s+([\s\S]*?)(?=\s+\b(?:SET|REMOVE|ADD|DELETE)\b|$)/g)];
  for (const [, verb, body] of clauses)
    for (const action of splitTop(body!)) {
      if (verb === 'SET') {
        const [lhs, rhs] = action.split('=').map((x) => x.trim());
        const parts = path(lhs!);
        parent(parts)[parts.at(-1)!] = value(rhs!);
      } else if (verb === 'REMOVE') {
        const parts = path(action);
        delete parent(parts)[parts.at(-1)!];
      } else if (verb === 'ADD') {
        const [lhs, rhs] = action.split(/\s+/);
        const parts = path(lhs!);
        const at = parent(parts);
        const add = value(rhs!);
        const current = at[parts.at(-1)!];
        if (add instanceof Set) at[parts.at(-1)!] = new Set([...((current as Set<unknown> | undefined) ?? []), ...add]);
        else if (typeof add === 'number') at[parts.at(-1)!] = ((current as number | undefined) ?? 0) + add;
        else throw new Error(`ADD of a ${typeof add} in "${expression}"`);
      } else throw new Error(`seeding does not replay ${verb} in "${expression}"`);
    }
  return out;
}
