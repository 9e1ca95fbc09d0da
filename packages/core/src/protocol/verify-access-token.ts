import { type JWTVerifyGetKey, type JWTVerifyOptions, jwtVerify } from 'jose';
import type { AccessTokenPayload } from './claims.js';
import { ACCESS_TOKEN_TYP, CLOCK_TOLERANCE_SECONDS, SIGNING_ALG } from './vocabulary.js';

// RFC 9068 §2.2 makes all of these mandatory; iss and aud are checked by value.
const REQUIRED_CLAIMS = ['exp', 'iat', 'jti', 'sub', 'client_id'];

export type AccessTokenRules = {
  issuer: string;
  audience: string;
  /** Seconds of clock difference allowed for exp, nbf and iat; Latchkey's own tolerance by default. */
  clockToleranceSeconds?: number;
};

/**
 * The one rule set every verifier of a Latchkey access token applies (the
 * auth server for a token presented back to it, the admin API, resource
 * servers through @latchkey/client): ES256 by a key of the issuer, `typ`
 * at+jwt, iss and aud by value, every RFC 9068 claim present, exp and nbf
 * judged with the same tolerance. Built once per verifier, not per token.
 */
export function accessTokenRules(rules: AccessTokenRules): JWTVerifyOptions {
  return {
    issuer: rules.issuer,
    audience: rules.audience,
    algorithms: [SIGNING_ALG],
    typ: ACCESS_TOKEN_TYP,
    clockTolerance: rules.clockToleranceSeconds ?? CLOCK_TOLERANCE_SECONDS,
    requiredClaims: REQUIRED_CLAIMS,
  };
}

/** A verified access token's payload; rejects with jose's errors (their `code` says why). */
export async function verifyAccessTokenJwt(
  token: string,
  keys: JWTVerifyGetKey,
  options: JWTVerifyOptions,
  now?: Date,
): Promise<AccessTokenPayload> {
  const { payload } = await jwtVerify(token, keys, now ? { ...options, currentDate: now } : options);
  return payload as AccessTokenPayload;
}
