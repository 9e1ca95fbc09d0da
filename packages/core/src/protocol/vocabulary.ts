// The words Latchkey and its clients share on the wire, defined once.
// test/protocol.test.ts pins each value: changing one breaks every client.

/** RFC 8693 §3 token type identifiers, and Latchkey's own two. */
export const TokenType = {
  accessToken: 'urn:ietf:params:oauth:token-type:access_token',
  refreshToken: 'urn:ietf:params:oauth:token-type:refresh_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
  /** A login token made through the admin API (`lkl_…`). */
  loginToken: 'urn:latchkey:params:oauth:token-type:login-token',
  /** A customer id, for an agent acting for that customer (with an actor_token). */
  customerId: 'urn:latchkey:params:oauth:token-type:customer-id',
} as const;

/** RFC 8693 §2.1. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** Every grant type a client may be registered for. */
export const GRANT_TYPES = ['password', 'refresh_token', 'client_credentials', 'authorization_code', TOKEN_EXCHANGE_GRANT] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** The signature of every access token (and ID token) Latchkey issues. */
export const SIGNING_ALG = 'ES256';
/** RFC 9068 §2.1: the `typ` header of a JWT access token. */
export const ACCESS_TOKEN_TYP = 'at+jwt';
/** Signed login JWTs (BigCommerce Customer Login API) are HS256 with the client's login-link secret. */
export const SIGNED_LOGIN_ALG = 'HS256';
/** Seconds of clock difference allowed when judging `exp`, `nbf` and `iat` of a token Latchkey issued. */
export const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Who a token speaks for (`sub_type`): a customer, an agent (staff), an
 * anonymous login (a login token for nobody), or a client acting for itself.
 */
export const SUBJECT_TYPES = ['customer', 'agent', 'anonymous', 'client'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];
/** The subject types a client logs people in from (a client's `subjectType`). */
export type PersonSubjectType = Extract<SubjectType, 'customer' | 'agent'>;

/** The shape of every client id; anything else is unknown without asking the database. */
export const CLIENT_ID = /^[A-Za-z0-9._-]{3,64}$/;

/** The member of an RFC 6749 §5.2 error body that carries the refusal's code (refusals.ts). */
export const REFUSAL_CODE_MEMBER = 'latchkey_code';

/** An issuer as Latchkey writes it in `iss`: the URL without trailing slashes. */
export const normalizeIssuer = (issuer: string): string => issuer.replace(/\/+$/, '');

/**
 * The most admin API calls one batched HTTP request may carry: an unbounded
 * batch let one request make the server answer half a megabyte; the client's
 * batch link splits at this size.
 */
export const ADMIN_BATCH_MAX = 10;
