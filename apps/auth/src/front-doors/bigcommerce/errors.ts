import type { RefusalCode } from '@latchkey/core';

/** A B2B Edition answer's failure: the HTTP status (also the body's `code`), `data.errMsg` and `meta.message`. */
export type BigCommerceError = { status: number; errMsg: string; message: string };

const e = (status: number, errMsg: string, message = 'API logic error'): BigCommerceError => ({ status, errMsg, message });

export const BIGCOMMERCE = {
  badCredentials: e(400, 'The email or password you have entered is incorrect. Please try again.'),
  unverified: e(403, 'Your email address has not been verified yet. Please verify it and try again.'),
  tooManyAttempts: e(429, 'Too many failed login attempts. Please try again later.'),
  storeNotFound: e(404, 'No store with this storeHash and channelId.'),
  notJson: e(400, 'Request body is not valid JSON.'),
  tooLarge: e(413, 'Request body is too large.'),
  unsupportedMediaType: e(415, 'Content-Type must be application/json.'),
  notFound: e(404, 'Not found.'),
  refused: e(400, 'The request is not valid (is its Origin one of the client’s CORS origins?).'),
  busy: e(503, 'The service is busy. Please try again shortly.', 'Service unavailable'),
  serverError: e(500, 'Internal server error.', 'Internal error'),
} as const;

/** A missing or malformed field, named in plain words. */
export const invalidField = (field: string, problem: 'missing' | 'invalid'): BigCommerceError =>
  e(400, problem === 'missing' ? `${field} is required.` : `${field} is invalid.`);

const LOCKED = new Set<RefusalCode>(['account_locked', 'ip_locked']);
// The token endpoint refusing the request itself (not the credentials): an Origin the client does not list, above all.
const MALFORMED = new Set<RefusalCode>(['request_invalid', 'parameter_missing', 'parameter_too_long', 'request_too_large']);
const NO_STORE = new Set<RefusalCode>(['store_not_found', 'client_auth_failed', 'client_disabled', 'grant_type_not_allowed']);

/**
 * The one translation of a Latchkey refusal into the storefront-token
 * endpoint's failure. Every credential failure reads the same; a window
 * Latchkey refuses says why (`description` is the policy's own reason).
 */
export function bigCommerceErrorFor(code: RefusalCode | undefined, description: string | undefined): BigCommerceError {
  if (code === undefined || code === 'server_error') return BIGCOMMERCE.serverError;
  // Nothing was tried: a credential failure here would tell a customer their right password is wrong.
  if (code === 'server_busy') return BIGCOMMERCE.busy;
  if (LOCKED.has(code)) return BIGCOMMERCE.tooManyAttempts;
  if (NO_STORE.has(code)) return BIGCOMMERCE.storeNotFound;
  if (MALFORMED.has(code)) return BIGCOMMERCE.refused;
  if (code === 'customer_email_unverified') return BIGCOMMERCE.unverified;
  if (code === 'storefront_token_window_invalid') return e(400, `${description ?? 'beginAt or endAt is invalid'}.`);
  return BIGCOMMERCE.badCredentials;
}
