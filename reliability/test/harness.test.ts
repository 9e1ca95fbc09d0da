// The suite's own instruments: a checker that cannot flag a bad answer, or
// a generator that does not reproduce from its seed, would make every
// figure above it meaningless.
import { describe, expect, it } from 'vitest';
import { tokenAnswerProblems } from '../src/checks/oauth-answer.js';
import { trpcAnswerProblems } from '../src/checks/trpc-answer.js';
import { type AdminFuzzWorld, adminRequest } from '../src/fuzz/admin-requests.js';
import { type TokenFuzzWorld, tokenRequest } from '../src/fuzz/token-requests.js';
import type { Answer } from '../src/http/raw-request.js';
import { caseSeed, createRng } from '../src/prng.js';
import { leastSquares } from '../src/report.js';

const tokenWorld: TokenFuzzWorld = {
  publicClients: ['storefront'],
  confidentialClients: [{ id: 'back-office', secret: 'secret' }],
  customer: { username: 'a@example.com', password: 'pw' },
  agent: { username: 'rep@example.com', password: 'pw' },
  otherUsernames: ['b@example.com'],
  customerIds: ['01a20211-0ae7-710f-8e40-6e6b18b9c90b'],
  companyUserIds: ['01a20211-0ae7-710f-8e40-6e6b18b9c90c'],
  accessTokens: ['at'],
  agentAccessTokens: ['agent-at'],
  refreshTokens: ['rt'],
  loginTokens: ['lkl_x'],
  audience: 'http://127.0.0.1:4000',
  browserSessions: [],
};

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  ok: true,
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  text: typeof body === 'string' ? body : JSON.stringify(body),
  ms: 1,
});
/** An RFC 6749 error body as Latchkey answers it. */
const refused = (error: string) => ({ error, error_description: 'x', latchkey_code: 'request_invalid' });
const tokenFacts = { method: 'POST', path: '/token', hadAuthorization: false, headerBytes: 200 };

describe('fuzz generators', () => {
  it('reproduce every case from the run seed and the case number', () => {
    for (const index of [0, 17, 9_999]) {
      const a = tokenRequest(createRng(caseSeed(42, index)), tokenWorld);
      const b = tokenRequest(createRng(caseSeed(42, index)), tokenWorld);
      expect(b).toEqual(a);
    }
    expect(tokenRequest(createRng(caseSeed(42, 1)), tokenWorld)).not.toEqual(tokenRequest(createRng(caseSeed(43, 1)), tokenWorld));
  });

  it('cover every grant type and every body format over a run', () => {
    const labels = Array.from({ length: 2_000 }, (_, i) => tokenRequest(createRng(caseSeed(7, i)), tokenWorld).label);
    for (const part of [
      'password/',
      'refresh_token/',
      'client_credentials/',
      'authorization_code/',
      'token-exchange/',
      'junk/',
      '/form/',
      '/json/',
      '/multipart/',
      '/gzip/',
      '/well-formed/',
    ]) {
      expect(
        labels.some((label) => label.includes(part)),
        part,
      ).toBe(true);
    }
    const bodies = Array.from(
      { length: 2_000 },
      (_, i) => tokenRequest(createRng(caseSeed(7, i)), tokenWorld).req.body?.toString('latin1') ?? '',
    );
    for (const type of ['access_token', 'jwt', 'login-token', 'customer-id', 'refresh_token']) {
      expect(
        bodies.some((body) =>
          body.includes(
            `subject_token_type=urn%3A${type === 'login-token' || type === 'customer-id' ? 'latchkey' : 'ietf'}%3Aparams%3Aoauth%3Atoken-type%3A${type}`,
          ),
        ),
        type,
      ).toBe(true);
    }
  });

  it('build admin calls for the procedures it is given', () => {
    const world: AdminFuzzWorld = {
      procedures: [
        {
          path: 'customers.list',
          type: 'query',
          input: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200 } } },
        },
      ],
      spared: new Set(),
      tokens: { admin: 'a.b.c', readOnly: 'd.e.f', customer: 'g.h.i' },
      real: { uuids: [], clientIds: [] },
    };
    const paths = Array.from({ length: 200 }, (_, i) => adminRequest(createRng(caseSeed(1, i)), world).req.path);
    expect(paths.some((path) => path.startsWith('/trpc/customers.list?input='))).toBe(true);
    expect(paths.some((path) => path.includes('batch=1'))).toBe(true);
  });
});

