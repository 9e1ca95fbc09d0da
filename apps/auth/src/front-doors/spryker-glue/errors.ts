import type { RefusalCode } from '@latchkey/core';

/** One entry of a Glue error document (`{"errors":[...]}`), in Glue's key order. */
export type GlueError = { status: number; code: string; detail: string };

export type GlueResource =
  | 'access-tokens'
  | 'refresh-tokens'
  | 'company-user-access-tokens'
  | 'agent-access-tokens'
  | 'agent-customer-impersonation-access-tokens';

const e = (status: number, code: string, detail: string): GlueError => ({ status, code, detail });

// Glue's own codes and texts (Spryker's AuthRestApi, CompanyUserAuthRestApi and AgentAuthRestApi), and
// GlueApplication's generic errors, whose code is their status.
export const GLUE = {
  invalidAccessToken: e(401, '001', 'Invalid access token.'),
  missingAccessToken: e(403, '002', 'Missing access token.'),
  loginFailed: e(401, '003', 'Failed to authenticate user.'),
  unconfirmed: e(403, '403', 'Failed to authenticate user.'),
  refreshFailed: e(401, '004', 'Failed to refresh token.'),
  companyUserFailed: e(401, '001', 'Failed to authenticate user.'),
  agentLoginFailed: e(401, '4101', 'Failed to authenticate an agent.'),
  invalidAgentToken: e(401, '4102', 'Agent access token is invalid.'),
  agentOnly: e(401, '4103', 'Action is available to agent user only.'),
  impersonationFailed: e(401, '4104', 'Failed to impersonate a customer.'),
  tooManyAttempts: e(429, '429', 'Too many unsuccessful login attempts.'),
  notFound: e(404, '404', 'Not Found'),
  badRequest: e(400, '400', 'Bad request.'),
  notJson: e(400, '400', 'Request body is not valid JSON.'),
  wrongType: e(400, '400', 'Request body is not a JSON:API document of this resource type.'),
  tooLarge: e(413, '413', 'Request body is too large.'),
  unsupportedMediaType: e(415, '415', 'Content-Type must be application/vnd.api+json or application/json.'),
  busy: e(503, '503', 'Service temporarily unavailable, retry shortly.'),
  serverError: e(500, '500', 'Internal server error.'),
} as const;

const LOCKED = new Set<RefusalCode>(['account_locked', 'ip_locked']);
// The client named in the path cannot be served this resource: no such client, or not one this grant is for.
const NO_CLIENT = new Set<RefusalCode>([
  'client_auth_failed',
  'client_disabled',
  'grant_type_not_allowed',
  'grant_type_unsupported',
  'client_not_confidential',
]);
const MALFORMED = new Set<RefusalCode>(['request_invalid', 'parameter_missing', 'parameter_too_long', 'request_too_large']);
const BAD_SUBJECT_TOKEN = new Set<RefusalCode>([
  'subject_token_invalid',
  'subject_token_wrong_client',
  'subject_not_customer',
  'session_ended',
]);

/**
 * The one translation of a Latchkey refusal into Glue's error for a
 * resource: Spryker's code and status, never a Latchkey description (so an
 * unknown user and a wrong password read the same).
 */
export function glueErrorFor(resource: GlueResource, code: RefusalCode | undefined): GlueError {
  if (code === 'server_error' || code === undefined) return GLUE.serverError;
  // Nothing was tried: a credential failure here would tell a customer their right password is wrong.
  if (code === 'server_busy') return GLUE.busy;
  if (LOCKED.has(code)) return GLUE.tooManyAttempts;
  if (NO_CLIENT.has(code)) return GLUE.notFound;
  if (MALFORMED.has(code)) return GLUE.badRequest;
  switch (resource) {
    case 'access-tokens':
      return code === 'customer_email_unverified' ? GLUE.unconfirmed : GLUE.loginFailed;
    case 'refresh-tokens':
      return GLUE.refreshFailed;
    case 'company-user-access-tokens':
      return BAD_SUBJECT_TOKEN.has(code) ? GLUE.invalidAccessToken : GLUE.companyUserFailed;
    case 'agent-access-tokens':
      return GLUE.agentLoginFailed;
    case 'agent-customer-impersonation-access-tokens':
      if (code === 'actor_token_invalid') return GLUE.invalidAgentToken;
      if (code === 'actor_not_agent') return GLUE.agentOnly;
      return GLUE.impersonationFailed;
  }
}
