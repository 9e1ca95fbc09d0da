import { errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Identity } from './context.js';

const claimsSchema = z.object({ client_id: z.string().min(1), scope: z.string().optional() });

export type AccessTokenVerifier = (authorization: string | undefined) => Promise<Identity | null>;

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
  return async (authorization) => {
    const token = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization ?? '')?.[1];
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        ...(options.clock ? { currentDate: options.clock() } : {}),
      });
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return null;
      return { clientId: claims.data.client_id, scopes: (claims.data.scope ?? '').split(' ').filter(Boolean) };
    } catch (error) {
      // A JWKS that cannot be fetched is our problem, not the caller's: worth a warning.
      const unreachable = error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError);
      options.logger[unreachable ? 'warn' : 'debug']({ err: error }, 'access token rejected');
      return null;
    }
  };
}
