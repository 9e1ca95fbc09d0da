import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AccessTokenVerifier } from '../../tokens/verify-access-token.js';
import { mayIntrospect } from '../configuration.js';

/**
 * oidc-provider refuses to introspect structured (JWT) access tokens with
 * `unsupported_token_type`, and every Latchkey access token is a JWT. Its
 * refusal comes after it authenticated the client and parsed the request,
 * so this middleware answers instead (RFC 7662 §2.2): active while the
 * signature, issuer, audience and expiry hold and the grant (`sid`) was
 * not revoked — which is what offline verification cannot tell.
 */
export function jwtIntrospection(verify: AccessTokenVerifier): Middleware {
  return async (ctx, next) => {
    await next();
    const oidc = (ctx as unknown as KoaContextWithOIDC).oidc;
    const body = ctx.body as { error?: string } | undefined;
    if (oidc?.route !== 'introspection' || ctx.status !== 400 || body?.error !== 'unsupported_token_type' || !oidc.client) return;
    ctx.status = 200;
    ctx.set('Cache-Control', 'no-store');
    // RFC 7662 §2.1: only authenticated (confidential) clients learn anything, of their own tokens or as resource servers.
    try {
      const claims = await verify(String(oidc.params?.token));
      ctx.body = mayIntrospect(oidc.client, claims.client_id) ? { ...claims, active: true, token_type: 'Bearer' } : { active: false };
    } catch {
      ctx.body = { active: false };
    }
  };
}
