import type { Fetch } from './fetch.js';

/** Where the admin client's bearer tokens come from; `invalidate` enables one retry after a 401. */
export type AccessTokenSource = {
  getAccessToken(): string | Promise<string>;
  invalidate?(token: string): void;
};

// The subset of fetch's options tRPC's links pass (their RequestInitEsque).
type LinkRequestInit = {
  body?: unknown;
  headers?: [string, string][] | Record<string, string> | Headers;
  method?: string;
  signal?: AbortSignal | null;
};

/**
 * A fetch for tRPC's links that adds `Authorization: Bearer`. When the
 * source can invalidate, a 401 answer drops the token and the request is
 * sent once more with a new one: the admin API refuses before running the
 * procedure, so a retried mutation has not run.
 */
export function authorizedFetch(fetch: Fetch, source: AccessTokenSource) {
  return async (input: RequestInfo | URL, init: LinkRequestInit = {}): Promise<Response> => {
    const send = async () => {
      const token = await source.getAccessToken();
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return { token, response: await fetch(input, { ...(init as RequestInit), headers }) };
    };
    const first = await send();
    if (first.response.status !== 401 || !source.invalidate) return first.response;
    await first.response.body?.cancel();
    source.invalidate(first.token);
    return (await send()).response;
  };
}
