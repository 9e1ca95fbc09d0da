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

/** How long a verified token's text is taken as verified: no longer than jose keeps a fetched key set (10 minutes). */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

type Verified = { identity: Identity; exp: number; nbf: number | undefined; until: number };

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
  const tolerance = Number(rules.clockTolerance ?? 0);
  // A client presents the same token on every call until it expires, and its
  // text cannot change without its signature failing: what a verification
  // found about a text stays true except for time, which is judged again on
  // every hit as jose judges it (exp, nbf, the same tolerance). A hit spares
  // the ES256 verification (measured in the list's profile). Only successes
  // are kept, each for at most VERIFIED_TTL_MS, within which jose's own key
  // cache would have accepted a withdrawn key anyway.
  const verified = new Map<string, Verified>();
  const stillValid = (hit: Verified, nowMs: number): boolean => {
    const now = Math.floor(nowMs / 1000);
    return nowMs < hit.until && hit.exp > now - tolerance && (hit.nbf === undefined || hit.nbf <= now + tolerance);
  };
  return async (authorization) => {
    const token = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization ?? '')?.[1];
    if (!token) return null;
    const at = options.clock?.();
    const nowMs = (at ?? new Date()).getTime();
    const hit = verified.get(token);
    if (hit) {
      if (stillValid(hit, nowMs)) return hit.identity;
      verified.delete(token);
    }
    try {
      const payload = await verifyAccessTokenJwt(token, options.keys, rules, at);
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return null;
      const identity = identityOf(claims.data);
      if (verified.size >= VERIFIED_MAX) verified.clear();
      verified.set(token, { identity, exp: payload.exp, nbf: payload.nbf, until: nowMs + VERIFIED_TTL_MS });
      return identity;
    } catch (error) {
      // A JWKS that cannot be fetched is our problem, not the caller's: worth a warning.
      const unreachable = error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError);
      options.logger[unreachable ? 'warn' : 'debug']({ err: error }, 'access token rejected');
      return null;
    }
  };
}
