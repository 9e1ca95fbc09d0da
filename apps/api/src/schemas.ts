// The procedures' input schemas, for callers that validate before they call
// (the console's forms). Nothing here reaches Node or the database, so a
// browser bundle can import it.
export * from './agents/schemas.js';
export * from './clients/schemas.js';
export * from './companies/schemas.js';
export * from './customers/schemas.js';
export { comparison, id, instant, range, searchTerm } from './lib/schemas.js';
export * from './login-tokens/schemas.js';
