/** Who is signed in: the ID token's claims at once, the API's /me (roles, permissions) once loaded. */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { api, setUnauthorizedHandler } from './api.ts';
import { currentClaims, signIn, type Claims } from './auth.ts';
import type { Me } from './types.ts';

export interface Session {
  claims: Claims | undefined;
  me: Me | undefined;
  /** The API said 401: the token was dropped; ask the user to sign in again. */
  expired: boolean;
}

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
    api.GET('/api/me').then(setMe, () => {});
  }, [claims?.sub]);
  return <SessionContext.Provider value={{ claims, me, expired }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}

export function SignInButton({ label = 'Sign in', class: cls = 'btn btn-primary' }: { label?: string; class?: string }) {
  const [error, setError] = useState<string>();
  return (
    <>
      <button
        type="button"
        class={cls}
        onClick={() => {
          setError(undefined);
          signIn().catch((e: Error) => setError(e.message || 'Sign-in is not available right now.'));
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
export function RequireSignIn({ children, what = 'this page' }: { children: ComponentChildren; what?: string }) {
  const { claims } = useSession();
  if (!claims)
    return (
      <section class="panel center">
        <h1>Sign in required</h1>
        <p>Please sign in to see {what}.</p>
        <SignInButton />
      </section>
    );
  return <>{children}</>;
}
