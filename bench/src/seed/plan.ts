/** The fixed names the seed and the scenarios agree on. */
export const CLIENTS = {
  /** The storefront SPA: public, password + refresh + token exchange. */
  storefront: 'storefront',
  /** A confidential backend that introspects refresh tokens. */
  backend: { id: 'order-backend', secret: 'order-backend-secret-0123456789abcdefghij' },
  /** The bootstrap admin client (LATCHKEY_ADMIN_CLIENT_ID/SECRET) the list scenario uses. */
  admin: { id: 'bench-admin', secret: 'bench-admin-secret-0123456789abcdefghijkl' },
  /** More clients the listed login tokens are spread over. */
  others: ['storefront-b2b', 'punchout'],
} as const;

/** The BigCommerce store the storefront client serves (the B2B storefront-token door finds it by these). */
export const STORE = { hash: 'benchstore', channelId: 1 } as const;

export const SECRET_KEY = 'latchkey-bench-secret-key-0123456789abcdef';

/** How much of each single-use pool one Latchkey setup (database and worker count) needs. */
export type PoolPlan = {
  passwordUsers: number;
  refreshTokens: number;
  loginTokens: number;
  exchangeSubjects: number;
  /** The front doors' own pools: a door spends its items as its native grant does. */
  gluePasswordUsers: number;
  glueRefreshTokens: number;
  glueExchangeSubjects: number;
  storefrontTokenUsers: number;
};

export type SeedConfig = {
  database: { url: string } | { dataDir: string };
  secretKey: string;
  /** One plan per setup measured (e.g. 1 and 2 auth workers); no token or user is shared between them. */
  setups: PoolPlan[];
  introspectionTokens: number;
  listRows: number;
  /** Live sessions besides the pools', never used by a request: the data a refresh is measured against at scale. */
  fillerSessions: number;
};

export type PasswordUser = { username: string; password: string };
export type ExchangeSubject = { refreshToken: string; switchTo: string };

export type SeededPools = {
  passwordUsers: PasswordUser[];
  refreshTokens: string[];
  loginTokens: string[];
  exchangeSubjects: ExchangeSubject[];
  glue: { passwordUsers: PasswordUser[]; refreshTokens: string[]; exchangeSubjects: ExchangeSubject[] };
  storefrontTokenUsers: PasswordUser[];
};

export type SeedResult = {
  type: 'seeded';
  setups: SeededPools[];
  introspectionTokens: string[];
  list: { rows: number; customerIds: string[]; companyUserIds: string[]; clientIds: string[] };
  /** Live sessions (grants) in the table once seeded. */
  sessions: number;
  /** Seconds each seeding step took. */
  timings: Record<string, number>;
};
