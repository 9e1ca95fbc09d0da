import { readFileSync } from 'node:fs';
import { defaultPolicy, type Policy, policySchema } from '@latchkey/core';

/**
 * The token policy from LATCHKEY_POLICY_FILE, or the defaults without one. A file
 * that is not JSON, or names a key the policy does not have, is refused with one
 * line per problem naming the key: a setting that would be silently ignored is worse
 * than a process that does not start.
 */
export function readPolicyFile(file: string | undefined): { ok: true; policy: Policy } | { ok: false; problems: string[] } {
  if (!file) return { ok: true, policy: defaultPolicy };
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [`LATCHKEY_POLICY_FILE: ${file}: ${(error as Error).message}`] };
  }
  const result = policySchema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key].join('.')) : [];
      return keys.length > 0
        ? `LATCHKEY_POLICY_FILE: unknown key ${keys.join(', ')}`
        : `LATCHKEY_POLICY_FILE: ${issue.path.join('.')}: ${issue.message}`;
    }),
  };
}
