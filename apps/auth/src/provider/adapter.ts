import type { OidcPayloadStore } from '@latchkey/db';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { oauthError } from '../oauth/errors.js';
import { type ClientRegistry, clientMetadata } from './clients.js';

/**
 * oidc-provider's storage on Latchkey's database. Clients come from the
 * OAuthClient table; everything else goes through the payload store, which
 * keeps only hashes of the ids it is given.
 */
export function createAdapterFactory(store: OidcPayloadStore, clients: ClientRegistry): new (kind: string) => Adapter {
  return class LatchkeyAdapter implements Adapter {
    constructor(private readonly kind: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.kind === 'Client') throw new Error('clients are managed through the admin API');
      await store.upsert(this.kind, id, payload as Record<string, unknown>, expiresIn);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.kind === 'Client') {
        const record = await clients.get(id);
        return record ? (clientMetadata(record) as AdapterPayload) : undefined;
      }
      return (await store.find(this.kind, id)) as AdapterPayload | undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return (await store.findByUserCode(this.kind, userCode)) as AdapterPayload | undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await store.findByUid(this.kind, uid)) as AdapterPayload | undefined;
    }

    /**
     * oidc-provider checks `consumed` and then consumes: two concurrent
     * redemptions of one code would both pass the check. The conditional
     * write lets exactly one through.
     */
    async consume(id: string): Promise<void> {
      if (!(await store.consume(this.kind, id))) throw oauthError('grant_invalid', `${this.kind} was already used`);
    }

    async destroy(id: string): Promise<void> {
      await store.destroy(this.kind, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await store.revokeByGrantId(grantId);
    }
  };
}
