// ERR_JOSE_GENERIC is what jose throws for a JWKS answer that is not 200 or not JSON.
const KEYS_UNAVAILABLE: ReadonlySet<string> = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JWKS_UNREACHABLE', 'ERR_JOSE_GENERIC']);

/**
 * Why a token was refused. `code` is jose's (`ERR_JWT_EXPIRED`,
 * `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`, `ERR_JWT_CLAIM_VALIDATION_FAILED`
 * for a wrong iss/aud/typ, `ERR_JWKS_NO_MATCHING_KEY`, `ERR_JWKS_TIMEOUT`,
 * ...), or `ERR_LATCHKEY_CLAIMS` for a signed token that lacks Latchkey's
 * claims, `ERR_JWKS_UNREACHABLE` when the key set could not be fetched,
 * or `ERR_NO_BEARER_TOKEN` for an Authorization header without a token.
 * Callers switch on `code`; the original error is the `cause`.
 */
export class TokenVerificationError extends Error {
  override readonly name = 'TokenVerificationError';

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when the keys could not be fetched: the token may be fine, the resource server cannot tell. */
  get keysUnavailable(): boolean {
    return KEYS_UNAVAILABLE.has(this.code);
  }
}
