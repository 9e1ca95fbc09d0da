// `node dist/cli/pgbouncer-config.js <dir> <port> <postgres URL>`: writes
// docs/pgbouncer.ini made local (see pgbouncer.ts) to <dir>/pgbouncer.ini
// and prints its path, for .ci/run to start PgBouncer with.
import { isPostgresUrl } from '../create-db.js';
import { writeLocalPgBouncerConfig } from '../pgbouncer.js';

const [dir, port, target] = process.argv.slice(2);
if (!dir || !port || !/^\d+$/.test(port) || !target || !isPostgresUrl(target)) {
  console.error('usage: pgbouncer-config <dir> <port> <postgres:// URL of the server to pool>');
  process.exit(2);
}
console.log(await writeLocalPgBouncerConfig({ dir, port: Number(port), target }));
