import { hash, verify } from '@node-rs/argon2';

/** argon2id parameters (memory in KiB); the policy's defaults are OWASP's m=19456, t=2, p=1. */
export type Argon2Params = { memoryCost: number; timeCost: number; parallelism: number };

// @node-rs/argon2's Algorithm.Argon2id; a const enum cannot be imported under verbatimModuleSyntax.
const ARGON2ID = 2;

/** A PHC string: `$argon2id$v=19$m=…,t=…,p=…$salt$hash`. Runs on libuv's thread pool. */
export const hashPassword = (password: string, params: Argon2Params): Promise<string> => hash(password, { algorithm: ARGON2ID, ...params });

/** False for a wrong password and for a hash that cannot be read. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password with the given parameters: verifying against
 * it costs what a real verify costs, so an unknown user is not faster.
 */
export const dummyPasswordHash = (params: Argon2Params): Promise<string> => hashPassword(crypto.randomUUID(), params);
