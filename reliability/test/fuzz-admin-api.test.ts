import { Agent } from 'node:http';
import { describe, expect, it } from 'vitest';
import { transportProblems } from '../src/checks/oauth-answer.js';
import { trpcAnswerProblems, trpcCodes } from '../src/checks/trpc-answer.js';
import { readSettings } from '../src/env.js';
import { adminRequest } from '../src/fuzz/admin-requests.js';
import { describeRequest, headerBytes, type RawRequest, sendRaw } from '../src/http/raw-request.js';
import { runPool } from '../src/pool.js';
import { caseSeed, createRng } from '../src/prng.js';
import { figure, formatTally, tally } from '../src/report.js';
import { useAdminFuzzWorld } from './admin-setup.js';

const settings = readSettings();
const t = useAdminFuzzWorld();

type Outcome = {
  index: number;
  label: string;
  req: RawRequest;
  status: number | 'no answer';
  codes: string[];
  text: string;
  problems: string[];
};

describe(`admin API fuzz (${settings.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it(`answers ${settings.RELIABILITY_FUZZ_ADMIN_REQUESTS} junk tRPC calls without a 5xx, each error a tRPC error without a stack`, {
    timeout: 10 * 60_000,
  }, async () => {
    // Another stream than the token fuzz's, from the same printed seed.
    const seed = (settings.seed ^ 0xad317) >>> 0;
    const total = settings.RELIABILITY_FUZZ_ADMIN_REQUESTS;
    const concurrency = settings.RELIABILITY_CONCURRENCY;
    const cases = settings.RELIABILITY_FUZZ_ONLY ?? Array.from({ length: total }, (_, i) => i);
    figure(
      `admin fuzz: seed ${settings.seed}${settings.seedWasGiven ? ' (from RELIABILITY_SEED)' : ''}, rerun with RELIABILITY_SEED=${settings.seed}; ${cases.length} requests over ${t.world.procedures.length} procedures, ${concurrency} at a time`,
    );
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const started = performance.now();
    const outcomes = await runPool(cases, concurrency, async (index): Promise<Outcome> => {
      const { req, label } = adminRequest(createRng(caseSeed(seed, index)), t.world);
      const facts = { method: req.method, headerBytes: headerBytes(new URL(t.api.url), req) };
      const answer = await sendRaw(t.api.url, req, { agent });
      if (!answer.ok)
        return { index, label, req, status: 'no answer', codes: [], text: answer.error, problems: transportProblems(answer, facts) };
      return {
        index,
        label,
        req,
        status: answer.status,
        codes: trpcCodes(answer),
        text: answer.text,
        problems: trpcAnswerProblems(answer, facts),
      };
    });
    agent.destroy();
    const seconds = (performance.now() - started) / 1000;

    figure(`admin fuzz: ${outcomes.length} requests in ${seconds.toFixed(1)} s (${Math.round(outcomes.length / seconds)}/s)`);
    figure(formatTally('admin fuzz statuses', tally(outcomes.map((o) => String(o.status)))));
    figure(formatTally('admin fuzz tRPC codes', tally(outcomes.flatMap((o) => o.codes))));
    figure(formatTally('admin fuzz shapes', tally(outcomes.map((o) => o.label.replace(/\/[A-Z]+\//, '/')))));
    figure(
      `admin fuzz: procedures that answered OK at least once: ${new Set(outcomes.filter((o) => o.codes.includes('OK')).flatMap((o) => /^\/trpc\/([^?]+)/.exec(o.req.path)?.[1]?.split(',') ?? [])).size} of ${t.world.procedures.length}`,
    );

    const failed = outcomes.filter((o) => o.problems.length > 0);
    figure(`admin fuzz: ${failed.length} bad answers`);
    if (failed.length) figure(formatTally('admin fuzz problems', tally(failed.flatMap((o) => o.problems))));
    for (const o of failed.slice(0, 5)) {
      console.log(
        `--- case ${o.index} (${o.label}): ${o.problems.join('; ')}\nreproduce: RELIABILITY_SEED=${settings.seed} RELIABILITY_FUZZ_ONLY=${o.index}\n${describeRequest(t.api.url, o.req)}\n=> ${o.status}: ${o.text.slice(0, 400)}\n`,
      );
    }
    expect(failed.map((o) => `case ${o.index} ${o.label}: ${o.problems.join('; ')} (${o.status}: ${o.text.slice(0, 160)})`)).toEqual([]);
  });
});
