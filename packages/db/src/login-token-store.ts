import type { Db } from './create-db.js';
import {
  findLoginTokenFacts,
  type Redemption,
  recordLoginTokenFailure,
  recordLoginTokenSuccess,
  redeemLoginTokenFacts,
} from './login-tokens.js';

/**
 * Login tokens as the auth server redeems them: one lookup by the presented
 * value (its hash), used both to redeem and to peek (whose client a refused
 * link goes back to, whose customer an agent asks for), and the two
 * conditional writes of a redemption, the first of which a redemption
 * makes with its read when it can.
 */
export function createLoginTokenStore(db: Pick<Db, 'sql'>) {
  const { sql } = db;
  return {
    /** The token and everything policy rules on, by its value (null: no such token). */
    find: (value: string) => findLoginTokenFacts(sql, value),
    /** The same, counting a successful redemption in the same statement when it may be redeemed as read (`redeemed`). */
    redeem: (value: string, redemption: Redemption) => redeemLoginTokenFacts(sql, value, redemption),
    /** Counts a successful redemption; false when a concurrent one (or a change) won. */
    recordSuccess: (id: string, now: Date) => recordLoginTokenSuccess(sql, id, now),
    recordFailure: (id: string, now: Date) => recordLoginTokenFailure(sql, id, now),
  };
}

export type LoginTokenStore = ReturnType<typeof createLoginTokenStore>;
