/** The token exchange grant (RFC 8693) and the subject token types Latchkey answers, its own URNs among them. */
export const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const TOKEN_TYPES = {
  accessToken: 'urn:ietf:params:oauth:token-type:access_token',
  refreshToken: 'urn:ietf:params:oauth:token-type:refresh_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
  loginToken: 'urn:latchkey:params:oauth:token-type:login-token',
  customerId: 'urn:latchkey:params:oauth:token-type:customer-id',
} as const;
