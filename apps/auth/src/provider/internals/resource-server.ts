import { SIGNING_ALG } from '@latchkey/core';
import type { ResourceServerInstance } from 'oidc-provider';

/**
 * The one resource server Latchkey issues access tokens for: RFC 9068 JWTs
 * with `aud` = the configured audience, signed with the active key.
 */
export function resourceServer(audience: string, scope: string, accessTokenTTL: number): ResourceServerInstance {
  return {
    identifier: () => audience,
    audience,
    scope,
    accessTokenTTL,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: SIGNING_ALG } },
    get scopes() {
      return new Set(scope.split(' ').filter(Boolean));
    },
  } as ResourceServerInstance;
}
