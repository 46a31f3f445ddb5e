/**
 * Property-based fuzzing of every operation in the OpenAPI document, sent by a caller allowed to
 * call it: its valid sample body mutated (fields dropped, wrong types, tiny, huge and negative
 * numbers, very long and odd unicode strings, nested junk, arrays for objects, broken JSON), its
 * query string (limits, crafted cursors, filters) and its path parameters (odd, encoded, long).
 * Whatever arrives, the answer is never a 5xx, and a 4xx leaves the table exactly as it was.
 *
 * Random mutation alone rarely puts one bad number in one field, so every field of every sample
 * is also swept once through the boundaries of its kind (1e-200, 1e300, -1, 0.5, 10,001
 * characters, the wrong type…), and every query parameter through crafted cursors and limits.
 * The competition moves through its states as it would (open, closed with an award confirmed,
 * results published), and each operation is fuzzed in the state where it does something.
 * Seeded, so a failure replays; no shrinking, so the file stays well under a minute.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWorld,
  defaultParams,
  fillPath,
  isInside,
  operationsOf,
  pathParams,
  requestFor,
  samples,
  type Caller,
  type Operation,
  type Params,
  type World,
} from '../support/role-world.ts';

const SEED = 20_261_201;
const RUNS = { body: 8, query: 6, path: 5 };

let w: World;
let ops: Map<string, Operation>;

beforeAll(async () => {
  w = await buildWorld();
  ops = new Map((await operationsOf(w)).map((o) => [o.key, o]));
}, 120_000);
afterAll(() => w?.h.stop());

// ——— Junk ———

const longString = (n: number) => fc.constantFrom('x', 'é', '😀', '\u0000', ' ', '%', '"').map((ch) => ch.repeat(n));
const oddNumber = fc.constantFrom(1e-200, -1e-200, 1e300, -1e300, 5e-324, Number.MAX_SAFE_INTEGER + 2, -0, -1, 0, 0.5, 2 ** 31, 1e21, 100.0000001);
const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\t\n', 'NaN', 'Infinity', '-1', '1e300', 'null', 'undefined', '<script>alert(1)</script>', '=cmd|calc', '../../etc/passwd', 'ＡＢＣ', '\u202e', '\ud800'),
  longString(5_000),
  longString(70_000),
);
const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: oddNumber },
  { weight: 3, arbitrary: oddString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [[]], [{}], { '': '' }, { __proto__: { x: 1 } }, { constructor: 'x' }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 600 }) },
);

type Json = unknown;
type Step = {
  kind: 'tweak' | 'drop' | 'replace' | 'add' | 'wrap' | 'whole';
  at: number;
  value: unknown;
  name: string;
  /** For 'tweak': an odd value of the same type as the one replaced, so validation may let it through. */
  odd: { num: number; str: string; len: number };
};

/** Every place in a JSON value (as key paths), the root included. */
function places(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => places(x, [...at, i]))];
  if (v && typeof v === 'object') return [...here, ...Object.entries(v).flatMap(([k, x]) => places(x, [...at, k]))];
  return here;
}

function tweaked(v: unknown, odd: Step['odd']): unknown {
  if (typeof v === 'number') return odd.num;
  if (typeof v === 'string') return odd.str;
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) return Array.from({ length: odd.len }, (_, i) => structuredClone(v[i % Math.max(1, v.length)] ?? odd.str));
  return {};
}

function mutate(body: Json, steps: Step[]): Json {
  let out: Json = structuredClone(body);
  for (const step of steps) {
    const all = places(out);
    const path = all[step.at % all.length]!;
    if (step.kind === 'whole' || path.length === 0) {
      out = step.kind === 'wrap' ? [out] : step.kind === 'drop' ? {} : step.value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], out);
    const last = path[path.length - 1]!;
    if (step.kind === 'tweak') parent[last] = tweaked(parent[last], step.odd);
    else if (step.kind === 'drop') Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
    else if (step.kind === 'replace') parent[last] = step.value;
    else if (step.kind === 'wrap') parent[last] = [parent[last]];
    else if (parent && typeof parent === 'object' && !Array.isArray(parent)) parent[step.name || 'extra'] = step.value;
  }
  return out;
}

