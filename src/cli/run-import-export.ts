import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GatehouseConfig } from '../config/index.ts';
import { systemClock } from '../kernel/clock.ts';
import { GatehouseError } from '../kernel/errors.ts';
import type { Store } from '../storage/ports.ts';
import { openSqlStore } from '../storage/sql/sql-store.ts';
import { exportRealms } from './export-realms.ts';
import { importRealms, type ImportLog } from './import-realms.ts';

/**
 * `gatehouse import` and `gatehouse export`: opens the database (migrating it), runs the
 * command and closes it. Progress goes to stdout, one line per realm.
 */
export async function runImportExport(command: 'import' | 'export', config: GatehouseConfig): Promise<void> {
  if (!config.file && !config.dir) throw new GatehouseError('GH_CONFIG_INVALID', [`${command} needs --file <path> or --dir <path>`]);
  if (config.file && config.dir) throw new GatehouseError('GH_CONFIG_INVALID', [`${command} takes --file or --dir, not both`]);
  const { store } = await openSqlStore(config.db);
  const log: ImportLog = (line) => process.stdout.write(`${line}\n`);
  try {
    if (command === 'import') {
      const started = Date.now();
      const { imported, skipped } = await importRealms(store, { file: config.file, dir: config.dir, realm: config.realm, override: config.override !== 'false', env: process.env }, systemClock, log);
      log(`Import finished in ${Date.now() - started} ms: ${imported.length} imported, ${skipped.length} skipped`, {});
    } else {
      await exportRealms(store, { file: config.file, dir: config.dir, realm: config.realm, users: config.users }, log);
    }
  } finally {
    await store.close();
  }
}

/**
 * `--import-realm` on start: imports `<data-dir>/import/*.json` and leaves realms that
 * already exist alone, as Keycloak's option does. A broken file stops the start.
 */
export async function importAtStart(store: Store, dataDir: string, log: ImportLog): Promise<void> {
  const dir = join(dataDir, 'import');
  if (!existsSync(dir)) {
    log(`--import-realm: no directory ${dir}; nothing imported`, { dir });
    return;
  }
  await importRealms(store, { dir, override: false, env: process.env }, systemClock, log);
}