describe('answer checks', () => {
  it('accept a proper RFC 6749 error and a token response', () => {
    expect(tokenAnswerProblems(answer(400, refused('invalid_grant')), tokenFacts)).toEqual([]);
    expect(tokenAnswerProblems(answer(200, { access_token: 'x', token_type: 'Bearer' }), tokenFacts)).toEqual([]);
  });

  it('flag a 5xx, an HTML error page, a missing no-store, an unregistered error or code and a 401 to Basic without WWW-Authenticate', () => {
    expect(tokenAnswerProblems(answer(500, refused('server_error')), tokenFacts)).toContain('status 500');
    expect(tokenAnswerProblems(answer(400, '<html></html>', { 'content-type': 'text/html' }), tokenFacts)).toContain(
      'body is not a JSON object',
    );
    expect(tokenAnswerProblems(answer(400, refused('invalid_grant'), { 'cache-control': 'private' }), tokenFacts)).toHaveLength(1);
    expect(tokenAnswerProblems(answer(400, refused('nope')), tokenFacts)).toHaveLength(1);
    expect(tokenAnswerProblems(answer(400, { error: 'invalid_grant', error_description: 'x' }), tokenFacts)).toEqual([
      'latchkey_code undefined is not a refusal code',
    ]);
    expect(tokenAnswerProblems(answer(401, refused('invalid_client')), { ...tokenFacts, hadAuthorization: true })).toEqual([
      '401 to Authorization-header client auth without WWW-Authenticate',
    ]);
  });

  it('flag a tRPC answer with a 5xx, a stack or a broken envelope', () => {
    const error = (code: string, httpStatus: number, extra: object = {}) => ({
      error: {
        message: 'm',
        code: -32600,
        data: { code, httpStatus, path: 'p', latchkeyCode: 'request_invalid', zodError: null, ...extra },
      },
    });
    const facts = { method: 'GET', headerBytes: 200 };
    expect(trpcAnswerProblems(answer(400, error('BAD_REQUEST', 400)), facts)).toEqual([]);
    expect(trpcAnswerProblems(answer(500, error('INTERNAL_SERVER_ERROR', 500)), facts)).toHaveLength(2);
    expect(trpcAnswerProblems(answer(400, error('BAD_REQUEST', 400, { stack: 'Error: x\n    at f (/app/x.js:1:2)' })), facts)).toContain(
      'body has a stack member',
    );
    expect(trpcAnswerProblems(answer(207, [{ result: { data: 1 } }, error('INTERNAL_SERVER_ERROR', 500)]), facts)).toEqual([
      '[1] INTERNAL_SERVER_ERROR (500)',
    ]);
    expect(trpcAnswerProblems(answer(200, { status: 'ok' }), facts)).toEqual(['neither result nor error']);
    expect(trpcAnswerProblems(answer(400, error('BAD_REQUEST', 400, { latchkeyCode: 'nope' })), facts)).toEqual([
      'latchkeyCode "nope" is not a refusal code',
    ]);
  });
});

describe('least squares', () => {
  it('finds the slope of a line and of noisy points around it', () => {
    expect(
      leastSquares([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
    ).toEqual({ slope: 2, intercept: 1 });
    expect(
      leastSquares([
        [0, 10],
        [1, 9],
        [2, 11],
        [3, 10],
      ]).slope,
    ).toBeCloseTo(0.2, 5);
    expect(leastSquares([[5, 7]])).toEqual({ slope: 0, intercept: 7 });
  });
});
