import type { Clock } from '../../kernel/clock.ts';
import type { OidcPayloadRecord, Store } from '../../storage/ports.ts';

/** The shape oidc-provider expects of a storage adapter instance. */
export interface ProviderAdapter {
  upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Record<string, unknown> | undefined>;
  findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined>;
  findByUid(uid: string): Promise<Record<string, unknown> | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

export type AdapterClass = new (model: string) => ProviderAdapter;

/**
 * An oidc-provider adapter over the store, bound to one realm: sessions, codes, tokens,
 * grants and interactions live in the database, so any node can continue what another began
 * and a restart loses nothing. `clients` answers the `Client` model from the realm's clients.
 */
export function storeAdapter(
  store: Store,
  realmId: string,
  clock: Clock,
  clients: (clientId: string) => Promise<Record<string, unknown> | undefined>,
  /** The stored id (jti) of a token presented by its JWT value, or undefined when the JWT is not the realm's. */
  tokenIdOf: (value: string) => Promise<string | undefined>,
): AdapterClass {
  const byValue = new Set(['AccessToken', 'ClientCredentials']);
  const live = (record: OidcPayloadRecord | undefined): Record<string, unknown> | undefined => {
    if (!record) return undefined;
    if (record.expiresAt !== null && record.expiresAt <= clock.now()) return undefined;
    return record.consumedAt === null ? record.payload : { ...record.payload, consumed: Math.floor(record.consumedAt / 1000) };
  };

  return class StoreAdapter implements ProviderAdapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
      await store.oidcPayloads.upsert({
        realmId,
        model: this.model,
        id,
        payload,
        grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
        userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
        uid: typeof payload.uid === 'string' ? payload.uid : null,
        accountId: typeof payload.accountId === 'string' ? payload.accountId : null,
        expiresAt: expiresIn ? clock.now() + expiresIn * 1000 : null,
        consumedAt: null,
      });
    }

    async find(id: string): Promise<Record<string, unknown> | undefined> {
      if (this.model === 'Client') return clients(id);
      if (byValue.has(this.model) && id.includes('.')) {
        const jti = await tokenIdOf(id);
        return jti === undefined ? undefined : live(await store.oidcPayloads.find(realmId, this.model, jti));
      }
      return live(await store.oidcPayloads.find(realmId, this.model, id));
    }

    async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
      return live(await store.oidcPayloads.findByUserCode(realmId, this.model, userCode));
    }

    async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
      return live(await store.oidcPayloads.findByUid(realmId, this.model, uid));
    }

    async consume(id: string): Promise<void> {
      await store.oidcPayloads.consume(realmId, this.model, id, clock.now());
    }

    async destroy(id: string): Promise<void> {
      const jti = byValue.has(this.model) && id.includes('.') ? await tokenIdOf(id) : id;
      if (jti !== undefined) await store.oidcPayloads.destroy(realmId, this.model, jti);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await store.oidcPayloads.revokeByGrantId(realmId, grantId);
    }
  };
}
