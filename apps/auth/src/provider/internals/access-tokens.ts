import type { KoaContextWithOIDC } from 'oidc-provider';
import { resourceServer } from './resource-server.js';

const epoch = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * Lifetimes on Latchkey's clock: oidc-provider stamps iat/exp from Date.now
 * unless they are set, and every check Latchkey makes uses its own clock.
 */
function stamp(token: { iat: number; exp?: number | undefined }, now: Date, ttl: number): void {
  token.iat = epoch(now);
  token.exp = token.iat + ttl;
}

type AccessTokenInput = {
  accountId: string;
  grantId: string;
  gty: string;
  scope: string;
  /** The token's own claims (sub_type, act, company user...) beside oidc-provider's. */
  extra: Record<string, unknown>;
  ttl: number;
  audience: string;
  now: Date;
};

/**
 * An RFC 9068 JWT access token minted through oidc-provider's AccessToken
 * model outside its own grants: the resource server set on the token (not
 * resolved from a request's `resource`), its lifetime stamped on Latchkey's clock.
 */
export async function saveAccessToken(ctx: KoaContextWithOIDC, input: AccessTokenInput): Promise<string> {
  const { provider, client } = ctx.oidc;
  const token = new provider.AccessToken({
    accountId: input.accountId,
    client: client!,
    grantId: input.grantId,
    gty: input.gty,
    scope: input.scope,
    expiresIn: input.ttl,
    extra: input.extra,
  });
  token.resourceServer = resourceServer(input.audience, input.scope, input.ttl);
  stamp(token, input.now, input.ttl);
  return token.save();
}

/** A client credentials access token (RFC 6749 §4.4) for the client of the request, the same way. */
export async function saveClientCredentialsToken(
  ctx: KoaContextWithOIDC,
  input: { scope: string; ttl: number; audience: string; now: Date },
): Promise<string> {
  const token = new ctx.oidc.provider.ClientCredentials({
    client: ctx.oidc.client!,
    scope: input.scope,
    expiresIn: input.ttl,
    extra: { sub_type: 'client' },
  });
  token.resourceServer = resourceServer(input.audience, input.scope, input.ttl);
  stamp(token, input.now, input.ttl);
  return token.save();
}
