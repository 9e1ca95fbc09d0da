import { accessTokenRules, permittedScopes, verifyAccessTokenJwt } from '@latchkey/core';
import { errors, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Identity } from './context.js';

const claimsSchema = z.object({
  client_id: z.string().min(1),
  scope: z.string().optional(),
  sub: z.string().optional(),
  sub_type: z.string().optional(),
});

export type AccessTokenVerifier = (authorization: string | undefined) => Promise<Identity | null>;

/**
 * The identity a token's claims describe. A staff member's token names the
 * agent (their roles are checked again per call: staff.ts); a client's own
 * token (client credentials, sub_type client) keeps its scopes, if its client
 * is confidential (server.ts checks); any other token - a customer's, an
 * anonymous session's, one that names no subject type - never holds an
 * admin scope, whatever it says.
 */
export function identityOf(claims: z.output<typeof claimsSchema>): Identity {
  const scopes = (claims.scope ?? '').split(' ').filter(Boolean);
  if (claims.sub_type === 'agent' && claims.sub) return { clientId: claims.client_id, scopes, agentId: claims.sub };
  if (claims.sub_type === 'client') return { clientId: claims.client_id, scopes, clientCredentials: true };
  return { clientId: claims.client_id, scopes: permittedScopes(scopes, { kind: 'customer' }) };
}

/**
 * Who presents this `Authorization` header: the client of a Latchkey access
 * token (RFC 9068), verified offline against the issuer's keys. Anything
 * else - no header, another scheme, a bad signature, an expired or foreign
 * token, an unreachable JWKS - is nobody, which the procedures answer with
 * UNAUTHORIZED rather than a 500.
 */
export function createAccessTokenVerifier(options: {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
  logger: Logger;
  clock?: () => Date;
}): AccessTokenVerifier {
  const rules = accessTokenRules({ issuer: options.issuer, audience: options.audience });
  return async (authorization) => {
    const token = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization ?? '')?.[1];
    if (!token) return null;
    try {
      const payload = await verifyAccessTokenJwt(token, options.keys, rules, options.clock?.());
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return null;
      return identityOf(claims.data);
    } catch (error) {
      // A JWKS that cannot be fetched is our problem, not the caller's: worth a warning.
      const unreachable = error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError);
      options.logger[unreachable ? 'warn' : 'debug']({ err: error }, 'access token rejected');
      return null;
    }
  };
}
