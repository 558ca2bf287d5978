import type { RealmRecord } from '../../storage/ports.ts';

export const MASTER_REALM = 'master';

/** A realm setting read with its expected type, falling back where the stored value has another. */
export function realmSetting<T extends string | number | boolean>(realm: RealmRecord, key: string, fallback: T): T {
  const value = realm.settings[key];
  return typeof value === typeof fallback ? (value as T) : fallback;
}

/** The name of a realm's default composite role. */
export const defaultRoleName = (realm: string): string => `default-roles-${realm.toLowerCase()}`;

/** The realm's default role as its settings name it (an imported realm may use another name), else the usual one. */
export function realmDefaultRoleName(realm: RealmRecord): string {
  const named = (realm.settings.defaultRole as { name?: unknown } | undefined)?.name;
  return typeof named === 'string' && named !== '' ? named : defaultRoleName(realm.name);
}
