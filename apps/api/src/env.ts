import { databaseEnvSchema } from '@latchkey/db';
import { z } from 'zod';

export const apiEnvSchema = databaseEnvSchema.extend({
  LATCHKEY_API_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  LATCHKEY_HOST: z.string().trim().min(1).optional(),
  LATCHKEY_ISSUER: z.url({ protocol: /^https?$/ }).default('http://localhost:4000'),
  /** The `aud` of access tokens (the auth server's LATCHKEY_AUDIENCE); defaults to the issuer. */
  LATCHKEY_AUDIENCE: z.string().trim().min(1).optional(),
  LATCHKEY_POLICY_FILE: z.string().trim().min(1).optional(),
  LATCHKEY_SECRET_KEY: z.string().min(32, 'must be at least 32 characters'),
  /** Behind a load balancer: take the client IP from X-Forwarded-For. */
  LATCHKEY_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ApiEnv = z.output<typeof apiEnvSchema>;

/** The api's settings, or every problem with them at once (never a secret's value). */
export function parseApiEnv(env: Record<string, string | undefined>): { ok: true; env: ApiEnv } | { ok: false; problems: string[] } {
  const result = apiEnvSchema.safeParse(env);
  if (result.success) return { ok: true, env: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}
