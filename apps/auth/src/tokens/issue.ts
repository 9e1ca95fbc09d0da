import { type ClientTokenPolicy, refreshTokenExpiry } from '@latchkey/core';
import { randomToken } from '@latchkey/db';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { GrantDeps } from '../grants/deps.js';
import { resourceServer } from '../provider/resource-server.js';
import type { SubjectClaims } from '../subjects/claims.js';
import { accountIdOf, type Session } from '../subjects/session.js';
import { subjectScope } from './scope.js';

export type IssueRequest = {
  session: Session;
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

export type ContinuedGrant = { grantId: string; startedAt: Date; expiresAt: Date | null };

export type Issued = {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
};

const epoch = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * Lifetimes on Latchkey's clock: oidc-provider stamps iat/exp from Date.now
 * unless they are set, and every check Latchkey makes uses its own clock.
 */
export function stamp(token: { iat: number; exp?: number | undefined }, now: Date, ttl: number): void {
  token.iat = epoch(now);
  token.exp = token.iat + ttl;
}

/**
 * A new grant as oidc-provider's Grant model stores it (introspection and
 * revocation read it through the model), written by Latchkey so it can go
 * in one statement with the session's first refresh token.
 */
export function grantRecord(ctx: KoaContextWithOIDC, deps: GrantDeps, accountId: string, scope: string, ttl: number) {
  const now = epoch(deps.clock());
  const payload = {
    kind: 'Grant',
    iat: now,
    exp: now + ttl,
    accountId,
    clientId: ctx.oidc.client!.clientId,
    resources: { [deps.audience]: scope },
  };
  return { kind: 'Grant', id: randomToken(), payload, expiresInSeconds: ttl };
}

/** An RFC 9068 JWT access token, signed with the active key, carrying the subject's claims. */
export async function mintAccessToken(
  ctx: KoaContextWithOIDC,
  deps: GrantDeps,
  input: { accountId: string; grantId: string; gty: string; scope: string; claims: SubjectClaims; ttl: number },
) {
  const { provider, client } = ctx.oidc;
  // Callers pass the subject's scope already (it is also their answer's); this is the backstop for every token minted.
  const scope = subjectScope(input.scope, input.claims, deps.policy.loginToken.anonymousScopes);
  const token = new provider.AccessToken({
    accountId: input.accountId,
    client: client!,
    grantId: input.grantId,
    gty: input.gty,
    scope,
    expiresIn: input.ttl,
    // `sid` names the grant (the login session): exchanges check it is still alive.
    extra: { ...input.claims, sid: input.grantId },
  });
  token.resourceServer = resourceServer(deps.audience, scope, input.ttl);
  stamp(token, deps.clock(), input.ttl);
  return token.save();
}

export type RefreshTokenInput = {
  /** Omitted for a new session (random); the derived successor on rotation. */
  value?: string;
  session: Session;
  grantId: string;
  gty: string;
  scope: string;
  sessionStartedAt: Date;
  rotations: number;
  expiresAt: Date;
};

/** The payload of a stored refresh token: oidc-provider's RefreshToken fields plus the Latchkey session. */
export type StoredRefreshToken = {
  clientId: string;
  accountId: string;
  grantId: string;
  gty: string;
  scope: string;
  iiat: number;
  rotations: number;
  session?: unknown;
  sessionUid?: string;
};

/**
 * A refresh token as stored: the way oidc-provider's RefreshToken model
 * reads it (so introspection and revocation work) plus the Latchkey session
 * it continues. Undefined when the session's absolute lifetime leaves no
 * time for one.
 */
export function refreshTokenRecord(ctx: KoaContextWithOIDC, deps: GrantDeps, input: RefreshTokenInput) {
  const now = epoch(deps.clock());
  const ttl = epoch(input.expiresAt) - now;
  if (ttl <= 0) return undefined;
  const payload: StoredRefreshToken & Record<string, unknown> = {
    kind: 'RefreshToken',
    iat: now,
    exp: now + ttl,
    clientId: ctx.oidc.client!.clientId,
    accountId: accountIdOf(input.session),
    grantId: input.grantId,
    gty: input.gty,
    scope: input.scope,
    iiat: epoch(input.sessionStartedAt),
    rotations: input.rotations,
    expiresWithSession: false,
    session: input.session,
  };
  return { value: input.value ?? randomToken(), payload, ttl };
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
export async function issueTokens(ctx: KoaContextWithOIDC, deps: GrantDeps, input: IssueRequest): Promise<Issued> {
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
  const grant = req.continues
    ? null
    : grantRecord(ctx, deps, accountId, keptScope, refreshExpiresAt ? req.policy.refreshTokenAbsoluteTtlSeconds : ttl);
  const grantId = req.continues?.grantId ?? grant!.id;
  const refresh = refreshExpiresAt
    ? refreshTokenRecord(ctx, deps, {
        session: req.session,
        grantId,
        gty: req.gty,
        scope: keptScope,
        sessionStartedAt: req.sessionStartedAt,
        rotations: 0,
        expiresAt: refreshExpiresAt,
      })
    : undefined;
  const records = [
    ...(grant ? [grant] : []),
    ...(refresh ? [{ kind: 'RefreshToken', id: refresh.value, payload: refresh.payload, expiresInSeconds: refresh.ttl }] : []),
  ];
  const [accessToken] = await Promise.all([
    mintAccessToken(ctx, deps, { accountId, grantId, gty: req.gty, scope: req.scope, claims: req.claims, ttl }),
    deps.store.insertAll(records),
  ]);
  return accessTokenBody(accessToken, ttl, req.scope, refresh?.value);
}
