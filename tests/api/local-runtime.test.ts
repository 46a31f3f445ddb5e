/**
 * The local embedded runtime over real HTTP: one server for the API, the web app's config and the
 * local OpenID provider; the sign-in done the way the web app does it (authorization code + PKCE
 * with oauth4webapi); the data-folder lock; and what survives a restart.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDemoAccount } from '../../functions/local/demo-accounts.ts';
import { acquireDataDirLock, DataDirLockedError, runningOrigin } from '../../functions/local/lock.ts';
import { localJwks, signLocalIdToken } from '../../functions/local/oidc.ts';
import { startPodium, type RunningPodium } from '../../functions/local/server.ts';
import { competitionInput, registrationInput, submissionContent } from '../support/api-harness.ts';

const CLIENT: oauth.Client = { client_id: 'podium-web' };
const insecure = { [oauth.allowInsecureRequests]: true };

let dataDir: string;
let podium: RunningPodium;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'podium-local-'));
  podium = await startPodium({ port: 0, dataDir, seed: false, quiet: true });
});

afterAll(async () => {
  await podium?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A minimal cookie jar: the provider's cookies are path-scoped, but sending all is harmless. */
class CookieJar {
  #cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function browse(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: jar.header() } });
  jar.take(res);
  return res;
}

/** Follows redirects like a browser until one leaves for the app's /auth/callback. */
async function followUntilCallback(jar: CookieJar, first: Response, base: string): Promise<URL | Response> {
  let res = first;
  for (let hops = 0; hops < 10; hops++) {
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return res;
    const next = new URL(location, base);
    if (next.pathname === '/auth/callback') return next;
    // Consent is automatic for the first-party web app: no second interaction page.
    expect(next.pathname).not.toMatch(/^\/oidc\/interaction\//);
    res = await browse(jar, next.href);
  }
  throw new Error('too many redirects');
}

async function discover(): Promise<oauth.AuthorizationServer> {
  const config = (await (await fetch(`${podium.url}/config.json`)).json()) as { issuer: string };
  const issuer = new URL(config.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
}

/** Starts an authorization request; returns the interaction (login) page URL and PKCE material. */
async function beginSignIn(as: oauth.AuthorizationServer, jar: CookieJar) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: CLIENT.client_id,
    redirect_uri: `${podium.url}/auth/callback`,
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();
  const res = await browse(jar, url.href);
  expect(res.status).toBe(303);
  const loginPage = new URL(res.headers.get('location')!, podium.url);
  expect(loginPage.pathname).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
  return { verifier, state, nonce, loginPage };
}

async function submitLogin(jar: CookieJar, loginPage: URL, email: string, password: string) {
  const page = await browse(jar, loginPage.href);
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(action).toBeDefined();
  return browse(jar, new URL(action!, podium.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
  });
}

function api(path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(`${podium.url}${path}`, { ...init, headers });
}

/** Wall-clock time in the competition's zone, `days` from now (Brussels ≈ UTC for this purpose). */
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);
}

