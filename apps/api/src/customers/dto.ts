import type { Prisma } from '@latchkey/db';
import { iso, isoOrNull } from '../lib/dates.js';

/** Every column but the password hash, which no answer may carry. */
export const customerSelect = {
  id: true,
  reference: true,
  email: true,
  emailVerifiedAt: true,
  firstName: true,
  lastName: true,
  status: true,
  passwordChangedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.CustomerSelect;

type CustomerRow = Prisma.CustomerGetPayload<{ select: typeof customerSelect }>;

export type CustomerDto = {
  id: string;
  reference: string;
  email: string;
  emailVerified: boolean;
  emailVerifiedAt: string | null;
  firstName: string;
  lastName: string;
  status: 'active' | 'disabled';
  passwordChangedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export const toCustomerDto = (row: CustomerRow): CustomerDto => ({
  id: row.id,
  reference: row.reference,
  email: row.email,
  emailVerified: row.emailVerifiedAt !== null,
  emailVerifiedAt: isoOrNull(row.emailVerifiedAt),
  firstName: row.firstName,
  lastName: row.lastName,
  status: row.status,
  passwordChangedAt: isoOrNull(row.passwordChangedAt),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});
