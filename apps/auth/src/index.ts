export { createAuthServer, type AuthServer, type AuthServerDeps, type Listening } from './server.js';
export { createLogger, flushLogger, silentLogger } from './logger.js';
export { authEnvSchema, type AuthEnv } from './env.js';
export { ensureAdminClient } from './bootstrap/admin-client.js';
