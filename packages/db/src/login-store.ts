import type { Db } from './create-db.js';
import { findLoginCandidate } from './session-facts.js';

type Directory = 'customer' | 'agent';

/** A password login's reads and writes of the people who log in (lockout counters are login-failures.ts). */
export function createLoginStore(db: Pick<Db, 'sql' | 'prisma'>) {
  const { sql, prisma } = db;
  return {
    /** A customer or agent by e-mail, with what a password login needs. */
    candidate: (directory: Directory, email: string) => findLoginCandidate(sql, directory, email),
    /** Replaces a password hash made with other parameters, unless it changed since it was read. */
    async replacePasswordHash(directory: Directory, id: string, expected: string, passwordHash: string): Promise<void> {
      // Only while the stored hash is the one verified: a password changed meanwhile is not overwritten.
      const where = { id, passwordHash: expected };
      if (directory === 'agent') await prisma.agent.updateMany({ where, data: { passwordHash } });
      else await prisma.customer.updateMany({ where, data: { passwordHash } });
    },
  };
}

export type LoginStore = ReturnType<typeof createLoginStore>;
