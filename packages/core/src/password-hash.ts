import type { PasswordHashParams } from './policy.js';

const PHC = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;
const ARGON2_VERSION = 19;

/**
 * True when a stored hash was made with other parameters (or another
 * algorithm) than the policy's, so it should be replaced after the next
 * successful login. An unparseable hash always needs replacing.
 */
export function needsRehash(hash: string, params: PasswordHashParams): boolean {
  const match = PHC.exec(hash);
  if (!match) return true;
  const [, version, m, t, p] = match.map(Number);
  return version !== ARGON2_VERSION || m !== params.memoryCost || t !== params.timeCost || p !== params.parallelism;
}
