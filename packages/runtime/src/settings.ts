import type { Policy } from '@latchkey/core';
import type { z } from 'zod';
import { parseEnv } from './env.js';
import { readPolicyFile } from './policy-file.js';

type WithPolicyFile = z.ZodType<{ LATCHKEY_POLICY_FILE?: string | undefined }>;

/** A process's environment and the policy file it names, or every problem with either. */
export function readSettings<S extends WithPolicyFile>(
  schema: S,
  environment: Record<string, string | undefined>,
): { ok: true; env: z.output<S>; policy: Policy } | { ok: false; problems: string[] } {
  const parsed = parseEnv(schema, environment);
  if (!parsed.ok) return parsed;
  const read = readPolicyFile(parsed.env.LATCHKEY_POLICY_FILE);
  return read.ok ? { ok: true, env: parsed.env, policy: read.policy } : read;
}
