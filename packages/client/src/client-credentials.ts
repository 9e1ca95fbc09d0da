import { endpointsOf } from './endpoints.js';
import { type Fetch, resolveFetch } from './fetch.js';
import { singleFlight } from './single-flight.js';
import { basicAuthorization, requestTokens } from './token-endpoint.js';

export type ClientCredentialsOptions = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** A narrower scope than the client's, e.g. `admin:read`; all of the client's scopes by default. */
  scope?: string;
  fetch?: Fetch;
  /** Fetch a new token this many seconds before the cached one expires; 30 by default. */
  refreshSkewSeconds?: number;
};

export type ClientCredentials = {
  /** A cached token while it is fresh; otherwise one new token request, shared by concurrent callers. */
  getAccessToken(): Promise<string>;
  /** Drops `token` from the cache (if it is still the cached one), e.g. after a resource server refused it. */
  invalidate(token: string): void;
};

/**
 * Access tokens for a confidential client (client credentials grant,
 * client_secret_basic), cached until shortly before they expire.
 */
export function createClientCredentials(options: ClientCredentialsOptions): ClientCredentials {
  const fetch = resolveFetch(options.fetch);
  const tokenEndpoint = endpointsOf(options.issuer).token;
  const authorization = basicAuthorization(options.clientId, options.clientSecret);
  const skewMs = (options.refreshSkewSeconds ?? 30) * 1000;
  let cached: { token: string; renewAt: number } | null = null;

  const fetchToken = singleFlight(async () => {
    const sentAt = Date.now();
    const tokens = await requestTokens(fetch, tokenEndpoint, { grant_type: 'client_credentials', scope: options.scope }, authorization);
    // Never renew before half the lifetime is used: a short-lived token would otherwise never be cached.
    const margin = Math.min(skewMs, (tokens.expiresAt - sentAt) / 2);
    cached = { token: tokens.accessToken, renewAt: tokens.expiresAt - margin };
    return tokens.accessToken;
  });

  return {
    getAccessToken() {
      return cached && cached.renewAt > Date.now() ? Promise.resolve(cached.token) : fetchToken.run();
    },
    invalidate(token) {
      if (cached?.token === token) cached = null;
    },
  };
}
