import type { ActClaim } from '@latchkey/core/protocol';

// The payloads in oidc_payloads that are not only oidc-provider's to read:
// apps/auth writes Grant and RefreshToken payloads itself (one statement for
// a new session) and this package's SQL reads fields of them through JSON
// paths. Both sides use these types and key names, so a renamed field breaks
// the build rather than the refresh grant. apps/auth/test/internals.test.ts
// checks the oidc-provider half (its models read and write these fields).

/** The kinds (oidc-provider model names) whose payloads Latchkey writes or reads itself. */
export const PAYLOAD_KINDS = { grant: 'Grant', refreshToken: 'RefreshToken' } as const;

/**
 * Who a session's tokens speak for, stored with each refresh token under
 * `session` so a refresh can rebuild the claims (apps/auth's `Subject`).
 * The stored key names stay as they are: tokens in existing databases carry them.
 */
export type StoredSubject =
  | {
      subject: 'customer';
      customerId: string;
      companyUserId: string | null;
      act?: ActClaim | null;
      /** Begun by a login token that locks its company user (Business on Behalf): no company switch. */
      companyUserLocked?: boolean;
    }
  | { subject: 'agent'; agentId: string }
  | { subject: 'anonymous'; loginTokenId: string };

type CustomerSubject = Extract<StoredSubject, { subject: 'customer' }>;

/** oidc-provider's Grant as its model stores it (IN_PAYLOAD of lib/models/grant.js), with one resource server. */
export type GrantPayload = {
  kind: typeof PAYLOAD_KINDS.grant;
  iat: number;
  exp: number;
  accountId: string;
  clientId: string;
  /** Resource indicator → the scope granted for it. */
  resources: Record<string, string>;
};

/** oidc-provider's RefreshToken as its model stores it, plus the Latchkey subject it continues (`session`). */
export type RefreshTokenPayload = {
  kind: typeof PAYLOAD_KINDS.refreshToken;
  iat: number;
  exp: number;
  clientId: string;
  accountId: string;
  grantId: string;
  gty: string;
  scope: string;
  /** When the session began (epoch seconds): the absolute lifetime counts from here. */
  iiat: number;
  rotations: number;
  expiresWithSession: false;
  /** Latchkey's, not oidc-provider's: absent on tokens of the authorization code flow. */
  session?: StoredSubject;
  /** oidc-provider's: the browser session a code-flow token came from. */
  sessionUid?: string;
};

/** The JSON keys this package's SQL reads or writes (oidc-payloads, session-facts, refresh-token-facts, refresh-token-rotation). */
export const PAYLOAD_KEYS = {
  issuedAt: 'iat' satisfies keyof GrantPayload & keyof RefreshTokenPayload,
  expiresAt: 'exp' satisfies keyof RefreshTokenPayload,
  scope: 'scope' satisfies keyof RefreshTokenPayload,
  clientId: 'clientId' satisfies keyof RefreshTokenPayload,
  sessionStartedAt: 'iiat' satisfies keyof RefreshTokenPayload,
  rotations: 'rotations' satisfies keyof RefreshTokenPayload,
  subject: 'session' satisfies keyof RefreshTokenPayload,
  subjectType: 'subject' satisfies keyof CustomerSubject,
  customerId: 'customerId' satisfies keyof CustomerSubject,
  companyUserId: 'companyUserId' satisfies keyof CustomerSubject,
  act: 'act' satisfies keyof CustomerSubject,
} as const;

/** SQL for `payload->'a'->>'b'` (text) over a payload column, by PAYLOAD_KEYS. */
export const payloadText = (column: string, ...path: [...string[], string]): string => {
  const last = path[path.length - 1]!;
  return `${[column, ...path.slice(0, -1).map((key) => `'${key}'`)].join('->')}->>'${last}'`;
};

/** SQL for `payload->'a'->'b'` (jsonb) over a payload column, by PAYLOAD_KEYS. */
export const payloadJson = (column: string, ...path: [string, ...string[]]): string =>
  [column, ...path.map((key) => `'${key}'`)].join('->');
