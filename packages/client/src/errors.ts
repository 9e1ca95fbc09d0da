import type { OAuthErrorCode, RefusalCode } from '@latchkey/core/protocol';

/**
 * This client's own errors: nothing to refresh, no answer, an answer that is
 * not an OAuth one; and for a sign-in callback, one this client did not
 * start (or already used) and one naming another issuer.
 */
export type ClientErrorCode = 'login_required' | 'network_error' | 'invalid_response' | 'invalid_state' | 'invalid_issuer';

/**
 * An OAuth error from Latchkey's token or revocation endpoint (RFC 6749
 * §5.2), or a failure to reach it. `error` is the server's OAuth error
 * (`invalid_grant`, `invalid_client`, ...) or one of this client's own
 * (ClientErrorCode); `code` is Latchkey's refusal code (`latchkey_code`:
 * `invalid_credentials`, `refresh_reuse_detected`, ...), the one to switch
 * on; `status` is the HTTP status, 0 when there was no answer to take one from.
 */
export class LatchkeyAuthError extends Error {
  override readonly name = 'LatchkeyAuthError';
  /** The refusal's code, when Latchkey sent one. */
  readonly code: RefusalCode | undefined;

  constructor(
    readonly error: OAuthErrorCode | ClientErrorCode | (string & {}),
    readonly description: string | undefined,
    readonly status: number,
    options?: { cause?: unknown; code?: RefusalCode | undefined },
  ) {
    super(description ? `${error}: ${description}` : error, options);
    this.code = options?.code;
  }

  /** The server could not be reached or failed (5xx): trying again later may work. */
  get transient(): boolean {
    return this.error === 'network_error' || this.status >= 500;
  }
}

export const loginRequired = (description = 'no session: log in first'): LatchkeyAuthError =>
  new LatchkeyAuthError('login_required', description, 0);
