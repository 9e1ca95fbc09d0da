import { z } from 'zod';
import { dispatch } from '../dispatch.js';
import type { GlueHandler } from './door.js';
import { issueThroughGrant } from './door.js';
import { GLUE } from './errors.js';
import { bearer, readDocument, replyErrors } from './json-api.js';

const attributes = z.object({ refreshToken: z.string().min(1).max(512) });

/** `POST /refresh-tokens`: the refresh_token grant (rotation, reuse detection and its grace window as natively). */
export const refreshTokens: GlueHandler = async (door, ctx, next) => {
  const document = await readDocument(ctx, 'refresh-tokens', attributes);
  if (!document.ok) return replyErrors(ctx, document.errors);
  const form = { grant_type: 'refresh_token', refresh_token: document.value.refreshToken };
  return issueThroughGrant(door, ctx, next, 'refresh-tokens', form, { withCompanyUser: true });
};

const noContent = (ctx: Parameters<GlueHandler>[1]) => {
  ctx.status = 204;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = null;
};

/**
 * `DELETE /refresh-tokens/{refreshToken}`: revocation (RFC 7009) of that
 * token, which ends its session; Glue answers 204 whatever was revoked.
 * `DELETE /refresh-tokens/mine` with the customer's access token ends every
 * session of that customer on this client.
 */
export const revokeRefreshTokens: GlueHandler = async (door, ctx, next, id) => {
  if (id !== 'mine') {
    await dispatch(ctx, next, '/token/revocation', { token: id!, token_type_hint: 'refresh_token', client_id: door.client.id });
    return noContent(ctx);
  }
  const presented = bearer(ctx.get('authorization'));
  if (presented.kind === 'missing') return replyErrors(ctx, [GLUE.missingAccessToken]);
  const claims = presented.kind === 'token' ? await door.deps.verifyAccessToken(presented.token).catch(() => null) : null;
  if (!claims || claims.client_id !== door.client.id || claims.sub_type !== 'customer') return replyErrors(ctx, [GLUE.invalidAccessToken]);
  await door.deps.store.revokeAccountOnClient(claims.sub, door.client.id);
  door.deps.logger.info({ event: 'sessions.revoked', clientId: door.client.id, via: 'glue' }, 'customer logged out on this client');
  return noContent(ctx);
};
