/**
 * The local identity provider: an OpenID Connect issuer (oidc-provider) standing in for Cognito on
 * one machine. It issues ID tokens with Cognito's claim shape (`email`, `email_verified`, `name`,
 * `cognito:groups`) for the demo accounts, so the API verifies local and AWS tokens the same way.
 *
 * Mounted under `/oidc` of the local server; its sign-in page lives at `/oidc/interaction/:uid`.
 * Sessions are in memory (they end at restart); the signing key is persisted in the data folder
 * so tokens stay valid across restarts and the token CLI can mint tokens while the server is down.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import type {
  Adapter,
  AdapterPayload,
  Interaction,
  KoaContextWithOIDC,
  Provider as ProviderType,
} from 'oidc-provider';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, findDemoAccount, findDemoAccountBySub, type DemoAccount } from './demo-accounts.ts';

export const LOCAL_CLIENT_ID = 'podium-web';
export const OIDC_MOUNT_PATH = '/oidc';
const SIGNING_ALG = 'RS256';
const ID_TOKEN_TTL_SECONDS = 12 * 3600;

export function issuerFor(origin: string): string {
  return `${origin}${OIDC_MOUNT_PATH}`;
}

// ---------------------------------------------------------------------------------------------
// Signing key, persisted in <dataDir>/oidc/jwks.json
// ---------------------------------------------------------------------------------------------

function keyFile(dataDir: string): string {
  return join(dataDir, 'oidc', 'jwks.json');
}

/** The private signing JWK; generated on first use. Safe when the CLI and the server race. */
export async function loadOrCreateSigningKey(dataDir: string): Promise<JWK> {
  const file = keyFile(dataDir);
  const existing = await readSigningKey(file);
  if (existing) return existing;

  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const key: JWK = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: SIGNING_ALG, use: 'sig' };
  await mkdir(join(dataDir, 'oidc'), { recursive: true });
  // Write privately, then link into place: creation is atomic and never overwrites a key that a
  // concurrent process wrote first (whose key then wins, so both agree).
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ keys: [key] }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, file);
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const winner = await readSigningKey(file);
    if (!winner) throw new Error(`Could not read the signing key in ${file}.`);
    return winner;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

async function readSigningKey(file: string): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const key = (JSON.parse(text) as JSONWebKeySet).keys[0];
  if (!key?.kid || key.kty !== 'RSA' || !key.d)
    throw new Error(`${file} does not hold an RSA signing key; delete it to have a new one made.`);
  return key;
}

function publicPart(key: JWK): JWK {
  const { kty, n, e, kid, alg, use } = key;
  return { kty, n, e, kid, alg, use };
}

/** The public keys that verify local ID tokens (what a JWKS endpoint would serve). */
export async function localJwks(dataDir: string): Promise<JSONWebKeySet> {
  return { keys: [publicPart(await loadOrCreateSigningKey(dataDir))] };
}

/** The claims a demo account's ID token carries — the shape of a Cognito ID token. */
function accountClaims(account: DemoAccount): Record<string, unknown> {
  return {
    sub: account.sub,
    email: account.email,
    email_verified: account.emailVerified,
    name: account.name,
    'cognito:groups': [...account.groups],
  };
}

/**
 * Signs an ID token for a demo account with the persisted key, exactly as the provider would.
 * For the token CLI and tests; deliberately not reachable over HTTP.
 */
export async function signLocalIdToken(o: {
  dataDir: string;
  issuer: string;
  account: DemoAccount;
  audience?: string;
  ttlSeconds?: number;
}): Promise<string> {
  const jwk = await loadOrCreateSigningKey(o.dataDir);
  const key = await importJWK(jwk, SIGNING_ALG);
  const { sub, ...claims } = accountClaims(o.account);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: SIGNING_ALG, kid: jwk.kid, typ: 'JWT' })
    .setIssuer(o.issuer)
    .setAudience(o.audience ?? LOCAL_CLIENT_ID)
    .setSubject(sub as string)
    .setIssuedAt()
    .setExpirationTime(`${o.ttlSeconds ?? ID_TOKEN_TTL_SECONDS}s`)
    .sign(key);
}

