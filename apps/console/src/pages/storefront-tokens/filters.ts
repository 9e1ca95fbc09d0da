import { id } from '@latchkey/api/schemas';
import type { RouterInputs } from '@latchkey/client';

/** The Storefront tokens screen's state in the URL: by customer, by client, and the page's cursor. */
export type StorefrontFilters = { customerId: string | null; clientId: string | null; cursor: string | null };

/** Reads the URL; a customer id that is no id is dropped (the API would refuse the whole list). */
export function filtersFromParams(params: URLSearchParams): StorefrontFilters {
  const customer = params.get('customer');
  return {
    customerId: customer && id.safeParse(customer).success ? customer : null,
    clientId: params.get('client') || null,
    cursor: params.get('cursor') || null,
  };
}

export function filtersToParams(filters: StorefrontFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.customerId) params.set('customer', filters.customerId);
  if (filters.clientId) params.set('client', filters.clientId);
  if (filters.cursor) params.set('cursor', filters.cursor);
  return params;
}

export function toListInput(filters: StorefrontFilters, limit: number): RouterInputs['storefrontTokens']['list'] {
  return {
    limit,
    ...(filters.customerId ? { customerId: filters.customerId } : {}),
    ...(filters.clientId ? { clientId: filters.clientId } : {}),
    ...(filters.cursor ? { cursor: filters.cursor } : {}),
  };
}

/** A token's state at `now`: revoked wins over expired, and one not valid yet says so. */
export function tokenState(token: { notBefore: string; expiresAt: string; revokedAt: string | null }, now: Date): string {
  if (token.revokedAt) return 'Revoked';
  if (new Date(token.expiresAt) <= now) return 'Expired';
  if (new Date(token.notBefore) > now) return 'Not valid yet';
  return 'Active';
}
