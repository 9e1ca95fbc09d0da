/** RFC 8693 §3 token type identifiers, and Latchkey's own. */
export const TokenType = {
  accessToken: 'urn:ietf:params:oauth:token-type:access_token',
  refreshToken: 'urn:ietf:params:oauth:token-type:refresh_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
  loginToken: 'urn:latchkey:params:oauth:token-type:login-token',
  customerId: 'urn:latchkey:params:oauth:token-type:customer-id',
} as const;

export const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange';
