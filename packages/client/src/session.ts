import { decodeJwt } from 'jose';
import { AccessTokenClaims } from './claims.js';
import { LatchkeyAuthError } from './errors.js';
import type { Tokens } from './tokens.js';

/** The tokens of a session and what its access token says. */
export type Session = { tokens: Tokens; claims: AccessTokenClaims };

/**
 * Reads the claims of an access token this client received from the token
 * endpoint. Decoded, not verified: a browser holds no reason to doubt its
 * own token endpoint, and a resource server verifies with createTokenVerifier.
 */
export function sessionOf(tokens: Tokens): Session {
  try {
    return { tokens, claims: new AccessTokenClaims(decodeJwt(tokens.accessToken)) };
  } catch (cause) {
    throw new LatchkeyAuthError('invalid_response', 'the access token is not a Latchkey JWT', 0, { cause });
  }
}