const steps = fc.array(
  fc.record({
    kind: fc.constantFrom('tweak', 'tweak', 'tweak', 'drop', 'replace', 'add', 'wrap', 'whole'),
    at: fc.nat(),
    value: junk,
    name: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'version', 'id', 'ownerSub', 'status')),
    odd: fc.record({ num: oddNumber, str: oddString, len: fc.constantFrom(0, 1, 2, 21, 101, 501) }),
  }),
  { minLength: 1, maxLength: 3 },
);
/** Bodies that are not the JSON they claim to be. */
const brokenBody = fc.constantFrom('{', '', 'null', '[]', '"text"', '{"a":1,}', '\u0000', '{"version":1e999}', '[' .repeat(5000), `{"x":"${'y'.repeat(2_000_000)}"}`);

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const oddCursor = fc.oneof(
  oddString,
  fc.constantFrom(b64('{"key":{}}'), b64('{"key":{"pk":"COMP#x","sk":"x"}}'), b64('{"segment":7}'), b64('[]'), `${b64('{"key":{}}')}.${b64('sig')}`, 'a.b.c', '.', `${'A'.repeat(1999)}.`),
  fc.jsonValue({ maxDepth: 2 }).map((j) => b64(JSON.stringify(j))),
);
const oddQueryValue = fc.oneof(oddString, oddNumber.map(String), fc.constantFrom('-5', '0', '101', '1e2', '0x10', '1.5', ' 3 ', 'submitted', 'draft', 'withdrawn'));

const oddPathValue = fc.oneof(
  fc.record({ raw: fc.constant(false), value: oddString.filter((s) => s.length < 10_000) }),
  fc.record({
    raw: fc.constant(false),
    value: fc.constantFrom('a/b', '../x', '%2F', 'ABC%2Fdef', '-', '_', 'A'.repeat(64), 'A'.repeat(65), 'x'.repeat(3000), '01M8R7BHM1V9SX53BCAMJ0QYGC', 'voucher:x', 'prize:', 'a:b:c', '0', '99999'),
  }),
  fc.record({ raw: fc.constant(true), value: fc.constantFrom('%', '%zz', '%E0%A4%A', '..', '.', '%2e%2e', 'a%00b', '%C0%AF', 'a;b', 'a?b=c', '#frag') }),
);

