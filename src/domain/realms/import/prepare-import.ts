import type { Clock } from '../../../kernel/clock.ts';
import { newId } from '../../../kernel/ids.ts';
import type { KeyRecord, RealmRecord } from '../../../storage/ports.ts';
import { preparePassword } from '../../credentials/service.ts';
import { generateHmacKey, generateRsaSigningKey } from '../../keys/generate.ts';
import { componentEntries, type ComponentEntry } from './components.ts';
import type { PreparedSecrets } from './import-context.ts';
import { arrayAt, objectAt, requiredStringAt, SKIPPED, stringAt } from './import-problem.ts';
import { isSigningKeyComponent, keyFromComponent, KEY_PROVIDER_TYPE } from './keys.ts';
import { readCredential } from './credentials.ts';
import { realmSettingsOf } from './realm-settings.ts';
import { userPath } from './users.ts';

/** A realm representation read, checked and made ready for its transaction. */
export interface PreparedRealmImport {
  rep: Record<string, unknown>;
  id: string;
  name: string;
  enabled: boolean | undefined;
  settings: Record<string, unknown>;
  keys: KeyRecord[];
  components: ComponentEntry[];
  secrets: PreparedSecrets;
}

/** Hashes the plain passwords of `users` under the realm's policy, keyed by credential path. */
export async function preparePlainPasswords(realm: RealmRecord, users: unknown, clock: Clock, pathOf: (i: number) => string = userPath): Promise<PreparedSecrets> {
  const work: Promise<void>[] = [];
  const passwords: PreparedSecrets['passwords'] = new Map();
  for (const [i, raw] of arrayAt(users, 'users').entries()) {
    if (raw === SKIPPED) continue;
    const path = pathOf(i);
    for (const [j, credential] of arrayAt(objectAt(raw, path).credentials, `${path}.credentials`).entries()) {
      const credentialPath = `${path}.credentials[${j}]`;
      const read = readCredential(credential, credentialPath);
      if (read.kind !== 'plain') continue;
      // Hashing runs in the thread pool; all at once keeps every core busy.
      work.push(preparePassword(realm, read.password, clock).then((hashed) => void passwords.set(credentialPath, hashed)));
    }
  }
  await Promise.all(work);
  return { passwords };
}

/**
 * Everything slow or checkable before the import's transaction opens: the settings checked,
 * the realm keys read from the file (or generated where it has none), every password hash
 * checked and every plain password hashed. A broken part fails here, naming the part.
 */
export async function prepareRealmImport(raw: unknown, clock: Clock): Promise<PreparedRealmImport> {
  const rep = objectAt(raw, '(realm)');
  const name = requiredStringAt(rep.realm, 'realm');
  const given = stringAt(rep.id, 'id');
  const id = given && given.trim() !== '' ? given : newId();
  const settings = realmSettingsOf(rep);
  const components = componentEntries(rep, id);
  const now = clock.now();
  const keys = components
    .filter((c) => c.record.providerType === KEY_PROVIDER_TYPE && isSigningKeyComponent(c.record))
    .map((c) => keyFromComponent(id, c.record, now, c.path));
  if (!keys.some((k) => k.algorithm === 'RS256' && k.active)) keys.push(await generateRsaSigningKey(id, now));
  if (!keys.some((k) => k.algorithm.startsWith('HS') && k.active)) keys.push(generateHmacKey(id, now));
  const draft: RealmRecord = { id, name, enabled: true, settings, createdAt: now };
  const secrets = await preparePlainPasswords(draft, rep.users, clock);
  return { rep, id, name, enabled: typeof rep.enabled === 'boolean' ? rep.enabled : undefined, settings, keys, components, secrets };
}
