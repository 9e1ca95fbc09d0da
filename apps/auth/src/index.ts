export { ensureAdminClient } from './bootstrap/admin-client.js';
export { type AuthEnv, authEnvSchema } from './env.js';
export {
  type AuthServer,
  type AuthServerDeps,
  CLIENT_CACHE_MS,
  createAuthServer,
  KEY_REFRESH_INTERVAL_MS,
  type Listening,
} from './server.js';
