import { beginPasswordLogin, type Directory, settlePasswordLogin } from './login-attempts.js';
import type { SqlDb } from './sql-db.js';
import { tsParam } from './sql-time.js';

// Only while the stored hash is the one verified: a password changed meanwhile is not overwritten.
const replaceIn = (table: 'customers' | 'agents') =>
  `UPDATE ${table} SET password_hash = $3, updated_at = ${tsParam('$4')} WHERE id = $1::uuid AND password_hash = $2`;
const REPLACE = { customer: replaceIn('customers'), agent: replaceIn('agents') };

/**
 * A password login's statements: the one before argon2 and the one after it
 * (login-attempts.ts, with the lockout counters of login-failures.ts), and
 * the people who log in.
 */
export function createLoginStore(db: Pick<SqlDb, 'sql'>) {
  const { sql } = db;
  return {
    /** Reserves the IP, reads the account's counter and the candidate, in one statement. */
    begin: (input: Parameters<typeof beginPasswordLogin>[1]) => beginPasswordLogin(sql, input),
    /** Settles the account, gives the IP back, and reads a right password's session facts, in one statement. */
    settle: (input: Parameters<typeof settlePasswordLogin>[1]) => settlePasswordLogin(sql, input),
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
