// `npm run db:migrate`: applies pending migrations to the configured database.

import { checkDatabaseEnv, databaseEnvSchema, databaseOptions, describeDatabase } from '../env.js';
import { createSqlDb } from '../sql-db.js';

const env = databaseEnvSchema.superRefine(checkDatabaseEnv).safeParse(process.env);
if (!env.success) {
  console.error(`invalid environment:\n${env.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  process.exit(1);
}
const options = databaseOptions(env.data);
const db = await createSqlDb(options);
try {
  const applied = await db.migrate();
  console.log(`${describeDatabase(options)}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
// The wasm engine leaves a timer pending; nothing else is left to do.
process.exit();
