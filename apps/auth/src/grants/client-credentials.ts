import { tokenPolicyFor } from '@latchkey/core';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { oauthError } from '../oauth/errors.js';
import { clientOverrides } from '../provider/clients.js';
import { resourceServer } from '../provider/resource-server.js';
import { accessTokenBody, stamp } from '../tokens/issue.js';
import { grantedScope } from '../tokens/scope.js';
import type { GrantDeps } from './deps.js';
import { requireClient } from './params.js';

export const grantType = 'client_credentials';
export const parameters = ['scope'];

/** Client credentials (RFC 6749 §4.4) for internal apps, e.g. with admin:read / admin:write. */
export function buildHandler(deps: GrantDeps) {
  return async function clientCredentialsGrant(ctx: KoaContextWithOIDC): Promise<void> {
    const record = await requireClient(deps, ctx);
    if (record.type !== 'confidential') throw oauthError('client_not_confidential', 'only confidential clients may use client credentials');
    const scope = grantedScope(ctx.oidc.params?.scope as string | undefined, record.scopes);
    const ttl = tokenPolicyFor(deps.policy, record.id, clientOverrides(record)).accessTokenTtlSeconds;
    const token = new ctx.oidc.provider.ClientCredentials({
      client: ctx.oidc.client!,
      scope,
      expiresIn: ttl,
      extra: { sub_type: 'client' },
    });
    token.resourceServer = resourceServer(deps.audience, scope, ttl);
    stamp(token, deps.clock(), ttl);
    ctx.body = accessTokenBody(await token.save(), ttl, scope);
  };
}
