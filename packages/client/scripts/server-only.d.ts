// Stands in for @latchkey/db when the router's type is bundled into the
// published declaration (scripts/bundle.mjs). The router's type names the
// server's context (database, secret box) only as the `ctx` of its
// procedures, which a client never sees; the real types would drag Prisma's
// generated client into the package. The other names are imported by api
// files for their server-side functions, which the bundle shakes off; they
// are empty here, so a client-visible type that used one would fail the
// package check's type-check (pack-check.mjs) rather than be erased silently.
declare const serverOnly: unique symbol;
export type Db = { readonly [serverOnly]: 'Db' };
export type SecretBox = { readonly [serverOnly]: 'SecretBox' };
export declare namespace Prisma {}
export type OAuthClient = never;
export type StorefrontToken = never;
export type SearchTargets = never;
export type LoginTokenListRow = never;
