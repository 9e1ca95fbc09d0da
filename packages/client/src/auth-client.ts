import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core/protocol';
import { createCodeFlow, type SignInOptions } from './code-flow.js';
import { endpointsOf } from './endpoints.js';
import { LatchkeyAuthError, loginRequired } from './errors.js';
import { type Fetch, resolveFetch } from './fetch.js';
import { defaultPendingStorage } from './pending-sign-in.js';
import { type Session, sessionOf } from './session.js';
import { singleFlight } from './single-flight.js';
import { memoryStorage, type StorageLike, type TokenStorage } from './storage.js';
import { basicAuthorization, postForm, requestTokens } from './token-endpoint.js';
import type { Tokens } from './tokens.js';

export type AuthClientOptions = {
  /** Latchkey's issuer URL; the token endpoint is `${issuer}/token`. */
  issuer: string;
  clientId: string;
  /** Only for a confidential client running on a server: a browser bundle cannot keep a secret. */
  clientSecret?: string;
  /** In memory by default; `webStorage(localStorage)` to survive reloads. */
  storage?: TokenStorage;
  fetch?: Fetch;
  /** Refresh when the access token expires within this many seconds; 30 by default. */
  refreshSkewSeconds?: number;
  /**
   * Where a redirect sign-in keeps its state and PKCE verifier while the
   * browser is at the sign-in page: `sessionStorage` where there is one (it
   * survives the redirect), else memory. Never the tokens.
   */
  pendingStorage?: StorageLike;
  /** How `signInWithRedirect` sends the browser away; `location.assign` by default. */
  navigate?: (url: string) => void;
};

export type LoginOptions = { scope?: string; companyUserId?: string };
export type LogoutResult = { ok: true } | { ok: false; error: LatchkeyAuthError };

export type AuthClient = {
  /**
   * Starts a sign-in on the auth server's sign-in page (authorization code
   * flow with PKCE): answers the URL to send the browser to.
   */
  startSignIn(options: SignInOptions): Promise<string>;
  /** startSignIn, then sends the browser there (`navigate`). */
  signInWithRedirect(options: SignInOptions): Promise<void>;
  /**
   * Finishes a sign-in on the page the auth server sent the browser back to:
   * checks its state, trades the code (with the verifier) for tokens and
   * starts the session. Throws the server's error (`access_denied`, ...) or
   * `invalid_state` for a callback this client did not start (or already used).
   */
  handleCallback(callbackUrl: string | URL): Promise<Session>;
  /** Password login (Latchkey's password grant); replaces any session this client held. */
  login(username: string, password: string, options?: LoginOptions): Promise<Session>;
  /** Rotates the refresh token. Concurrent calls share one request. */
  refresh(): Promise<Session>;
  /** Moves the session to another company user of the same customer (token exchange). */
  switchCompanyUser(companyUserId: string): Promise<Session>;
  /** Starts a session from a login token (a "login link"). */
  redeemLoginToken(loginToken: string, options?: { scope?: string }): Promise<Session>;
  /** Forgets the session and revokes its refresh token. Never throws. */
  logout(): Promise<LogoutResult>;
  /** A valid access token, refreshed first when it expires within the skew. */
  getAccessToken(): Promise<string>;
  getSession(): Promise<Session | null>;
  /** Called with the new session (or null) whenever it changes; returns the unsubscribe. */
  onChange(listener: (session: Session | null) => void): () => void;
};

/**
 * Latchkey sessions for SPAs and Node on plain fetch. Sessions the client
 * replaces (a new login, a login link) have their refresh token revoked, and a
 * company switch continues its session, so logout ends everything this client
 * ever held.
 */
