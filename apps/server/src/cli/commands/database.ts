import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  checkDatabaseEnv,
  createDb,
  databaseEnvSchema,
  databaseOptions,
  dataDirectory,
  describeDatabase,
  migrationStatus,
} from '@latchkey/db';
import { readSettings } from '@latchkey/runtime';
import { serverEnvSchema } from '../../env.js';
import { type CliDeps, type Command, EXIT, print } from '../command.js';

type Check = { check: string; ok: boolean; detail: string };

const issuerOf = (env: CliDeps['env']) =>
  (env.LATCHKEY_ISSUER ?? `http://localhost:${env.LATCHKEY_AUTH_PORT ?? '4000'}`).replace(/\/+$/, '');

/** Whether the auth server answers discovery for this issuer, and what it says its issuer is. */
async function discovery(deps: CliDeps, issuer: string): Promise<{ up: boolean; detail: string }> {
  try {
    const res = await (deps.fetch ?? fetch)(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return { up: false, detail: `${issuer}: discovery answered ${res.status}` };
    const body = (await res.json()) as { issuer?: string };
    return body.issuer === issuer
      ? { up: true, detail: `${issuer}: discovery answers` }
      : { up: false, detail: `${issuer}: discovery names another issuer (${body.issuer}): set LATCHKEY_ISSUER to the URL clients use` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { up: false, detail: `${issuer}: not reachable (${cause}); is the auth server running?` };
  }
}

const reason = (error: unknown): string =>
  error instanceof AggregateError ? error.errors.map((e) => (e as Error).message).join('; ') : (error as Error).message;

export const doctor: Command = {
  words: 'doctor',
  summary: 'check the environment, the secret key, the database and its migrations, and the issuer; one line per problem',
  usage: 'latchkey doctor [--json]',
  async run(_args, deps, json) {
    const checks: Check[] = [];
    const settings = readSettings(serverEnvSchema, deps.env);
    if (!settings.ok) {
      for (const problem of settings.problems) checks.push({ check: 'environment', ok: false, detail: problem });
    } else {
      const { env } = settings;
      checks.push({ check: 'environment', ok: true, detail: 'every variable parses, the policy file too' });
      const dataDir = env.DATABASE_URL ? null : dataDirectory(env);
      if (!env.LATCHKEY_SECRET_KEY && dataDir) {
        const file = path.join(dataDir, 'secret.key');
        checks.push({
          check: 'secret key',
          ok: true,
          detail: existsSync(file) ? `embedded: ${file}` : `embedded: ${file} is made at first start`,
        });
      } else {
        checks.push({ check: 'secret key', ok: true, detail: 'LATCHKEY_SECRET_KEY is set' });
      }
      const issuer = await discovery(deps, issuerOf(deps.env));
      const options = databaseOptions(env);
      if (!env.DATABASE_URL && issuer.up) {
        checks.push({ check: 'database', ok: true, detail: `${describeDatabase(options)}: open in the running server (not opened here)` });
      } else if ('dataDir' in options && options.dataDir !== 'memory://' && !existsSync(options.dataDir)) {
        checks.push({ check: 'database', ok: false, detail: `${describeDatabase(options)}: does not exist yet (npm start creates it)` });
      } else {
        checks.push(...(await databaseChecks(options)));
      }
      checks.push({ check: 'issuer', ok: issuer.up, detail: issuer.detail });
    }
    const problems = checks.filter((c) => !c.ok);
    print(deps, json, { ok: problems.length === 0, checks }, () =>
      checks.map((c) => `${c.ok ? 'ok     ' : 'problem'} ${c.check}: ${c.detail}`),
    );
    return problems.length === 0 ? EXIT.ok : EXIT.failed;
  },
};

async function databaseChecks(options: Parameters<typeof createDb>[0]): Promise<Check[]> {
  let db: Awaited<ReturnType<typeof createDb>> | undefined;
  try {
    db = await createDb(options);
    await db.ping();
    const status = await migrationStatus(db);
    const migrations: Check =
      status.failed.length > 0
        ? { check: 'migrations', ok: false, detail: `failed half way: ${status.failed.join(', ')}` }
        : status.pending.length > 0
          ? {
              check: 'migrations',
              ok: false,
              detail: `${status.pending.length} pending (${status.pending.join(', ')}): run \`latchkey migrate\``,
            }
          : { check: 'migrations', ok: true, detail: `all ${status.applied.length} applied` };
    return [{ check: 'database', ok: true, detail: `${describeDatabase(options)}: answers` }, migrations];
  } catch (error) {
    return [{ check: 'database', ok: false, detail: `${describeDatabase(options)}: unreachable (${reason(error)})` }];
  } finally {
    await db?.close().catch(() => undefined);
  }
}

export const migrate: Command = {
  words: 'migrate',
  summary: 'apply every pending migration to the database of DATABASE_URL (or the embedded one)',
  usage: 'latchkey migrate [--json]',
  async run(_args, deps, json) {
    // Behind a transaction pooler, migrations need the direct URL (checkDatabaseEnv says so before anything connects).
    const parsed = databaseEnvSchema.superRefine(checkDatabaseEnv).safeParse(deps.env);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) deps.io.err(`${issue.path.join('.')}: ${issue.message}`);
      return EXIT.failed;
    }
    const options = databaseOptions(parsed.data);
    // The embedded database has one owner: a second process opening it while the server runs would corrupt it.
    if (!parsed.data.DATABASE_URL && (await discovery(deps, issuerOf(deps.env))).up) {
      deps.io.err('the embedded database is open in the running server: stop it first (npm start migrates when it starts)');
      return EXIT.failed;
    }
    const db = await createDb(options);
    try {
      const applied = await db.migrate();
      print(deps, json, { database: describeDatabase(options), applied }, () => [
        applied.length ? `applied ${applied.join(', ')}` : 'nothing to apply: the database is up to date',
      ]);
      return EXIT.ok;
    } finally {
      await db.close();
    }
  },
};
