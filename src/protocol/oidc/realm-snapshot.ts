import { createLocalJWKSet } from 'jose';
import type { ClientRecord, ClientScopeRecord, KeyRecord, RealmRecord, Store } from '../../storage/ports.ts';

/**
 * A realm's configuration as the OIDC engine of that realm sees it: loaded once when the
 * engine is built, and replaced (by rebuilding) when the realm, its clients, scopes or keys
 * change. Users and sessions are never part of it; they are read per request.
 */
export interface RealmSnapshot {
  realm: RealmRecord;
  clientsById: Map<string, ClientRecord>;
  clientsByClientId: Map<string, ClientRecord>;
  scopesById: Map<string, ClientScopeRecord>;
  scopeLinks: Map<string, { scopeId: string; defaultScope: boolean }[]>;
  keys: KeyRecord[];
}

export async function loadRealmSnapshot(store: Store, realm: RealmRecord): Promise<RealmSnapshot> {
  const [clients, scopes, keys] = await Promise.all([
    store.clients.list(realm.id),
    store.clientScopes.list(realm.id),
    store.keys.listForRealm(realm.id),
  ]);
  const scopeLinks = new Map<string, { scopeId: string; defaultScope: boolean }[]>();
  await Promise.all(clients.map(async (c) => scopeLinks.set(c.id, await store.clients.listScopeLinks(c.id))));
  return {
    realm,
    clientsById: new Map(clients.map((c) => [c.id, c])),
    clientsByClientId: new Map(clients.map((c) => [c.clientId, c])),
    scopesById: new Map(scopes.map((s) => [s.id, s])),
    scopeLinks,
    keys,
  };
}

/** The active key the realm signs tokens with for an algorithm. */
export function activeKey(snapshot: RealmSnapshot, algorithm: string): KeyRecord | undefined {
  return snapshot.keys.find((k) => k.active && k.enabled && k.algorithm === algorithm);
}

type KeySet = ReturnType<typeof createLocalJWKSet>;
const keySets = new WeakMap<RealmSnapshot, KeySet>();

/** The realm's enabled RS256 public keys as a JWKS, for verifying the realm's own tokens locally. */
export function realmKeySet(snapshot: RealmSnapshot): KeySet {
  let set = keySets.get(snapshot);
  if (!set) {
    const keys = snapshot.keys
      .filter((k) => k.enabled && k.algorithm === 'RS256' && k.publicJwk)
      .map((k) => ({ ...k.publicJwk, kid: k.kid, alg: 'RS256', use: 'sig' }));
    set = createLocalJWKSet({ keys });
    keySets.set(snapshot, set);
  }
  return set;
}
