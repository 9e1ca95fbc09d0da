import type { Middleware } from 'koa';
import { oauthErrorBody } from '../../oauth/errors.js';

/** oidc-provider's description of a grant type the client is not registered for (lib/actions/token.js). */
export const GRANT_NOT_ALLOWED = 'requested grant type is not allowed for this client';

/**
 * Two RFC 6749 §5.2 details oidc-provider answers otherwise: a grant type
 * the client is not registered for is `unauthorized_client` (it says
 * `invalid_request`, recognisable only by its description), and a 401
 * carries `WWW-Authenticate` whatever way the client tried to authenticate
 * (it adds one for Basic only).
 */
export const tokenEndpointErrors: Middleware = async (ctx, next) => {
  await next();
  const body = ctx.body as { error?: string; error_description?: string } | undefined;
  if (ctx.status === 400 && body?.error === 'invalid_request' && body.error_description === GRANT_NOT_ALLOWED) {
    ctx.body = oauthErrorBody('grant_type_not_allowed', 'the client is not authorized to use this grant type');
  }
  if (ctx.status === 401 && body?.error === 'invalid_client' && !ctx.response.get('WWW-Authenticate')) {
    // The issuer, not the Host header: oidc-provider uses it for its own
    // Basic challenge, and a client may send any Host (even `a b`).
    ctx.set('WWW-Authenticate', `Basic realm="${ctx.oidc.provider.issuer}"`);
  }
};
