import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import type { RawRequest } from '../http/raw-request.js';
import type { Rng } from '../prng.js';
import { clientAuth, validClientAuth } from './client-auth.js';
import { encodeBody, type Param, percentEncode } from './encode.js';
import { junkJwt, junkValue, longString, randomWord } from './junk.js';

/** Real things in the fuzzed server's database, so some junk arrives in otherwise valid requests. */
export type TokenFuzzWorld = {
  publicClients: string[];
  confidentialClients: { id: string; secret: string }[];
  /** A customer whose right password is the only one ever sent for it (junk passwords would lock it out). */
  customer: { username: string; password: string };
  agent: { username: string; password: string };
  /** Real customers that get junk passwords. */
  otherUsernames: string[];
  customerIds: string[];
  companyUserIds: string[];
  accessTokens: string[];
  agentAccessTokens: string[];
  refreshTokens: string[];
  loginTokens: string[];
  audience: string;
  /**
   * Cookie headers of browser sessions whose account does not resolve for
   * some client: a login link's session (bound to storefront), one of a
   * customer disabled since, an anonymous one. /auth with them reached a 500.
   */
  browserSessions: string[];
};

/** An authorization request (GET /auth) in a browser with one of the world's sessions, at any client. */
function authorizationRequest(rng: Rng, w: TokenFuzzWorld): { req: RawRequest; label: string } {
  const clientId = rng.pick([...w.publicClients, ...w.confidentialClients.map((c) => c.id)]);
  const params = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: rng.chance(0.8) ? 'https://shop.example.com/callback' : junkValue(rng),
    scope: rng.pick(['openid', 'openid offline_access storefront', 'openid punchout', 'openid admin:write']),
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    state: 's',
  });
  if (rng.chance(0.5)) params.set('prompt', 'none');
  const headers: [string, string][] = rng.chance(0.9) ? [['Cookie', rng.pick(w.browserSessions)]] : [];
  return { req: { method: 'GET', path: `/auth?${params}`, headers }, label: `authorize/${params.get('prompt') ?? 'login'}/${clientId}` };
}

const GRANT_TYPES = ['password', 'refresh_token', 'client_credentials', 'authorization_code', TOKEN_EXCHANGE_GRANT] as const;
export type Grant = (typeof GRANT_TYPES)[number] | 'junk';

function grantTypeValue(rng: Rng, grant: Grant): string | null {
  if (grant !== 'junk') return grant;
  return rng.pick([
    null,
    '',
    'PASSWORD',
    ' password',
    'password ',
    'implicit',
    'urn:ietf:params:oauth:grant-type:jwt-bearer',
    'urn:ietf:params:oauth:grant-type:device_code',
    'urn:ietf:params:oauth:grant-type:token-exchange\u0000',
    'refresh_token,password',
    junkValue(rng),
  ]);
}

function passwordParams(rng: Rng, w: TokenFuzzWorld): Param[] {
  const params: Param[] = rng.weighted<() => Param[]>([
    [
      3,
      () => [
        ['username', w.customer.username],
        ['password', w.customer.password],
      ],
    ],
    [
      1,
      () => [
        ['username', w.agent.username],
        ['password', w.agent.password],
      ],
    ],
    [
      4,
      () => [
        ['username', junkValue(rng, [...w.otherUsernames, w.customer.username.toUpperCase(), ` ${w.customer.username} `])],
        ['password', junkValue(rng)],
      ],
    ],
  ])();
  if (rng.chance(0.5)) params.push(['company_user_id', junkValue(rng, w.companyUserIds)]);
  return params;
}

function subjectFor(rng: Rng, w: TokenFuzzWorld, type: string): string {
  switch (type) {
    case TokenType.accessToken:
      return junkValue(rng, [...w.accessTokens, ...w.agentAccessTokens]);
    case TokenType.loginToken:
      return junkValue(rng, w.loginTokens);
    case TokenType.customerId:
      return junkValue(rng, w.customerIds);
    case TokenType.refreshToken:
      return junkValue(rng, w.refreshTokens);
    default:
      return rng.chance(0.6) ? junkJwt(rng) : junkValue(rng);
  }
}

