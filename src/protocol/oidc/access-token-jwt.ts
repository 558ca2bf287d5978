import { createPrivateKey, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyRecord } from '../../storage/ports.ts';
import type { RealmSnapshot } from './realm-snapshot.ts';

/**
 * Access tokens are signed and checked with node:crypto directly rather than through WebCrypto:
 * with a callback, `crypto.sign` runs the RSA operation on libuv's thread pool, so the event loop
 * goes on serving requests while a token is signed, and it costs about half the CPU of the
 * WebCrypto route per signature. The JWS itself is plain RS256 (RSASSA-PKCS1-v1_5 with SHA-256).
 */
const signOnThreadPool = promisify(sign) as (algorithm: string, data: Buffer, key: KeyObject) => Promise<Buffer>;

const privateKeys = new WeakMap<KeyRecord, KeyObject>();
const publicKeys = new WeakMap<KeyRecord, KeyObject>();

/** The key object made from a stored JWK, made once per key record. */
function keyObject(cache: WeakMap<KeyRecord, KeyObject>, key: KeyRecord, make: (jwk: JsonWebKey) => KeyObject, jwk: unknown): KeyObject {
  let object = cache.get(key);
  if (!object) {
    object = make(jwk as JsonWebKey);
    cache.set(key, object);
  }
  return object;
}

const privateKeyOf = (key: KeyRecord) => keyObject(privateKeys, key, (jwk) => createPrivateKey({ key: jwk, format: 'jwk' }), key.privateJwk);
const publicKeyOf = (key: KeyRecord) => keyObject(publicKeys, key, (jwk) => createPublicKey({ key: jwk, format: 'jwk' }), key.publicJwk);

/** Claims in the order Keycloak emits them; anything else follows in the order it came. */
const keycloakOrder = ['exp', 'iat', 'auth_time', 'jti', 'iss', 'aud', 'sub', 'typ', 'azp', 'nonce', 'sid', 'acr', 'allowed-origins', 'realm_access', 'resource_access', 'scope'];

export function orderClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const name of keycloakOrder) if (claims[name] !== undefined) ordered[name] = claims[name];
  for (const [name, value] of Object.entries(claims)) if (!(name in ordered) && value !== undefined) ordered[name] = value;
  return ordered;
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Signs a token payload as Keycloak does: RS256, header `typ: JWT` and the key's kid. */
export async function signRs256(key: KeyRecord, claims: Record<string, unknown>): Promise<string> {
  const signingInput = `${base64urlJson({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${base64urlJson(orderClaims(claims))}`;
  const signature = await signOnThreadPool('sha256', Buffer.from(signingInput), privateKeyOf(key));
  return `${signingInput}.${signature.toString('base64url')}`;
}

/**
 * The jti of an access token presented by value, once its RS256 signature checks out against one
 * of the realm's enabled keys (by kid); undefined for anything else. Expiry is checked on the
 * stored record.
 */
export async function verifiedTokenId(snapshot: RealmSnapshot, value: string): Promise<string | undefined> {
  const parts = value.split('.');
  if (parts.length !== 3) return undefined;
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  const header = parseJson(encodedHeader);
  if (header?.alg !== 'RS256' || typeof header.kid !== 'string') return undefined;
  const key = snapshot.keys.find((k) => k.enabled && k.algorithm === 'RS256' && k.publicJwk && k.kid === header.kid);
  if (!key) return undefined;
  const signature = Buffer.from(encodedSignature, 'base64url');
  if (!verify('sha256', Buffer.from(`${encodedHeader}.${encodedPayload}`), publicKeyOf(key), signature)) return undefined;
  const payload = parseJson(encodedPayload);
  return typeof payload?.jti === 'string' ? payload.jti : undefined;
}

function parseJson(encoded: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
