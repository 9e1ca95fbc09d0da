import { isRefusalCode, REFUSAL_CODE_MEMBER, type RefusalCode } from '@latchkey/core';
import { isPoolBusy, POOL_BUSY_RETRY_AFTER_SECONDS } from '@latchkey/db';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import { oauthErrorBody } from '../oauth/errors.js';

/** oidc-provider's own refusals (client authentication, grant types, codes, CORS...) by their OAuth error. */
const PROVIDER_REFUSALS: Record<string, RefusalCode> = {
  invalid_request: 'request_invalid',
  invalid_client: 'client_auth_failed',
  invalid_grant: 'grant_invalid',
  unauthorized_client: 'grant_type_not_allowed',
  unsupported_grant_type: 'grant_type_unsupported',
  invalid_scope: 'scope_not_allowed',
  invalid_target: 'target_unknown',
  unsupported_token_type: 'token_not_revocable',
  server_error: 'server_error',
};

const codeOf = (thrown: unknown, error: string): RefusalCode => {
  const own = (thrown as Record<string, unknown> | undefined)?.[REFUSAL_CODE_MEMBER];
  return isRefusalCode(own) ? own : (PROVIDER_REFUSALS[error] ?? 'request_invalid');
};

/**
 * Adds `latchkey_code` to every RFC 6749 error body. oidc-provider renders
 * a thrown error from its `error`, `error_description` and `scope` only, so
 * the code an error carries (oauth/errors.ts) is read from the error event
 * its route emits, and oidc-provider's own refusals get a code by their OAuth error.
 * A server error caused by a busy connection pool is answered as the refusal
 * `server_busy` (503, Retry-After).
 */
export function refusalCodes(provider: Provider): Middleware {
  const thrown = new WeakMap<object, unknown>();
  const remember = (ctx: object, error: unknown) => thrown.set(ctx, error);
  // The routes whose errors reach clients as RFC 6749 JSON, by the event oidc-provider emits for them.
  provider.on('grant.error', remember);
  provider.on('introspection.error', remember);
  provider.on('revocation.error', remember);
  provider.on('jwks.error', remember);
  provider.on('discovery.error', remember);
  provider.on('server_error', remember);
  return async (ctx, next) => {
    let failed: unknown;
    try {
      await next();
    } catch (error) {
      if (!isPoolBusy(error)) throw error;
      failed = error;
    }
    // A request that only waited for a database connection did nothing: the client may retry it.
    if (failed || (ctx.status === 500 && isPoolBusy(thrown.get(ctx)))) {
      ctx.status = 503;
      ctx.set('Retry-After', String(POOL_BUSY_RETRY_AFTER_SECONDS));
      ctx.body = oauthErrorBody('server_busy', 'the database is busy: retry shortly');
      return;
    }
    const body = ctx.body as Record<string, unknown> | null | undefined;
    if (typeof body !== 'object' || body === null || typeof body.error !== 'string' || REFUSAL_CODE_MEMBER in body) return;
    body[REFUSAL_CODE_MEMBER] = codeOf(thrown.get(ctx), body.error);
  };
}