function exchangeParams(rng: Rng, w: TokenFuzzWorld): Param[] {
  const type = rng.weighted([
    [3, TokenType.accessToken],
    [3, TokenType.loginToken],
    [3, TokenType.jwt],
    [3, TokenType.customerId],
    [1, TokenType.refreshToken],
    [1, 'urn:ietf:params:oauth:token-type:id_token'],
    [1, junkValue(rng)],
  ]);
  const params: Param[] = [
    ['subject_token', subjectFor(rng, w, type)],
    ['subject_token_type', type],
  ];
  if (rng.chance(0.4)) {
    params.push(['actor_token', junkValue(rng, w.agentAccessTokens)]);
    if (rng.chance(0.8)) params.push(['actor_token_type', rng.pick([TokenType.accessToken, TokenType.jwt, junkValue(rng)])]);
  } else if (rng.chance(0.1)) {
    params.push(['actor_token_type', TokenType.accessToken]);
  }
  if (rng.chance(0.3)) params.push(['company_user_id', junkValue(rng, w.companyUserIds)]);
  if (rng.chance(0.15)) params.push(['requested_token_type', rng.pick([TokenType.accessToken, TokenType.refreshToken, junkValue(rng)])]);
  if (rng.chance(0.15)) params.push([rng.pick(['audience', 'resource']), junkValue(rng, [w.audience])]);
  return params;
}

function grantParams(rng: Rng, w: TokenFuzzWorld, grant: Grant): Param[] {
  switch (grant) {
    case 'password':
      return passwordParams(rng, w);
    case 'refresh_token':
      return [['refresh_token', junkValue(rng, w.refreshTokens)]];
    case 'client_credentials':
      return [];
    case 'authorization_code':
      return [
        ['code', junkValue(rng)],
        ['redirect_uri', junkValue(rng, ['https://shop.example.com/callback'])],
        ['code_verifier', rng.chance(0.5) ? randomWord(rng, 43, 128) : junkValue(rng)],
      ];
    case TOKEN_EXCHANGE_GRANT:
      return exchangeParams(rng, w);
    case 'junk':
      return Array.from({ length: rng.between(0, 3) }, () => [randomWord(rng), junkValue(rng)] as Param);
  }
}

/** Duplicates, omissions, oversized values and junk names: what a form parser and a grant see least often. */
function mutateParams(rng: Rng, params: Param[]): Param[] {
  const out = [...params];
  const at = () => rng.int(out.length);
  const times = rng.weighted([
    [5, 0],
    [4, 1],
    [2, 2],
    [1, 4],
  ]);
  for (let i = 0; i < times && out.length; i++) {
    rng.weighted<() => void>([
      [
        3,
        () => {
          const p = out[at()]!;
          out.push([p[0], rng.chance(0.5) ? p[1] : junkValue(rng)]);
        },
      ],
      [
        2,
        () => {
          out.splice(at(), 1);
        },
      ],
      [
        2,
        () => {
          const i = at();
          out[i] = [out[i]![0], longString(rng, rng.pick([513, 4097, 20_000, 34_000]))];
        },
      ],
      [
        2,
        () =>
          out.push([
            rng.pick(['scope', 'resource', 'audience', 'nonce', 'state', 'code_verifier', 'redirect_uri', 'client_id', 'response_type']),
            junkValue(rng),
          ]),
      ],
      [
        2,
        () =>
          out.push([
            rng.pick(['grant_type[]', 'grant_type[0]', 'GRANT_TYPE', 'grant_type ', '', '__proto__', 'constructor', 'a\u0000b', '\u00ff']),
            junkValue(rng),
          ]),
      ],
      [
        1,
        () => {
          for (let n = rng.pick([50, 300]); n > 0; n--) out.push([randomWord(rng, 1, 6), randomWord(rng, 0, 6)]);
        },
      ],
      [
        1,
        () => {
          const i = at();
          const j = at();
          [out[i], out[j]] = [out[j]!, out[i]!];
        },
      ],
    ])();
  }
  return out;
}

