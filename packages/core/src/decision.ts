/**
 * Every policy decision is a value or a failure with a stable `code`; callers
 * switch on the code and map it to an OAuth or tRPC error. Codes are part of
 * the public contract: never rename one.
 */
export type PolicyCode =
  | 'customer_disabled'
  | 'customer_email_unverified'
  | 'company_user_not_owned'
  | 'company_user_disabled'
  | 'company_disabled'
  | 'login_token_revoked'
  | 'login_token_not_yet_valid'
  | 'login_token_expired'
  | 'login_token_used_up'
  | 'login_token_wrong_client'
  | 'login_token_ip_mismatch'
  | 'login_token_window_invalid'
  | 'login_token_lifetime_exceeded'
  | 'signed_login_claim_missing'
  | 'signed_login_claim_invalid'
  | 'signed_login_wrong_issuer'
  | 'signed_login_wrong_operation'
  | 'signed_login_iat_too_old'
  | 'signed_login_iat_in_future'
  | 'signed_login_ip_mismatch'
  | 'actor_not_agent'
  | 'agent_disabled'
  | 'agent_not_permitted'
  | 'account_locked'
  | 'ip_locked'
  | 'refresh_reuse_detected'
  | 'session_ended';

export type Success<T> = { readonly ok: true; readonly value: T };
export type Failure = { readonly ok: false; readonly code: PolicyCode; readonly reason: string };
export type Decision<T> = Success<T> | Failure;

export const ok = <T>(value: T): Success<T> => ({ ok: true, value });
export const fail = (code: PolicyCode, reason: string): Failure => ({ ok: false, code, reason });
