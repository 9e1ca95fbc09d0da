/**
 * What the auth client keeps between calls: plain JSON, so any storage can
 * hold it. `expiresAt` is on this machine's clock (receipt time plus
 * `expires_in`), which makes a skewed server clock harmless.
 */
export type Tokens = {
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Absent for sessions without refresh (an agent acting for a customer, by default). */
  refreshToken?: string;
  scope: string;
  /** The company user the session is for (`id_company_user`), if any. */
  companyUserId?: string;
};

export const isTokens = (value: unknown): value is Tokens => {
  const tokens = value as Partial<Tokens> | null;
  return typeof tokens?.accessToken === 'string' && typeof tokens.expiresAt === 'number' && typeof tokens.scope === 'string';
};
