import { CLIENT_ID, type ClientOverrides, SIGNING_ALG } from '@latchkey/core';
import type { ClientStore, OAuthClient } from '@latchkey/db';

/** A client as Latchkey stores it: the OAuth metadata plus what our grants need. */
export type ClientRecord = OAuthClient;

export type ClientRegistry = {
  /** The stored client, or null if it does not exist or is disabled. */
  get(clientId: string): Promise<ClientRecord | null>;
};

/**
 * Reads clients from the database with a short cache: every token request
 * looks its client up more than once, and admin changes still show within
 * `ttlMs`.
 */
export function createClientRegistry(store: ClientStore, ttlMs: number, clock: () => number = Date.now): ClientRegistry {
  const cache = new Map<string, { at: number; value: Promise<ClientRecord | null> }>();
  return {
    get(clientId) {
      if (!CLIENT_ID.test(clientId)) return Promise.resolve(null);
      const now = clock();
      const hit = cache.get(clientId);
      if (hit && now - hit.at < ttlMs) return hit.value;
      const value = store.find(clientId).then((row) => (row && row.status === 'active' ? row : null));
      // A failed read must not stick in the cache.
      value.catch(() => cache.delete(clientId));
      if (cache.size > 10_000) cache.clear();
      cache.set(clientId, { at: now, value });
      return value;
    },
  };
}

/** What Latchkey keeps in the client metadata beside the OAuth fields (`client.metadata().latchkey`). */
export type LatchkeyClientMetadata = {
  subjectType: ClientRecord['subjectType'];
  /** Enforced by Latchkey (grants, resource server), not announced to oidc-provider, whose scope list is fixed at start. */
  scopes: string[];
  corsOrigins: string[];
  overrides: ClientOverrides;
  /** A resource server: introspects any client's tokens. */
  canIntrospect: boolean;
};

export const clientOverrides = (record: ClientRecord): ClientOverrides => {
  const overrides: ClientOverrides = {};
  if (record.accessTokenTtlSeconds !== null) overrides.accessTokenTtlSeconds = record.accessTokenTtlSeconds;
  if (record.refreshTokenIdleTtlSeconds !== null) overrides.refreshTokenIdleTtlSeconds = record.refreshTokenIdleTtlSeconds;
  if (record.refreshTokenAbsoluteTtlSeconds !== null) overrides.refreshTokenAbsoluteTtlSeconds = record.refreshTokenAbsoluteTtlSeconds;
  if (record.refreshReuseGraceSeconds !== null) overrides.refreshReuseGraceSeconds = record.refreshReuseGraceSeconds;
  return overrides;
};

/**
 * oidc-provider client metadata for a stored client. `client_secret` holds
 * the secret's sha256: provider/internals/client-auth.ts makes the provider compare
 * hashes, so no usable secret is ever loaded.
 */
export function clientMetadata(record: ClientRecord): Record<string, unknown> {
  const confidential = record.type === 'confidential';
  return {
    client_id: record.id,
    client_name: record.name,
    ...(confidential && record.secretHash ? { client_secret: record.secretHash } : {}),
    token_endpoint_auth_method: confidential ? 'client_secret_basic' : 'none',
    grant_types: record.grantTypes,
    response_types: record.grantTypes.includes('authorization_code') ? ['code'] : [],
    redirect_uris: record.redirectUris,
    post_logout_redirect_uris: record.postLogoutRedirectUris,
    id_token_signed_response_alg: SIGNING_ALG,
    latchkey: {
      subjectType: record.subjectType,
      scopes: record.scopes,
      corsOrigins: record.corsOrigins,
      overrides: clientOverrides(record),
      canIntrospect: confidential && record.canIntrospect,
    } satisfies LatchkeyClientMetadata,
  };
}
