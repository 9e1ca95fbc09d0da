export { type AuditInput, recordAudit } from './audit.js';
export { type ClientSettings, type ClientStore, createClientStore } from './client-store.js';
export type { DbClient } from './client-types.js';
export { createDb, type Db } from './create-db.js';
export {
  checkDatabaseEnv,
  type DatabaseEnv,
  databaseEnvSchema,
  databaseOptions,
  dataDirectory,
  describeDatabase,
  findRepoRoot,
} from './env.js';
// Types only: the client's module (and its runtime) loads in createDb, or
// from '@latchkey/db/prisma' for the runtime values (Prisma.DbNull, its errors).
export type * from './generated/prisma/client.js';
export * from './generated/prisma/enums.js';
export { uuidv7 } from './ids.js';
export {
  beginPasswordLogin,
  findLoginCandidate,
  type LoginBegun,
  type LoginCandidate,
  type LoginSettled,
  type SessionCompanyUser,
  settlePasswordLogin,
} from './login-attempts.js';
export {
  accountCounterKey,
  type CounterRule,
  type FailureCounter,
  ipCounterKey,
  readLoginFailures,
  releaseLoginAttempt,
  reserveLoginAttempt,
  type SettledAttempt,
  settleLoginAttempt,
} from './login-failures.js';
export { createLoginStore, type LoginStore } from './login-store.js';
export * from './login-token-list.js';
export { createLoginTokenStore, type LoginTokenStore } from './login-token-store.js';
export * from './login-tokens.js';
export { type MaintenanceOptions, type PurgeResult, purgeExpired, startMaintenance } from './maintenance.js';
export { applyMigrations, diffMigrationsToSchema, type MigrateOptions, MigrationError } from './migrate.js';
export { migrateInChildProcess } from './migrate-process.js';
export { type MigrationStatus, migrationStatus } from './migration-status.js';
export { type GrantPayload, PAYLOAD_KINDS, type RefreshTokenPayload, type StoredSubject } from './oidc-payload-shapes.js';
export { createOidcPayloadStore, type OidcPayload, type OidcPayloadStore, revokeGrantIn, storedOidcId } from './oidc-payloads.js';
export { openPGlite } from './open-pglite.js';
export { type Argon2Params, dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
export { isPoolBusy, POOL_BUSY_RETRY_AFTER_SECONDS } from './pool-busy.js';
export { findRefreshTokenWithFacts, type RefreshTokenWithFacts } from './refresh-token-facts.js';
export { type RefreshAttempt, type RefreshRotation, rotateRefreshToken } from './refresh-token-rotation.js';
export * from './search.js';
export { createSecretBox, hashToken, randomToken, type SecretBox, tokenMatches } from './secrets.js';
export * from './session-facts.js';
export { createSessionFacts, type Person, type SessionFacts } from './session-facts-store.js';
export * from './signing-keys.js';
export { fromEpochMs, type Sql } from './sql.js';
export { createSqlDb, type DbOptions, isPostgresUrl, type SqlDb } from './sql-db.js';
export { createStorefrontTokenStore, type StorefrontTokenStore } from './storefront-token-store.js';
export { insertStorefrontToken, type NewStorefrontToken, type StorefrontTokenGrant } from './storefront-tokens.js';
export { rememberJti } from './used-jtis.js';
