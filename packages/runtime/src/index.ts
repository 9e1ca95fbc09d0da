export { clientAddress } from './client-address.js';
export { type DrainingServer, drainingServer } from './drain.js';
export {
  adminClientEnvShape,
  adminClientPaired,
  flagSchema,
  issuerSchema,
  logLevelSchema,
  type Parsed,
  parseEnv,
  portSchema,
  serviceEnvSchema,
} from './env.js';
export { createLogger, flushLogger, silentLogger } from './logger.js';
export { createMetrics, type Metrics, type PoolStats, startMetricsServer } from './metrics.js';
export { readPolicyFile } from './policy-file.js';
export { requestIdOf } from './request-id.js';
export { readSettings } from './settings.js';
