import { defaultPolicy, TOKEN_EXCHANGE_GRANT } from '@latchkey/core';
import { type Db, hashPassword, hashToken, uuidv7 } from '@latchkey/db';
import { CLIENTS, STORE } from './plan.js';

export type Customer = { id: string; email: string; password: string; defaultCompanyUserId: string; otherCompanyUserId: string };

const BATCH = 2_000;

async function inBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

export async function seedClients(db: Db): Promise<void> {
  const base = { redirectUris: [], postLogoutRedirectUris: [], corsOrigins: [], redirectAllowList: [] };
  await db.prisma.oAuthClient.createMany({
    data: [
      {
        ...base,
        id: CLIENTS.storefront,
        name: 'Storefront',
        type: 'public',
        subjectType: 'customer',
        grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT],
        scopes: ['storefront'],
        storeHash: STORE.hash,
        channelIds: [STORE.channelId],
      },
      {
        ...base,
        id: CLIENTS.backend.id,
        name: 'Order backend',
        type: 'confidential',
        subjectType: 'customer',
        secretHash: hashToken(CLIENTS.backend.secret),
        grantTypes: ['client_credentials'],
        scopes: ['orders'],
        // A resource server: it introspects the storefront's tokens (issue 10: only such clients may).
        canIntrospect: true,
      },
      ...CLIENTS.others.map((id) => ({
        ...base,
        id,
        name: id,
        type: 'public' as const,
        subjectType: 'customer' as const,
        grantTypes: ['refresh_token', TOKEN_EXCHANGE_GRANT],
        scopes: ['storefront'],
      })),
    ],
  });
}

/**
 * Customers with argon2id hashes at the policy's parameters, each the
 * default company user of one company and a second company user of the
 * next. A handful of distinct passwords and hashes are shared round robin:
 * a verify costs the same whichever hash it checks, and hashing thousands
 * of passwords would take minutes.
 */
export async function seedCustomers(db: Db, count: number, companies: number): Promise<Customer[]> {
  const passwords = await Promise.all(
    Array.from({ length: 8 }, async (_, i) => {
      const password = `bench-password-${i}`;
      return { password, hash: await hashPassword(password, defaultPolicy.passwordHash) };
    }),
  );
  const companyRows = Array.from({ length: companies }, (_, i) => ({ id: uuidv7(), name: `Company ${String(i).padStart(4, '0')} GmbH` }));
  const roleRows = companyRows.map((company) => ({ id: uuidv7(), companyId: company.id, name: 'Buyer', isDefault: true }));
  const permissionRows = roleRows.flatMap((role) => [
    { id: uuidv7(), roleId: role.id, key: 'ReadSharedCartPermissionPlugin', configuration: { id_quote_collection: [21, 22] } },
    { id: uuidv7(), roleId: role.id, key: 'create_address' },
  ]);
  await db.prisma.company.createMany({ data: companyRows });
  await db.prisma.companyRole.createMany({ data: roleRows });
  await db.prisma.companyRolePermission.createMany({ data: permissionRows });

  const now = new Date();
  const customers: Customer[] = [];
  const customerRows = [];
  const companyUserRows = [];
  for (let i = 0; i < count; i++) {
    const { password, hash } = passwords[i % passwords.length]!;
    const email = `customer-${String(i).padStart(7, '0')}@bench.example`;
    const customer = { id: uuidv7(), email, password, defaultCompanyUserId: uuidv7(), otherCompanyUserId: uuidv7() };
    customers.push(customer);
    customerRows.push({
      id: customer.id,
      email,
      reference: `DE--${i}`,
      passwordHash: hash,
      emailVerifiedAt: now,
      firstName: 'Bench',
      lastName: `Customer ${i}`,
      status: 'active' as const,
    });
    const home = i % companies;
    const away = (i + 1) % companies;
    companyUserRows.push(
      {
        id: customer.defaultCompanyUserId,
        customerId: customer.id,
        companyId: companyRows[home]!.id,
        roleId: roleRows[home]!.id,
        isDefault: true,
      },
      {
        id: customer.otherCompanyUserId,
        customerId: customer.id,
        companyId: companyRows[away]!.id,
        roleId: roleRows[away]!.id,
        isDefault: false,
      },
    );
  }
  await inBatches(customerRows, (data) => db.prisma.customer.createMany({ data }));
  await inBatches(companyUserRows, (data) => db.prisma.companyUser.createMany({ data }));
  return customers;
}
