/**
 * Set-up shared by the browser tests: a local Podium with its own data folder, locally minted
 * tokens for demo accounts, an API caller that uses them, the browsers a test opens (closed at the
 * end), and the competitions, registrations, submissions and reviews made through the API before
 * the people in the test take over in Chromium.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findDemoAccount } from '../../functions/local/demo-accounts.ts';
import { signLocalIdToken } from '../../functions/local/oidc.ts';
import { startPodium, type RunningPodium } from '../../functions/local/server.ts';
import { chromiumPath, launchBrowser, podiumRuntime, signIn, utcWallClock, type Browser } from './support.ts';
import { formatViolations, watchAccessibility } from './axe-watch.ts';
import { PRIVACY_NOTICE } from '../../functions/domain/privacy.ts';

export interface Reply {
  status: number;
  json: any;
}

/** `call(method, path, who, body?)`: an API request with the bearer token minted for `who`. */
export type Call = (method: string, path: string, who: string, body?: unknown) => Promise<Reply>;

/** A local Podium, not seeded, over a fresh data folder named with `prefix`. Fails at once, with the install hint, if there is no Chromium. */
export async function startLocalPodium(prefix: string): Promise<{ podium: RunningPodium; dataDir: string }> {
  chromiumPath();
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return { podium: await startPodium({ port: 0, dataDir, seed: false, quiet: true, runtime: podiumRuntime() }), dataDir };
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
}

