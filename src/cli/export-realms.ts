import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exportRealm, exportRealmUsers, usersFiles } from '../domain/realms/export/export-realm.ts';
import { GatehouseError } from '../kernel/errors.ts';
import type { RealmRecord, Store } from '../storage/ports.ts';
import type { ImportLog } from './import-realms.ts';

export interface ExportRequest {
  file?: string;
  dir?: string;
  realm?: string;
  /** Keycloak's `--users`: left out, in the realm file, or `<realm>-users-<n>.json` files of 50 (with `--dir`). */
  users: 'skip' | 'realm_file' | 'different_files';
}

const write = (path: string, content: unknown): void => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
};

/**
 * Writes realms as Keycloak's export does: with `--dir`, `<realm>-realm.json` per realm
 * (and users files for `different_files`); with `--file`, one realm object, or an array
 * of every realm when no `--realm` is given (users inside unless `skip`).
 */
export async function exportRealms(store: Store, request: ExportRequest, log: ImportLog): Promise<string[]> {
  let realms: RealmRecord[];
  if (request.realm !== undefined) {
    const realm = await store.realms.findByName(request.realm);
    if (!realm) throw new GatehouseError('GH_NOT_FOUND', [`Realm '${request.realm}'`]);
    realms = [realm];
  } else {
    realms = await store.realms.list();
  }
  const written: string[] = [];
  if (request.dir) {
    for (const realm of realms) {
      const rep = await exportRealm(store, realm, { users: request.users === 'realm_file' });
      const path = join(request.dir, `${realm.name}-realm.json`);
      write(path, rep);
      written.push(path);
      if (request.users === 'different_files') {
        for (const file of usersFiles(realm.name, await exportRealmUsers(store, realm))) {
          write(join(request.dir, file.name), file.content);
          written.push(join(request.dir, file.name));
        }
      }
      log(`Realm '${realm.name}' exported to ${request.dir}`, { realm: realm.name });
    }
    return written;
  }
  if (!request.file) throw new GatehouseError('GH_INVALID_INPUT', ['export needs --file or --dir']);
  const reps = [];
  for (const realm of realms) reps.push(await exportRealm(store, realm, { users: request.users !== 'skip' }));
  write(request.file, request.realm !== undefined ? reps[0] : reps);
  log(`Exported ${reps.length} realm(s) to ${request.file}`, { realms: realms.map((r) => r.name) });
  return [request.file];
}
