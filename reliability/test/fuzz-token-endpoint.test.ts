import { Agent } from 'node:http';
import { type RunningAuth, startAuthServer } from '@latchkey/auth/testing';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTokenRequest, type TokenRequestFacts, tokenAnswerProblems, transportProblems } from '../src/checks/oauth-answer.js';
import { readSettings } from '../src/env.js';
import { type TokenFuzzWorld, tokenRequest } from '../src/fuzz/token-requests.js';
import { cheapHashPolicy, tokenFuzzWorld } from '../src/fuzz/token-world.js';
import { describeRequest, headerBytes, type RawRequest, sendRaw } from '../src/http/raw-request.js';
import { runPool } from '../src/pool.js';
import { caseSeed, createRng } from '../src/prng.js';
import { figure, formatTally, tally } from '../src/report.js';

const settings = readSettings();
let db: TestDb;
let server: RunningAuth;
let world: TokenFuzzWorld;

beforeAll(async () => {
  db = await createTestDb();
  // trustProxy: the fuzz sends a fresh X-Forwarded-For per request, so IP lockout does not stand in front of the grants.
  server = await startAuthServer(db, { policy: cheapHashPolicy, trustProxy: true });
  world = await tokenFuzzWorld(db, server.url);
});
afterAll(async () => {
  await server?.close();
  await db?.dispose();
});

type Outcome = {
  index: number;
  label: string;
  req: RawRequest;
  facts: TokenRequestFacts;
  status: number | 'no answer';
  text: string;
  wwwAuthenticate: boolean;
  problems: string[];
};

const factsOf = (url: string, req: RawRequest): TokenRequestFacts => ({
  method: req.method,
  path: req.path,
  hadAuthorization: req.headers.some(([name]) => name.toLowerCase() === 'authorization'),
  headerBytes: headerBytes(new URL(url), req),
});

describe(`token endpoint fuzz (${settings.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it(`answers ${settings.RELIABILITY_FUZZ_TOKEN_REQUESTS} malformed requests without a 5xx, each error RFC 6749 JSON with no-store`, {
    timeout: 10 * 60_000,
  }, async () => {
    const { seed, RELIABILITY_FUZZ_TOKEN_REQUESTS: total, RELIABILITY_CONCURRENCY: concurrency } = settings;
    const cases = settings.RELIABILITY_FUZZ_ONLY ?? Array.from({ length: total }, (_, i) => i);
    figure(
      `token fuzz: seed ${seed}${settings.seedWasGiven ? ' (from RELIABILITY_SEED)' : ''}, rerun with RELIABILITY_SEED=${seed}; ${cases.length} requests, ${concurrency} at a time`,
    );
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const started = performance.now();
    const outcomes = await runPool(cases, concurrency, async (index): Promise<Outcome> => {
      const { req, label } = tokenRequest(createRng(caseSeed(seed, index)), world);
      const facts = factsOf(server.url, req);
      const answer = await sendRaw(server.url, req, { agent });
      if (!answer.ok)
        return {
          index,
          label,
          req,
          facts,
          status: 'no answer',
          text: answer.error,
          wwwAuthenticate: false,
          problems: transportProblems(answer, facts),
        };
      return {
        index,
        label,
        req,
        facts,
        status: answer.status,
        text: answer.text,
        wwwAuthenticate: Boolean(answer.headers['www-authenticate']),
        problems: tokenAnswerProblems(answer, facts),
      };
    });
    agent.destroy();
    const seconds = (performance.now() - started) / 1000;

    const onEndpoint = outcomes.filter((o) => isTokenRequest(o.facts));
    figure(`token fuzz: ${outcomes.length} requests in ${seconds.toFixed(1)} s (${Math.round(outcomes.length / seconds)}/s)`);
    figure(formatTally('token fuzz statuses (POST /token)', tally(onEndpoint.map((o) => String(o.status)))));
    figure(
      formatTally(
        'token fuzz statuses (other methods and paths)',
        tally(outcomes.filter((o) => !isTokenRequest(o.facts)).map((o) => String(o.status))),
      ),
    );
    figure(formatTally('token fuzz grants', tally(outcomes.map((o) => o.label.split('/')[0]!))));
    figure(formatTally('token fuzz 200s by grant', tally(onEndpoint.filter((o) => o.status === 200).map((o) => o.label.split('/')[0]!))));
    figure(
      formatTally(
        'token fuzz errors',
        tally(
          onEndpoint
            .filter((o) => typeof o.status === 'number' && o.status >= 400)
            .map((o) => /"error":"([^"]+)"/.exec(o.text)?.[1] ?? 'not json'),
        ),
      ),
    );
    // RFC 6749 §5.2 asks for WWW-Authenticate only when the client used the Authorization header; this counts the rest.
    figure(
      `token fuzz: 401s without Authorization header and without WWW-Authenticate: ${onEndpoint.filter((o) => o.status === 401 && !o.facts.hadAuthorization && !o.wwwAuthenticate).length}`,
    );

    if (process.env.SHOW_DESCRIPTIONS)
      console.log(
        formatTally(
          'refusal codes',
          tally(onEndpoint.map((o) => `${o.label.split('/')[0]}:${/"latchkey_code":"([^"]+)"/.exec(o.text)?.[1] ?? o.status}`)),
        ).replace(/ (?=[a-z_-]+:)/g, '\n'),
      );
    const failed = outcomes.filter((o) => o.problems.length > 0);
    figure(`token fuzz: ${failed.length} bad answers`);
    if (failed.length) figure(formatTally('token fuzz problems', tally(failed.flatMap((o) => o.problems))));
    for (const o of [...failed.filter((f) => f.status === 'no answer'), ...failed.filter((f) => f.status !== 'no answer')].slice(0, 5)) {
      console.log(
        `--- case ${o.index} (${o.label}): ${o.problems.join('; ')}\nreproduce: RELIABILITY_SEED=${seed} RELIABILITY_FUZZ_ONLY=${o.index}\n${describeRequest(server.url, o.req)}\n=> ${o.status}: ${o.text.slice(0, 400)}\n`,
      );
    }
    expect(failed.map((o) => `case ${o.index} ${o.label}: ${o.problems.join('; ')} (${o.status}: ${o.text.slice(0, 160)})`)).toEqual([]);
  });
});
