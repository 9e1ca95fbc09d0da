import { tokenMatches } from '@latchkey/db';
import type Provider from 'oidc-provider';

/**
 * Latchkey stores only a sha256 of each client secret, and hands that hash
 * to oidc-provider as `client_secret`; comparing hashes keeps client
 * authentication working without a usable secret in memory or storage.
 * Client secret–based JWS (client_secret_jwt, HS* ID tokens) is disabled in
 * the configuration, so nothing else reads the secret. Relies on
 * `Client.prototype.compareClientSecret` (lib/models/client.js), which
 * lib/shared/client_auth.js calls for client_secret_basic and _post.
 */
export function compareHashedClientSecrets(provider: Provider): void {
  const prototype = provider.Client.prototype as unknown as {
    compareClientSecret(this: { clientSecret?: string }, actual: string): boolean;
  };
  prototype.compareClientSecret = function compareClientSecret(actual) {
    return typeof this.clientSecret === 'string' && typeof actual === 'string' && tokenMatches(actual, this.clientSecret);
  };
}
