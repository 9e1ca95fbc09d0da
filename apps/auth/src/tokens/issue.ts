import { type ClientTokenPolicy, refreshTokenExpiry } from '@latchkey/core';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../deps.js';
import { grantRecord, refreshTokenRecord, saveAccessToken } from '../provider/internals/index.js';
import type { SubjectClaims } from '../subjects/claims.js';
import { accountIdOf, type Subject } from '../subjects/subject.js';
import { subjectScope } from './scope.js';

export type IssueRequest = {
  session: Subject;
  claims: SubjectClaims;
  scope: string;
  gty: string;
  policy: ClientTokenPolicy;
  /** False: an access token only (no refresh_token grant, or a session policy forbids it). */
  withRefreshToken: boolean;
  /** When the session began (a refresh token's absolute lifetime counts from here). */
  sessionStartedAt: Date;
  /** An existing grant the tokens join (a company switch) rather than a new one: nothing outlives it. */
  continues?: ContinuedGrant | undefined;
};

export type ContinuedGrant = {
  grantId: string;
  startedAt: Date;
  expiresAt: Date | null;
  /** The refresh token the statement that read the grant already stored for these tokens (a company switch). */
  refreshToken?: { value: string } | undefined;
};

export type Issued = {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
};

/** An RFC 9068 JWT access token, signed with the active key, carrying the subject's claims. */
export async function mintAccessToken(
  ctx: KoaContextWithOIDC,
  deps: AuthDeps,
  input: { accountId: string; grantId: string; gty: string; scope: string; claims: SubjectClaims; ttl: number },
) {
  // Callers pass the subject's scope already (it is also their answer's); this is the backstop for every token minted.
  const scope = subjectScope(input.scope, input.claims, deps.policy.loginToken.anonymousScopes);
  return saveAccessToken(ctx, {
    accountId: input.accountId,
    grantId: input.grantId,
    gty: input.gty,
    scope,
    // `sid` names the grant (the login session): exchanges check it is still alive.
    extra: { ...input.claims, sid: input.grantId },
    ttl: input.ttl,
    audience: deps.audience,
    now: deps.clock(),
  });
}

export const accessTokenBody = (accessToken: string, expiresIn: number, scope: string, refreshToken?: string): Issued => ({
  access_token: accessToken,
  token_type: 'Bearer',
  expires_in: expiresIn,
  ...(refreshToken ? { refresh_token: refreshToken } : {}),
  scope,
});

const earlier = (a: Date, b: Date | null): Date => (b && b < a ? b : a);

/**
 * Starts a session: a new grant and its first refresh token (one
 * statement), and an access token. Or continues one (`continues`): the
 * tokens join its grant and none outlives it.
 */
export async function issueTokens(ctx: KoaContextWithOIDC, deps: AuthDeps, input: IssueRequest): Promise<Issued> {
  // A staff member's refresh token keeps the scope asked for, so a refresh grants what the roles allow then.
  const scope = subjectScope(input.scope, input.claims, deps.policy.loginToken.anonymousScopes);
  const req = { ...input, scope };
  const keptScope = input.claims.sub_type === 'agent' ? input.scope : scope;
  const accountId = accountIdOf(req.session);
  const now = deps.clock();
  const grantEnd = req.continues?.expiresAt ?? null;
  const ttl = grantEnd
    ? Math.max(1, Math.min(req.policy.accessTokenTtlSeconds, Math.floor((grantEnd.getTime() - now.getTime()) / 1000)))
    : req.policy.accessTokenTtlSeconds;
  const refreshExpiresAt = req.withRefreshToken ? earlier(refreshTokenExpiry(req.sessionStartedAt, now, req.policy), grantEnd) : null;
  const clientId = ctx.oidc.client!.clientId;
  const grant = req.continues
    ? null
    : grantRecord({
        clientId,
        accountId,
        audience: deps.audience,
        scope: keptScope,
        ttl: refreshExpiresAt ? req.policy.refreshTokenAbsoluteTtlSeconds : ttl,
        now,
      });
  const grantId = req.continues?.grantId ?? grant!.id;
  const stored = req.withRefreshToken ? req.continues?.refreshToken : undefined;
  const refresh =
    refreshExpiresAt && !stored
      ? refreshTokenRecord({
          clientId,
          accountId,
          subject: req.session,
          grantId,
          gty: req.gty,
          scope: keptScope,
          sessionStartedAt: req.sessionStartedAt,
          rotations: 0,
          expiresAt: refreshExpiresAt,
          now,
        })
      : undefined;
  const records = [
    ...(grant ? [grant] : []),
    ...(refresh ? [{ kind: refresh.payload.kind, id: refresh.value, payload: refresh.payload, expiresInSeconds: refresh.ttl }] : []),
  ];
  const [accessToken] = await Promise.all([
    mintAccessToken(ctx, deps, { accountId, grantId, gty: req.gty, scope: req.scope, claims: req.claims, ttl }),
    deps.store.insertAll(records),
  ]);
  return accessTokenBody(accessToken, ttl, req.scope, stored?.value ?? refresh?.value);
}
