import { tokenPolicyFor } from '@latchkey/core';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../deps.js';
import { oauthError } from '../oauth/errors.js';
import { clientOverrides } from '../provider/clients.js';
import { saveClientCredentialsToken } from '../provider/internals/index.js';
import { accessTokenBody } from '../tokens/issue.js';
import { grantedScope } from '../tokens/scope.js';
import { requireClient } from './params.js';

export const grantType = 'client_credentials';
export const parameters = ['scope'];

/** Client credentials (RFC 6749 §4.4) for internal apps, e.g. with admin:read / admin:write. */
export function buildHandler(deps: AuthDeps) {
  return async function clientCredentialsGrant(ctx: KoaContextWithOIDC): Promise<void> {
    const record = await requireClient(deps, ctx);
    if (record.type !== 'confidential') throw oauthError('client_not_confidential', 'only confidential clients may use client credentials');
    const scope = grantedScope(ctx.oidc.params?.scope as string | undefined, record.scopes);
    const ttl = tokenPolicyFor(deps.policy, record.id, clientOverrides(record)).accessTokenTtlSeconds;
    const token = await saveClientCredentialsToken(ctx, { scope, ttl, audience: deps.audience, now: deps.clock() });
    ctx.body = accessTokenBody(token, ttl, scope);
  };
}