function extraHeaders(rng: Rng, audience: string): [string, string][] {
  const headers: [string, string][] = [];
  // A fresh client address per request, so IP lockout does not answer in place of the grants.
  const ip = () => `${rng.between(1, 223)}.${rng.int(256)}.${rng.int(256)}.${rng.between(1, 254)}`;
  headers.push([
    'X-Forwarded-For',
    rng.weighted([
      [20, ip()],
      [1, 'unknown'],
      [1, `${ip()}, ${ip()}, ::1`],
      [1, '\u00ff\u00fe'],
      [1, `${ip()},`.repeat(300)],
      [1, '[::1]:80'],
    ]),
  ]);
  if (rng.chance(0.03))
    headers.push([
      'Origin',
      rng.pick(['https://shop.example.com', 'https://evil.example.com', 'null', junkValue(rng).replace(/[^\t\x20-\x7e\x80-\xff]/g, '')]),
    ]);
  if (rng.chance(0.05)) headers.push(['Accept', rng.pick(['text/html', '*/*', 'application/xml', 'x'])]);
  if (rng.chance(0.03)) headers.push(['DPoP', junkJwt(rng)]);
  if (rng.chance(0.03)) headers.push(['Cookie', rng.pick(['_session=x', '_interaction=../../', `a=${'b'.repeat(4000)}`])]);
  if (rng.chance(0.02)) headers.push(['Host', rng.pick(['[', 'evil.example.com', '', 'a b', `${new URL(audience).host}:99999`])]);
  if (rng.chance(0.02)) headers.push(['X-Forwarded-Proto', rng.pick(['https', 'gopher', ''])]);
  return headers;
}

/**
 * Case `rng` of the token-endpoint fuzz: one malformed (or nearly well-formed)
 * token request. A third are well-formed but for their values (a form body,
 * the right client for the grant, real tokens among the junk), so the junk
 * reaches the grant handlers instead of stopping at the parser or client auth.
 */
export function tokenRequest(rng: Rng, w: TokenFuzzWorld): { req: RawRequest; label: string } {
  if (w.browserSessions.length > 0 && rng.chance(0.04)) return authorizationRequest(rng, w);
  const grant: Grant = rng.weighted([
    [5, 'password'],
    [4, 'refresh_token'],
    [3, 'client_credentials'],
    [2, 'authorization_code'],
    [6, TOKEN_EXCHANGE_GRANT],
    [2, 'junk'],
  ] as const);
  const wellFormed = grant !== 'junk' && rng.chance(0.35);
  const auth = wellFormed ? validClientAuth(rng, w, grant) : clientAuth(rng, w, grant);
  const grantType = wellFormed ? grant : grantTypeValue(rng, grant);
  let params: Param[] = [
    ...(grantType === null ? [] : [['grant_type', grantType] as Param]),
    ...grantParams(rng, w, grant),
    ...auth.params,
  ];
  if (rng.chance(0.3))
    params.push([
      'scope',
      rng.chance(0.5)
        ? rng.pick(['storefront', 'admin:read admin:write', 'openid offline_access', 'storefront storefront'])
        : junkValue(rng),
    ]);
  const xff = extraHeaders(rng, w.audience);
  if (wellFormed) {
    const body = Buffer.from(new URLSearchParams(params).toString());
    const headers: [string, string][] = [...auth.headers, xff[0]!, ['Content-Type', 'application/x-www-form-urlencoded']];
    return {
      req: { method: 'POST', path: '/token', headers, body },
      label: `${grant === TOKEN_EXCHANGE_GRANT ? 'token-exchange' : grant}/well-formed/${auth.label}`,
    };
  }
  params = mutateParams(rng, params);
  const encoded = encodeBody(rng, params);

  const headers: [string, string][] = [...auth.headers, ...xff];
  if (encoded.contentType !== null) headers.push(['Content-Type', encoded.contentType]);
  if (encoded.contentEncoding) headers.push(['Content-Encoding', encoded.contentEncoding]);
  if (rng.chance(0.02) && encoded.contentType) headers.push(['Content-Type', 'application/json']);

  const method = rng.weighted([
    [60, 'POST'],
    [1, 'GET'],
    [1, 'PUT'],
    [1, 'PATCH'],
    [1, 'DELETE'],
  ]);
  const query = rng.weighted<() => string>([
    [30, () => ''],
    [1, () => `?grant_type=${percentEncode(grantType ?? 'password')}`],
    [1, () => `?client_id=${percentEncode(auth.params[0]?.[1] ?? 'x')}&x=%zz`],
    [1, () => `?${'a=1&'.repeat(200)}`],
  ])();
  const path = `${rng.weighted([
    [40, '/token'],
    [1, '/token/'],
    [1, '//token'],
  ])}${query}`;
  const label = `${grant === TOKEN_EXCHANGE_GRANT ? 'token-exchange' : grant}/${encoded.label}/${auth.label}`;
  return { req: { method, path, headers, body: method === 'GET' ? undefined : encoded.body, chunked: rng.chance(0.08) }, label };
}
