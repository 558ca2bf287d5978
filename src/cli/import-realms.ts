import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { importRealm } from '../domain/realms/import/import-realm.ts';
import { prepareRealmImport } from '../domain/realms/import/prepare-import.ts';
import { realmsInFiles } from '../domain/realms/import/realm-files.ts';
import { deleteRealm } from '../domain/realms/service.ts';
import { MASTER_REALM } from '../domain/realms/model.ts';
import { seedBuiltinFlows } from '../flows/index.ts';
import type { Clock } from '../kernel/clock.ts';
import { GatehouseError, isGatehouseError } from '../kernel/errors.ts';
import type { Store } from '../storage/ports.ts';

export interface ImportRequest {
  file?: string;
  dir?: string;
  /** Only this realm. */
  realm?: string;
  /** Replace a realm that exists (Keycloak's `--override`); master is never replaced. */
  override: boolean;
  /** Where `${NAME}` placeholders in the files are resolved from. */
  env: Readonly<Record<string, string | undefined>>;
}

/** One line per realm: what happened to it. */
export type ImportLog = (line: string, fields: Record<string, unknown>) => void;

function readFiles(request: ImportRequest): { name: string; text: string }[] {
  const paths: string[] = [];
  if (request.file) paths.push(request.file);
  if (request.dir) {
    let names: string[];
    try {
      names = readdirSync(request.dir).filter((n) => n.endsWith('.json')).sort();
    } catch {
      throw new GatehouseError('GH_INVALID_INPUT', [`cannot read the directory ${request.dir}`]);
    }
    paths.push(...names.map((n) => join(request.dir!, n)).filter((p) => statSync(p).isFile()));
  }
  return paths.map((p) => {
    try {
      return { name: basename(p), text: readFileSync(p, 'utf8') };
    } catch {
      throw new GatehouseError('GH_INVALID_INPUT', [`cannot read ${p}`]);
    }
  });
}

/**
 * Imports the realms of `--file` or `--dir`, each in one transaction, in file order. A realm
 * that exists is replaced when `override` (in the same transaction), else left as it is;
 * master is never replaced. The first broken realm stops the run with a message naming its
 * file and part; realms imported before it stay.
 */
export async function importRealms(store: Store, request: ImportRequest, clock: Clock, log: ImportLog): Promise<{ imported: string[]; skipped: string[] }> {
  const imported: string[] = [];
  const skipped: string[] = [];
  const seed = (tx: Parameters<typeof seedBuiltinFlows>[0], realm: { id: string }) => seedBuiltinFlows(tx, realm.id);
  for (const { file, rep } of realmsInFiles(readFiles(request), request.env)) {
    const name = String(rep.realm);
    if (request.realm !== undefined && name !== request.realm) continue;
    const existing = await store.realms.findByName(name);
    if (existing && (!request.override || name === MASTER_REALM)) {
      skipped.push(name);
      log(`Realm '${name}' already exists; skipped`, { realm: name, file });
      continue;
    }
    const started = Date.now();
    try {
      const prepared = await prepareRealmImport(rep, clock);
      await store.transaction(async (tx) => {
        const current = await tx.realms.findByName(name);
        if (current) await deleteRealm(tx, current);
        await importRealm(tx, prepared, clock, seed);
      });
    } catch (error) {
      if (isGatehouseError(error) && error.expose) throw new GatehouseError(error.code, [`${file}: realm '${name}': ${error.message}`], { cause: error });
      throw error;
    }
    imported.push(name);
    const users = Array.isArray(rep.users) ? rep.users.length : 0;
    const ms = Date.now() - started;
    log(`Realm '${name}' ${existing ? 'replaced' : 'imported'} from ${file} (${users} users, ${ms} ms)`, { realm: name, file, users, ms });
  }
  return { imported, skipped };
}
