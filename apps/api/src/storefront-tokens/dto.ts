import type { StorefrontToken } from '@latchkey/db';
import { iso, isoOrNull } from '../lib/dates.js';

/** A named storefront token (BigCommerce B2B) as answered: who and when, never the token. */
export type StorefrontTokenDto = {
  id: string;
  name: string;
  customerId: string;
  companyUserId: string | null;
  clientId: string;
  notBefore: string;
  expiresAt: string;
  createdAt: string;
  revokedAt: string | null;
};

export const toStorefrontTokenDto = (row: StorefrontToken): StorefrontTokenDto => ({
  id: row.id,
  name: row.name,
  customerId: row.customerId,
  companyUserId: row.companyUserId,
  clientId: row.clientId,
  notBefore: iso(row.notBefore),
  expiresAt: iso(row.expiresAt),
  createdAt: iso(row.createdAt),
  revokedAt: isoOrNull(row.revokedAt),
});
