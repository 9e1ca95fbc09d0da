import type { Db } from './create-db.js';
import { findLoginTokenFacts, recordLoginTokenFailure, recordLoginTokenSuccess } from './login-tokens.js';

/**
 * Login tokens as the auth server redeems them: one lookup by the presented
 * value (its hash), used both to redeem and to peek (whose client a refused
 * link goes back to, whose customer an agent asks for), and the two
 * conditional writes of a redemption.
 */
export function createLoginTokenStore(db: Pick<Db, 'sql'>) {
  const { sql } = db;
  return {
    /** The token and everything policy rules on, by its value (null: no such token). */
    find: (value: string) => findLoginTokenFacts(sql, value),
    /** Counts a successful redemption; false when a concurrent one (or a change) won. */
    recordSuccess: (id: string, now: Date) => recordLoginTokenSuccess(sql, id, now),
    recordFailure: (id: string, now: Date) => recordLoginTokenFailure(sql, id, now),
  };
}

export type LoginTokenStore = ReturnType<typeof createLoginTokenStore>;
