import { createPublicKey } from 'node:crypto';
import type { Store } from '../../storage/ports.ts';

/** The bare realm URL's answer: what Keycloak's adapters read to find a realm's key and endpoints. */
export interface RealmPublicInfo {
  realm: string;
  public_key: string | null;
  'token-service': string;
  'account-service': string;
  'tokens-not-before': number;
}

/** Returns the realm's public information, or undefined for an unknown or disabled realm. */
export async function realmPublicInfo(store: Store, realmName: string, baseUrl: string): Promise<RealmPublicInfo | undefined> {
  const realm = await store.realms.findByName(realmName);
  if (!realm || !realm.enabled) return undefined;
  const keys = await store.keys.listForRealm(realm.id);
  const signing = keys.find((k) => k.active && k.enabled && k.algorithm === 'RS256' && k.publicJwk);
  const publicKey = signing?.publicJwk
    ? createPublicKey({ key: signing.publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ format: 'der', type: 'spki' }).toString('base64')
    : null;
  const realmUrl = `${baseUrl}/realms/${encodeURIComponent(realm.name)}`;
  return {
    realm: realm.name,
    public_key: publicKey,
    'token-service': `${realmUrl}/protocol/openid-connect`,
    'account-service': `${realmUrl}/account`,
    'tokens-not-before': Number(realm.settings.notBefore ?? 0),
  };
}
