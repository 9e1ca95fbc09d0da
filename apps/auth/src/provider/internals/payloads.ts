import { type GrantPayload, PAYLOAD_KINDS, type RefreshTokenPayload, randomToken, type StoredSubject } from '@latchkey/db';

// Grant and RefreshToken payloads as oidc-provider's models store them
// (introspection, revocation and the code flow read them through the
// models), written by Latchkey so a new session is one statement. Their
// shapes are @latchkey/db's (oidc-payload-shapes.ts), whose SQL reads them too.

const epoch = (date: Date): number => Math.floor(date.getTime() / 1000);

/** A payload ready for OidcPayloadStore.insertAll. */
export type PayloadRecord<P> = { kind: string; id: string; payload: P; expiresInSeconds: number };

/** A new grant: the login session behind a client's tokens, granting `scope` on `audience`. */
export function grantRecord(input: {
  clientId: string;
  accountId: string;
  audience: string;
  scope: string;
  ttl: number;
  now: Date;
}): PayloadRecord<GrantPayload> {
  const iat = epoch(input.now);
  const payload: GrantPayload = {
    kind: PAYLOAD_KINDS.grant,
    iat,
    exp: iat + input.ttl,
    accountId: input.accountId,
    clientId: input.clientId,
    resources: { [input.audience]: input.scope },
  };
  return { kind: PAYLOAD_KINDS.grant, id: randomToken(), payload, expiresInSeconds: input.ttl };
}

type RefreshTokenInput = {
  /** Omitted for a new session (random); the derived successor on rotation. */
  value?: string;
  clientId: string;
  accountId: string;
  subject: StoredSubject;
  grantId: string;
  gty: string;
  scope: string;
  sessionStartedAt: Date;
  rotations: number;
  expiresAt: Date;
  now: Date;
};

/** A refresh token's payload but for what its session's start and end decide (`iiat`, `exp`). */
export function refreshTokenTemplate(
  input: Omit<RefreshTokenInput, 'value' | 'sessionStartedAt' | 'expiresAt'>,
): Omit<RefreshTokenPayload, 'iiat' | 'exp'> {
  return {
    kind: PAYLOAD_KINDS.refreshToken,
    iat: epoch(input.now),
    clientId: input.clientId,
    accountId: input.accountId,
    grantId: input.grantId,
    gty: input.gty,
    scope: input.scope,
    rotations: input.rotations,
    expiresWithSession: false,
    session: input.subject,
  };
}

/**
 * A refresh token as stored, with the Latchkey subject it continues.
 * Undefined when the session's absolute lifetime leaves no time for one.
 */
export function refreshTokenRecord(input: RefreshTokenInput): { value: string; payload: RefreshTokenPayload; ttl: number } | undefined {
  const now = epoch(input.now);
  const ttl = epoch(input.expiresAt) - now;
  if (ttl <= 0) return undefined;
  const payload: RefreshTokenPayload = { ...refreshTokenTemplate(input), exp: now + ttl, iiat: epoch(input.sessionStartedAt) };
  return { value: input.value ?? randomToken(), payload, ttl };
}
