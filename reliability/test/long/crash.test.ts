import { Agent } from 'node:http';
import { createClient, createCompanyUser, createCustomer } from '@latchkey/auth/testing';
import { hashToken } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkedGrants, inspectChains, type KillState } from '../../src/crash/inspect.js';
import { type Chain, driveChains, newest } from '../../src/crash/refresh-chains.js';
import { readSettings } from '../../src/env.js';
import { postFormWith } from '../../src/http/form.js';
import { type AuthProcess, staleBuildWarning, startAuthProcess } from '../../src/process/auth-process.js';
import { freePort } from '../../src/process/free-port.js';
import { figure, formatTally, tally } from '../../src/report.js';

const settings = readSettings();
const SECRET_KEY = 'latchkey-crash-test-secret-key-0123456789';
const CLIENT = 'storefront';
// The longest grace window policy allows: the retry after a restart must land inside it.
const GRACE_SECONDS = 60;
const LOAD_MS = 1_500;
if (!settings.DATABASE_URL)
  figure('crash: skipped, it needs PostgreSQL (set DATABASE_URL): the auth process and this test share the database');

let db: TestDb;
let port = 0;
let current: AuthProcess | null = null;

describe.skipIf(!settings.DATABASE_URL)('crash: kill -9 under refresh load, restart on the same database', () => {
  beforeAll(async () => {
    const stale = staleBuildWarning();
    if (stale) figure(`crash: WARNING ${stale}`);
    // createTestDb makes a fresh database (migrated) for this run and drops it in dispose.
    db = await createTestDb();
    await createClient(db, { id: CLIENT, overrides: { refreshReuseGraceSeconds: GRACE_SECONDS } });
    const customer = await createCustomer(db, { email: 'crash@example.com', password: 'crash-password-1' });
    await createCompanyUser(db, customer.id);
    port = await freePort();
  });
  afterAll(async () => {
    await current?.kill9();
    await db?.dispose();
  });

  it(`keeps every delivered refresh token usable or legitimately rotated through ${settings.RELIABILITY_CRASH_ROUNDS} kill(s)`, {
    timeout: 10 * 60_000,
  }, async () => {
    const start = async () => {
      const started = await startAuthProcess({ databaseEnv: db.processEnv, port, secretKey: SECRET_KEY });
      current = started;
      return { started, agent: new Agent({ keepAlive: true }) };
    };
    let { started, agent } = await start();
    figure(
      `crash: auth process ${started.pid} ready in ${started.readyMs} ms on ${started.url} (database ${new URL(db.url!).pathname.slice(1)})`,
    );

    // One session per chain, each from a password login.
    const chains: Chain[] = await Promise.all(
      Array.from({ length: settings.RELIABILITY_CRASH_CHAINS }, async (_, index) => {
        const login = await postFormWith(agent, `${started.url}/token`, {
          grant_type: 'password',
          client_id: CLIENT,
          username: 'crash@example.com',
          password: 'crash-password-1',
        });
        if (!login.ok || login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login)}`);
        const value = String(login.body.refresh_token);
        const row = await db.prisma.oidcPayload.findUniqueOrThrow({
          where: { kind_id: { kind: 'RefreshToken', id: hashToken(value) } },
          select: { grantId: true },
        });
        return { index, grantId: row.grantId!, delivered: [value], cutOff: null, refusals: [] };
      }),
    );

    const problems: string[] = [];
    const states: KillState[] = [];
    let deliveredUnderLoad = 0;
    let cutOff = 0;
    let slowestRetrySeconds = 0;
    for (let round = 1; round <= settings.RELIABILITY_CRASH_ROUNDS; round++) {
      let killed = false;
      const loadStarted = performance.now();
      const load = driveChains(chains, { clientId: CLIENT, url: started.url, agent, stopped: () => killed });
      await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
      await started.kill9();
      const killedAt = performance.now();
      killed = true;
      const delivered = await load;
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      agent.destroy();
      deliveredUnderLoad += delivered;
      const cut = chains.filter((c) => c.cutOff !== null).length;
      cutOff += cut;
      problems.push(...chains.flatMap((c) => c.refusals.map((r) => `round ${round} chain ${c.index} refused during load: ${r}`)));

      ({ started, agent } = await start());
      const ready = await fetch(`${started.url}/readyz`);
      if (ready.status !== 200) problems.push(`round ${round}: /readyz answered ${ready.status} after the restart`);

      // Before anything touches the chains again: what did the kill leave behind?
      const inspected = await inspectChains(db.prisma, chains);
      const roundStates: KillState[] = [];
      for (const chain of chains) {
        const { state, unconsumed, problems: found } = inspected.get(chain.index)!;
        problems.push(...found.map((p) => `round ${round} chain ${chain.index}: ${p}`));
        if (state) roundStates.push(state);
        // The newest delivered token must still refresh; if the cut-off request already wrote a successor, it must be that one, re-delivered.
        const retry = await postFormWith(agent, `${started.url}/token`, {
          grant_type: 'refresh_token',
          client_id: CLIENT,
          refresh_token: newest(chain),
        });
        if (!retry.ok || retry.status !== 200) {
          problems.push(
            `round ${round} chain ${chain.index} (${state}): the newest token did not refresh after the restart: ${JSON.stringify(retry)}`,
          );
          continue;
        }
        const successor = String(retry.body.refresh_token);
        const waiting = unconsumed.filter((id) => id !== hashToken(newest(chain)));
        if (waiting.length === 1 && waiting[0] !== hashToken(successor))
          problems.push(`round ${round} chain ${chain.index} (${state}): the retry got a new successor, not the stored one`);
        chain.delivered.push(successor);
      }
      states.push(...roundStates);
      const retrySeconds = (performance.now() - killedAt) / 1000;
      slowestRetrySeconds = Math.max(slowestRetrySeconds, retrySeconds);
      if (retrySeconds >= GRACE_SECONDS)
        problems.push(
          `round ${round}: the retries ended ${retrySeconds.toFixed(1)} s after the kill, outside the ${GRACE_SECONDS} s grace window this test relies on`,
        );
      const forks = await forkedGrants(db.prisma);
      if (forks.length) problems.push(`round ${round}: grants with more than one unconsumed refresh token: ${forks.join(', ')}`);
      figure(
        `crash: round ${round}: ${delivered} refreshes delivered in ${loadSeconds.toFixed(1)} s of load, kill -9 with ${cut} of ${chains.length} chains cut off mid-request; restarted (pid ${started.pid}) ready in ${started.readyMs} ms; ${formatTally('newest token at the kill', tally(roundStates))}; forked grants ${forks.length}`,
      );
    }

    // After the last round's retries: the restarted server serves every chain's newest token, and all is consistent.
    const final = await inspectChains(db.prisma, chains);
    problems.push(...[...final].flatMap(([index, i]) => i.problems.map((p) => `final chain ${index}: ${p}`)));
    for (const chain of chains) {
      const answer = await postFormWith(agent, `${started.url}/token`, {
        grant_type: 'refresh_token',
        client_id: CLIENT,
        refresh_token: newest(chain),
      });
      if (!answer.ok || answer.status !== 200) problems.push(`final chain ${chain.index}: newest token refused: ${JSON.stringify(answer)}`);
    }
    const exitCode = await started.stop();
    current = null;
    agent.destroy();

    figure(
      `crash: ${settings.RELIABILITY_CRASH_ROUNDS} kill(s), ${chains.length} chains, ${deliveredUnderLoad} refresh tokens delivered under load, ${cutOff} requests cut off by a kill; ${formatTally('newest token at the kills', tally(states))}; every chain's newest token refreshed after each restart, at most ${slowestRetrySeconds.toFixed(1)} s after the kill; graceful stop exit code ${exitCode}`,
    );
    expect(problems).toEqual([]);
    expect(exitCode).toBe(0);
  });
});
