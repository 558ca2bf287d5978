/**
 * `GET /keys`: Keycloak's KeysMetadataRepresentation of the realm's key store, the active key
 * per algorithm and every key's public half. Private and secret key material never leaves.
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { KeyRecord } from '../storage/ports.ts';
import type { AdminCall, AdminResponse, AdminRoute } from './types.ts';

const statusOf = (key: KeyRecord): string => (!key.enabled ? 'DISABLED' : key.active ? 'ACTIVE' : 'PASSIVE');

/** Keycloak's key type: RSA, EC, OKP, or OCT for a shared secret. */
function typeOf(key: KeyRecord): string {
  const kty = key.publicJwk?.kty;
  if (typeof kty === 'string') return kty === 'oct' ? 'OCT' : kty;
  return key.algorithm.startsWith('HS') || key.algorithm.startsWith('A') ? 'OCT' : 'RSA';
}

/** The public key as Keycloak prints it: base64 of the DER SubjectPublicKeyInfo. */
function publicKeyOf(key: KeyRecord): string | undefined {
  if (!key.publicJwk || key.publicJwk.kty === 'oct') return undefined;
  try {
    return createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'der' }).toString('base64');
  } catch {
    return undefined;
  }
}

/** A certificate as base64 DER, whether stored as PEM or already bare. */
const certificateOf = (pem: string): string => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

async function getKeys(call: AdminCall): Promise<AdminResponse> {
  const keys = (await call.deps.store.keys.listForRealm(call.realm.id)).sort((a, b) => b.priority - a.priority || b.createdAt - a.createdAt);
  const active: Record<string, string> = {};
  for (const key of keys) if (key.enabled && key.active && !(key.algorithm in active)) active[key.algorithm] = key.kid;
  const body = keys.map((key) => {
    const publicKey = publicKeyOf(key);
    return {
      providerId: key.id,
      providerPriority: key.priority,
      kid: key.kid,
      status: statusOf(key),
      type: typeOf(key),
      algorithm: key.algorithm,
      ...(publicKey ? { publicKey } : {}),
      ...(key.certificate ? { certificate: certificateOf(key.certificate) } : {}),
      use: key.use === 'enc' ? 'ENC' : 'SIG',
    };
  });
  return { status: 200, body: { active, keys: body } };
}

/** The key routes. */
export const keyRoutes: AdminRoute[] = [{ method: 'GET', path: '/keys', permission: 'view-realm', handler: getKeys }];
