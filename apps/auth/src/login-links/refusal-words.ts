import type { RefusalCode } from '@latchkey/core';

const WORDS: Partial<Record<RefusalCode, string>> = {
  login_token_expired: 'The login link has expired.',
  signed_login_expired: 'The login link has expired.',
  signed_login_iat_too_old: 'The login link has expired.',
  login_token_not_yet_valid: 'The login link is not valid yet.',
  signed_login_iat_in_future: 'The login link is not valid yet.',
  login_token_used_up: 'The login link was already used.',
  signed_login_jti_reused: 'The login link was already used.',
  login_token_revoked: 'The login link was withdrawn.',
  signed_login_wrong_store: 'The login link was made for another store.',
  signed_login_wrong_channel: 'The login link was made for another storefront channel.',
  login_token_wrong_client: 'The login link was made for another shop.',
  signed_login_wrong_issuer: 'The login link was made for another shop.',
  login_token_ip_mismatch: 'The login link was made for another network.',
  signed_login_ip_mismatch: 'The login link was made for another network.',
  customer_not_found: 'The customer account of this login link does not exist.',
  customer_disabled: 'The customer account of this login link is disabled.',
  company_user_disabled: 'The company account of this login link is disabled.',
  company_disabled: 'The company account of this login link is disabled.',
};

/**
 * Why a login link was refused, in words a shop can show its customer
 * (`error_description` beside `error=login_token_invalid`). Forged,
 * malformed and unknown links all read the same.
 */
export const loginLinkRefusalWords = (code: RefusalCode): string => WORDS[code] ?? 'The login link is not valid.';
