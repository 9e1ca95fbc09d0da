import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { startTestStack, type TestStack } from '@latchkey/server/testing';

export { freePort } from '@latchkey/server/testing';

export type Stack = TestStack & {
  /** What an example needs to find this stack, as `npm start`'s user has it: the servers' URLs and the data directory (or, on PostgreSQL, which keeps no demo file, the admin client). */
  exampleEnv: Record<string, string>;
};

/**
 * The stack `npm start` starts, on a fresh data directory (PGlite, the demo admin client in its
 * demo-admin.json) or, with DATABASE_URL, a fresh PostgreSQL database and a bootstrap admin client.
 */
export async function startStack(): Promise<Stack> {
  const stack = await startTestStack({ database: 'test' });
  const bootstrap: Record<string, string> = stack.bootstrapAdmin
    ? { LATCHKEY_ADMIN_CLIENT_ID: stack.bootstrapAdmin.clientId, LATCHKEY_ADMIN_CLIENT_SECRET: stack.bootstrapAdmin.clientSecret }
    : {};
  return {
    ...stack,
    exampleEnv: { LATCHKEY_ISSUER: stack.issuer, LATCHKEY_API_URL: stack.apiUrl, LATCHKEY_DATA_DIR: stack.dir, ...bootstrap },
  };
}

/** An example as `npm run example:<name>` runs it: its build, one process, to its end. */
export async function run(name: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'dist', `${name}.js`)], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number];
  return { code, out, err };
}
