import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { newId } from '../../../kernel/ids.ts';
import type { ComponentRecord, KeyRecord } from '../../../storage/ports.ts';
import { importProblem } from './import-problem.ts';

/** The component type of realm keys in an export. */
export const KEY_PROVIDER_TYPE = 'org.keycloak.keys.KeyProvider';

/** Key providers whose material becomes a realm key (the others stay components). */
const RSA_PROVIDERS = new Set(['rsa', 'rsa-generated']);
const HMAC_PROVIDERS = new Set(['hmac-generated', 'hmac-generated-hs512']);

/** Whether a key-provider component carries material Gatehouse signs with. */
export function isSigningKeyComponent(c: Pick<ComponentRecord, 'providerId' | 'config'>): boolean {
  if (RSA_PROVIDERS.has(c.providerId)) return Boolean(c.config.privateKey?.[0]) && (c.config.keyUse?.[0] ?? 'SIG').toUpperCase() === 'SIG';
  return HMAC_PROVIDERS.has(c.providerId) && Boolean(c.config.secret?.[0]);
}

/** Keycloak's kid for an RSA key: base64url SHA-256 of the public key's DER encoding. */
function rsaKid(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}

function readPrivateKey(text: string, path: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPrivateKey(trimmed);
  const der = Buffer.from(trimmed, 'base64');
  // Keycloak writes the PEM body without its armour: PKCS#1 from its own generator, PKCS#8 when pasted in.
  for (const type of ['pkcs1', 'pkcs8'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  throw importProblem(path, 'privateKey is not an RSA private key');
}

/**
 * A realm key from an exported key-provider component: the RSA key pair (`privateKey`,
 * `certificate`) or the HMAC secret, with the component's priority, enabled and active flags.
 */
export function keyFromComponent(realmId: string, c: ComponentRecord, now: number, path: string): KeyRecord {
  const first = (name: string): string | undefined => c.config[name]?.[0];
  const priority = Number(first('priority') ?? 100);
  const flags = { enabled: first('enabled') !== 'false', active: first('active') !== 'false', priority: Number.isFinite(priority) ? priority : 100 };
  if (RSA_PROVIDERS.has(c.providerId)) {
    let privateKey: KeyObject;
    try {
      privateKey = readPrivateKey(first('privateKey') ?? '', `${path}.config.privateKey`);
    } catch (error) {
      throw importProblem(`${path}.config.privateKey`, (error as Error).message.replace(/^.*?: /, ''));
    }
    if (privateKey.asymmetricKeyType !== 'rsa') throw importProblem(`${path}.config.privateKey`, 'not an RSA key');
    const publicKey = createPublicKey(privateKey);
    const kid = rsaKid(publicKey);
    const algorithm = first('algorithm') ?? 'RS256';
    return {
      id: c.id,
      realmId,
      kid,
      providerId: c.providerId,
      algorithm,
      use: 'sig',
      ...flags,
      publicJwk: { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, alg: algorithm, use: 'sig' },
      privateJwk: { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, alg: algorithm, use: 'sig' },
      certificate: first('certificate') ?? null,
      createdAt: now,
    };
  }
  const kid = first('kid') ?? newId();
  const algorithm = first('algorithm') ?? (c.providerId === 'hmac-generated-hs512' ? 'HS512' : 'HS256');
  return {
    id: c.id,
    realmId,
    kid,
    providerId: c.providerId,
    algorithm,
    use: 'sig',
    ...flags,
    publicJwk: null,
    privateJwk: { kty: 'oct', k: first('secret') ?? '', kid, alg: algorithm },
    certificate: null,
    createdAt: now,
  };
}

/** A realm key as the key-provider component an export carries (private material included, as Keycloak's export does). */
export function componentFromKey(key: KeyRecord, realmId: string): ComponentRecord {
  const config: Record<string, string[]> = { priority: [String(key.priority)], enabled: [String(key.enabled)], active: [String(key.active)], algorithm: [key.algorithm] };
  if (key.privateJwk.kty === 'RSA') {
    const privateKey = createPrivateKey({ key: key.privateJwk as never, format: 'jwk' });
    config.privateKey = [privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64')];
    config.keyUse = ['SIG'];
    if (key.certificate) config.certificate = [key.certificate];
  } else {
    config.kid = [key.kid];
    config.secret = [String(key.privateJwk.k ?? '')];
  }
  return { id: key.id, realmId, parentId: realmId, name: key.providerId, providerId: key.providerId, providerType: KEY_PROVIDER_TYPE, subType: null, config };
}
