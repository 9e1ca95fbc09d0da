import { type Decision, fail, ok } from './decision.js';
import type { StorefrontTokenRules } from './policy.js';

/** When a storefront token is valid: its `nbf` and `exp`. */
export type StorefrontTokenWindow = { notBefore: Date; expiresAt: Date };

const INVALID = 'storefront_token_window_invalid';

/**
 * The validity window of a BigCommerce B2B storefront token from the
 * request's `beginAt` / `endAt` (Unix seconds): from `beginAt` (or now) until
 * `endAt` (or `ttlSeconds` after its start), never longer than
 * `maxTtlSeconds` from now (a later `endAt` is cut back, as the policy caps).
 */
export function storefrontTokenWindow(
  request: { beginAt?: number | undefined; endAt?: number | undefined },
  now: Date,
  rules: StorefrontTokenRules,
): Decision<StorefrontTokenWindow> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const begin = request.beginAt ?? nowSeconds;
  if (request.endAt !== undefined && request.endAt <= begin) return fail(INVALID, 'endAt must be after beginAt');
  if (request.endAt !== undefined && request.endAt <= nowSeconds) return fail(INVALID, 'endAt must be in the future');
  const end = Math.min(request.endAt ?? begin + rules.ttlSeconds, nowSeconds + rules.maxTtlSeconds);
  if (end <= begin) return fail(INVALID, 'beginAt is later than the longest lifetime policy allows');
  return ok({ notBefore: new Date(begin * 1000), expiresAt: new Date(end * 1000) });
}
