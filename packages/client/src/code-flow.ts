import { normalizeIssuer } from '@latchkey/core/protocol';
import type { Endpoints } from './endpoints.js';
import { LatchkeyAuthError } from './errors.js';
import { pendingSignIns } from './pending-sign-in.js';
import { codeChallenge, randomString } from './pkce.js';
import type { StorageLike } from './storage.js';

export type SignInOptions = {
  /** Where the auth server sends the browser back; one of the client's registered redirect URIs. */
  redirectUri: string;
  /** Scopes to ask for beside `openid` (e.g. `admin:read admin:write`); what the subject may not have is left out. */
  scope?: string;
  /** `login` shows the sign-in page even to a signed-in browser; `none` never shows it (error `login_required`). */
  prompt?: 'login' | 'none';
  /** Fills in the e-mail field of the sign-in page. */
  loginHint?: string;
};

/** The parts of the authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636) that need no token request. */
export function createCodeFlow(input: { issuer: string; clientId: string; endpoints: Endpoints; pending: StorageLike }) {
  const pending = pendingSignIns(input.pending, input.clientId);
  const issuer = normalizeIssuer(input.issuer);

  /** The authorization URL to send the browser to; the state and verifier wait in the pending storage. */
  async function authorizationUrl(options: SignInOptions): Promise<string> {
    const state = randomString();
    const verifier = randomString();
    const url = new URL(input.endpoints.authorization);
    url.search = new URLSearchParams({
      client_id: input.clientId,
      response_type: 'code',
      redirect_uri: options.redirectUri,
      scope: ['openid', ...(options.scope ?? '').split(' ').filter(Boolean)].join(' '),
      state,
      code_challenge: await codeChallenge(verifier),
      code_challenge_method: 'S256',
      ...(options.prompt ? { prompt: options.prompt } : {}),
      ...(options.loginHint ? { login_hint: options.loginHint } : {}),
    }).toString();
    pending.save({ state, verifier, redirectUri: options.redirectUri, startedAt: Date.now() });
    return url.href;
  }

  /**
   * The token request a callback URL leads to, after its checks: the state
   * is one this client started (and is spent now), the issuer (RFC 9207
   * `iss`, when sent) is ours, and the server sent a code, not an error.
   */
  function callbackForm(callback: string | URL): Record<string, string> {
    const params = new URL(callback).searchParams;
    const state = params.get('state');
    const started = state ? pending.take(state, Date.now()) : null;
    if (!started) throw new LatchkeyAuthError('invalid_state', 'this callback does not belong to a sign-in this client started', 0);
    const iss = params.get('iss');
    if (iss !== null && normalizeIssuer(iss) !== issuer)
      throw new LatchkeyAuthError('invalid_issuer', `the callback names another issuer: ${iss}`, 0);
    const error = params.get('error');
    if (error) throw new LatchkeyAuthError(error, params.get('error_description') ?? undefined, 0);
    const code = params.get('code');
    if (!code) throw new LatchkeyAuthError('invalid_response', 'the callback carries neither a code nor an error', 0);
    return { grant_type: 'authorization_code', code, redirect_uri: started.redirectUri, code_verifier: started.verifier };
  }

  return { authorizationUrl, callbackForm };
}
