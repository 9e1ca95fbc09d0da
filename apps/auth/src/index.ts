export { ensureAdminClient } from './bootstrap/admin-client.js';
export { type AuthEnv, authEnvSchema } from './env.js';
export { type AuthServer, type AuthServerDeps, createAuthServer, type Listening } from './server.js';
