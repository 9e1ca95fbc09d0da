import { accessTokenRules, verifyAccessTokenJwt } from '@latchkey/core';
import type { OidcPayloadStore } from '@latchkey/db';
import { createLocalJWKSet, type JWK, type JWTPayload } from 'jose';

type AccessTokenClaims = JWTPayload & {
  sub: string;
  client_id: string;
  scope?: string;
  sid?: string;
  sub_type?: 'customer' | 'agent' | 'anonymous' | 'client';
  id_company_user?: string;
  company_user_locked?: boolean;
  act?: { sub: string; sub_type: 'agent' };
};

export type AccessTokenVerifier = {
  (token: string): Promise<AccessTokenClaims>;
  /**
   * Everything but the grant lookup, for a caller that reads whether `sid`
   * still stands in a statement it makes anyway (a company switch).
   */
  withoutGrantCheck(token: string): Promise<AccessTokenClaims>;
};

/**
 * Verifies a Latchkey access token presented back to Latchkey (a token
 * exchange's subject or actor): our signature, issuer and audience, not
 * expired, and its grant (`sid`) not revoked since it was issued.
 */
export function createAccessTokenVerifier(input: {
  issuer: string;
  audience: string;
  publicKeys: () => JWK[];
  store: OidcPayloadStore;
  clock: () => Date;
}): AccessTokenVerifier {
  let cached: { keys: JWK[]; set: ReturnType<typeof createLocalJWKSet> } | undefined;
  const keySet = () => {
    const keys = input.publicKeys();
    if (cached?.keys !== keys) cached = { keys, set: createLocalJWKSet({ keys }) };
    return cached.set;
  };
  const rules = accessTokenRules({ issuer: input.issuer, audience: input.audience });
  const withoutGrantCheck = async (token: string): Promise<AccessTokenClaims> =>
    (await verifyAccessTokenJwt(token, keySet(), rules, input.clock())) as AccessTokenClaims;
  const verify = async (token: string): Promise<AccessTokenClaims> => {
    const claims = await withoutGrantCheck(token);
    if (claims.sid && !(await input.store.find('Grant', claims.sid))) throw new Error('the grant of this token was revoked');
    return claims;
  };
  return Object.assign(verify, { withoutGrantCheck });
}
