/**
 * Stopping never corrupts. The real local runtime takes a burst of concurrent writes (competitions,
 * registrations, submission drafts and edits from several demo accounts) and is stopped in the
 * middle — in-process with `stop()`, and as `main.ts` in a child process with SIGTERM, sent twice
 * the way `npm start` can deliver it, and once during start-up while the demo is being seeded.
 * Afterwards: no crash, the data-folder lock released, every acknowledged write stored, and every
 * stored change has its audit entry.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, findDemoAccount } from '../../functions/local/demo-accounts.ts';
import { LOCK_FILE, ORIGIN_FILE } from '../../functions/local/lock.ts';
import { signLocalIdToken } from '../../functions/local/oidc.ts';
import { LOCAL_TABLE_NAME, startPodium } from '../../functions/local/server.ts';
import { localDynamoClient, startDynalite } from '../../functions/local/stand-ins.ts';
import { competitionInput, registrationInput, submissionContent } from '../support/api-harness.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'podium-shutdown-'));
  dirs.push(d);
  return d;
}

/** Wall-clock time in the competition's zone, `days` from now (Brussels ≈ UTC for this purpose). */
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);

const entrants = DEMO_ACCOUNTS.filter((a) => a.kind !== 'organiser');
const organiser = findDemoAccount('organiser@demo.test')!;

interface Acks {
  competitions: Set<string>;
  registrations: Set<string>;
  /** submission id → highest version acknowledged */
  submissions: Map<string, number>;
  count: number;
}

function client(url: string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any } | undefined> => {
    try {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    } catch {
      return undefined; // refused or cut: not acknowledged
    }
  };
}

/** An open competition to enter, created before the burst. */
async function openCompetition(url: string, dataDir: string): Promise<string> {
  const call = client(url, await signLocalIdToken({ dataDir, issuer: `${url}/oidc`, account: organiser }));
  const schedule = { timeZone: 'Europe/Brussels', submissionsOpen: daysFromNow(-1), submissionsClose: daysFromNow(30), evaluationStart: daysFromNow(31), evaluationEnd: daysFromNow(40), resultsDate: daysFromNow(50) };
  const created = await call('POST', '/api/competitions', competitionInput({ title: 'Stop test', schedule }));
  expect(created?.status).toBe(201);
  const published = await call('POST', `/api/competitions/${created!.json.id}/publish`, { version: created!.json.version });
  expect(published?.status).toBe(200);
  return created!.json.id;
}

/**
 * Every demo entrant registers, starts a submission and keeps editing it; the organiser keeps
 * creating competitions. Each worker stops at its first request that is not acknowledged.
 * Calls `onHalfway` once `stopAfter` writes were acknowledged, and resolves when every worker stopped.
 */
async function burst(url: string, dataDir: string, competitionId: string, stopAfter: number, onHalfway: () => void): Promise<Acks> {
  const acks: Acks = { competitions: new Set(), registrations: new Set(), submissions: new Map(), count: 0 };
  const ack = () => {
    if (++acks.count === stopAfter) onHalfway();
  };
  const base = `/api/competitions/${competitionId}`;
  const entrantWork = entrants.map(async (account, i) => {
    const call = client(url, await signLocalIdToken({ dataDir, issuer: `${url}/oidc`, account }));
    const registered = await call('POST', `${base}/registration`, registrationInput({ organisationName: `Org ${i}`, registryId: `BE02000000${String(i).padStart(2, '0')}`, team: [{ name: account.name, email: account.email }] }));
    if (registered?.status !== 201) return;
    acks.registrations.add(account.sub);
    ack();
    const created = await call('POST', `${base}/submissions`, submissionContent({ title: `Idea ${i} v1` }));
    if (created?.status !== 201) return;
    let { id, version } = created.json as { id: string; version: number };
    acks.submissions.set(id, version);
    ack();
    // Submitted first: a draft's saves are not audited (work in progress), a submitted entry's edits are.
    const submitted = await call('POST', `${base}/submissions/${id}/submit`, { version });
    if (submitted?.status !== 200) return;
    version = submitted.json.version;
    acks.submissions.set(id, version);
    ack();
    for (;;) {
      const updated = await call('PUT', `${base}/submissions/${id}`, { ...submissionContent({ title: `Idea ${i} v${version + 1}` }), version });
      if (updated?.status !== 200) return;
      version = updated.json.version;
      acks.submissions.set(id, version);
      ack();
    }
  });
  const organiserWork = [0, 1, 2].map(async (w) => {
    const call = client(url, await signLocalIdToken({ dataDir, issuer: `${url}/oidc`, account: organiser }));
    for (let n = 0; ; n++) {
      const created = await call('POST', '/api/competitions', competitionInput({ title: `Burst ${w}.${n}` }));
      if (created?.status !== 201) return;
      acks.competitions.add(created.json.id);
      ack();
    }
  });
  await Promise.all([...entrantWork, ...organiserWork]);
  return acks;
}

/** Everything in the data folder's table, read with dynalite directly (nothing else may hold the folder). */
async function storedItems(dataDir: string): Promise<Record<string, any>[]> {
  const dynamo = await startDynalite({ path: join(dataDir, 'dynamodb') });
  const raw = localDynamoClient(dynamo.endpoint);
  try {
    const doc = DynamoDBDocumentClient.from(raw);
    const items: Record<string, any>[] = [];
    let start: Record<string, any> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: LOCAL_TABLE_NAME, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  } finally {
    raw.destroy();
    await dynamo.stop();
  }
}

