import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@latchkey/db';

type RowsOptions = {
  /** The fixture's clock: hours from its start as a Date. */
  at: (hours: number) => Date;
  customerIds: readonly string[];
  companyUsers: readonly { id: string; customerId: string }[];
  /** Row i's kind is i % kinds: 0 and 1 a customer's token, 2 a company user's, the rest anonymous. */
  kinds: number;
};

/**
 * Login-token rows whose columns repeat a small set of values, so every sort
 * has long runs of ties and every nullable column has many nulls.
 */
export function loginTokenRows(count: number, { at, customerIds, companyUsers, kinds }: RowsOptions) {
  return Array.from({ length: count }, (_, i) => {
    const kind = i % kinds;
    const companyUser = kind === 2 ? companyUsers[i % companyUsers.length]! : null;
    return {
      id: uuidv7(),
      tokenHash: randomBytes(16).toString('hex'),
      clientId: i % 3 === 0 ? 'punchout' : 'storefront',
      customerId: companyUser ? companyUser.customerId : kind < 2 ? customerIds[i % customerIds.length]! : null,
      companyUserId: companyUser?.id ?? null,
      expiresAt: i % 7 === 0 ? null : at(24 + (i % 11) * 6),
      lastAccessedAt: i % 3 === 0 ? null : at(i % 13),
      successfulAttempts: i % 6,
      failedAttempts: i % 4,
      oneTimeUse: i % 2 === 0,
      lockCompanyUser: i % 5 === 0,
      revokedAt: i % 10 === 0 ? at(1) : null,
      createdAt: at(-(i % 17)),
      updatedAt: at(-(i % 9) / 2),
    };
  });
}
