import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Applies migrations in a short-lived child process (the built
 * `db:migrate` CLI). The wasm schema engine keeps some 60 MB that a
 * long-running server would carry for nothing; on PostgreSQL the server
 * can leave that to a child. (PGlite lives in one process: it migrates
 * in-process.)
 */
export function migrateInChildProcess(env: NodeJS.ProcessEnv): Promise<void> {
  const cli = fileURLToPath(new URL('./cli/migrate.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(cli, [], { env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migration failed (exit code ${code})`))));
  });
}
