import type { Db } from './create-db.js';
import { insertStorefrontToken, type NewStorefrontToken, type StorefrontTokenGrant } from './storefront-tokens.js';

/** Named storefront tokens as the auth server records them (the admin API lists and revokes them). */
export function createStorefrontTokenStore(db: Pick<Db, 'sql'>) {
  return {
    /** Records a new token's row with its session's grant, in one statement; answers its id. */
    insert: (row: NewStorefrontToken, grant: StorefrontTokenGrant) => insertStorefrontToken(db.sql, row, grant),
  };
}

export type StorefrontTokenStore = ReturnType<typeof createStorefrontTokenStore>;
