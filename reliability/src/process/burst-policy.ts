import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePolicy } from '@latchkey/core';

// The races, crash and soak tests log one account in many times at once with the right
// password. The lockout reserves every attempt before argon2 (issue 10), so more concurrent
// attempts than the account rule's limit meet the lock even when each password is right
// (a known limit, docs/security.md). These tests are about refresh tokens, one-time tokens
// and durability, not the lockout (apps/auth/test/lockout-burst.test.ts and the nodes test
// are): their accounts get room for their bursts, argon2 at its cheapest.
const BURST = {
  passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
  lockout: { account: { maxFailures: 1000 }, ip: { maxFailures: 100_000 } },
};

export const burstPolicy = parsePolicy(BURST);

/** The same policy as a LATCHKEY_POLICY_FILE for a spawned process. */
export function burstPolicyFile(): string {
  const file = path.join(tmpdir(), `latchkey-burst-policy-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(BURST));
  return file;
}
