/**
 * The error a refusal becomes at the token endpoint (RFC 6749 §5.2, RFC 8693
 * §2.2.2, RFC 8707 §2; `not_found` is Latchkey's own, for a path it does not serve).
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'unsupported_token_type'
  | 'not_found'
  | 'temporarily_unavailable'
  | 'server_error';

/** The tRPC error a refusal becomes in the admin API. */
export type AdminErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_SUPPORTED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

type Refusal = { readonly oauth: OAuthErrorCode; readonly admin: AdminErrorCode; readonly meaning: string };
const r = (oauth: OAuthErrorCode, admin: AdminErrorCode, meaning: string): Refusal => ({ oauth, admin, meaning });

/**
 * Every refusal Latchkey makes, by its stable code: what the token endpoint
 * answers (`error`, with the code in `latchkey_code`), what the admin API
 * answers (tRPC's code, with this code in `data.latchkeyCode`), and what it
 * means. Front doors and the console translate refusals by these codes, never
 * by their descriptions. Codes are a public contract: add one, never rename one.
 */
export const REFUSALS = {
  // Requests, on any endpoint
  request_invalid: r('invalid_request', 'BAD_REQUEST', 'malformed request: a repeated parameter, a wrong content type, an unreadable body'),
  parameter_missing: r('invalid_request', 'BAD_REQUEST', 'a required parameter is missing'),
  parameter_too_long: r('invalid_request', 'BAD_REQUEST', 'a parameter is longer than Latchkey accepts'),
  request_too_large: r('invalid_request', 'PAYLOAD_TOO_LARGE', 'the request body is over the size limit'),
  host_invalid: r('invalid_request', 'BAD_REQUEST', 'the Host header is not a valid host'),
  endpoint_not_found: r('not_found', 'NOT_FOUND', 'nothing is served at this path (no endpoint, no procedure)'),
  method_not_allowed: r('invalid_request', 'METHOD_NOT_SUPPORTED', 'the endpoint does not answer this HTTP method'),
  server_error: r('server_error', 'INTERNAL_SERVER_ERROR', 'Latchkey failed; the answer says nothing more, the log does'),
  server_busy: r(
    'temporarily_unavailable',
    'SERVICE_UNAVAILABLE',
    'every database connection stayed busy for the whole wait: nothing was done; Retry-After says when to retry',
  ),

  // Clients, grant types, scopes
  client_auth_failed: r('invalid_client', 'UNAUTHORIZED', 'the client is unknown or disabled, or did not authenticate as registered'),
  client_disabled: r('invalid_client', 'FORBIDDEN', 'the client was disabled or deleted'),
  grant_type_unsupported: r('unsupported_grant_type', 'BAD_REQUEST', 'Latchkey has no such grant type'),
  grant_type_not_allowed: r('unauthorized_client', 'FORBIDDEN', 'the client is not registered for this grant type'),
  client_not_confidential: r('unauthorized_client', 'FORBIDDEN', 'only a confidential client may use this grant'),
  scope_not_allowed: r('invalid_scope', 'FORBIDDEN', 'a requested scope is not one the client (or the session) may have'),
  target_unknown: r('invalid_target', 'BAD_REQUEST', "the audience or resource is not Latchkey's audience"),
  token_type_unsupported: r('invalid_request', 'BAD_REQUEST', 'a subject, actor or requested token type Latchkey does not take'),
  token_not_revocable: r('unsupported_token_type', 'BAD_REQUEST', 'the endpoint cannot revoke (or introspect) a token of this type'),
  token_not_owned: r('unauthorized_client', 'FORBIDDEN', 'the token was issued to another client: it is not revoked (RFC 7009 §2.1)'),
  grant_invalid: r(
    'invalid_grant',
    'BAD_REQUEST',
    'an authorization code (or other oidc-provider grant) is invalid, expired, used or fails PKCE',
  ),

  // Password login
  invalid_credentials: r(
    'invalid_grant',
    'UNAUTHORIZED',
    'unknown account, wrong password or disabled account: one code for all, so it tells nothing',
  ),
  customer_email_unverified: r('invalid_grant', 'FORBIDDEN', "the customer's e-mail is not verified (said only after the right password)"),
  account_locked: r('invalid_grant', 'TOO_MANY_REQUESTS', 'too many failed logins for this account name; Retry-After says when to retry'),
  ip_locked: r('invalid_grant', 'TOO_MANY_REQUESTS', 'too many failed logins from this IP; Retry-After says when to retry'),

  // People and companies
  customer_not_found: r('invalid_grant', 'NOT_FOUND', 'no customer has this id (or reference)'),
  customer_disabled: r('invalid_grant', 'FORBIDDEN', 'the customer is disabled or no longer exists'),
  company_user_not_found: r('invalid_grant', 'BAD_REQUEST', 'no company user has this id'),
  company_user_not_owned: r('invalid_grant', 'BAD_REQUEST', "the company user is not one of this customer's"),
  company_user_disabled: r('invalid_grant', 'FORBIDDEN', 'the company user is disabled or no longer exists'),
  company_disabled: r('invalid_grant', 'FORBIDDEN', "the company user's company is disabled"),
  company_user_locked: r(
    'invalid_grant',
    'FORBIDDEN',
    'the session was begun by a login token that locks its company user (Business on Behalf): no company switch',
  ),
  agent_disabled: r('invalid_grant', 'FORBIDDEN', 'the agent is disabled or no longer exists'),
  agent_not_permitted: r('invalid_grant', 'FORBIDDEN', 'the agent may not act for customers'),
  actor_not_agent: r('invalid_grant', 'FORBIDDEN', 'the actor token is not an agent’s: only agents act for customers'),

  // Refresh and sessions
  refresh_token_invalid: r('invalid_grant', 'BAD_REQUEST', 'the refresh token is unknown, expired or revoked'),
  refresh_token_wrong_client: r('invalid_grant', 'BAD_REQUEST', 'the refresh token was issued to another client'),
  refresh_reuse_detected: r(
    'invalid_grant',
    'BAD_REQUEST',
    'a rotated refresh token came back after the grace window: its session is revoked',
  ),
  session_ended: r('invalid_grant', 'UNAUTHORIZED', 'the session of the presented token was revoked or has ended'),

  // Token exchange
  actor_not_allowed: r('invalid_request', 'BAD_REQUEST', 'this subject token type takes no actor_token'),
  actor_required: r('invalid_request', 'BAD_REQUEST', 'this subject token type needs an actor_token'),
  subject_token_invalid: r('invalid_grant', 'BAD_REQUEST', 'the subject access token is invalid, expired, or its session was revoked'),
  subject_token_wrong_client: r('invalid_grant', 'BAD_REQUEST', 'the subject token was issued to another client'),
  subject_not_customer: r('invalid_grant', 'FORBIDDEN', "only a customer's token can switch company user"),
  actor_token_invalid: r('invalid_grant', 'BAD_REQUEST', 'the actor token is invalid, expired, or its session was revoked'),

  // Login tokens
  login_token_invalid: r('invalid_grant', 'NOT_FOUND', 'no login token has this value'),
  login_token_revoked: r('invalid_grant', 'FORBIDDEN', 'the login token was revoked'),
  login_token_not_yet_valid: r('invalid_grant', 'FORBIDDEN', 'the login token is not valid yet (notBefore)'),
  login_token_expired: r('invalid_grant', 'FORBIDDEN', 'the login token has expired'),
  login_token_used_up: r('invalid_grant', 'FORBIDDEN', 'the one-time login token was already used'),
  login_token_wrong_client: r('invalid_grant', 'FORBIDDEN', 'the login token was made for another client'),
  login_token_ip_mismatch: r('invalid_grant', 'FORBIDDEN', 'the login token is bound to another IP'),
  login_token_window_invalid: r('invalid_request', 'BAD_REQUEST', 'a new login token must expire after now and after notBefore'),
  login_token_lifetime_exceeded: r('invalid_request', 'BAD_REQUEST', 'a login token may not live longer than the policy allows'),
  login_token_expiry_required: r(
    'invalid_request',
    'BAD_REQUEST',
    'policy requires login tokens to expire (requireExpiry, or a lifetime cap)',
  ),
  login_token_value_not_kept: r('invalid_request', 'NOT_FOUND', 'the login token was made before values were kept: it cannot be revealed'),

  // Signed login JWTs (BigCommerce Customer Login API)
  signed_login_malformed: r('invalid_grant', 'BAD_REQUEST', 'not an HS256 JWT with an iss claim'),
  signed_login_invalid: r(
    'invalid_grant',
    'BAD_REQUEST',
    "the signature does not verify with the client's login-link secret, or it has none",
  ),
  signed_login_claim_missing: r('invalid_grant', 'BAD_REQUEST', 'a required claim (iss, iat, jti, operation, customer_id) is missing'),
  signed_login_claim_invalid: r('invalid_grant', 'BAD_REQUEST', 'a claim has the wrong type or size'),
  signed_login_wrong_issuer: r('invalid_grant', 'BAD_REQUEST', 'iss is not the client id'),
  signed_login_wrong_operation: r('invalid_grant', 'BAD_REQUEST', 'operation is not the one policy expects (customer_login)'),
  signed_login_iat_too_old: r('invalid_grant', 'BAD_REQUEST', 'iat is older than the policy window'),
  signed_login_iat_in_future: r('invalid_grant', 'BAD_REQUEST', 'iat is in the future beyond the allowed skew'),
  signed_login_ip_mismatch: r('invalid_grant', 'BAD_REQUEST', 'request_ip is not the caller’s'),
  signed_login_jti_reused: r('invalid_grant', 'BAD_REQUEST', 'this jti was already used'),
  signed_login_expired: r('invalid_grant', 'BAD_REQUEST', 'exp is in the past'),
  signed_login_wrong_store: r('invalid_grant', 'BAD_REQUEST', "store_hash is not the client's storeHash"),
  signed_login_wrong_channel: r('invalid_grant', 'BAD_REQUEST', "channel_id is not one of the client's channelIds"),

  // BigCommerce B2B storefront tokens
  store_not_found: r('invalid_request', 'NOT_FOUND', 'no active client has this storeHash with this channel id'),
  storefront_token_window_invalid: r('invalid_request', 'BAD_REQUEST', 'endAt is not after beginAt, or not in the future'),

  // Admin API
  access_token_invalid: r('invalid_request', 'UNAUTHORIZED', 'no bearer access token, or one that does not verify'),
  scope_required: r('invalid_scope', 'FORBIDDEN', 'the token lacks the admin scope the procedure needs'),
  input_invalid: r('invalid_request', 'BAD_REQUEST', 'the input breaks its schema or a rule across fields; the issues name the fields'),
  input_contains_nul: r('invalid_request', 'BAD_REQUEST', 'a string in the input holds U+0000, which PostgreSQL cannot store'),
  input_too_deep: r('invalid_request', 'BAD_REQUEST', 'the input nests arrays and objects deeper than the admin API accepts (32 levels)'),
  not_found: r('invalid_request', 'NOT_FOUND', 'the record does not exist'),
  already_exists: r('invalid_request', 'CONFLICT', 'a record with this unique value already exists'),
  reference_missing: r('invalid_request', 'BAD_REQUEST', 'a referenced record does not exist'),
  value_invalid: r('invalid_request', 'BAD_REQUEST', 'a value is out of range or malformed for its column'),
  cursor_invalid: r('invalid_request', 'BAD_REQUEST', 'the cursor is not one this list handed out'),
  cursor_sort_mismatch: r('invalid_request', 'BAD_REQUEST', 'the cursor belongs to another sort order'),
  client_has_no_secret: r('invalid_request', 'BAD_REQUEST', 'a public client has no secret'),
  role_not_in_company: r('invalid_request', 'BAD_REQUEST', "the role is not one of the company's"),
} as const satisfies Record<string, Refusal>;

/** A refusal's stable code: one union for core policy, the auth server and the admin API. */
export type RefusalCode = keyof typeof REFUSALS;

export const isRefusalCode = (value: unknown): value is RefusalCode => typeof value === 'string' && Object.hasOwn(REFUSALS, value);