export function createAuthClient(options: AuthClientOptions): AuthClient {
  const endpoints = endpointsOf(options.issuer);
  const storage = options.storage ?? memoryStorage();
  const fetch = resolveFetch(options.fetch);
  const skewMs = (options.refreshSkewSeconds ?? 30) * 1000;
  const authorization = options.clientSecret ? basicAuthorization(options.clientId, options.clientSecret) : undefined;
  // A public client names itself in the form; a confidential one authenticates with Basic.
  const clientForm = authorization ? {} : { client_id: options.clientId };
  const listeners = new Set<(session: Session | null) => void>();
  const codeFlow = createCodeFlow({
    issuer: options.issuer,
    clientId: options.clientId,
    endpoints,
    pending: options.pendingStorage ?? defaultPendingStorage(),
  });
  // Bumped whenever a session starts or ends: a refresh finishing after that must not bring the old session back.
  let generation = 0;

  const tokenRequest = (form: Record<string, string | undefined>) =>
    requestTokens(fetch, endpoints.token, { ...clientForm, ...form }, authorization);
  const revokeQuietly = (refreshToken: string) =>
    postForm(fetch, endpoints.revocation, { ...clientForm, token: refreshToken, token_type_hint: 'refresh_token' }, authorization).then(
      () => null,
      // postForm throws nothing else.
      (error: unknown) => error as LatchkeyAuthError,
    );

  function emit(session: Session | null): void {
    for (const listener of listeners) {
      try {
        listener(session);
      } catch (error) {
        // A broken listener is reported like an event handler's error, and the others still run.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  async function store(tokens: Tokens): Promise<Session> {
    const session = sessionOf(tokens);
    await storage.set(tokens);
    emit(session);
    return session;
  }

  async function end(): Promise<void> {
    generation += 1;
    await storage.clear();
    emit(null);
  }

  /**
   * A company switch continues the session it comes from (one session, one logout), so the
   * token it replaces is left alone; anything else starts a new session and ends the old one.
   */
  async function startSession(form: Record<string, string | undefined>, continues = false): Promise<Session> {
    const tokens = await tokenRequest(form);
    generation += 1;
    const previous = await storage.get();
    const session = await store(tokens);
    if (!continues && previous?.refreshToken && previous.refreshToken !== tokens.refreshToken) await revokeQuietly(previous.refreshToken);
    return session;
  }

  const refresh = singleFlight(async (): Promise<Session> => {
    const current = await storage.get();
    if (!current?.refreshToken) throw loginRequired(current ? 'this session cannot be refreshed: log in again' : undefined);
    const started = generation;
    let tokens: Tokens;
    try {
      tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: current.refreshToken });
    } catch (error) {
      // The refresh token is spent, expired or revoked, and with it the session.
      if (error instanceof LatchkeyAuthError && error.error === 'invalid_grant' && generation === started) await end();
      throw error;
    }
    if (generation !== started) {
      if (tokens.refreshToken) await revokeQuietly(tokens.refreshToken);
      const replacement = await storage.get();
      if (!replacement) throw loginRequired('the session ended while it was being refreshed');
      return sessionOf(replacement);
    }
    return store({ ...tokens, refreshToken: tokens.refreshToken ?? current.refreshToken });
  });

  async function getAccessToken(): Promise<string> {
    const tokens = await storage.get();
    if (!tokens) throw loginRequired();
    if (tokens.expiresAt - skewMs > Date.now()) return tokens.accessToken;
    if (!tokens.refreshToken) {
      if (tokens.expiresAt > Date.now()) return tokens.accessToken;
      await end();
      throw loginRequired('the session has expired');
    }
    try {
      return (await refresh.run()).tokens.accessToken;
    } catch (error) {
      // Refreshing early is a courtesy: a server that is down is no reason to drop a token that is still valid.
      if (error instanceof LatchkeyAuthError && error.transient && tokens.expiresAt > Date.now()) return tokens.accessToken;
      throw error;
    }
  }

  return {
    startSignIn: codeFlow.authorizationUrl,
    async signInWithRedirect(signIn) {
      const url = await codeFlow.authorizationUrl(signIn);
      const navigate =
        options.navigate ?? ((target: string) => (globalThis as { location?: { assign(url: string): void } }).location?.assign(target));
      navigate(url);
    },
    handleCallback: async (callbackUrl) => startSession(codeFlow.callbackForm(callbackUrl)),
    login: (username, password, { scope, companyUserId } = {}) =>
      startSession({ grant_type: 'password', username, password, scope, company_user_id: companyUserId }),
    refresh: refresh.run,
    switchCompanyUser: async (companyUserId) =>
      startSession(
        {
          grant_type: TOKEN_EXCHANGE_GRANT,
          subject_token: await getAccessToken(),
          subject_token_type: TokenType.accessToken,
          company_user_id: companyUserId,
        },
        true,
      ),
    redeemLoginToken: (loginToken, { scope } = {}) =>
      startSession({ grant_type: TOKEN_EXCHANGE_GRANT, subject_token: loginToken, subject_token_type: TokenType.loginToken, scope }),
    async logout() {
      // A refresh under way would store its successor after the revocation: let it land first.
      await refresh.pending()?.catch(() => undefined);
      const tokens = await storage.get();
      await end();
      const error = tokens?.refreshToken ? await revokeQuietly(tokens.refreshToken) : null;
      return error ? { ok: false, error } : { ok: true };
    },
    getAccessToken,
    async getSession() {
      const tokens = await storage.get();
      return tokens ? sessionOf(tokens) : null;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
