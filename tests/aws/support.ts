/**
 * The AWS-shaped tier's set-up: the whole local platform started with the lambda runtime — the
 * synthesized HTTP API in front of the bundled, minified functions of the cloud assembly — over a
 * fresh data folder, with ID tokens minted by the local identity provider and a caller that
 * talks to it over real HTTP. The real clock runs (the bundles read the system clock), so
 * schedules are set relative to now.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { findDemoAccount } from '../../functions/local/demo-accounts.ts';
import { signLocalIdToken } from '../../functions/local/oidc.ts';
import { startPodium, type RunningPodium } from '../../functions/local/server.ts';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface LambdaPodium {
  podium: RunningPodium;
  dataDir: string;
  /** ID tokens by the address's local part ("sme1"). */
  tokens: Record<string, string>;
  /** A request as `who` (a key of tokens), anonymous with `undefined`, or with a raw Authorization header value. */
  call(method: string, path: string, who?: string | { authorization: string }, body?: unknown): Promise<Reply>;
  stop(): Promise<void>;
}

export async function startLambdaPodium(accounts: readonly string[]): Promise<LambdaPodium> {
  const dataDir = await mkdtemp(join(tmpdir(), 'podium-aws-'));
  let podium: RunningPodium;
  try {
    // PODIUM_AWS_LOGS=1 shows what the functions write (their CloudWatch logs) and the gateway's integration errors.
    podium = await startPodium({ port: 0, dataDir, seed: false, quiet: !process.env.PODIUM_AWS_LOGS, runtime: 'lambda' });
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
  const tokens: Record<string, string> = {};
  for (const email of accounts) tokens[email.split('@')[0]!] = await signLocalIdToken({ dataDir, issuer: `${podium.url}/oidc`, account: findDemoAccount(email)! });

  async function call(method: string, path: string, who?: string | { authorization: string }, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (typeof who === 'string') headers.authorization = `Bearer ${tokens[who]}`;
    else if (who) headers.authorization = who.authorization;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(podium.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  return {
    podium,
    dataDir,
    tokens,
    call,
    async stop() {
      await podium.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The reply's body, once its status is the one expected (the body is in the failure message). */
export async function expectStatus(reply: Promise<Reply>, status = 200): Promise<any> {
  const r = await reply;
  expect(r.status, r.text).toBe(status);
  return r.json;
}

/** A wall-clock "YYYY-MM-DDTHH:mm" in UTC, `hours` from now (a schedule in the competition's UTC zone). */
export function utcWallClock(hoursFromNow: number): string {
  return new Date(Date.now() + hoursFromNow * 3_600_000).toISOString().slice(0, 16);
}
