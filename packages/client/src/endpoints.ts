import { normalizeIssuer } from '@latchkey/core/protocol';
/**
 * Latchkey's endpoints, derived from the issuer rather than discovered:
 * these paths are fixed in Latchkey's configuration, so the first login
 * needs no extra round trip to `/.well-known/openid-configuration` and a
 * discovery document that cannot be fetched is one failure less.
 */
export type Endpoints = { authorization: string; token: string; revocation: string; jwks: string };

export function endpointsOf(issuer: string): Endpoints {
  const base = normalizeIssuer(issuer);
  return { authorization: `${base}/auth`, token: `${base}/token`, revocation: `${base}/token/revocation`, jwks: `${base}/jwks` };
}
