import { checkSignedLoginClaims, fail, SIGNED_LOGIN_ALG } from '@latchkey/core';
import { rememberJti } from '@latchkey/db';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import type { AuthDeps } from '../deps.js';
import { startCustomerSession } from '../subjects/customer-session.js';
import { isUuid } from '../subjects/ids.js';
import type { Redeemed, Refused } from './result.js';

const INVALID = 'signed login token is invalid';

function unverifiedIssuer(jwt: string): string | null {
  try {
    if (decodeProtectedHeader(jwt).alg !== SIGNED_LOGIN_ALG) return null;
    const { iss } = decodeJwt(jwt);
    return typeof iss === 'string' ? iss : null;
  } catch {
    return null;
  }
}

async function findCustomer(deps: AuthDeps, customerId: string) {
  // BigCommerce sends its own customer ids: a Latchkey id, or the customer's reference.
  return deps.facts.customerId(isUuid(customerId) ? { id: customerId } : { reference: customerId });
}

/**
 * Redeems a signed login JWT (BigCommerce Customer Login API semantics):
 * HS256 with the client's login-link secret and nothing else, `iss` the
 * client, `iat` in the policy window, `request_ip` the caller's if present,
 * and the `jti` accepted once (checked last, so a refused token burns none).
 */
export async function redeemSignedLogin(
  deps: AuthDeps,
  jwt: string,
  context: { clientId?: string; ip: string },
): Promise<Redeemed | Refused> {
  const issuer = unverifiedIssuer(jwt);
  if (!issuer) return fail('signed_login_malformed', 'signed login token must be an HS256 JWT with an iss claim');
  if (context.clientId && issuer !== context.clientId) return fail('signed_login_wrong_issuer', 'iss must be the client id');
  const client = await deps.clients.get(issuer);
  if (!client?.loginLinkSecretEnc) return fail('signed_login_invalid', INVALID);
  try {
    const key = new TextEncoder().encode(deps.secretBox.open(client.loginLinkSecretEnc));
    await jwtVerify(jwt, key, { algorithms: [SIGNED_LOGIN_ALG], currentDate: deps.clock() });
  } catch (error) {
    // jose checks `exp` after the signature: an expired token is a genuine one, and says so.
    if ((error as { code?: unknown }).code === 'ERR_JWT_EXPIRED') return fail('signed_login_expired', 'exp is in the past');
    return fail('signed_login_invalid', INVALID);
  }
  const now = deps.clock();
  const claims = checkSignedLoginClaims(decodeJwt(jwt), client, now, context.ip, deps.policy.signedLogin);
  if (!claims.ok) return claims;
  const customer = await findCustomer(deps, claims.value.customerId);
  if (!customer) return fail('customer_not_found', 'customer not found');
  const started = await startCustomerSession(deps.facts, customer, claims.value.companyUserId ?? undefined);
  if (!started.ok) return started;
  if (!(await rememberJti(deps.db.sql, client.id, claims.value.jti, claims.value.replayGuardUntil)))
    return fail('signed_login_jti_reused', 'jti was already used');
  return { ok: true, ...started.value, clientId: client.id, redirectTo: claims.value.redirectTo, loginTokenId: null };
}
