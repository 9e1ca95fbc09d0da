import { findLoginCandidate } from './session-facts.js';
import type { SqlDb } from './sql-db.js';
import { tsParam } from './sql-time.js';

type Directory = 'customer' | 'agent';

// Only while the stored hash is the one verified: a password changed meanwhile is not overwritten.
const replaceIn = (table: 'customers' | 'agents') =>
  `UPDATE ${table} SET password_hash = $3, updated_at = ${tsParam('$4')} WHERE id = $1::uuid AND password_hash = $2`;
const REPLACE = { customer: replaceIn('customers'), agent: replaceIn('agents') };

/** A password login's reads and writes of the people who log in (lockout counters are login-failures.ts). */
export function createLoginStore(db: Pick<SqlDb, 'sql'>) {
  const { sql } = db;
  return {
    /** A customer or agent by e-mail, with what a password login needs. */
    candidate: (directory: Directory, email: string) => findLoginCandidate(sql, directory, email),
    /** Replaces a password hash made with other parameters, unless it changed since it was read. */
    async replacePasswordHash(
      directory: Directory,
      id: string,
      expected: string,
      passwordHash: string,
      now: Date = new Date(),
    ): Promise<void> {
      await sql(REPLACE[directory], [id, expected, passwordHash, now.getTime()]);
    },
  };
}

export type LoginStore = ReturnType<typeof createLoginStore>;
