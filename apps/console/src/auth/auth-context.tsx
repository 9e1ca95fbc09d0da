import type { AuthClient, Session } from '@latchkey/client';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { BASE, type ConsoleConfig } from '../config';
import { navigate } from '../router';
import { rememberPlace, takePlace } from './return-to';

type State =
  | { status: 'starting' }
  | { status: 'signed-in'; session: Session }
  | { status: 'signed-out' }
  | { status: 'failed'; message: string };

export type Auth = {
  config: ConsoleConfig;
  client: AuthClient;
  session: Session;
  /** Whether the staff member's token carries admin:write (an editor): a viewer sees no create, edit, delete or reveal. */
  canWrite: boolean;
  /** Back to the sign-in page, coming back to where the user is now (the session expired or was revoked). */
  signInAgain(): void;
  signOut(): Promise<void>;
};

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside a signed-in AuthProvider');
  return auth;
}

const SCOPE = 'admin:read admin:write';

/** Signs in with the code flow and PKCE on Latchkey's sign-in page; tokens stay in the auth client's memory. */
export function AuthProvider({ config, client, children }: { config: ConsoleConfig; client: AuthClient; children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'starting' });
  const started = useRef(false);
  const signingOut = useRef(false);
  const redirectUri = `${window.location.origin}${BASE}/callback`;

  const signIn = useCallback(
    (prompt?: 'login') => {
      rememberPlace(`${window.location.pathname}${window.location.search}`);
      client.signInWithRedirect({ redirectUri, scope: SCOPE, ...(prompt ? { prompt } : {}) }).catch((error: unknown) => {
        setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      });
    },
    [client, redirectUri],
  );

  useEffect(() => {
    // React runs effects twice in development; a callback's code may be traded once only.
    if (started.current) return;
    started.current = true;
    // A session that ends without a sign-out (its refresh refused: expired or revoked) goes back to the sign-in page.
    const unsubscribe = client.onChange((session) => {
      if (session) setState({ status: 'signed-in', session });
      else if (!signingOut.current) signIn();
    });
    if (window.location.pathname === `${BASE}/callback`) {
      client.handleCallback(window.location.href).then(
        (session) => {
          navigate(takePlace(BASE), { replace: true });
          setState({ status: 'signed-in', session });
        },
        (error: unknown) => {
          navigate(takePlace(BASE), { replace: true });
          setState({
            status: 'failed',
            message: `The sign-in did not complete (${error instanceof Error ? error.message : String(error)}).`,
          });
        },
      );
    } else {
      void client.getSession().then((session) => (session ? setState({ status: 'signed-in', session }) : signIn()));
    }
    return unsubscribe;
  }, [client, signIn]);

  const auth = useMemo<Auth | null>(
    () =>
      state.status === 'signed-in'
        ? {
            config,
            client,
            session: state.session,
            canWrite: state.session.claims.scopes.includes('admin:write'),
            signInAgain: () => signIn(),
            signOut: async () => {
              signingOut.current = true;
              await client.logout();
              signingOut.current = false;
              setState({ status: 'signed-out' });
            },
          }
        : null,
    [state, config, client, signIn],
  );

  if (auth) return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
  return (
    <main className="sign-in-state">
      <h1>Latchkey console</h1>
      {state.status === 'starting' && <p aria-live="polite">Signing in…</p>}
      {state.status === 'signed-out' && (
        <>
          <p>You are signed out.</p>
          <button type="button" className="primary" onClick={() => signIn('login')}>
            Sign in
          </button>
        </>
      )}
      {state.status === 'failed' && (
        <>
          <p role="alert">{state.message}</p>
          <button type="button" className="primary" onClick={() => signIn('login')}>
            Sign in again
          </button>
        </>
      )}
    </main>
  );
}
