import { ADMIN_SCOPES } from '@latchkey/core';
import type { Prisma } from '@latchkey/db';
import { invalidInput, trpcError, type ValidationIssue } from '../errors.js';

type Shape = {
  type: 'public' | 'confidential';
  subjectType: 'customer' | 'agent';
  grantTypes: string[];
  redirectUris: string[];
  scopes: string[];
  baseUrl?: string | null | undefined;
  logoutPath?: string | null | undefined;
  canIntrospect: boolean;
};

/**
 * Rules across fields, checked on the client as it will be stored (after an
 * update is merged in). Raised like input validation, with issues, so a form
 * can show them next to the fields.
 */
export function assertClientShape(client: Shape): void {
  const issues: ValidationIssue[] = [];
  if (client.type === 'public' && client.grantTypes.includes('client_credentials')) {
    issues.push({ code: 'custom', path: ['grantTypes'], message: 'a public client has no secret, so it cannot use client_credentials' });
  }
  if (client.grantTypes.includes('authorization_code') && client.redirectUris.length === 0) {
    issues.push({ code: 'custom', path: ['redirectUris'], message: 'authorization_code needs at least one redirect URI' });
  }
  // Admin scopes go to a confidential client's client credentials or to staff by role: a public
  // customer client could only ever hand them to customers, who never hold one.
  const admin = client.scopes.filter((scope) => ADMIN_SCOPES.includes(scope));
  if (client.type === 'public' && client.subjectType === 'customer' && admin.length > 0) {
    issues.push({
      code: 'custom',
      path: ['scopes'],
      message: `a public client of the customer directory cannot hold admin scopes (${admin.join(', ')})`,
    });
  }
  if (client.logoutPath && !client.baseUrl) {
    issues.push({ code: 'custom', path: ['logoutPath'], message: 'a logout path needs the base URL it is a path on' });
  }
  if (client.type === 'public' && client.canIntrospect) {
    issues.push({
      code: 'custom',
      path: ['canIntrospect'],
      message: 'a public client cannot introspect: introspection needs client authentication',
    });
  }
  if (issues.length > 0) throw invalidInput(issues);
}

/**
 * A store's channel is served by one client: the storefront-token door
 * picks its client by store hash and channel id, so no two clients may share a pair.
 */
export async function assertStoreChannelsFree(
  tx: Prisma.TransactionClient,
  client: { id: string; storeHash: string | null | undefined; channelIds: number[] },
): Promise<void> {
  if (!client.storeHash || client.channelIds.length === 0) return;
  const taken = await tx.oAuthClient.findFirst({
    where: { id: { not: client.id }, storeHash: client.storeHash, channelIds: { hasSome: client.channelIds } },
    select: { id: true },
  });
  if (taken) throw trpcError('already_exists', `client ${taken.id} already serves a channel of store ${client.storeHash}`);
}
