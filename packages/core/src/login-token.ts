import { canSwitchCompanyUser } from './company-user.js';
import { type Decision, fail, ok } from './decision.js';
import type { LoginTokenRules } from './policy.js';
import type { CompanyUserFacts, CustomerFacts } from './subjects.js';

/** A stored login token as policy sees it: who it is for and how it may be used. */
export type LoginTokenFacts = {
  clientId: string;
  revokedAt: Date | null;
  notBefore: Date | null;
  expiresAt: Date | null;
  oneTimeUse: boolean;
  successfulAttempts: number;
  /** If set, only a caller from this IP may redeem it (BigCommerce's `request_ip`). */
  requestIp: string | null;
  customer: CustomerFacts | null;
  companyUser: CompanyUserFacts | null;
};

export type RedemptionContext = { now: Date; ip: string; clientId: string };
export type LoginTokenSubject = 'customer' | 'company_user' | 'anonymous';

function subjectOf(token: LoginTokenFacts): Decision<LoginTokenSubject> {
  if (token.companyUser) {
    if (!token.customer) return fail('company_user_not_owned', 'company user has no customer');
    const allowed = canSwitchCompanyUser(token.customer, token.companyUser);
    return allowed.ok ? ok('company_user') : allowed;
  }
  if (token.customer) {
    return token.customer.status === 'active' ? ok('customer') : fail('customer_disabled', 'customer is disabled');
  }
  return ok('anonymous');
}

/**
 * Whether a known login token may be redeemed now, by this client, from this
 * IP. The store still decides one-time use with a conditional write; this
 * only rules on what was read.
 */
export function checkLoginToken(token: LoginTokenFacts, { now, ip, clientId }: RedemptionContext): Decision<LoginTokenSubject> {
  if (token.revokedAt) return fail('login_token_revoked', 'login token was revoked');
  if (token.clientId !== clientId) return fail('login_token_wrong_client', 'login token was issued to another client');
  if (token.notBefore && now < token.notBefore) return fail('login_token_not_yet_valid', 'login token is not valid yet');
  if (token.expiresAt && now >= token.expiresAt) return fail('login_token_expired', 'login token has expired');
  if (token.oneTimeUse && token.successfulAttempts > 0) return fail('login_token_used_up', 'login token was already used');
  if (token.requestIp && token.requestIp !== ip) return fail('login_token_ip_mismatch', 'login token is bound to another IP');
  return subjectOf(token);
}

/** `expiresAt`: a date, null (never expires) or left out (the policy's default lifetime). */
export type LoginTokenWindowInput = { notBefore?: Date | null; expiresAt?: Date | null; oneTimeUse?: boolean | null };
export type LoginTokenWindow = { notBefore: Date | null; expiresAt: Date | null; oneTimeUse: boolean };

const after = (start: Date, seconds: number): Date => new Date(start.getTime() + seconds * 1000);

/**
 * The validity window of a login token, as the back office's dialog sets
 * it: the expiry is optional (null: never) unless policy requires one or
 * caps the lifetime, left out it is the policy's default lifetime, it never
 * exceeds the cap from the moment the token becomes valid, and the token is
 * one-time unless asked otherwise.
 */
export function loginTokenWindow(input: LoginTokenWindowInput, now: Date, rules: LoginTokenRules): Decision<LoginTokenWindow> {
  const notBefore = input.notBefore ?? null;
  const start = notBefore && notBefore > now ? notBefore : now;
  const expiresAt =
    input.expiresAt !== undefined
      ? input.expiresAt
      : rules.defaultLifetimeSeconds === null
        ? null
        : after(start, rules.defaultLifetimeSeconds);
  const oneTimeUse = input.oneTimeUse ?? rules.defaultOneTimeUse;
  if (expiresAt === null) {
    if (rules.requireExpiry || rules.maxLifetimeSeconds !== null) return fail('login_token_expiry_required', 'a login token must expire');
    return ok({ notBefore, expiresAt, oneTimeUse });
  }
  if (expiresAt <= start) return fail('login_token_window_invalid', 'expiresAt must be after now and after notBefore');
  if (rules.maxLifetimeSeconds !== null && expiresAt > after(start, rules.maxLifetimeSeconds)) {
    return fail('login_token_lifetime_exceeded', `a login token may live at most ${rules.maxLifetimeSeconds} seconds`);
  }
  return ok({ notBefore, expiresAt, oneTimeUse });
}

/**
 * Anonymous sessions (OCI punch-out) get at most the policy's anonymous
 * scopes, of those granted: none granted, none kept (never more than the
 * client's own scopes).
 */
export function anonymousScopes(granted: readonly string[], rules: LoginTokenRules): string[] {
  return granted.filter((scope) => rules.anonymousScopes.includes(scope));
}
