import { createRemoteJWKSet, errors, type JWTVerifyGetKey, type JWTVerifyOptions, type JWTVerifyResult, jwtVerify } from 'jose';
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

// RFC 9068 §2.2 makes all of these mandatory; iss and aud are checked by value.
const REQUIRED_CLAIMS = ['exp', 'iat', 'jti', 'sub', 'client_id'];
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

function toClaims(result: JWTVerifyResult): AccessTokenClaims {
  try {
    return new AccessTokenClaims(result.payload);
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
  const verifyOptions: JWTVerifyOptions = {
    issuer: options.issuer,
    audience: options.audience ?? options.issuer,
    algorithms: ['ES256'],
    typ: 'at+jwt',
    clockTolerance: options.clockToleranceSeconds ?? 5,
    requiredClaims: REQUIRED_CLAIMS,
  };
  const clock = options.clock;
  const verify = clock
    ? (token: string) => jwtVerify(token, keys, { ...verifyOptions, currentDate: clock() }).then(toClaims, refuse)
    : (token: string) => jwtVerify(token, keys, verifyOptions).then(toClaims, refuse);

  return {
    verify,
    verifyAuthorizationHeader(header) {
      const token = header ? BEARER.exec(header)?.[1] : undefined;
      if (!token) return Promise.reject(new TokenVerificationError('ERR_NO_BEARER_TOKEN', 'no bearer token in the Authorization header'));
      return verify(token);
    },
  };
}
