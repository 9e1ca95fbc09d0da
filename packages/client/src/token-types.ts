// RFC 8693 URNs, and Latchkey's own subject token type for login tokens.
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const LOGIN_TOKEN_TYPE = 'urn:latchkey:params:oauth:token-type:login-token';
