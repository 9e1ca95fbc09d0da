import { z } from 'zod';

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

const seconds = z.number().int().positive();
const nonNegativeSeconds = z.number().int().min(0);

/** What a client may override; unset fields fall back to the global policy. */
export const clientOverridesSchema = z
  .object({
    accessTokenTtlSeconds: seconds.optional(),
    refreshTokenIdleTtlSeconds: seconds.optional(),
    refreshTokenAbsoluteTtlSeconds: seconds.optional(),
    refreshReuseGraceSeconds: nonNegativeSeconds.max(60).optional(),
  })
  .strict();

const counterRuleSchema = (maxFailures: number) =>
  z
    .object({
      maxFailures: z.number().int().positive().default(maxFailures),
      windowSeconds: seconds.default(15 * MINUTE),
    })
    .strict();

export const policySchema = z
  .object({
    accessToken: z
      .object({ ttlSeconds: seconds.default(15 * MINUTE) })
      .strict()
      .prefault({}),
    // Refresh tokens always rotate (RFC 9700 §4.14.2): there is no key to turn it off, and a file naming one is refused.
    refreshToken: z
      .object({
        idleTtlSeconds: seconds.default(14 * DAY),
        absoluteTtlSeconds: seconds.default(90 * DAY),
        // A replay of the token just rotated, inside this window, gets the same successor.
        reuseGraceSeconds: nonNegativeSeconds.max(60).default(5),
      })
      .strict()
      .prefault({}),
    clients: z.record(z.string(), clientOverridesSchema).default({}),
    impersonation: z
      .object({
        accessTokenTtlSeconds: seconds.default(5 * MINUTE),
        allowRefresh: z.boolean().default(false),
        sessionTtlSeconds: seconds.default(60 * MINUTE),
      })
      .strict()
      .prefault({}),
    loginToken: z
      .object({
        // A token's expiry when its creator gives none (null: it never expires).
        defaultLifetimeSeconds: seconds.nullable().default(30 * DAY),
        // The longest a token may live from when it becomes valid (null: no cap; a cap implies an expiry).
        maxLifetimeSeconds: seconds.nullable().default(null),
        // Refuse tokens that never expire.
        requireExpiry: z.boolean().default(false),
        defaultOneTimeUse: z.boolean().default(true),
        // Business on Behalf: a session begun by a token stays on its company user, unless the token says otherwise.
        lockCompanyUser: z.boolean().default(false),
        anonymousScopes: z.array(z.string().min(1)).default(['punchout']),
        // How long the browser session a login link opens lasts (for an SPA to pick it up).
        browserSessionTtlSeconds: seconds.default(60 * MINUTE),
      })
      .strict()
      .prefault({}),
    signedLogin: z
      .object({
        iatWindowSeconds: seconds.default(30),
        clockSkewSeconds: nonNegativeSeconds.max(60).default(5),
        operation: z.string().default('customer_login'),
      })
      .strict()
      .prefault({}),
    // BigCommerce B2B storefront tokens (POST /api/io/auth/customers): lifetime without endAt, and the longest.
    storefrontToken: z
      .object({ ttlSeconds: seconds.default(DAY), maxTtlSeconds: seconds.default(30 * DAY) })
      .strict()
      .prefault({}),
    lockout: z
      .object({
        account: counterRuleSchema(5).prefault({}),
        ip: counterRuleSchema(100).prefault({}),
        backoff: z
          .object({
            baseSeconds: seconds.default(60),
            factor: z.number().min(1).default(2),
            maxSeconds: seconds.default(60 * MINUTE),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    passwordHash: z
      .object({
        memoryCost: z.number().int().min(8).default(19456),
        timeCost: z.number().int().min(1).default(2),
        parallelism: z.number().int().min(1).default(1),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .refine((p) => p.refreshToken.idleTtlSeconds <= p.refreshToken.absoluteTtlSeconds, {
    message: 'refreshToken.idleTtlSeconds must not exceed refreshToken.absoluteTtlSeconds',
    path: ['refreshToken', 'idleTtlSeconds'],
  })
  .refine(({ storefrontToken: t }) => t.ttlSeconds <= t.maxTtlSeconds, {
    message: 'storefrontToken.ttlSeconds must not exceed storefrontToken.maxTtlSeconds',
    path: ['storefrontToken', 'ttlSeconds'],
  })
  .refine(({ loginToken: t }) => t.defaultLifetimeSeconds !== null || (!t.requireExpiry && t.maxLifetimeSeconds === null), {
    message: 'a login token default lifetime is needed when expiry is required or capped',
    path: ['loginToken', 'defaultLifetimeSeconds'],
  })
  .refine(
    ({ loginToken: t }) =>
      t.maxLifetimeSeconds === null || t.defaultLifetimeSeconds === null || t.defaultLifetimeSeconds <= t.maxLifetimeSeconds,
    {
      message: 'loginToken.defaultLifetimeSeconds must not exceed loginToken.maxLifetimeSeconds',
      path: ['loginToken', 'defaultLifetimeSeconds'],
    },
  );

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type ClientOverrides = z.output<typeof clientOverridesSchema>;
export type LockoutRules = Policy['lockout'];
export type SignedLoginRules = Policy['signedLogin'];
export type StorefrontTokenRules = Policy['storefrontToken'];
export type LoginTokenRules = Policy['loginToken'];
export type PasswordHashParams = Policy['passwordHash'];

export const parsePolicy = (input: PolicyInput = {}): Policy => policySchema.parse(input);
export const defaultPolicy: Policy = parsePolicy();
