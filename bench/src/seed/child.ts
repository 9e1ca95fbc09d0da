// Child process: migrates the bench database and seeds everything the
// scenarios use, before any measured server starts (on the embedded
// database it must: PGlite lives in one process at a time).
import { createDb, createSecretBox, type Db } from '@latchkey/db';
import { childConfig, runChild, send } from '../servers/ipc.js';
import { seedFillerSessions } from './filler-sessions.js';
import { seedListRows } from './list-rows.js';
import { seedLoginTokens } from './login-tokens.js';
import { CLIENTS, type SeedConfig, type SeededPools, type SeedResult } from './plan.js';
import { mintTemplate, seedSessions } from './refresh-tokens.js';
import { seedClients, seedCustomers } from './world.js';

async function timed<T>(timings: Record<string, number>, name: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await step();
  timings[name] = Math.round(performance.now() - started) / 1000;
  return result;
}

async function seed(db: Db, config: SeedConfig): Promise<SeedResult> {
  const timings: Record<string, number> = {};
  await timed(timings, 'migrate', () => db.migrate());
  await timed(timings, 'clients', () => seedClients(db));

  // Password users are never shared (no request repeats a user); sessions and tokens cycle over all customers.
  const passwordUsers = config.setups.reduce((sum, s) => sum + s.passwordUsers + s.gluePasswordUsers + s.storefrontTokenUsers, 0);
  const customerCount = Math.max(passwordUsers + 1, 200);
  const companies = Math.max(2, Math.min(500, Math.ceil(customerCount / 20)));
  const customers = await timed(timings, 'customers', () => seedCustomers(db, customerCount, companies));
  const template = await timed(timings, 'template session', () => mintTemplate(db, createSecretBox(config.secretKey), customers[0]!));

  const setups: SeededPools[] = [];
  let nextUser = 1;
  let offset = 0;
  for (const plan of config.setups) {
    const take = (count: number) => {
      const taken = customers.slice(nextUser, nextUser + count).map((c) => ({ username: c.email, password: c.password }));
      nextUser += count;
      return taken;
    };
    const users = take(plan.passwordUsers);
    const glueUsers = take(plan.gluePasswordUsers);
    const storefrontTokenUsers = take(plan.storefrontTokenUsers);
    const refresh = await timed(timings, `refresh tokens (${setups.length})`, () =>
      seedSessions(db, template, customers, plan.refreshTokens, offset),
    );
    offset += plan.refreshTokens;
    const subjects = await timed(timings, `exchange subjects (${setups.length})`, () =>
      seedSessions(db, template, customers, plan.exchangeSubjects, offset),
    );
    offset += plan.exchangeSubjects;
    const loginTokens = await timed(timings, `login tokens (${setups.length})`, () =>
      seedLoginTokens(db, customers, plan.loginTokens, offset),
    );
    offset += plan.loginTokens;
    const glueRefresh = await timed(timings, `glue refresh tokens (${setups.length})`, () =>
      seedSessions(db, template, customers, plan.glueRefreshTokens, offset),
    );
    offset += plan.glueRefreshTokens;
    const glueSubjects = await timed(timings, `glue exchange subjects (${setups.length})`, () =>
      seedSessions(db, template, customers, plan.glueExchangeSubjects, offset),
    );
    offset += plan.glueExchangeSubjects;
    setups.push({
      passwordUsers: users,
      refreshTokens: refresh.map((s) => s.value),
      exchangeSubjects: subjects.map((s) => ({ refreshToken: s.value, switchTo: s.customer.otherCompanyUserId })),
      loginTokens,
      glue: {
        passwordUsers: glueUsers,
        refreshTokens: glueRefresh.map((s) => s.value),
        exchangeSubjects: glueSubjects.map((s) => ({ refreshToken: s.value, switchTo: s.customer.otherCompanyUserId })),
      },
      storefrontTokenUsers,
    });
  }
  const introspection = await timed(timings, 'introspection tokens', () =>
    seedSessions(db, template, customers, config.introspectionTokens, offset),
  );
  // The redemption pools are login tokens too: the listed table holds `listRows` in all.
  const listRows =
    config.listRows === 0 ? 0 : Math.max(config.listRows - (await db.prisma.loginToken.count()), Math.min(config.listRows, 1_000));
  await timed(timings, `list rows (${listRows})`, () => seedListRows(db, listRows));
  if (config.fillerSessions > 0)
    await timed(timings, `filler sessions (${config.fillerSessions})`, () =>
      seedFillerSessions(
        db,
        template,
        customers.map((c) => c.id),
        config.fillerSessions,
      ),
    );
  const rows = await db.prisma.loginToken.count();
  const sessions = await db.prisma.oidcPayload.count({ where: { kind: 'Grant' } });
  return {
    type: 'seeded',
    setups,
    introspectionTokens: introspection.map((s) => s.value),
    sessions,
    list: {
      rows,
      customerIds: customers.slice(0, 200).map((c) => c.id),
      companyUserIds: customers.slice(0, 200).map((c) => c.defaultCompanyUserId),
      clientIds: [CLIENTS.storefront, ...CLIENTS.others],
    },
    timings,
  };
}

runChild(async () => {
  const config = childConfig<SeedConfig>();
  const db = await createDb('url' in config.database ? { url: config.database.url, poolSize: 4 } : { dataDir: config.database.dataDir });
  try {
    await send(await seed(db, config));
  } finally {
    await db.close();
  }
  process.exit(0);
});
