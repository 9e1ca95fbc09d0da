import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { exampleConfigPath, localPgBouncerConfig, pgbouncerAvailable, startPgBouncer } from '../src/pgbouncer.js';
import { createTestDb, testPostgres } from '../src/testing.js';

const settings = (ini: string, section: string) => {
  const found = new Map<string, string>();
  let current = '';
  for (const line of ini.split('\n')) {
    const header = /^\[(\w+)\]$/.exec(line.trim());
    if (header) current = header[1]!;
    const setting = /^([a-z_*]+)\s*=\s*(.*)$/.exec(line.trim());
    if (setting && current === section) found.set(setting[1]!, setting[2]!);
  }
  return found;
};

describe('docs/pgbouncer.ini made local', () => {
  it('keeps the example’s pooling settings and replaces only addresses and authentication', async () => {
    const example = await readFile(exampleConfigPath(), 'utf8');
    const local = localPgBouncerConfig(example, { target: 'postgresql://ci:secret@db.test:5433/anything', port: 6499 });
    const kept = settings(example, 'pgbouncer');
    const made = settings(local, 'pgbouncer');
    expect(kept.get('pool_mode')).toBe('transaction');
    for (const key of [
      'pool_mode',
      'default_pool_size',
      'reserve_pool_size',
      'max_client_conn',
      'query_wait_timeout',
      'server_idle_timeout',
    ])
      expect(made.get(key), key).toBe(kept.get(key));
    expect(made.get('listen_addr')).toBe('127.0.0.1');
    expect(made.get('listen_port')).toBe('6499');
    expect(made.get('auth_type')).toBe('any');
    expect(made.has('auth_file')).toBe(false);
    expect([...settings(local, 'databases')]).toEqual([['*', 'host=db.test port=5433 user=ci password=secret']]);
  });
});

// PostgreSQL with Debian's PgBouncer installed (CI installs it).
describe.runIf(Boolean(testPostgres()) && pgbouncerAvailable())('PgBouncer from docs/pgbouncer.ini', () => {
  it('pools by transaction: one client session is served by more than one server connection', async () => {
    const t = await createTestDb();
    const bouncer = await startPgBouncer({ target: testPostgres()!.directUrl });
    const url = new URL(bouncer.url);
    url.pathname = new URL(t.url!).pathname;
    const [a, b] = [new pg.Client(url.toString()), new pg.Client(url.toString())];
    const pid = async (client: pg.Client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    try {
      await a.connect();
      await b.connect();
      const first = await pid(a);
      // Between a's statements its server connection went back to the pool: b's
      // transaction takes it (the only idle one), so a's next statement runs on
      // another. In session mode a would keep its connection, and a named
      // statement or session lock of a's would stay where it was made.
      await b.query('BEGIN');
      expect(await pid(b)).toBe(first);
      const second = await pid(a);
      await b.query('COMMIT');
      expect(second).not.toBe(first);
    } finally {
      await Promise.all([a.end().catch(() => {}), b.end().catch(() => {})]);
      await bouncer.stop();
      await t.dispose();
    }
  });
});
