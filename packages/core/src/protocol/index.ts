// Latchkey's protocol vocabulary, importable on its own (`@latchkey/core/protocol`):
// it loads nothing but jose, so a browser bundle of @latchkey/client stays small.
export * from './claims.js';
export * from './refusals.js';
export * from './verify-access-token.js';
export * from './vocabulary.js';
