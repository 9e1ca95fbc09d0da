import {
  type ClientTokenPolicy,
  decideRefreshReuse,
  type Failure,
  impersonationTokenPolicy,
  refreshTokenBounds,
  refreshTokenExpiry,
  tokenPolicyFor,
} from '@latchkey/core';
import { type CustomerWithCompanyUser, PAYLOAD_KINDS, type RefreshTokenPayload } from '@latchkey/db';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../deps.js';
import { oauthError, refusal } from '../oauth/errors.js';
import { clientOverrides } from '../provider/clients.js';
import { refreshTokenRecord } from '../provider/internals/index.js';
import { loadBrowserSession } from '../subjects/browser-sessions.js';
import { claimsForSession, customerSessionClaims } from '../subjects/claims.js';
import { accountIdOf, parseSubject, type Subject, subjectForAccount } from '../subjects/subject.js';
import { accessTokenBody, mintAccessToken } from '../tokens/issue.js';
import { narrowedScope, scopeList, subjectScope } from '../tokens/scope.js';
import { successorOf } from '../tokens/successor.js';
import { requireClient, requireParam } from './params.js';

export const grantType = 'refresh_token';
export const parameters = ['refresh_token', 'scope'];

const INVALID = 'refresh token is invalid or expired';

type Found = { payload: RefreshTokenPayload; consumedAt: Date | null; facts: CustomerWithCompanyUser | null };

/** Whether a token as read had expired at `now`. */
const expired = (row: { expiresAt: Date | null }, now: Date): boolean => row.expiresAt !== null && row.expiresAt <= now;

/** The token (unexpired) with, for a customer session, the facts of its claims: one statement. */
async function find(deps: AuthDeps, value: string): Promise<Found | undefined> {
  const row = await deps.facts.refreshTokenWithFacts(value);
  if (!row || expired(row, deps.clock())) return undefined;
  return { payload: row.payload, consumedAt: row.consumedAt, facts: row.facts };
}

/**
 * Refresh with rotation on every use (RFC 9700 §4.14.2). The successor is
 * derived from the token (tokens/successor.ts) and stored by the same
 * statement whose conditional write consumes the token and decides the
 * winner, so concurrent refreshes never fork the family. A consumed token presented
 * again gets the same successor inside the grace window, and otherwise
 * revokes the whole grant.
 *
 * A customer's own session refreshes in one round trip: the statement that
 * reads the token and its claims' facts also rotates it (@latchkey/db's
 * refresh-token-rotation.ts). What it leaves untouched is decided here as
 * before: refusals, reuse, a lost race, and the sessions whose successor or
 * claims need more reads (code flow, agents, impersonation, anonymous).
 */
