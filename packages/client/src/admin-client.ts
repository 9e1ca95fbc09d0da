// Only the router's *type* comes from the api package: this file, and so a
// browser or Node consumer, never loads the server.
import type { AdminRouter } from '@latchkey/api';
import { ADMIN_BATCH_MAX } from '@latchkey/core/protocol';
import { createTRPCClient, httpBatchLink, httpLink, type TRPCClient, type TRPCClientError } from '@trpc/client';
import { type AccessTokenSource, authorizedFetch } from './authorized-fetch.js';
import { type ClientCredentialsOptions, createClientCredentials } from './client-credentials.js';
import { type Fetch, resolveFetch } from './fetch.js';

export type AdminClient = TRPCClient<AdminRouter>;
/** What a failed call rejects with: `error.data.code` is `UNAUTHORIZED`, `FORBIDDEN`, `NOT_FOUND`, `BAD_REQUEST` (with `data.zodError`), ... */
export type AdminClientError = TRPCClientError<AdminRouter>;

type CommonOptions = {
  /** The admin API's base URL; procedures are at `${url}/trpc`. */
  url: string;
  /** Used for the API and for token requests. */
  fetch?: Fetch;
  /** Calls made in the same tick go as one HTTP request; true by default. */
  batch?: boolean;
};

export type AdminClientOptions = CommonOptions &
  (
    | {
        /** Your own token source, e.g. a token your app already holds. Called before every request. */
        getAccessToken: () => string | Promise<string>;
      }
    | Omit<ClientCredentialsOptions, 'fetch'>
  );

/**
 * The typed tRPC client of Latchkey's admin API. Given `issuer`, `clientId`
 * and `clientSecret`, it gets client-credentials tokens itself, caches
 * them, and after a 401 fetches a new one and retries once.
 */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  const fetch = resolveFetch(options.fetch);
  const source: AccessTokenSource =
    'getAccessToken' in options
      ? { getAccessToken: options.getAccessToken }
      : createClientCredentials({
          issuer: options.issuer,
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          scope: options.scope,
          refreshSkewSeconds: options.refreshSkewSeconds,
          fetch,
        });
  const link = { url: `${options.url.replace(/\/+$/, '')}/trpc`, fetch: authorizedFetch(fetch, source) };
  // GET batches carry their inputs in the URL; longer ones are split rather than refused by a proxy.
  return createTRPCClient<AdminRouter>({
    links: [options.batch === false ? httpLink(link) : httpBatchLink({ ...link, maxURLLength: 2048, maxItems: ADMIN_BATCH_MAX })],
  });
}
