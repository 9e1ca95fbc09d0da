import { z } from 'zod';
import { type Decision, fail, ok } from './decision.js';
import type { SignedLoginRules } from './policy.js';

const id = z.union([z.string().min(1).max(128), z.number().int().nonnegative()]).transform(String);

/**
 * BigCommerce Customer Login API payload, as each official helper makes it:
 * bigcommerce-api-python (32-hex `jti`, `channel_id` always),
 * bigcommerce-api-php (64-hex `jti`, no `channel_id`) and node-bigcommerce
 * (`redirect_url` for `redirect_to`, an `exp`). Any `jti` of 1 to 128 printable characters.
 */
const claimsSchema = z.object({
  iss: z.string().min(1).max(200),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().nonnegative().optional(),
  jti: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x20-\x7e]+$/),
  operation: z.string(),
  customer_id: id,
  company_user_id: id.optional(),
  redirect_to: z.string().max(2048).optional(),
  redirect_url: z.string().max(2048).optional(),
  request_ip: z.string().max(64).optional(),
  store_hash: z.string().max(64).optional(),
  channel_id: z.number().int().positive().optional(),
});

/** The client a signed login JWT is for, with the BigCommerce store and channels it speaks for. */
export type SignedLoginClient = { id: string; storeHash?: string | null; channelIds?: readonly number[] };

const REQUIRED = ['iss', 'iat', 'jti', 'operation', 'customer_id'] as const;

export type SignedLogin = {
  jti: string;
  customerId: string;
  companyUserId: string | null;
  redirectTo: string | null;
  /** Until when the `jti` must be remembered: after that `iat` fails the window anyway. */
  replayGuardUntil: Date;
};

/**
 * Rules on the claims of a signed login JWT whose HS256 signature already
 * verified with the client's login-link secret.
 */
export function checkSignedLoginClaims(
  claims: unknown,
  client: SignedLoginClient,
  now: Date,
  ip: string,
  rules: SignedLoginRules,
): Decision<SignedLogin> {
  if (typeof claims !== 'object' || claims === null) return fail('signed_login_claim_invalid', 'payload must be an object');
  const missing = REQUIRED.find((claim) => (claims as Record<string, unknown>)[claim] === undefined);
  if (missing) return fail('signed_login_claim_missing', `claim ${missing} is required`);
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) {
    return fail('signed_login_claim_invalid', `claim ${parsed.error.issues[0]?.path.join('.')} is invalid`);
  }
  const c = parsed.data;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (c.iss !== client.id) return fail('signed_login_wrong_issuer', 'iss must be the client id');
  if (c.operation !== rules.operation) return fail('signed_login_wrong_operation', `operation must be ${rules.operation}`);
  if (c.iat > nowSeconds + rules.clockSkewSeconds) return fail('signed_login_iat_in_future', 'iat is in the future');
  if (c.iat < nowSeconds - rules.iatWindowSeconds) return fail('signed_login_iat_too_old', 'iat is outside the allowed window');
  if (c.exp !== undefined && c.exp <= nowSeconds) return fail('signed_login_expired', 'exp is in the past');
  if (client.storeHash && c.store_hash !== client.storeHash)
    return fail('signed_login_wrong_store', "store_hash is not the client's store");
  const channels = client.channelIds ?? [];
  if (c.channel_id !== undefined && channels.length > 0 && !channels.includes(c.channel_id)) {
    return fail('signed_login_wrong_channel', "channel_id is not one of the client's channels");
  }
  if (c.request_ip !== undefined && c.request_ip !== ip) return fail('signed_login_ip_mismatch', 'request_ip does not match the caller');
  return ok({
    jti: c.jti,
    customerId: c.customer_id,
    companyUserId: c.company_user_id ?? null,
    // node-bigcommerce names it redirect_url.
    redirectTo: c.redirect_to ?? c.redirect_url ?? null,
    replayGuardUntil: new Date((c.iat + rules.iatWindowSeconds + rules.clockSkewSeconds) * 1000),
  });
}
