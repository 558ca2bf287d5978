import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { KeyRecord } from '../../storage/ports.ts';
import { realmKeySet, type RealmSnapshot } from './realm-snapshot.ts';

const privateKeys = new WeakMap<KeyRecord, KeyObject>();

function privateKeyOf(key: KeyRecord): KeyObject {
  let object = privateKeys.get(key);
  if (!object) {
    object = createPrivateKey({ key: key.privateJwk as JsonWebKey, format: 'jwk' });
    privateKeys.set(key, object);
  }
  return object;
}

/** Claims in the order Keycloak emits them; anything else follows in the order it came. */
const keycloakOrder = ['exp', 'iat', 'auth_time', 'jti', 'iss', 'aud', 'sub', 'typ', 'azp', 'nonce', 'sid', 'acr', 'allowed-origins', 'realm_access', 'resource_access', 'scope'];

export function orderClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const name of keycloakOrder) if (claims[name] !== undefined) ordered[name] = claims[name];
  for (const [name, value] of Object.entries(claims)) if (!(name in ordered) && value !== undefined) ordered[name] = value;
  return ordered;
}

/** Signs a token payload as Keycloak does: RS256, header `typ: JWT` and the key's kid. */
export async function signRs256(key: KeyRecord, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(orderClaims(claims)).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid }).sign(privateKeyOf(key));
}

/**
 * The jti of an access token presented by value, once its signature checks out against one of
 * the realm's keys; undefined for anything else. Expiry is checked on the stored record.
 */
export async function verifiedTokenId(snapshot: RealmSnapshot, value: string): Promise<string | undefined> {
  try {
    const { payload } = await jwtVerify(value, realmKeySet(snapshot), { algorithms: ['RS256'], currentDate: new Date(0) });
    return typeof payload.jti === 'string' ? payload.jti : undefined;
  } catch {
    return undefined;
  }
}
