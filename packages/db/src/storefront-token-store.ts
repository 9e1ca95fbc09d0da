import type { Db } from './create-db.js';
import { insertStorefrontToken, type NewStorefrontToken } from './storefront-tokens.js';

/** Named storefront tokens as the auth server records them (the admin API lists and revokes them). */
export function createStorefrontTokenStore(db: Pick<Db, 'sql'>) {
  return {
    /** Records a new token's row; answers its id. */
    insert: (row: NewStorefrontToken) => insertStorefrontToken(db.sql, row),
  };
}

export type StorefrontTokenStore = ReturnType<typeof createStorefrontTokenStore>;
