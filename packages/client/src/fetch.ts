export type Fetch = typeof globalThis.fetch;

/**
 * The global fetch, looked up at call time and called unbound: browsers
 * throw "Illegal invocation" for `const f = window.fetch; f(url)`.
 */
export const resolveFetch = (custom?: Fetch): Fetch => custom ?? ((input, init) => globalThis.fetch(input, init));
