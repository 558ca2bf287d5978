import { createHash, generateKeyPair as generateKeyPairCallback, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { newId } from '../../kernel/ids.ts';
import type { KeyRecord } from '../../storage/ports.ts';

const generateKeyPair = promisify(generateKeyPairCallback);

/** Makes the key pair of a new realm's RS256 key. */
export type RsaKeyPairSource = () => Promise<{ publicKey: KeyObject; privateKey: KeyObject }>;

// Generated in libuv's thread pool, so the event loop keeps serving while a realm is created.
const freshRsaKeyPair: RsaKeyPairSource = () => generateKeyPair('rsa', { modulusLength: 2048 });
let rsaKeyPairSource = freshRsaKeyPair;

/**
 * Replaces, in this process, where new realms' RSA key pairs come from; `undefined` restores
 * fresh generation. For tests, which create hundreds of realms: a 2048-bit key takes 0.1–0.3 s
 * of CPU to generate. The server never calls it.
 */
export function setRsaKeyPairSource(source: RsaKeyPairSource | undefined): void {
  rsaKeyPairSource = source ?? freshRsaKeyPair;
}

/** Keycloak derives a key's kid from its material; a SHA-256 over the public JWK members serves the same purpose. */
function kidOf(material: string): string {
  return createHash('sha256').update(material).digest('base64url').slice(0, 43);
}

/** A 2048-bit RSA key for RS256 signatures, as Keycloak's `rsa-generated` provider makes. */
export async function generateRsaSigningKey(realmId: string, now: number): Promise<KeyRecord> {
  const { publicKey, privateKey } = await rsaKeyPairSource();
  const publicJwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const kid = kidOf(`${String(publicJwk.e)}.${String(publicJwk.kty)}.${String(publicJwk.n)}`);
  return {
    id: newId(),
    realmId,
    kid,
    providerId: 'rsa-generated',
    algorithm: 'RS256',
    use: 'sig',
    priority: 100,
    enabled: true,
    active: true,
    publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' },
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, alg: 'RS256', use: 'sig' },
    certificate: null,
    createdAt: now,
  };
}

/** A 512-bit HMAC secret, as Keycloak's `hmac-generated-hs512`; it signs refresh and action tokens. */
export function generateHmacKey(realmId: string, now: number): KeyRecord {
  const kid = newId();
  return {
    id: newId(),
    realmId,
    kid,
    providerId: 'hmac-generated-hs512',
    algorithm: 'HS512',
    use: 'sig',
    priority: 100,
    enabled: true,
    active: true,
    publicJwk: null,
    privateJwk: { kty: 'oct', k: randomBytes(64).toString('base64url'), kid, alg: 'HS512' },
    certificate: null,
    createdAt: now,
  };
}