/** Closes the browsers, stops the server and removes its data folder; safe after a failed start. */
export async function stopLocalPodium(podium: RunningPodium | undefined, dataDir: string | undefined, browsers?: Browsers): Promise<void> {
  try {
    await browsers?.closeAll();
  } finally {
    await podium?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * A describe block's own platform: started (data in a fresh folder) with ID tokens for `emails`
 * before its tests, its browsers closed and everything stopped after. Call it first in the block,
 * so its beforeAll runs before the block's own set-up.
 */
export function localPodiumSuite(prefix: string, emails: readonly string[]) {
  let podium: RunningPodium | undefined;
  let dataDir: string | undefined;
  const tokens: Record<string, string> = {};
  const started = () => {
    if (!podium) throw new Error('The platform is not started yet (use it from a test or a later beforeAll).');
    return podium;
  };
  const browsers = new Browsers(() => started().url);
  beforeAll(async () => {
    ({ podium, dataDir } = await startLocalPodium(prefix));
    Object.assign(tokens, await mintTokens(podium, dataDir, emails));
  });
  afterAll(() => stopLocalPodium(podium, dataDir, browsers));
  return { get podium() { return started(); }, tokens, browsers, call: apiCaller(() => started().url, tokens) };
}

/** ID tokens for demo accounts from the local identity provider, keyed by the address's local part ("sme1"). */
export async function mintTokens(podium: RunningPodium, dataDir: string, emails: readonly string[]): Promise<Record<string, string>> {
  const issuer = `${podium.url}/oidc`;
  const tokens: Record<string, string> = {};
  for (const email of emails) tokens[email.split('@')[0]!] = await signLocalIdToken({ dataDir, issuer, account: findDemoAccount(email)! });
  return tokens;
}

/** The API caller; `baseUrl` and `tokens` are read on each call, so both may be filled in later (in beforeAll). */
export function apiCaller(baseUrl: () => string, tokens: Record<string, string>): Call {
  return async (method, path, who, body) => {
    const res = await fetch(baseUrl() + path, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
}

/** The reply's body, once its status is the one expected. */
export async function expectStatus(reply: Promise<Reply>, status = 200): Promise<any> {
  const r = await reply;
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  return r.json;
}

/**
 * Starts a job through the API (a request answered 202 with it, e.g. running an assignment) and
 * polls it until it has finished; expects it to succeed and returns it.
 */
export async function finishedJob(call: Call, who: string, started: Promise<Reply>): Promise<any> {
  let job = await expectStatus(started, 202);
  for (let i = 0; i < 300 && job.state !== 'succeeded' && job.state !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    job = await expectStatus(call('GET', `/api/competitions/${job.competitionId}/jobs/${job.id}`, who));
  }
  expect(job.state, JSON.stringify(job)).toBe('succeeded');
  return job;
}

/** The browsers a test opens, each with its own profile; all closed by closeAll(). */
export class Browsers {
  private readonly opened: Browser[] = [];

  /** With `acceptDialogs`, every confirm() dialog is answered "OK". */
  constructor(
    private readonly baseUrl: () => string,
    private readonly options: { acceptDialogs?: boolean } = {},
  ) {}

  async launch(): Promise<Browser> {
    const b = await launchBrowser();
    this.opened.push(b);
    if (this.options.acceptDialogs) b.page.on('dialog', (d) => void d.accept());
    return b;
  }

  /** A browser on the home page, signed in as `email` when one is given. */
  async open(email?: string): Promise<Page> {
    const { page } = await this.launch();
    await page.goto(this.baseUrl() + '/');
    if (email) await signIn(page, email);
    return page;
  }

  /** Closes every browser, then fails with the first error (e.g. axe violations found after the last test). */
  async closeAll(): Promise<void> {
    const failures = (await Promise.allSettled(this.opened.map((b) => b.close()))).filter((r) => r.status === 'rejected');
    if (failures.length) throw (failures[0] as PromiseRejectedResult).reason;
  }
}

/** What a competition has beyond the defaults below (no eligibility limits beyond SMEs, no questions). */
export interface CompetitionFields {
  title: string;
  description: string;
  kind: string;
  sectors: string[];
  rubric: { name: string; description: string; weight: number; scale: { min: number; max: number } }[];
  pitch?: unknown;
}

/**
 * Creates and publishes a competition whose submissions opened `openedHoursAgo` hours ago and close
 * in a week, with evaluation in the second week and results a week later; returns its id.
 */
export async function createOpenCompetition(call: Call, fields: CompetitionFields, openedHoursAgo: number): Promise<string> {
  const created = await expectStatus(
    call('POST', '/api/competitions', 'organiser', {
      eligibility: { countries: [], smeOnly: true },
      schedule: {
        timeZone: 'UTC',
        submissionsOpen: utcWallClock(-openedHoursAgo),
        submissionsClose: utcWallClock(24 * 7),
        evaluationStart: utcWallClock(24 * 8),
        evaluationEnd: utcWallClock(24 * 14),
        resultsDate: utcWallClock(24 * 21),
      },
      questions: [],
      ...fields,
    }),
    201,
  );
  await expectStatus(call('POST', `/api/competitions/${created.id}/publish`, 'organiser', { version: created.version }));
  return created.id;
}

/** Registers `who`'s SME (the country is the registry id's prefix) with `who` as its CEO. */
export async function registerEntrant(
  call: Call,
  competitionId: string,
  who: string,
  sme: { org: string; registryId: string; email: string },
): Promise<void> {
  await expectStatus(
    call('POST', `/api/competitions/${competitionId}/registration`, who, {
      organisationName: sme.org,
      country: sme.registryId.slice(0, 2),
      registryId: sme.registryId,
      smeDeclaration: true,
      team: [{ name: who, email: sme.email, role: 'CEO' }],
      privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 },
    }),
    201,
  );
}

/** Creates a complete idea submission for `who` and submits it; returns its id. */
export async function submitIdea(call: Call, competitionId: string, who: string, idea: { title: string; sectors: readonly string[] }): Promise<string> {
  const base = `/api/competitions/${competitionId}/submissions`;
  const sub = await expectStatus(
    call('POST', base, who, {
      title: idea.title,
      summary: `${idea.title}: the summary.`,
      problem: 'A real problem.',
      solution: 'A clever solution.',
      valueChain: [],
      sectors: [...idea.sectors],
      answers: {},
    }),
    201,
  );
  await expectStatus(call('POST', `${base}/${sub.id}/submit`, who, { version: sub.version }));
  return sub.id;
}

/** A jury round (k 1, not blind) opened an hour ago for two days, scored 0–100 on each of `criteria`, as the organiser makes it. */
export async function openJuryRound(call: Call, competitionId: string, o: { name: string; maxLoad: number; criteria: readonly string[] }): Promise<any> {
  return expectStatus(
    call('POST', `/api/competitions/${competitionId}/rounds`, 'organiser', {
      name: o.name,
      kind: 'jury',
      k: 1,
      maxLoad: o.maxLoad,
      blind: false,
      opensAt: utcWallClock(-1),
      closesAt: utcWallClock(48),
      weight: 100,
      rubric: o.criteria.map((name) => ({ name, description: '', weight: 1, scale: { min: 0, max: 100 } })),
    }),
    201,
  );
}

/** Saves `review` (which carries the version it replaces) as `who`'s review of a submission in a round, then submits it. */
export async function submitReview(
  call: Call,
  path: { competitionId: string; roundId: string; submissionId: string },
  who: string,
  review: Record<string, unknown>,
): Promise<void> {
  const url = `/api/competitions/${path.competitionId}/rounds/${path.roundId}/reviews/${path.submissionId}`;
  const saved = await expectStatus(call('PUT', url, who, review));
  await expectStatus(call('POST', `${url}/submit`, who, { version: saved.version }));
}

/** Clicks the button that downloads a CSV; resolves with the file's suggested name and its text. */
export async function downloadCsv(page: Page, button: string): Promise<{ fileName: string; csv: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { fileName: download.suggestedFilename(), csv: await readFile((await download.path())!, 'utf8') };
}

/** Casts (or changes) `who`'s ballot in a competition's audience vote through the API; returns the saved ballot. */
export async function castBallot(call: Call, competitionId: string, who: string, choices: readonly string[]): Promise<{ choices: string[]; updatedAt: string }> {
  return expectStatus(call('PUT', `/api/competitions/${competitionId}/audience-vote/ballot`, who, { choices: [...choices] }));
}

/**
 * An expo round (pairwise judging at the tables) opened an hour ago for two days, as the organiser
 * makes it, with `expo` settings beyond the defaults; the entries are numbered 1..N ("Number the
 * tables") and `judges` (demo e-mails) invited and accepted. Returns the round.
 */
export async function openExpoRound(
  call: Call,
  competitionId: string,
  o: { name: string; criteria: readonly string[]; judges: readonly string[]; expo?: Record<string, unknown> },
): Promise<any> {
  const base = `/api/competitions/${competitionId}/rounds`;
  const round = await expectStatus(
    call('POST', base, 'organiser', {
      name: o.name,
      kind: 'expo',
      k: 1,
      maxLoad: 1,
      blind: false,
      opensAt: utcWallClock(-1),
      closesAt: utcWallClock(48),
      weight: 100,
      rubric: o.criteria.map((name) => ({ name, description: '', weight: 1, scale: { min: 0, max: 10 } })),
      ...(o.expo ? { expo: o.expo } : {}),
    }),
    201,
  );
  await expectStatus(call('POST', `${base}/${round.id}/expo/tables/auto`, 'organiser'));
  const invite = await expectStatus(call('POST', `${base}/${round.id}/invitations`, 'organiser', { emails: [...o.judges] }), 201);
  for (const i of invite.items as { email: string; link: string }[])
    await expectStatus(call('POST', `/api/invitations/${competitionId}/${i.link.split('/').pop()}/accept`, i.email.split('@')[0]!, { interests: [] }));
  return round;
}

/**
 * A phone: Chromium with a 390×844 touch screen (isMobile, hasTouch), its own storage, on the home
 * page and signed in as `email`. Closed by the returned `close`.
 */
export async function openPhone(baseUrl: string, email: string): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-dev-shm-usage'] });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(15_000);
  const axe = await watchAccessibility(context);
  const page = await context.newPage();
  await page.goto(baseUrl + '/');
  await signIn(page, email);
  return {
    context,
    page,
    close: async () => {
      await axe.settle().catch(() => undefined);
      axe.close();
      await browser.close().catch(() => undefined);
      const left = axe.take();
      if (left.length) throw new Error(formatViolations(left));
    },
  };
}