describe('local runtime over HTTP', () => {
  it('serves the API, the web config and OIDC discovery from one origin', async () => {
    expect(podium.url).toMatch(/^http:\/\/localhost:\d+$/);

    const health = await api('/api/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const config = await (await fetch(`${podium.url}/config.json`)).json();
    expect(config).toEqual({ issuer: `${podium.url}/oidc`, clientId: 'podium-web' });

    const discovery = await (await fetch(`${podium.url}/oidc/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: `${podium.url}/oidc`,
      authorization_endpoint: `${podium.url}/oidc/auth`,
      token_endpoint: `${podium.url}/oidc/token`,
      jwks_uri: `${podium.url}/oidc/jwks`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('signs in with authorization code + PKCE and the API accepts the ID token', async () => {
    // Prepare
    const as = await discover();
    const jar = new CookieJar();
    const { verifier, state, nonce, loginPage } = await beginSignIn(as, jar);

    // Act: the login form, then the redirects back to the app with a code
    const posted = await submitLogin(jar, loginPage, 'sme1@demo.test', 'demo');
    const callback = await followUntilCallback(jar, posted, podium.url);
    expect(callback).toBeInstanceOf(URL);
    const params = oauth.validateAuthResponse(as, CLIENT, callback as URL, state);
    const tokenResponse = await oauth.authorizationCodeGrantRequest(
      as,
      CLIENT,
      oauth.None(),
      params,
      `${podium.url}/auth/callback`,
      verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, CLIENT, tokenResponse, {
      expectedNonce: nonce,
      requireIdToken: true,
    });

    // Assess: the ID token has Cognito's claim shape and is signed with the persisted key
    const idToken = tokens.id_token!;
    const claims = decodeJwt(idToken);
    expect(claims).toMatchObject({
      iss: `${podium.url}/oidc`,
      aud: 'podium-web',
      sub: findDemoAccount('sme1@demo.test')!.sub,
      email: 'sme1@demo.test',
      email_verified: true,
      name: 'Sofia Marchetti',
      'cognito:groups': [],
    });
    await jwtVerify(idToken, createLocalJWKSet(await localJwks(dataDir)), {
      issuer: `${podium.url}/oidc`,
      audience: 'podium-web',
    });

    const me = await api('/api/me', idToken);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'sme1@demo.test', name: 'Sofia Marchetti', groups: [] });
  });

  it('puts the organiser group into the ID token', async () => {
    const as = await discover();
    const jar = new CookieJar();
    const { verifier, state, loginPage } = await beginSignIn(as, jar);
    const callback = await followUntilCallback(jar, await submitLogin(jar, loginPage, 'Organiser@demo.test', 'demo'), podium.url);
    const params = oauth.validateAuthResponse(as, CLIENT, callback as URL, state);
    const res = await oauth.authorizationCodeGrantRequest(as, CLIENT, oauth.None(), params, `${podium.url}/auth/callback`, verifier, insecure);
    const body = (await res.json()) as { id_token: string };
    expect(decodeJwt(body.id_token)['cognito:groups']).toEqual(['organisers']);
  });

  it('renders an accessible login form listing the demo accounts', async () => {
    const as = await discover();
    const jar = new CookieJar();
    const { loginPage } = await beginSignIn(as, jar);
    const html = await (await browse(jar, loginPage.href)).text();
    expect(html).toMatch(/<label>Email <input name="email" type="email"/);
    expect(html).toMatch(/<label>Password <input name="password" type="password"/);
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(html).toContain('organiser@demo.test');
    expect(html).toContain('<code>demo</code>');
  });

  it('keeps the provider session for the next sign-in, and ends it on sign-out', async () => {
    // Prepare: signed in once
    const as = await discover();
    const jar = new CookieJar();
    const first = await beginSignIn(as, jar);
    const callback = await followUntilCallback(jar, await submitLogin(jar, first.loginPage, 'sme3@demo.test', 'demo'), podium.url);
    const params = oauth.validateAuthResponse(as, CLIENT, callback as URL, first.state);
    const tokenRes = await oauth.authorizationCodeGrantRequest(as, CLIENT, oauth.None(), params, `${podium.url}/auth/callback`, first.verifier, insecure);
    const { id_token: idToken } = (await tokenRes.json()) as { id_token: string };

    // Act / Assess: a second authorization goes straight back with a code
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: 'podium-web',
      redirect_uri: `${podium.url}/auth/callback`,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
      state: 's2',
    }).toString();
    const silent = await browse(jar, url.href);
    expect(new URL(silent.headers.get('location')!, podium.url).pathname).toBe('/auth/callback');

    // Act: RP-initiated sign-out, as the web app does it (the page submits its form itself)
    const end = new URL(as.end_session_endpoint!);
    end.search = new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: `${podium.url}/` }).toString();
    const confirm = await browse(jar, end.href);
    expect(confirm.status).toBe(200);
    const form = await confirm.text();
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(form)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)![1]!;
    const done = await browse(jar, new URL(action, podium.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(done.headers.get('location')).toBe(`${podium.url}/`);

    // Assess: the next sign-in asks for credentials again
    const again = await beginSignIn(as, jar);
    expect(again.loginPage.pathname).toMatch(/^\/oidc\/interaction\//);
  });

  it('shows an error and issues no code for a wrong password', async () => {
    const as = await discover();
    const jar = new CookieJar();
    const { loginPage } = await beginSignIn(as, jar);

    const res = await submitLogin(jar, loginPage, 'sme1@demo.test', 'not-the-password');

    expect(res.status).toBe(401);
    expect(res.headers.get('location')).toBeNull();
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('value="sme1@demo.test"');
    expect(html).not.toContain('code=');
  });

  it('refuses a code exchange without the PKCE verifier', async () => {
    const as = await discover();
    const jar = new CookieJar();
    const { state, loginPage } = await beginSignIn(as, jar);
    const callback = await followUntilCallback(jar, await submitLogin(jar, loginPage, 'sme2@demo.test', 'demo'), podium.url);
    const params = oauth.validateAuthResponse(as, CLIENT, callback as URL, state);

    const res = await fetch(as.token_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: params.get('code')!,
        redirect_uri: `${podium.url}/auth/callback`,
        client_id: 'podium-web',
        code_verifier: oauth.generateRandomCodeVerifier(),
      }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('serves the web app shell for client-side routes and leaves /api 404s to the API', async () => {
    const page = await fetch(`${podium.url}/competitions/some-id`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    if (page.status === 503) expect(html).toContain('npm run build:web'); // web/dist not built
    else expect([page.status, html]).toEqual([200, await (await fetch(`${podium.url}/`)).text()]);
    expect((await fetch(`${podium.url}/assets/no-such-file.js`)).status).not.toBe(200);
    const missing = await api('/api/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
  });

  it('has no HTTP endpoint that mints tokens', async () => {
    for (const path of ['/token', '/api/token', '/oidc/token']) {
      const res = await fetch(`${podium.url}${path}?email=sme1@demo.test`);
      expect(res.headers.get('content-type') ?? '').not.toContain('jwt');
      const text = await res.text();
      expect(text).not.toMatch(/^eyJ/);
    }
  });

  it('refuses a second Podium on the same data folder', async () => {
    await expect(startPodium({ port: 0, dataDir, seed: false, quiet: true })).rejects.toThrow(
      new RegExp(`Another Podium \\(pid ${process.pid}\\) is already using .* — stop it first, or set PODIUM_DATA_DIR`),
    );
    // The refused start left the running one alone.
    expect((await api('/api/health')).status).toBe(200);
  });

  it('keeps signing keys and data across a restart on the same port', async () => {
    // Prepare: a token minted now, and something written through the API
    const issuer = `${podium.url}/oidc`;
    const organiser = await signLocalIdToken({ dataDir, issuer, account: findDemoAccount('organiser@demo.test')! });
    const created = await api('/api/competitions', organiser, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        competitionInput({
          title: 'Survives restarts',
          schedule: {
            timeZone: 'Europe/Brussels',
            submissionsOpen: daysFromNow(10),
            submissionsClose: daysFromNow(40),
            evaluationStart: daysFromNow(41),
            evaluationEnd: daysFromNow(60),
            resultsDate: daysFromNow(70),
          },
        }),
      ),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const port = Number(new URL(podium.url).port);

    // Act
    await podium.stop();
    await podium.stop(); // idempotent
    podium = await startPodium({ port, dataDir, seed: false, quiet: true });

    // Assess
    expect(podium.url).toBe(`http://localhost:${port}`);
    const again = await api(`/api/competitions/${id}`, organiser);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id, title: 'Survives restarts' });
  });
});

describe('security headers of the web shell', () => {
  const expectShellHeaders = (res: Response) => {
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    return csp;
  };

  it('sends a strict policy with the app shell, its assets, client routes (the API docs included) and config.json', async () => {
    const shell = await fetch(`${podium.url}/`);
    const html = await shell.text();
    for (const path of ['/', '/api-docs', '/competitions/some-id', '/config.json']) {
      const res = await fetch(`${podium.url}${path}`);
      const csp = expectShellHeaders(res);
      if (shell.status === 503) {
        // web/dist not built: the explanation page has an inline style and nothing else
        if (path !== '/config.json') expect(csp).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
        continue;
      }
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain('unsafe-inline');
      // The browser uploads pitch parts to, and plays videos from, the stand-in S3 directly.
      expect(csp).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:\d+;/);
      expect(csp).toMatch(/media-src 'self' http:\/\/127\.0\.0\.1:\d+;/);
    }
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    if (shell.status === 200) {
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script the policy would block
      expect(asset).toBeDefined();
      expectShellHeaders(await fetch(`${podium.url}${asset}`));
    }
  });

  it('adds the headers that cannot break the sign-in pages, which keep their own policy', async () => {
    const discovery = await fetch(`${podium.url}/oidc/.well-known/openid-configuration`);
    expect(discovery.headers.get('x-content-type-options')).toBe('nosniff');
    expect(discovery.headers.get('x-frame-options')).toBe('DENY');
    const as = await discover();
    const { loginPage } = await beginSignIn(as, new CookieJar());
    const page = await fetch(loginPage.href);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('the platform’s own address', () => {
  const tokenCli = (dir: string, env: Record<string, string | undefined>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'functions/local/token-cli.ts', 'sme1@demo.test'], {
      env: { ...process.env, PORT: undefined, ...env, PODIUM_DATA_DIR: dir },
    });

  it('`npm run token` mints for the running platform, whatever port it was started on', async () => {
    // Prepare: the platform runs on a random port; the CLI's own PORT says something else
    expect(await runningOrigin(dataDir)).toBe(podium.url);

    // Act
    const [plain, misleading] = await Promise.all([tokenCli(dataDir, {}), tokenCli(dataDir, { PORT: '3999' })]);

    // Assess
    for (const { stdout } of [plain, misleading]) {
      const me = await api('/api/me', stdout.trim());
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ email: 'sme1@demo.test' });
    }
  });

  it('without a running platform, mints for PORT (default 3000) and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'podium-token-'));
    try {
      const [withPort, without] = await Promise.all([tokenCli(dir, { PORT: '4567' }), tokenCli(dir, {})]);
      expect(decodeJwt(withPort.stdout.trim()).iss).toBe('http://localhost:4567/oidc');
      expect(decodeJwt(without.stdout.trim()).iss).toBe('http://localhost:3000/oidc');
      expect(without.stderr).toContain('No Podium is running on');
      expect(await runningOrigin(dir)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('puts its real address into the links of the e-mails it sends', async () => {
    // Prepare: an open competition with one submitted entry
    const issuer = `${podium.url}/oidc`;
    const organiser = await signLocalIdToken({ dataDir, issuer, account: findDemoAccount('organiser@demo.test')! });
    const sme = await signLocalIdToken({ dataDir, issuer, account: findDemoAccount('sme2@demo.test')! });
    const post = (path: string, token: string, body: unknown) =>
      api(path, token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const schedule = { timeZone: 'Europe/Brussels', submissionsOpen: daysFromNow(-1), submissionsClose: daysFromNow(30), evaluationStart: daysFromNow(31), evaluationEnd: daysFromNow(40), resultsDate: daysFromNow(50) };
    const created = await (await post('/api/competitions', organiser, competitionInput({ title: 'Mail links', schedule }))).json();
    const base = `/api/competitions/${created.id}`;
    expect((await post(`${base}/publish`, organiser, { version: created.version })).status).toBe(200);
    expect((await post(`${base}/registration`, sme, registrationInput())).status).toBe(201);
    const submission = await (await post(`${base}/submissions`, sme, submissionContent())).json();
    expect((await post(`${base}/submissions/${submission.id}/submit`, sme, { version: submission.version })).status).toBe(200);

    // Act: results go out (early and without reviews, hence the reason)
    const { version } = await (await api(base, organiser)).json();
    const published = await post(`${base}/results/publish`, organiser, { version, override: { reason: 'Testing the e-mail links of the local platform.' } });
    expect(published.status, await published.clone().text()).toBe(202);

    // Assess: the publication job stores the results, then the notifications job sends the e-mails
    let mail: { to: string; text: string } | undefined;
    for (let i = 0; i < 100 && !mail; i++) {
      const outbox = (await (await api(`/api/dev/outbox?competitionId=${created.id}`, organiser)).json()) as { items: { to: string; text: string }[] };
      mail = outbox.items.find((m) => m.to === 'sme2@demo.test');
      if (!mail) await new Promise((r) => setTimeout(r, 100));
    }
    expect(mail?.text).toContain(`${podium.url}/`);
    expect(mail?.text).not.toContain('localhost:3000');
  });
});

describe('data-folder lock', () => {
  it('takes over a lock left by a process that has died, and releases it on stop', async () => {
    // Prepare: a lock file naming a pid that has certainly exited
    const dir = await mkdtemp(join(tmpdir(), 'podium-lock-'));
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    await writeFile(join(dir, 'podium.lock'), `${child.pid}\nsomeone-else\n`);
    await writeFile(join(dir, 'podium.origin'), JSON.stringify({ pid: child.pid, origin: 'http://localhost:1234' }));
    try {
      // The dead process's address is not taken for a running platform's.
      expect(await runningOrigin(dir)).toBeUndefined();
      // Act
      const lock = await acquireDataDirLock(dir);
      // Assess
      expect((await readFile(join(dir, 'podium.lock'), 'utf8')).split('\n')[0]).toBe(String(process.pid));
      await expect(acquireDataDirLock(dir)).rejects.toBeInstanceOf(DataDirLockedError);
      expect(await runningOrigin(dir)).toBeUndefined(); // until this process says where it listens
      await lock.publishOrigin('http://localhost:4321');
      expect(await runningOrigin(dir)).toBe('http://localhost:4321');
      await lock.release();
      await lock.release();
      expect(existsSync(join(dir, 'podium.lock'))).toBe(false);
      expect(existsSync(join(dir, 'podium.origin'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('signLocalIdToken', () => {
  it('signs tokens that verify with localJwks and carry the account claims', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'podium-keys-'));
    try {
      const issuer = 'http://localhost:3000/oidc';
      const token = await signLocalIdToken({ dataDir: dir, issuer, account: findDemoAccount('investor1@demo.test')! });
      const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(await localJwks(dir)), {
        issuer,
        audience: 'podium-web',
      });
      expect(protectedHeader.alg).toBe('RS256');
      expect(payload).toMatchObject({ email: 'investor1@demo.test', email_verified: true, 'cognito:groups': [] });
      expect(payload.exp! - payload.iat!).toBe(12 * 3600);
      // The key is made once and reused.
      expect(await localJwks(dir)).toEqual(await localJwks(dir));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
