import { CLIENT_ID, clientOverridesSchema, GRANT_TYPES } from '@latchkey/core';
import { z } from 'zod';
import { MAX_INT, page, sortDirection, status } from '../lib/schemas.js';

export const clientId = z.string().regex(CLIENT_ID, 'client ids are 3 to 64 of A-Z a-z 0-9 . _ -');
// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const scope = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'not a valid scope token');
const unique = <T>(list: T[]): T[] => [...new Set(list)];
const list = <T extends z.ZodType<string>>(item: T, max = 50) => z.array(item).max(max).transform(unique);

const parseUrl = (value: string): URL | null => (URL.canParse(value) ? new URL(value) : null);
const SCRIPT_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']);
/** A redirect URI: absolute, no fragment (RFC 6749 §3.1.2); custom schemes are fine for native apps. */
const redirectUri = z
  .string()
  .max(2048)
  .refine((value) => {
    const url = parseUrl(value);
    return url !== null && !value.includes('#') && !SCRIPT_SCHEMES.has(url.protocol);
  }, 'must be an absolute URI without a fragment');
const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);
/** An origin only: scheme://host[:port], exactly as a browser sends it in `Origin`. */
const origin = z
  .string()
  .max(2048)
  .refine((value) => {
    const url = parseUrl(value);
    return url !== null && (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  }, 'must be an origin: scheme://host[:port], no path or trailing slash');

/** A BigCommerce store hash, as its API spells it (e.g. `1234abcd`). */
const storeHash = z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'a store hash is 1 to 64 letters and digits');
/** BigCommerce storefront channel ids (1 is a store's default storefront). */
const channelId = z.number().int().positive().max(MAX_INT);
/** A path on the client's base URL (only "/path": not "//host", "/\\host", nor a control character). */
const relativePath = z
  .string()
  .max(2048)
  .regex(/^\/(?![/\\])[^\u0000-\u001f\\]*$/, "must be a path on the client's base URL, starting with a single /");

// The database columns are int4, so core's positive integers get an upper bound.
const ttl = <T extends z.ZodNumber>(schema: T) => schema.max(MAX_INT).nullable();
const o = clientOverridesSchema.shape;
const overrides = {
  accessTokenTtlSeconds: ttl(o.accessTokenTtlSeconds.unwrap()),
  refreshTokenIdleTtlSeconds: ttl(o.refreshTokenIdleTtlSeconds.unwrap()),
  refreshTokenAbsoluteTtlSeconds: ttl(o.refreshTokenAbsoluteTtlSeconds.unwrap()),
  refreshReuseGraceSeconds: ttl(o.refreshReuseGraceSeconds.unwrap()),
};

const settings = {
  name: z.string().trim().min(1).max(200),
  subjectType: z.enum(['customer', 'agent']),
  status,
  grantTypes: z.array(z.enum(GRANT_TYPES)).min(1).max(GRANT_TYPES.length).transform(unique),
  scopes: list(scope, 100),
  redirectUris: list(redirectUri),
  postLogoutRedirectUris: list(redirectUri),
  corsOrigins: list(origin),
  /** HS256 key for signed login JWTs; stored encrypted, never answered. */
  loginLinkSecret: z.string().min(32).max(512).nullable(),
  baseUrl: httpUrl.nullable(),
  redirectAllowList: list(httpUrl),
  landingUrl: httpUrl.nullable(),
  loginUrl: httpUrl.nullable(),
  /** BigCommerce: the store this client speaks for (the B2B storefront-token door; signed login JWTs' store_hash). */
  storeHash: storeHash.nullable(),
  /** BigCommerce: its storefront channels (the storefront-token door's channelId; signed login JWTs' channel_id). */
  channelIds: z.array(channelId).max(100).transform(unique),
  /** A signed login JWT redirecting here logs the customer out instead (BigCommerce: /login.php?action=logout). */
  logoutPath: relativePath.nullable(),
  /** The client a login token is for when its creator names none; setting it on one client clears it on the others. */
  loginTokenDefault: z.boolean(),
  /** A resource server: may introspect every client's tokens (a confidential client only). */
  canIntrospect: z.boolean(),
  ...overrides,
};

export const createClientInput = z
  .object({
    id: clientId.optional(),
    type: z.enum(['public', 'confidential']),
    ...settings,
    subjectType: settings.subjectType.default('customer'),
    status: status.default('active'),
    scopes: settings.scopes.default([]),
    redirectUris: settings.redirectUris.default([]),
    postLogoutRedirectUris: settings.postLogoutRedirectUris.default([]),
    corsOrigins: settings.corsOrigins.default([]),
    redirectAllowList: settings.redirectAllowList.default([]),
    loginLinkSecret: settings.loginLinkSecret.optional(),
    baseUrl: settings.baseUrl.optional(),
    landingUrl: settings.landingUrl.optional(),
    loginUrl: settings.loginUrl.optional(),
    storeHash: settings.storeHash.optional(),
    channelIds: settings.channelIds.default([]),
    logoutPath: settings.logoutPath.optional(),
    loginTokenDefault: settings.loginTokenDefault.default(false),
    canIntrospect: settings.canIntrospect.default(false),
    accessTokenTtlSeconds: overrides.accessTokenTtlSeconds.optional(),
    refreshTokenIdleTtlSeconds: overrides.refreshTokenIdleTtlSeconds.optional(),
    refreshTokenAbsoluteTtlSeconds: overrides.refreshTokenAbsoluteTtlSeconds.optional(),
    refreshReuseGraceSeconds: overrides.refreshReuseGraceSeconds.optional(),
  })
  .strict();

/** Everything but the type, which decides whether a secret exists: delete and create to change it. */
export const updateClientInput = z
  .object({ id: clientId, ...settings })
  .partial()
  .required({ id: true })
  .strict();

export const listClientsInput = z
  .object({
    search: z.string().trim().min(1).max(100).optional(),
    type: z.enum(['public', 'confidential']).optional(),
    subjectType: z.enum(['customer', 'agent']).optional(),
    status: status.optional(),
    grantType: z.enum(GRANT_TYPES).optional(),
    sort: z
      .object({ field: z.enum(['createdAt', 'updatedAt', 'name']), direction: sortDirection })
      .strict()
      .default({ field: 'createdAt', direction: 'desc' }),
    ...page,
  })
  .strict()
  .default({ limit: 50, sort: { field: 'createdAt', direction: 'desc' } });

export const clientIdInput = z.object({ id: clientId }).strict();
