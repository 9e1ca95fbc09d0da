import { CLIENT_ID, normalizeIssuer } from '@latchkey/core';
import { databaseEnvSchema } from '@latchkey/db';
import { z } from 'zod';

export const portSchema = z.coerce.number().int().min(0).max(65535);
export const flagSchema = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
// One spelling of the issuer everywhere: `iss` is compared as a string, so a trailing slash would split auth from api.
export const issuerSchema = z.url({ protocol: /^https?$/ }).transform(normalizeIssuer);
export const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const secretSchema = z.string().min(32, 'must be at least 32 characters');

/** The settings every Latchkey process reads, each read the same way; an app's env extends it. */
export const serviceEnvSchema = databaseEnvSchema.extend({
  LATCHKEY_HOST: z.string().trim().min(1).default('0.0.0.0'),
  LATCHKEY_ISSUER: issuerSchema.default('http://localhost:4000'),
  /** The `aud` of access tokens; defaults to the issuer. */
  LATCHKEY_AUDIENCE: z.string().trim().min(1).optional(),
  LATCHKEY_SECRET_KEY: secretSchema,
  LATCHKEY_POLICY_FILE: z.string().trim().min(1).optional(),
  /** Behind a load balancer: client IP and protocol from X-Forwarded-*. */
  LATCHKEY_TRUST_PROXY: flagSchema.default(false),
  /** With LATCHKEY_TRUST_PROXY: how many proxies append to X-Forwarded-For; the client is that many entries from the right. */
  LATCHKEY_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  LOG_LEVEL: logLevelSchema.default('info'),
  /** Prometheus metrics at GET /metrics on this port; unset: off. Never served on the public ports. */
  LATCHKEY_METRICS_PORT: portSchema.optional(),
  LATCHKEY_METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
});

/** The bootstrap admin client: both variables or neither. */
export const adminClientEnvShape = {
  LATCHKEY_ADMIN_CLIENT_ID: z.string().regex(CLIENT_ID).optional(),
  LATCHKEY_ADMIN_CLIENT_SECRET: secretSchema.optional(),
};

type AdminClientEnv = { LATCHKEY_ADMIN_CLIENT_ID?: string | undefined; LATCHKEY_ADMIN_CLIENT_SECRET?: string | undefined };
export const adminClientPaired: [(env: AdminClientEnv) => boolean, { message: string; path: string[] }] = [
  (env) => !env.LATCHKEY_ADMIN_CLIENT_ID === !env.LATCHKEY_ADMIN_CLIENT_SECRET,
  { message: 'LATCHKEY_ADMIN_CLIENT_ID and LATCHKEY_ADMIN_CLIENT_SECRET go together', path: ['LATCHKEY_ADMIN_CLIENT_SECRET'] },
];

export type Parsed<T> = { ok: true; env: T } | { ok: false; problems: string[] };

/** An app's settings, or every problem with them at once (names and rules, never a value). */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): Parsed<z.output<S>> {
  const result = schema.safeParse(env);
  if (result.success) return { ok: true, env: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}