// ---------------------------------------------------------------------------------------------
// The provider
// ---------------------------------------------------------------------------------------------

export interface LocalOidc {
  issuer: string;
  clientId: string;
  /** Handles any request whose path is `/oidc` or starts with `/oidc/`. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/**
 * oidc-provider warns on import that Node 20 is "unsupported" (it wants 22); Podium supports
 * Node ≥ 20.19 and the provider works there, so that one notice is filtered out.
 */
async function importProvider(): Promise<typeof ProviderType> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return (await import('oidc-provider')).default;
  } finally {
    console.warn = warn;
  }
}

export async function createLocalOidc(o: {
  /** `http://localhost:<port>`: the browser-facing origin. */
  origin: string;
  dataDir: string;
  quiet?: boolean;
}): Promise<LocalOidc> {
  const Provider = await importProvider();
  const issuer = issuerFor(o.origin);
  const signingKey = await loadOrCreateSigningKey(o.dataDir);
  // Also accept the 127.0.0.1 spelling of the origin, so the app works from either address.
  const origins = [...new Set([o.origin, o.origin.replace('//localhost:', '//127.0.0.1:')])];
  const interactionPath = (uid: string) => `${OIDC_MOUNT_PATH}/interaction/${uid}`;

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    clients: [
      {
        client_id: LOCAL_CLIENT_ID,
        client_name: 'Podium',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: origins.map((origin) => `${origin}/auth/callback`),
        post_logout_redirect_uris: origins.map((origin) => `${origin}/`),
      },
    ],
    jwks: { keys: [signingKey] },
    // Sessions don't survive a restart anyway, so fresh cookie keys per process are fine.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'email', 'profile'],
    claims: {
      acr: null,
      sid: null,
      auth_time: null,
      iss: null,
      openid: ['sub', 'cognito:groups'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // Put the scope's claims into the ID token (as Cognito does), not only into /me.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: ID_TOKEN_TTL_SECONDS,
      Interaction: 3600,
      Session: 24 * 3600,
      Grant: 24 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    interactions: { url: (_ctx: unknown, interaction: Interaction) => interactionPath(interaction.uid) },
    async findAccount(_ctx: unknown, sub: string) {
      const account = findDemoAccountBySub(sub);
      return account && { accountId: account.sub, claims: () => accountClaims(account) };
    },
    // Podium's own web app is first-party: grant what it asks for instead of asking for consent.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      const accountId = oidc.session.accountId;
      const clientId = oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(clientId);
      let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (grant && grant.accountId !== accountId) grant = undefined;
      grant ??= new oidc.provider.Grant({ accountId, clientId });
      const scope = [...oidc.requestParamOIDCScopes].join(' ');
      if (scope) grant.addOIDCScope(scope);
      if (oidc.requestParamClaims.size) grant.addOIDCClaims([...oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
    clientBasedCORS: (_ctx: unknown, origin: string) => origins.includes(origin),
    renderError: async (ctx: KoaContextWithOIDC, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = errorPage(o.origin, 'Sign-in problem', out.error_description ?? out.error ?? 'Something went wrong.');
    },
  });
  if (!o.quiet) {
    provider.on('server_error', (_ctx, err) => console.error('Local sign-in server error:', err));
  }

  const providerCallback = provider.callback();

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined) {
    let details: Interaction;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return sendHtml(res, 400, errorPage(o.origin, 'This sign-in page has expired', 'Go back to Podium and choose “Sign in” again.'));
    }
    if (details.uid !== uid) {
      return sendHtml(res, 400, errorPage(o.origin, 'This sign-in page has expired', 'Go back to Podium and choose “Sign in” again.'));
    }
    const formAction = `${interactionPath(uid)}/login`;

    if (details.prompt.name === 'consent') return grantConsent(req, res, details);
    if (details.prompt.name !== 'login') {
      return sendHtml(res, 400, errorPage(o.origin, 'Sign-in problem', `Unexpected step “${details.prompt.name}”.`));
    }
    if (req.method === 'GET' && action === undefined) {
      const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
      return sendHtml(res, 200, loginPage({ formAction, email: hint }));
    }
    if (req.method === 'POST' && action === 'login') {
      const form = await readForm(req);
      const email = form.get('email') ?? '';
      const account = findDemoAccount(email);
      if (!account || form.get('password') !== DEMO_PASSWORD) {
        return sendHtml(res, 401, loginPage({ formAction, email, error: true }));
      }
      return provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
    }
    res.setHeader('Allow', action === 'login' ? 'POST' : 'GET');
    return sendHtml(res, 405, errorPage(o.origin, 'Sign-in problem', 'That request method is not supported here.'));
  }

  /** Fallback should the provider still ask for consent: grant exactly what is missing. */
  async function grantConsent(req: IncomingMessage, res: ServerResponse, details: Interaction) {
    const accountId = details.session?.accountId;
    const clientId = String(details.params.client_id ?? '');
    if (!accountId || clientId !== LOCAL_CLIENT_ID) {
      return sendHtml(res, 400, errorPage(o.origin, 'Sign-in problem', 'Unknown application.'));
    }
    const grant =
      (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  const interactionRoute = new RegExp(`^${OIDC_MOUNT_PATH}/interaction/([A-Za-z0-9_-]+)(?:/(login))?/?$`);

  return {
    issuer,
    clientId: LOCAL_CLIENT_ID,
    async handle(req, res) {
      const url = req.url ?? '/';
      const pathname = url.split('?')[0] ?? '/';
      const match = interactionRoute.exec(pathname);
      try {
        if (match) return await handleInteraction(req, res, match[1]!, match[2]);
        // Mount like express does: the provider sees the path below /oidc, and derives its own
        // URLs from `originalUrl` (see oidc-provider's "mounting" docs).
        const rest = url.slice(OIDC_MOUNT_PATH.length);
        (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
        req.url = rest.startsWith('/') ? rest : `/${rest}`;
        await providerCallback(req, res);
      } catch (err) {
        if (!o.quiet) console.error('Local sign-in error:', err);
        if (!res.headersSent) sendHtml(res, 500, errorPage(o.origin, 'Sign-in problem', 'Something went wrong on the local sign-in server.'));
        else res.end();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// In-memory adapter (what the provider's quick-start adapter does, without its warning banner)
// ---------------------------------------------------------------------------------------------

const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

function memoryAdapter(): (model: string) => Adapter {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const sessionsByUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();
  const grantMembers = new Map<string, Set<string>>();
  const tolerance = 15_000;

  const live = (key: string): AdapterPayload | undefined => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  const sweep = () => {
    const now = Date.now();
    for (const [key, entry] of store) if (entry.expiresAt <= now) store.delete(key);
  };

  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        if (store.size > 10_000) sweep();
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 + tolerance : Infinity;
        store.set(key(id), { payload, expiresAt });
        if (model === 'Session' && payload.uid) sessionsByUid.set(payload.uid, id);
        if (payload.userCode) byUserCode.set(payload.userCode, id);
        if (GRANTABLE.has(model) && payload.grantId) {
          const members = grantMembers.get(payload.grantId) ?? new Set<string>();
          grantMembers.set(payload.grantId, members.add(key(id)));
        }
      },
      async find(id) {
        return live(key(id));
      },
      async findByUid(uid) {
        const id = sessionsByUid.get(uid);
        return id === undefined ? undefined : live(key(id));
      },
      async findByUserCode(userCode) {
        const id = byUserCode.get(userCode);
        return id === undefined ? undefined : live(key(id));
      },
      async consume(id) {
        const payload = live(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const member of grantMembers.get(grantId) ?? []) store.delete(member);
        grantMembers.delete(grantId);
      },
    };
  };
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

async function readForm(req: IncomingMessage, limit = 16 * 1024): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.end(html);
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f3f5f8}
main{max-width:26rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:0 0 .25rem}
h2{font-size:1rem;margin:1.75rem 0 .25rem}
p{margin:.25rem 0 1rem}
.muted{color:#52606d;font-size:.9rem}
form{display:grid;gap:1rem}
label{display:grid;gap:.3rem;font-weight:600}
input{font:inherit;font-weight:400;padding:.65rem .75rem;border:1px solid #9aa5b1;border-radius:8px;width:100%}
input:focus,button:focus,a:focus{outline:3px solid #f0b429;outline-offset:2px}
button,.button{font:inherit;font-weight:600;padding:.7rem 1rem;border:0;border-radius:8px;background:#1d4ed8;color:#fff;cursor:pointer;text-decoration:none;display:inline-block;text-align:center}
button:hover,.button:hover{background:#1e40af}
.error{border-left:4px solid #b91c1c;background:#fef2f2;color:#7f1d1d;padding:.6rem .8rem;border-radius:4px}
ul{padding:0;margin:.5rem 0 0;list-style:none}
li{padding:.35rem 0;border-top:1px solid #e4e7eb;font-size:.9rem;overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;background:#eef2f7;padding:.05rem .3rem;border-radius:4px}
@media (max-width:30rem){main{margin:0;border-radius:0;box-shadow:none;min-height:100vh}}
`;

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Podium</title>
<style>${STYLE}</style>${head}
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

const KIND_LABEL: Record<DemoAccount['kind'], string> = { organiser: 'organiser', sme: 'SME founder', investor: 'investor', team: 'hackathon team', judge: 'expo judge', programme: 'programme staff' };

function loginPage(o: { formAction: string; email: string; error?: boolean }): string {
  const accounts = DEMO_ACCOUNTS.map(
    (a) => `<li><code>${esc(a.email)}</code> — ${esc(a.name)}, ${KIND_LABEL[a.kind]}</li>`,
  ).join('\n');
  const error = o.error
    ? `<p class="error" role="alert" id="login-error">That e-mail and password don’t match a demo account. Use one of the accounts below with the password <code>${esc(DEMO_PASSWORD)}</code>.</p>`
    : '';
  const invalid = o.error ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  const focusPassword = o.error || o.email !== '';
  return page(
    'Sign in',
    `<h1>Sign in to Podium</h1>
<p class="muted">Local demo sign-in. Nothing leaves this computer.</p>
${error}
<form method="post" action="${esc(o.formAction)}">
<label>Email <input name="email" type="email" autocomplete="username" required value="${esc(o.email)}"${invalid}${focusPassword ? '' : ' autofocus'}></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required${invalid}${focusPassword ? ' autofocus' : ''}></label>
<button type="submit">Sign in</button>
</form>
<section aria-labelledby="demo-accounts">
<h2 id="demo-accounts">Demo accounts</h2>
<p class="muted">Every account uses the password <code>${esc(DEMO_PASSWORD)}</code>.</p>
<ul>
${accounts}
</ul>
</section>`,
  );
}

function errorPage(origin: string, title: string, message: string): string {
  return page(title, `<h1>${esc(title)}</h1>\n<p>${esc(message)}</p>\n<p><a class="button" href="${esc(origin)}/">Back to Podium</a></p>`);
}

/** Sign-out needs no question in a local demo: the form posts itself (a button if JS is off). */
async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const autoForm = form.replace(
    '</form>',
    '<input type="hidden" name="logout" value="yes"><button type="submit">Sign out</button></form>',
  );
  ctx.type = 'html';
  ctx.body = page(
    'Signing out',
    `<h1>Signing you out…</h1>\n${autoForm}\n<script>document.getElementById('op.logoutForm').submit()</script>`,
  );
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = 'html';
  ctx.body = page('Signed out', `<h1>You are signed out</h1>\n<p><a class="button" href="/">Back to Podium</a></p>`);
}
