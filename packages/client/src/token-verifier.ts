import { type AccessTokenPayload, accessTokenRules, verifyAccessTokenJwt } from '@latchkey/core/protocol';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { AccessTokenClaims, MalformedClaimsError } from './claims.js';
import { endpointsOf } from './endpoints.js';
import { TokenVerificationError } from './verification-error.js';

export type TokenVerifierOptions = {
  /** Latchkey's issuer, exactly as it appears in `iss`. */
  issuer: string;
  /** The `aud` tokens must carry: the auth server's configured audience, the issuer by default. */
  audience?: string;
  /** Where the signing keys are published; `${issuer}/jwks` by default. */
  jwksUri?: string;
  /** Keys to verify with instead of fetching `jwksUri` (a local set, a shared remote set). */
  jwks?: JWTVerifyGetKey;
  /** Accepted clock skew for `exp` and `nbf`; 5 seconds by default, as Latchkey itself allows. */
  clockToleranceSeconds?: number;
  /** The time to judge expiry by; the system clock by default. */
  clock?: () => Date;
};

export type TokenVerifier = {
  /** The token's claims, or a rejected TokenVerificationError. */
  verify(token: string): Promise<AccessTokenClaims>;
  /** Same, for a whole `Authorization: Bearer <token>` header value. */
  verifyAuthorizationHeader(header: string | null | undefined): Promise<AccessTokenClaims>;
};

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

function toClaims(payload: AccessTokenPayload): AccessTokenClaims {
  try {
    return new AccessTokenClaims(payload);
  } catch (error) {
    if (error instanceof MalformedClaimsError) throw new TokenVerificationError('ERR_LATCHKEY_CLAIMS', error.message, { cause: error });
    throw error;
  }
}

function refuse(error: unknown): never {
  if (error instanceof errors.JOSEError) throw new TokenVerificationError(error.code, error.message, { cause: error });
  // jose lets fetch's own errors through: the key set could not be fetched.
  throw new TokenVerificationError('ERR_JWKS_UNREACHABLE', 'the signing keys could not be fetched', { cause: error });
}

/**
 * Verifies Latchkey access tokens offline (RFC 9068): ES256 signature by a
 * key of the issuer's JWKS, `typ` at+jwt, iss, aud, exp. The key set is
 * fetched once and again only for an unknown `kid` (jose's remote set, with
 * its cooldown). The hot path is one jwtVerify with options built here
 * once, and one `then` to name the claims.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys = options.jwks ?? createRemoteJWKSet(new URL(options.jwksUri ?? endpointsOf(options.issuer).jwks));
  // The rule set every Latchkey verifier applies (core/protocol), with this verifier's tolerance.
  const rules = accessTokenRules({
    issuer: options.issuer,
    audience: options.audience ?? options.issuer,
    ...(options.clockToleranceSeconds !== undefined ? { clockToleranceSeconds: options.clockToleranceSeconds } : {}),
  });
  const clock = options.clock;
  const verify = (token: string) => verifyAccessTokenJwt(token, keys, rules, clock?.()).then(toClaims, refuse);

  return {
    verify,
    verifyAuthorizationHeader(header) {
      const token = header ? BEARER.exec(header)?.[1] : undefined;
      if (!token) return Promise.reject(new TokenVerificationError('ERR_NO_BEARER_TOKEN', 'no bearer token in the Authorization header'));
      return verify(token);
    },
  };
}
