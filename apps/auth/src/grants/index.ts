import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../deps.js';
import * as clientCredentials from './client-credentials.js';
import * as password from './password.js';
import * as refreshToken from './refresh-token.js';
import * as tokenExchange from './token-exchange/index.js';

type GrantModule = {
  grantType: string;
  parameters: string[];
  buildHandler(deps: AuthDeps): (ctx: KoaContextWithOIDC) => Promise<void>;
};

/** Every grant Latchkey answers; refresh_token and client_credentials replace oidc-provider's own. */
const grants: GrantModule[] = [password, refreshToken, clientCredentials, tokenExchange];

export function registerGrants(provider: Provider, deps: AuthDeps): void {
  for (const grant of grants) {
    provider.registerGrantType(grant.grantType, grant.buildHandler(deps) as never, grant.parameters);
  }
}