export function buildHandler(deps: AuthDeps) {
  async function revoke(grantId: string, failure: Failure): Promise<never> {
    await deps.store.revokeByGrantId(grantId);
    throw refusal(failure);
  }

  async function respond(
    ctx: KoaContextWithOIDC,
    found: Found,
    session: Subject,
    policy: ClientTokenPolicy,
    scope: string,
    refreshToken: string | undefined,
  ) {
    // A customer's own session stored with the token takes its claims from the facts read with it; the rest
    // (agents, impersonation, code-flow tokens whose session is kept beside the browser session) read theirs.
    const claims =
      session.subject === 'customer' && !session.act && found.payload.session
        ? customerSessionClaims(session, found.facts, null)
        : await claimsForSession(deps.facts, session, deps.clock());
    if (!claims.ok) return revoke(found.payload.grantId, claims);
    // A staff member's admin scopes follow their roles as they are now: a demoted editor loses admin:write here.
    const granted = subjectScope(scope, claims.value, deps.policy.loginToken.anonymousScopes);
    const ttl = policy.accessTokenTtlSeconds;
    const accessToken = await mintAccessToken(ctx, deps, {
      accountId: accountIdOf(session),
      grantId: found.payload.grantId,
      gty: grantType,
      scope: granted,
      claims: claims.value,
      ttl,
    });
    const body = accessTokenBody(accessToken, ttl, granted, refreshToken);
    ctx.body = session.subject === 'customer' && session.companyUserId ? { ...body, id_company_user: session.companyUserId } : body;
  }

  async function replay(
    ctx: KoaContextWithOIDC,
    found: Found & { consumedAt: Date },
    successor: string,
    session: Subject,
    policy: ClientTokenPolicy,
    scope: string,
  ) {
    const next = await find(deps, successor);
    const state = !next ? 'missing' : next.consumedAt ? 'used' : 'unused';
    const decision = decideRefreshReuse({ consumedAt: found.consumedAt, successor: state }, deps.clock(), policy.refreshReuseGraceSeconds);
    if (!decision.ok) {
      deps.logger.warn(
        { event: 'refresh_token.reuse', clientId: found.payload.clientId, grantId: found.payload.grantId },
        'refresh token reuse: grant revoked',
      );
      return revoke(found.payload.grantId, decision);
    }
    return respond(ctx, found, session, policy, scope, successor);
  }

  return async function refreshTokenGrant(ctx: KoaContextWithOIDC): Promise<void> {
    const value = requireParam(ctx, 'refresh_token', 512);
    const record = await requireClient(deps, ctx);
    const requested = ctx.oidc.params?.scope as string | undefined;
    const clientPolicy = tokenPolicyFor(deps.policy, record.id, clientOverrides(record));
    const successor = successorOf(value, deps.successorKey);
    const now = deps.clock();
    const attempt = await deps.facts.rotateRefreshToken({
      value,
      successor,
      clientId: record.id,
      scopes: scopeList(requested),
      now,
      ...refreshTokenBounds(now, clientPolicy),
    });
    // A token the statement rotated was live by its own clock reading, the same `now`.
    if (!attempt || (attempt.outcome === 'untouched' && expired(attempt, now))) throw oauthError('refresh_token_invalid', INVALID);
    const { payload } = attempt;
    if (payload.clientId !== record.id) throw oauthError('refresh_token_wrong_client', 'refresh token was issued to another client');
    // No grant lookup: revoking a grant (revocation, reuse, admin, logout everywhere) deletes its refresh tokens with it.
    // Tokens from the authorization code flow carry no session of ours: find it by their browser session.
    const session =
      parseSubject(payload.session) ??
      (await loadBrowserSession(deps.store, payload.sessionUid)) ??
      subjectForAccount(payload.accountId, record.subjectType);

    const policy = session.subject === 'customer' && session.act ? impersonationTokenPolicy(deps.policy, clientPolicy) : clientPolicy;
    const scope = narrowedScope(requested, payload.scope);
    // At the end of the session's absolute lifetime there is no successor: the token is consumed, an access token issued.
    if (attempt.outcome !== 'untouched')
      return respond(ctx, attempt, session, policy, scope, attempt.outcome === 'rotated' ? successor : undefined);
    if (attempt.consumedAt) return replay(ctx, { ...attempt, consumedAt: attempt.consumedAt }, successor, session, policy, scope);

    const sessionStartedAt = new Date(payload.iiat * 1000);
    const next = refreshTokenRecord({
      value: successor,
      clientId: record.id,
      accountId: accountIdOf(session),
      subject: session,
      grantId: payload.grantId,
      gty: payload.gty,
      scope: payload.scope,
      sessionStartedAt,
      rotations: payload.rotations + 1,
      expiresAt: refreshTokenExpiry(sessionStartedAt, now, policy),
      now,
    });
    const won = next
      ? await deps.store.rotate(PAYLOAD_KINDS.refreshToken, value, successor, next.payload, next.ttl, now)
      : await deps.store.consume(PAYLOAD_KINDS.refreshToken, value, now);
    if (!won) {
      const current = await find(deps, value);
      if (!current?.consumedAt) throw oauthError('refresh_token_invalid', INVALID);
      return replay(ctx, { ...current, consumedAt: current.consumedAt }, successor, session, policy, scope);
    }
    return respond(ctx, attempt, session, policy, scope, next?.value);
  };
}