/** Percent-encodes anything; a lone surrogate becomes the invalid UTF-8 a careless client would send. */
const encodeOdd = (v: string) => [...v].map((ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');

// ——— Who sends it ———

const PREFERENCE: Caller[] = ['organiser', 'owner', 'rival', 'investor', 'idleReviewer', 'judge', 'outsider', 'otherOrganiser', 'anonymous', 'teamViewer', 'teamEditor' /* H4: the team invitation's invitee */];

function authorised(op: Operation, params: Params): Caller {
  const caller = PREFERENCE.find((c) => isInside(w, op, c, params));
  if (!caller) throw new Error(`nobody in the world may call ${op.key}`);
  return caller;
}

// ——— The property ———

/** The table as it was after the last request that could have changed it. */
let known: string | undefined;
const snapshot = async () => JSON.stringify(await w.h.allItems());

/** What an accepted request leaves to finish after its answer — the jobs it started — so the table is looked at only once it is complete. */
async function settled() {
  await w.h.jobsSettled();
}

/** Sends one request; returns what went wrong, if anything. */
async function send(op: Operation, caller: Caller, path: string, body: unknown, what: () => string): Promise<string | undefined> {
  const before = known ?? (await snapshot());
  const res = await w.call(caller, op.method, path, body);
  const shown = () => `${what()} → ${res.status} ${res.text.slice(0, 300)}`;
  if (res.status >= 500) {
    known = undefined;
    return `server error: ${shown()}`;
  }
  if (res.status >= 400) {
    const after = await snapshot();
    known = after;
    if (after !== before) return `refused, yet stored something: ${shown()}`;
  } else {
    known = undefined;
    // An accepted start of an export runs a job: let it finish before the next look at the table.
    await settled();
  }
  return undefined;
}
const orThrow = (problem: string | undefined) => {
  if (problem) throw new Error(problem);
};

// ——— The sweep: every field of the sample, one at a time, set to each boundary of its kind ———

const SWEEP_NUMBERS = [1e-200, 1e300, -1, 0.5];
const SWEEP_STRINGS = [`\u0000😀\u202e${'x'.repeat(10_001)}`];
const wrongType = (v: unknown): unknown =>
  typeof v === 'number' ? String(v) : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 'true' : Array.isArray(v) ? { 0: v[0] } : v === null ? 0 : [v];

/** Each field once (the first element stands for its array), set to each boundary of its kind. */
function sweepOf(body: Json): ((fresh: Json) => Json)[] {
  const out: ((fresh: Json) => Json)[] = [];
  for (const path of places(body)) {
    if (path.length === 0 || path.some((k) => typeof k === 'number' && k > 0)) continue;
    const set = (value: unknown) =>
      out.push((fresh) => {
        const copy = structuredClone(fresh) as any;
        const parent = path.slice(0, -1).reduce<any>((o, k) => o?.[k], copy);
        if (parent && typeof parent === 'object') parent[path[path.length - 1]!] = value;
        return copy;
      });
    const v = path.reduce<any>((o, k) => o[k], body);
    set(wrongType(v));
    if (typeof v === 'number') SWEEP_NUMBERS.forEach(set);
    else if (typeof v === 'string') SWEEP_STRINGS.forEach(set);
    else if (typeof v === 'boolean') set(!v);
    else if (Array.isArray(v)) {
      set([]);
      set(Array.from({ length: 101 }, (_, i) => structuredClone(v[i % Math.max(1, v.length)] ?? 'x')));
    } else if (v && typeof v === 'object') set({});
  }
  return out;
}

const SWEEP_QUERY: Record<string, string[]> = {
  cursor: [b64('{"key":{}}'), b64('{"key":{"pk":"COMP#x","sk":"x"}}'), b64('{"key":{"pk":1}}'), b64('{"segment":7}'), b64('[]'), 'not-a-cursor', `${b64('{"key":{}}')}.${b64('sig')}`, 'x'.repeat(1999)],
  limit: ['0', '-1', '101', '1e300', '1e-200', 'NaN', '', '2.5', '9'.repeat(400)],
};
const SWEEP_FILTER = ['', 'x'.repeat(3000), '\u0000', '%', 'withdrawn'];

const short = (v: unknown) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
};

/** Fuzzes one operation; returns every problem found. */
async function fuzz(key: string): Promise<string[]> {
  const op = ops.get(key);
  if (!op) return [`${key} has a sample but is not in the OpenAPI document`];
  const sample = samples[key]!;
  const params = pathParams(op.path, { ...defaultParams(w), ...(sample.variants?.(w)[0] ?? {}) });
  const caller = authorised(op, params);
  const base = async () => requestFor(op, sample, { w, caller, params });
  const seed = SEED + [...key].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 0);

  const problems: string[] = [];
  // A random counterexample is reported with the sweep's findings, not instead of them.
  const keep = (e: unknown) => void problems.push(e instanceof Error ? e.message.split('\n').slice(0, 3).join(' ') : String(e));
  if (op.hasBody) {
    for (const change of sweepOf((await base()).body)) {
      // A fresh sample each time: an accepted change moves versions on.
      const { path, body } = await base();
      const sent = change(body);
      const problem = await send(op, caller, path, sent, () => `${caller} ${op.method} ${path} body ${short(sent)}`);
      if (problem) problems.push(problem);
    }
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 6, arbitrary: steps.map((s) => ({ steps: s })) }, { weight: 1, arbitrary: brokenBody.map((raw) => ({ raw })) }), async (m) => {
        const { path, body } = await base();
        const sent = 'raw' in m ? m.raw : mutate(body, m.steps);
        orThrow(await send(op, caller, path, sent, () => `${caller} ${op.method} ${path} body ${short(sent)}`));
      }),
      { seed, numRuns: RUNS.body, endOnFailure: true },
    ).catch(keep);
  }

  if (op.queryParams.length > 0) {
    const withQuery = async (change: (q: URLSearchParams) => void) => {
      const { path, body } = await base();
      const q = new URLSearchParams(sample.query);
      change(q);
      const url = `${path.split('?')[0]}?${q}`;
      return send(op, caller, url, body, () => `${caller} ${op.method} ${url.slice(0, 400)}`);
    };
    for (const name of op.queryParams)
      for (const value of SWEEP_QUERY[name] ?? SWEEP_FILTER) {
        const problem = await withQuery((q) => q.set(name, value));
        if (problem) problems.push(problem);
      }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...op.queryParams), fc.oneof(oddQueryValue, oddCursor), fc.boolean()), { minLength: 1, maxLength: 3 }), async (pairs) =>
        orThrow(await withQuery((q) => pairs.forEach(([name, value, add]) => (add ? q.append(name, value) : q.set(name, value))))),
      ),
      { seed: seed + 1, numRuns: RUNS.query, endOnFailure: true },
    ).catch(keep);
  }

  const names = Object.keys(params);
  if (names.length > 0)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), oddPathValue, async (name, odd) => {
        const { body } = await base();
        const marker = '__FUZZ__';
        const path = fillPath(op.path, { ...params, [name]: marker }).replace(marker, odd.raw ? odd.value : encodeOdd(odd.value));
        orThrow(await send(op, caller, path, body, () => `${caller} ${op.method} ${path.slice(0, 400)}`));
      }),
      { seed: seed + 2, numRuns: RUNS.path, endOnFailure: true },
    ).catch(keep);
  return problems;
}

