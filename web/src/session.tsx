/** Who is signed in: the ID token's claims at once, the API's /me (roles, permissions) once loaded. */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { api, setUnauthorizedHandler } from './api.ts';
import { currentClaims, signIn, type Claims } from './auth.ts';
import { currentLocale, onLocaleChange, setLocale, t } from './i18n.ts';
import type { Me } from './types.ts';

export interface Session {
  claims: Claims | undefined;
  me: Me | undefined;
  /** The API said 401: the token was dropped; ask the user to sign in again. */
  expired: boolean;
}

/** True while the account's own language is being applied (not a choice to save back). */
let applying = false;

const SessionContext = createContext<Session>({ claims: undefined, me: undefined, expired: false });

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [claims, setClaims] = useState(currentClaims);
  const [me, setMe] = useState<Me>();
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setClaims(undefined);
      setMe(undefined);
      setExpired(true);
    });
  }, []);
  useEffect(() => {
    if (!claims) return;
    // Issue 14: the account's language (saved, or the browser's at the first sign-in) applies on load…
    api.GET('/api/me').then((m) => {
      setMe(m);
      if (m.language && m.language !== currentLocale()) {
        applying = true;
        void setLocale(m.language).finally(() => (applying = false));
      }
    }, () => {});
    // …and a choice made in the picker while signed in is saved with the account (signed out: this device only).
    return onLocaleChange((language) => {
      if (!applying) api.PUT('/api/me/settings', { body: { language } }).catch(() => {});
    });
  }, [claims?.sub]);
  return <SessionContext.Provider value={{ claims, me, expired }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}

export function SignInButton({ label = t('shell.signIn'), class: cls = 'btn btn-primary' }: { label?: string; class?: string }) {
  const [error, setError] = useState<string>();
  return (
    <>
      <button
        type="button"
        class={cls}
        onClick={() => {
          setError(undefined);
          signIn().catch((e: Error) => setError(e.message || t('shell.signInUnavailable')));
        }}
      >
        {label}
      </button>
      {error && (
        <span class="inline-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

/** Pages for signed-in users only. */
export function RequireSignIn({ children, what }: { children: ComponentChildren; what?: string }) {
  const { claims } = useSession();
  if (!claims)
    return (
      <section class="panel center">
        <h1>{t('shell.signInRequired')}</h1>
        <p>{t('shell.signInToSee', { what: what ?? t('shell.thisPage') })}</p>
        <SignInButton />
      </section>
    );
  return <>{children}</>;
}
