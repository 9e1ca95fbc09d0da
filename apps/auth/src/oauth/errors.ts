import { type Failure, type OAuthErrorCode, REFUSAL_CODE_MEMBER, REFUSALS, type RefusalCode } from '@latchkey/core';
import { errors } from 'oidc-provider';

type ProviderError = InstanceType<typeof errors.OIDCProviderError>;

function providerError(error: OAuthErrorCode, description: string, scope: string | undefined): ProviderError {
  switch (error) {
    case 'invalid_grant':
      // InvalidGrant always describes itself as "grant request is invalid" and keeps the reason hidden; Latchkey's
      // grants say what went wrong where telling does not help an attacker (bad credentials have one answer).
      return Object.assign(new errors.InvalidGrant(description), { error_description: description });
    case 'invalid_scope':
      return new errors.InvalidScope(description, scope ?? '');
    case 'invalid_client':
      return new errors.InvalidClient(description);
    case 'unauthorized_client':
      return new errors.UnauthorizedClient(description);
    case 'unsupported_grant_type':
      return new errors.UnsupportedGrantType(description);
    case 'unsupported_token_type':
      return new errors.UnsupportedTokenType(description);
    case 'invalid_target':
      return new errors.InvalidTarget(description);
    case 'invalid_request':
      return new errors.InvalidRequest(description);
    case 'not_found':
      return Object.assign(new errors.OIDCProviderError(404, error), { error_description: description });
    case 'temporarily_unavailable':
      return Object.assign(new errors.OIDCProviderError(503, error), { error_description: description });
    case 'server_error':
      return new errors.OIDCProviderError(500, error);
  }
}

/**
 * The one mapping of a refusal to the token endpoint: oidc-provider's error
 * class for the code's OAuth error (protocol/refusals.ts), the description
 * clients read, and the code as the body's `latchkey_code` (provider/refusal-codes.ts puts it there).
 */
export function oauthError(code: RefusalCode, description: string, options: { scope?: string } = {}): ProviderError {
  return Object.assign(providerError(REFUSALS[code].oauth, description, options.scope), { [REFUSAL_CODE_MEMBER]: code });
}

/** A core decision's failure at the token endpoint. */
export const refusal = (failure: Pick<Failure, 'code' | 'reason'>): ProviderError => oauthError(failure.code, failure.reason);

/** The RFC 6749 §5.2 body of a refusal answered before oidc-provider routes the request (size, Host, path). */
export const oauthErrorBody = (code: RefusalCode, description: string) => ({
  error: REFUSALS[code].oauth,
  error_description: description,
  [REFUSAL_CODE_MEMBER]: code,
});
