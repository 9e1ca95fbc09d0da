/**
 * An OAuth error from Latchkey's token or revocation endpoint (RFC 6749
 * §5.2), or a failure to reach it. `error` is the server's code
 * (`invalid_grant`, `invalid_client`, ...) or one of this client's own:
 * `login_required` (nothing to refresh), `network_error` (no answer) and
 * `invalid_response` (an answer that is not an OAuth one). `status` is the
 * HTTP status, 0 when there was no answer to take one from.
 */
export class LatchkeyAuthError extends Error {
  override readonly name = 'LatchkeyAuthError';

  constructor(
    readonly error: string,
    readonly description: string | undefined,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(description ? `${error}: ${description}` : error, options);
  }

  /** The server could not be reached or failed (5xx): trying again later may work. */
  get transient(): boolean {
    return this.error === 'network_error' || this.status >= 500;
  }
}

export const loginRequired = (description = 'no session: log in first'): LatchkeyAuthError =>
  new LatchkeyAuthError('login_required', description, 0);
