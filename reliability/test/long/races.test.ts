import { createClient, createCompanyUser, createCustomer, postForm } from '@latchkey/auth/testing';
import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { createLoginToken, hashToken } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/env.js';
import { cheapHashPolicy } from '../../src/fuzz/token-world.js';
import { startGaugedAuthServer } from '../../src/instrumented-auth.js';
import { runPool } from '../../src/pool.js';
import { figure, formatTally, tally } from '../../src/report.js';
import { createFailureLog, together } from '../../src/trial.js';

const settings = readSettings();
const TRIALS = settings.RELIABILITY_RACE_TRIALS;
const RACERS = 10;
if (!settings.DATABASE_URL) {
  figure('races: skipped, they need PostgreSQL (set DATABASE_URL): PGlite runs one query at a time, so no race can happen on it');
}

let db: TestDb;
let server: Awaited<ReturnType<typeof startGaugedAuthServer>>;
let customerId = '';
const token = (form: Record<string, string>) => postForm(`${server.url}/token`, form);

/** Runs the racers and notes how many were in the server at once: evidence the trial raced at all. */
async function race<T>(overlaps: number[], call: () => Promise<T>): Promise<T[]> {
  server.inFlight.takePeak();
  const answers = await together(RACERS, call);
  overlaps.push(server.inFlight.takePeak());
  return answers;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const overlapFigure = (overlaps: number[]) =>
  `requests in the server at once: median ${median(overlaps)}, min ${Math.min(...overlaps)}, max ${Math.max(...overlaps)}`;
/** Trials whose racers mostly ran one after another would pass without testing anything. */
const expectRaced = (overlaps: number[]) =>
  expect(median(overlaps), 'racers did not overlap in the server').toBeGreaterThanOrEqual(RACERS / 2);

describe.skipIf(!settings.DATABASE_URL)(`races on PostgreSQL: ${TRIALS} trials of ${RACERS} at once`, () => {
  beforeAll(async () => {
    db = await createTestDb();
    await createClient(db, { id: 'storefront', grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT] });
    await createClient(db, { id: 'strict', grantTypes: ['password', 'refresh_token'], overrides: { refreshReuseGraceSeconds: 0 } });
    // Cheap argon2 (customer and server alike): the pre-pass logs in thousands of times, and the hash is not what races.
    customerId = (await createCustomer(db, { email: 'racer@example.com', password: 'racer-password-1', policy: cheapHashPolicy })).id;
    await createCompanyUser(db, customerId);
    server = await startGaugedAuthServer(db, { policy: cheapHashPolicy });
  });
  afterAll(async () => {
    await server?.close();
    await db?.dispose();
  });

  it('redeems a one-time login token exactly once, counting the other attempts as failures', async () => {
    const failures = createFailureLog();
    const overlaps: number[] = [];
    const codes: string[] = [];
    const expiresAt = new Date(Date.now() + 3600_000);
    const started = performance.now();
    for (let trial = 0; trial < TRIALS; trial++) {
      const { token: value, record } = await createLoginToken(db.prisma, {
        clientId: 'storefront',
        customerId,
        expiresAt,
        oneTimeUse: true,
      });
      const answers = await race(overlaps, () =>
        token({
          grant_type: TOKEN_EXCHANGE_GRANT,
          client_id: 'storefront',
          subject_token: value,
          subject_token_type: TokenType.loginToken,
        }),
      );
      const winners = answers.filter((a) => a.status === 200);
      const losers = answers.filter((a) => a.status === 400 && a.body.latchkey_code === 'login_token_used_up');
      codes.push(...losers.map((a) => String(a.body.latchkey_code)));
      const row = await db.prisma.loginToken.findUniqueOrThrow({
        where: { id: record.id },
        select: { successfulAttempts: true, failedAttempts: true },
      });
      if (winners.length !== 1 || losers.length !== RACERS - 1 || row.successfulAttempts !== 1 || row.failedAttempts !== RACERS - 1) {
        failures.add(
          trial,
          `${winners.length} winners, ${losers.length} login_token_used_up, other ${JSON.stringify(answers.filter((a) => a.status !== 200 && a.status !== 400).map((a) => [a.status, a.body]))}; stored ${JSON.stringify(row)}`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    figure(
      `races: login token, ${TRIALS} trials x ${RACERS} redemptions in ${seconds.toFixed(1)} s (${((seconds * 1000) / TRIALS).toFixed(1)} ms a trial); ${TRIALS - failures.count} trials with exactly one winner and ${RACERS - 1} counted failures, ${failures.count} without`,
    );
    figure(formatTally('races: login token losers said', tally(codes)));
    figure(`races: login token, ${overlapFigure(overlaps)}`);
    expect(failures.examples).toEqual([]);
    expectRaced(overlaps);
  });

  describe('refresh', () => {
    const mint = async (clientId: string, count: number) =>
      runPool(
        Array.from({ length: count }, (_, i) => i),
        16,
        async () => {
          const { status, body } = await token({
            grant_type: 'password',
            client_id: clientId,
            username: 'racer@example.com',
            password: 'racer-password-1',
          });
          if (status !== 200) throw new Error(`pre-pass login failed: ${JSON.stringify(body)}`);
          return String(body.refresh_token);
        },
      );
    const grantOf = async (value: string) =>
      (
        await db.prisma.oidcPayload.findUniqueOrThrow({
          where: { kind_id: { kind: 'RefreshToken', id: hashToken(value) } },
          select: { grantId: true },
        })
      ).grantId!;
    const refresh = (clientId: string, value: string) => token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: value });

    it('hands every concurrent refresh of one token the same successor, stored once', async () => {
      const prepared = performance.now();
      const tokens = await mint('storefront', TRIALS);
      figure(
        `races: minted ${TRIALS} refresh tokens (password grant, 16 at a time) in ${((performance.now() - prepared) / 1000).toFixed(1)} s`,
      );
      const failures = createFailureLog();
      const overlaps: number[] = [];
      const started = performance.now();
      for (const [trial, value] of tokens.entries()) {
        const grantId = await grantOf(value);
        const answers = await race(overlaps, () => refresh('storefront', value));
        const successors = new Set(answers.filter((a) => a.status === 200).map((a) => String(a.body.refresh_token)));
        const rows = await db.prisma.oidcPayload.findMany({
          where: { kind: 'RefreshToken', grantId },
          select: { id: true, consumedAt: true },
        });
        const [successor] = successors;
        const fresh = rows.filter((r) => r.consumedAt === null);
        const problems = [
          answers.every((a) => a.status === 200) ? null : `statuses ${answers.map((a) => a.status).join(',')}`,
          successors.size === 1 ? null : `${successors.size} distinct successors`,
          rows.length === 2 ? null : `${rows.length} refresh token rows in the grant`,
          fresh.length === 1 && successor && fresh[0]!.id === hashToken(successor)
            ? null
            : `unconsumed rows ${fresh.length}, not the successor handed out`,
        ].filter(Boolean);
        if (problems.length) failures.add(trial, problems.join('; '));
      }
      const seconds = (performance.now() - started) / 1000;
      figure(
        `races: refresh (grace window), ${TRIALS} trials x ${RACERS} refreshes in ${seconds.toFixed(1)} s (${((seconds * 1000) / TRIALS).toFixed(1)} ms a trial); ${TRIALS - failures.count} trials with ten 200s carrying one successor stored once, ${failures.count} without`,
      );
      figure(`races: refresh (grace window), ${overlapFigure(overlaps)}`);
      expect(failures.examples).toEqual([]);
      expectRaced(overlaps);
    });

    it('with no grace window, lets exactly one of the concurrent refreshes through and ends the family', async () => {
      const tokens = await mint('strict', TRIALS);
      const failures = createFailureLog();
      const overlaps: number[] = [];
      let strays = 0;
      const started = performance.now();
      for (const [trial, value] of tokens.entries()) {
        const grantId = await grantOf(value);
        const answers = await race(overlaps, () => refresh('strict', value));
        const winners = answers.filter((a) => a.status === 200);
        const refused = answers.filter((a) => a.status === 400 && a.body.error === 'invalid_grant');
        const problems = [
          winners.length === 1 ? null : `${winners.length} winners`,
          refused.length === RACERS - 1 ? null : `${refused.length} invalid_grant`,
        ];
        const grantLeft = await db.prisma.oidcPayload.count({ where: { kind: 'Grant', id: grantId } });
        if (grantLeft !== 0) problems.push('the grant survived the reuse');
        // Revocation deletes the family's rows; a racer that read the token before it may still write the derived successor after it.
        const left = await db.prisma.oidcPayload.count({ where: { kind: 'RefreshToken', grantId, consumedAt: null } });
        strays += left;
        if (winners[0]) {
          // Reuse was detected, so the grant is gone and the winner's successor with it.
          const after = await refresh('strict', String(winners[0].body.refresh_token));
          if (after.status !== 400)
            problems.push(
              `the winner's successor still refreshes (${after.status}) after the family was revoked (${left} unconsumed refresh token rows left in the revoked grant)`,
            );
        }
        if (problems.some(Boolean)) failures.add(trial, problems.filter(Boolean).join('; '));
      }
      const seconds = (performance.now() - started) / 1000;
      figure(
        `races: refresh (no grace window), ${TRIALS} trials x ${RACERS} refreshes in ${seconds.toFixed(1)} s; ${TRIALS - failures.count} trials with exactly one 200 and the family revoked, ${failures.count} without; unconsumed refresh tokens left in revoked grants: ${strays}`,
      );
      figure(`races: refresh (no grace window), ${overlapFigure(overlaps)}`);
      expect(failures.examples).toEqual([]);
      expectRaced(overlaps);
    });
  });
});