/** No stored change without its audit entry, and nothing acknowledged lost. */
async function expectConsistent(dataDir: string, acks?: Acks): Promise<void> {
  const items = await storedItems(dataDir);
  const audit = items.filter((i) => i.type === 'AuditEntry');
  const entriesFor = (competitionId: string, target: string) => audit.filter((e) => e.competitionId === competitionId && e.target === target).map((e) => e.action as string);

  const competitions = items.filter((i) => i.type === 'Competition');
  const registrations = items.filter((i) => i.type === 'Membership' && i.registration);
  const submissions = items.filter((i) => i.type === 'Submission');
  const missing: string[] = [];
  for (const c of competitions) if (!entriesFor(c.id, `competition:${c.id}`).includes('competition.created')) missing.push(`competition ${c.id}`);
  for (const m of registrations)
    if (!entriesFor(m.competitionId, `entrant:${m.userSub}`).includes('entrant.registered')) missing.push(`registration of ${m.userSub}`);
  for (const s of submissions) {
    const actions = entriesFor(s.competitionId, `submission:${s.id}`);
    // Created at version 1; every later version is one audited edit or status change (the burst
    // submits before it edits: a draft's saves are not audited).
    const changes = actions.filter((a) => a === 'submission.updated' || a === 'submission.submitted' || a === 'submission.withdrawn');
    if (!actions.includes('submission.created') || changes.length !== s.version - 1)
      missing.push(`submission ${s.id} at version ${s.version} with audit ${JSON.stringify(actions)}`);
  }
  expect(missing).toEqual([]);

  if (!acks) return;
  const storedCompetitions = new Set(competitions.map((c) => c.id));
  expect([...acks.competitions].filter((id) => !storedCompetitions.has(id))).toEqual([]);
  const storedRegistrations = new Set(registrations.map((m) => m.userSub));
  expect([...acks.registrations].filter((sub) => !storedRegistrations.has(sub))).toEqual([]);
  const storedVersions = new Map(submissions.map((s) => [s.id, s.version as number]));
  for (const [id, version] of acks.submissions) expect(storedVersions.get(id) ?? 0).toBeGreaterThanOrEqual(version);
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** `main.ts` as `npm start` runs it (node --import tsx), on its own folder and port. */
function startMain(dataDir: string, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/main.ts'], {
    env: { ...process.env, PODIUM_DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, output: () => out, exited };
}

async function waitFor(condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('stopping the local platform', () => {
  it('stop() in the middle of a burst of writes: everything acknowledged is stored, with its audit entry', async () => {
    // Prepare
    const dataDir = await tempDir();
    let podium = await startPodium({ port: 0, dataDir, seed: false, quiet: true });
    const competitionId = await openCompetition(podium.url, dataDir);

    // Act: stop once 40 writes were acknowledged, while the others are in flight
    let stopped: Promise<void> | undefined;
    const acks = await burst(podium.url, dataDir, competitionId, 40, () => (stopped = podium.stop()));
    await stopped;

    // Assess: lock released, a restart works, the folder is consistent
    expect(acks.count).toBeGreaterThanOrEqual(40);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    expect(existsSync(join(dataDir, ORIGIN_FILE))).toBe(false);
    podium = await startPodium({ port: 0, dataDir, seed: false, quiet: true });
    expect((await fetch(`${podium.url}/api/health`)).status).toBe(200);
    await podium.stop();
    await expectConsistent(dataDir, acks);
  });

  it('SIGTERM (twice, as npm can deliver it) in the middle of a burst: a clean exit, nothing lost', async () => {
    // Prepare: main.ts seeds the demo on its first start
    const dataDir = await tempDir();
    const port = await freePort();
    const main = startMain(dataDir, port);
    await waitFor(() => /Podium is running at/.test(main.output()), 25_000, 'the banner');
    const url = `http://localhost:${port}`;
    const competitionId = await openCompetition(url, dataDir);

    // Act
    const acks = await burst(url, dataDir, competitionId, 40, () => {
      main.child.kill('SIGTERM');
      setTimeout(() => main.child.kill('SIGTERM'), 5);
    });
    const [code, signal] = await main.exited;

    // Assess
    expect({ code, signal }, main.output()).toEqual({ code: 0, signal: null });
    expect(main.output()).not.toMatch(/Second|Error|closed/i);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    await expectConsistent(dataDir, acks);
  });

  it('SIGTERM while the demo is being seeded: start-up stops cleanly, the seed is consistent', async () => {
    // Prepare
    const dataDir = await tempDir();
    const port = await freePort();
    const main = startMain(dataDir, port);
    // The API answers once it is built, before the seed runs.
    await waitFor(() => fetch(`http://localhost:${port}/api/health`).then((r) => r.status === 200, () => false), 25_000, 'the API');

    // Act
    main.child.kill('SIGTERM');
    const [code, signal] = await main.exited;

    // Assess: it was still starting, and stopped without a trace
    expect(main.output()).not.toMatch(/Podium is running at/);
    expect({ code, signal }, main.output()).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    await expectConsistent(dataDir);
  });
});
