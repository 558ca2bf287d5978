import { newId } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { CredentialRecord, RealmRecord, Repositories, Store, UserRecord } from '../../storage/ports.ts';
import { historyRetention } from '../password-policy/settings.ts';
import { realmSetting } from '../realms/model.ts';
import {
  defaultHashPolicy,
  hashPassword,
  needsRehash,
  parseStoredPasswordHash,
  verifyPassword,
  type HashPolicy,
  type StoredPasswordHash,
} from './password-hashing.ts';

export const PASSWORD = 'password';

/** The hashing part of a realm's password policy string (`hashAlgorithm(x) and hashIterations(n)`). */
export function hashPolicyOf(realm: RealmRecord): HashPolicy {
  const policy = realmSetting(realm, 'passwordPolicy', '');
  const value = (id: string): string | undefined =>
    policy
      .split(/\s+and\s+/)
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${id}(`))
      ?.slice(id.length + 1, -1);
  const algorithm = value('hashAlgorithm') ?? defaultHashPolicy.algorithm;
  const iterations = Number(value('hashIterations'));
  return Number.isInteger(iterations) && iterations > 0 ? { algorithm, iterations } : { algorithm };
}

/** A password credential ready to store. Hash before opening a transaction: hashing is slow. */
export async function preparePassword(realm: RealmRecord, password: string, clock: Clock): Promise<Omit<CredentialRecord, 'userId'>> {
  const stored = await hashPassword(password, hashPolicyOf(realm));
  return toCredential(newId(), stored, clock.now());
}

function toCredential(id: string, stored: StoredPasswordHash, createdDate: number): Omit<CredentialRecord, 'userId'> {
  return {
    id,
    type: PASSWORD,
    userLabel: null,
    secretData: JSON.stringify(stored.secretData),
    credentialData: JSON.stringify(stored.credentialData),
    createdDate,
    priority: 10,
  };
}

/** Keycloak 24+'s type for a replaced password kept for the `passwordHistory` and `passwordAge` policies. */
export const PASSWORD_HISTORY = 'password-history';

/**
 * Makes a prepared credential the user's password, in the caller's transaction. As Keycloak
 * does, the replaced password is kept as a `password-history` credential (same hash and
 * creation date) when the realm's `passwordHistory` is above 1 or `passwordAge` is set, and
 * history no policy reads any more is removed: all of it without those policies.
 */
export async function storePassword(tx: Repositories, realmId: string, userId: string, credential: Omit<CredentialRecord, 'userId'>): Promise<void> {
  const realm = await tx.realms.findById(realmId);
  const retention = historyRetention(realm ? realmSetting(realm, 'passwordPolicy', '') : '');
  const history: CredentialRecord[] = [];
  for (const existing of await tx.credentials.listForUser(userId)) {
    if (existing.type === PASSWORD_HISTORY) history.push(existing);
    if (existing.type !== PASSWORD) continue;
    await tx.credentials.delete(userId, existing.id);
    if (!retention.keepReplaced) continue;
    const kept = { ...existing, id: newId(), type: PASSWORD_HISTORY };
    await tx.credentials.create(realmId, kept);
    history.push(kept);
  }
  await tx.credentials.create(realmId, { ...credential, userId });
  for (const stale of retention.stale(history, credential.createdDate)) await tx.credentials.delete(userId, stale.id);
}

/**
 * Checks a password against the user's stored one. A match stored with another algorithm or
 * other parameters than the realm's policy asks for is re-hashed, so imported users move to
 * the current hashing on their next sign-in.
 */
export async function checkPassword(store: Store, realm: RealmRecord, user: UserRecord, password: string): Promise<boolean> {
  const credential = (await store.credentials.listForUser(user.id)).find((c) => c.type === PASSWORD);
  if (!credential) return false;
  const stored = parseStoredPasswordHash(credential.secretData, credential.credentialData);
  if (!(await verifyPassword(password, stored))) return false;
  const policy = hashPolicyOf(realm);
  if (needsRehash(stored, policy)) {
    const upgraded = await hashPassword(password, policy);
    await store.credentials.update({ ...credential, ...toCredential(credential.id, upgraded, credential.createdDate), userLabel: credential.userLabel, priority: credential.priority });
  }
  return true;
}
