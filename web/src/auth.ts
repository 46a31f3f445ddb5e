/**
 * Sign-in with the authorization code flow + PKCE (oauth4webapi). The API takes the ID token as
 * a bearer token, so that is what we keep — in sessionStorage, so it ends with the tab.
 */
import * as oauth from 'oauth4webapi';
import { t } from './i18n.ts';

const TOKEN_KEY = 'podium.idToken';
const PENDING_KEY = 'podium.pendingLogin';

interface AppConfig {
  issuer: string;
  clientId: string;
}

export interface Claims {
  sub: string;
  email?: string;
  name?: string;
  exp?: number;
  'cognito:groups'?: string[];
}

interface PendingLogin {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

let configPromise: Promise<{ config: AppConfig; as: oauth.AuthorizationServer }> | undefined;

function redirectUri(): string {
  return `${location.origin}/auth/callback`;
}

/** Local issuers are plain http on localhost; oauth4webapi insists on https unless told. */
function insecure(issuer: URL): Record<symbol, boolean> {
  return issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(): Promise<{ config: AppConfig; as: oauth.AuthorizationServer }> {
  configPromise ??= (async () => {
    const res = await fetch('/config.json');
    if (!res.ok) throw new Error(t('auth.noConfig'));
    const config = (await res.json()) as AppConfig;
    const issuer = new URL(config.issuer);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure(issuer)));
    return { config, as };
  })();
  try {
    return await configPromise;
  } catch (err) {
    configPromise = undefined;
    throw err;
  }
}

export async function signIn(returnTo = location.pathname + location.search): Promise<void> {
  const { config, as } = await discover();
  if (!as.authorization_endpoint) throw new Error(t('auth.noAuthorizationEndpoint'));
  const pending: PendingLogin = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo: returnTo.startsWith('/auth/') ? '/' : returnTo,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  }).toString();
  location.assign(url.href);
}

/** Completes the login on /auth/callback; returns where the user wanted to go. */
export async function completeSignIn(callbackUrl: URL): Promise<string> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  if (!raw) throw new Error(t('auth.linkExpired'));
  const pending = JSON.parse(raw) as PendingLogin;
  sessionStorage.removeItem(PENDING_KEY);
  const { config, as } = await discover();
  const client: oauth.Client = { client_id: config.clientId };
  const params = oauth.validateAuthResponse(as, client, callbackUrl, pending.state);
  const res = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.verifier,
    insecure(new URL(config.issuer)),
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, res, {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
  if (!tokens.id_token) throw new Error(t('auth.noIdToken'));
  sessionStorage.setItem(TOKEN_KEY, tokens.id_token);
  return pending.returnTo || '/';
}

export function getIdToken(): string | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  if (!token) return undefined;
  const claims = decodeClaims(token);
  if (!claims || (claims.exp !== undefined && claims.exp * 1000 < Date.now())) {
    sessionStorage.removeItem(TOKEN_KEY);
    return undefined;
  }
  return token;
}

export function clearSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

export function currentClaims(): Claims | undefined {
  const token = getIdToken();
  return token ? decodeClaims(token) : undefined;
}

/** Display only: the API verifies the signature, the browser just reads the payload. */
function decodeClaims(token: string): Claims | undefined {
  try {
    const part = token.split('.')[1] ?? '';
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
  } catch {
    return undefined;
  }
}

export async function signOut(): Promise<void> {
  const token = getIdToken();
  clearSession();
  try {
    const { as } = await discover();
    if (as.end_session_endpoint) {
      const url = new URL(as.end_session_endpoint);
      if (token) url.searchParams.set('id_token_hint', token);
      url.searchParams.set('post_logout_redirect_uri', `${location.origin}/`);
      location.assign(url.href);
      return;
    }
  } catch {
    /* the IdP is unreachable: the local session is gone anyway */
  }
  location.assign('/');
}