const c = '/api/competitions/{competitionId}';
/** Awards are decided once submissions have closed: these are fuzzed in that state. */
const CLOSED_STAGE = [`GET ${c}/prize-plan`, `PUT ${c}/prize-plan`, `GET ${c}/awards/proposal`, `POST ${c}/awards`, `DELETE ${c}/awards/{awardKey}`, `GET ${c}/ranking`, `GET ${c}/results/checklist`, `POST ${c}/results/publish`];
/** What only means something once results are out. */
const PUBLISHED_STAGE = [`POST ${c}/feedback/release`, `GET ${c}/results`, `GET ${c}/results/mine`, `GET ${c}/submissions/{submissionId}/feedback`, `GET ${c}/matches`, `POST ${c}/results/amendment`, `POST ${c}/results/amendment/publish`, `POST ${c}/archive`];
/** Everything else, with what would end the open phase (withdrawing the entry, closing) last. */
const ENDS_OPEN = [`POST ${c}/submissions/{submissionId}/withdraw`, `POST ${c}/close`];
const OPEN_STAGE = Object.keys(samples)
  .filter((k) => !CLOSED_STAGE.includes(k) && !PUBLISHED_STAGE.includes(k))
  .sort((a, b) => ENDS_OPEN.indexOf(a) - ENDS_OPEN.indexOf(b));

async function organiserVersion() {
  return (await w.call('organiser', 'GET', `/api/competitions/${w.cid}`)).json as { version: number; resultsPublishedAt?: string; closedEarlyAt?: string };
}

describe('fuzzing every operation as a caller allowed to call it', () => {
  it('covers every operation in the OpenAPI document', () => {
    expect([...ops.keys()].filter((k) => !samples[k])).toEqual([]);
  });

  describe('while submissions are open', () => {
    for (const key of OPEN_STAGE) it(`${key}: never 5xx, nothing stored when refused`, async () => expect(await fuzz(key)).toEqual([]));
  });

  describe('once submissions have closed and an award is confirmed', () => {
    beforeAll(async () => {
      const comp = await organiserVersion();
      if (!comp.closedEarlyAt) expect((await w.call('organiser', 'POST', `/api/competitions/${w.cid}/close`, { version: comp.version })).status).toBe(200);
      const award = await w.call('organiser', 'POST', `/api/competitions/${w.cid}/awards`, { awards: [{ submissionId: w.sub2, type: 'voucher' }] });
      expect(award.json?.results?.[0]?.status, award.text).toMatch(/confirmed/);
      await settled();
      known = undefined;
    });
    for (const key of CLOSED_STAGE) it(`${key}: never 5xx, nothing stored when refused`, async () => expect(await fuzz(key)).toEqual([]));
  });

  describe('once the results are published', () => {
    beforeAll(async () => {
      const comp = await organiserVersion();
      if (!comp.resultsPublishedAt) {
        const published = await w.call('organiser', 'POST', `/api/competitions/${w.cid}/results/publish`, { version: comp.version, override: { reason: 'Fuzzing what follows publication.' } });
        expect(published.status, published.text).toBe(202);
        await w.h.jobsSettled(); // the publication job stores the results, then the entrants are notified by a job
      }
      w.published = true;
      known = undefined;
    });
    for (const key of PUBLISHED_STAGE) it(`${key}: never 5xx, nothing stored when refused`, async () => expect(await fuzz(key)).toEqual([]));
  });
});
