import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqlStore } from '../../../src/storage/sql/sql-store.ts';
import { freePort, runGatehouse, waitReady } from '../../support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { FIXTURES_DIR, passwordGrant } from './fixtures.ts';

let database: TestDatabase;
const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-import-at-start-'));

before(async () => {
  database = await createTestDatabase();
  mkdirSync(join(dataDir, 'import'));
  copyFileSync(join(FIXTURES_DIR, 'keycloak__keycloak-quickstarts__spa-realm-import.json'), join(dataDir, 'import', 'quickstart-realm.json'));
  copyFileSync(join(FIXTURES_DIR, 'oauth2-proxy__oauth2-proxy__oauth2-proxy-realm.json'), join(dataDir, 'import', 'oauth2-proxy-realm.json'));
  copyFileSync(join(FIXTURES_DIR, 'oauth2-proxy__oauth2-proxy__oauth2-proxy-users-0.json'), join(dataDir, 'import', 'oauth2-proxy-users-0.json'));
  copyFileSync(join(FIXTURES_DIR, '10krhinooo__AfyaCheck__afyacheck-realm-export.json'), join(dataDir, 'import', 'afyacheck-realm.json'));
});
after(async () => {
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** start-dev on the test database, with this data directory (SQLite keeps its file elsewhere when the flags say so). */
async function start(extra: string[]) {
  const port = await freePort();
  const flags = database.flags.filter((_, i, all) => all[i] !== '--data-dir' && all[i - 1] !== '--data-dir');
  const dbFile = database.options.kind === 'sqlite' ? ['--db-url', database.options.file] : [];
  // The AfyaCheck file seeds its admin's password from ${SEED_ADMIN_PASSWORD}, resolved at import as Keycloak does.
  const proc = runGatehouse(['start-dev', '--http-port', String(port), '--http-host', '127.0.0.1', '--data-dir', dataDir, ...flags, ...dbFile, ...extra], { SEED_ADMIN_PASSWORD: 'seeded-admin-password' });
  await waitReady(proc, port, 60_000);
  return { proc, baseUrl: `http://127.0.0.1:${port}` };
}

describe('start --import-realm', () => {
  it('imports <data-dir>/import/*.json at start, one log line per realm, and the users sign in', { timeout: 180_000 }, async () => {
    const { proc, baseUrl } = await start(['--import-realm']);
    try {
      assert.match(proc.stdout(), /Realm 'quickstart' imported from quickstart-realm\.json/);
      assert.match(proc.stdout(), /Realm 'oauth2-proxy' imported from oauth2-proxy-realm\.json/);
      assert.equal((await passwordGrant(baseUrl, 'quickstart', 'alice', 'alice')).status, 200);
      const proxied = await passwordGrant(baseUrl, 'oauth2-proxy', 'admin@example.com', 'password');
      assert.equal(proxied.body.error_description, 'Account is not fully set up', 'the users file joined its realm');
      const seeded = await passwordGrant(baseUrl, 'afyacheck', 'admin@afyacheck.com', 'seeded-admin-password');
      assert.equal(seeded.status, 200, `the placeholder password was resolved: ${JSON.stringify(seeded.body)}`);
    } finally {
      await proc.stop();
    }
  });

  it('skips realms that already exist on the next start, saying so', { timeout: 180_000 }, async () => {
    // A changed file must not replace the realm: --import-realm never overrides.
    writeFileSync(join(dataDir, 'import', 'quickstart-realm.json'), JSON.stringify({ realm: 'quickstart', enabled: true, displayName: 'Changed' }));
    const { proc, baseUrl } = await start(['--import-realm']);
    try {
      assert.match(proc.stdout(), /Realm 'quickstart' already exists; skipped/);
      assert.match(proc.stdout(), /Realm 'oauth2-proxy' already exists; skipped/);
      assert.equal((await passwordGrant(baseUrl, 'quickstart', 'alice', 'alice')).status, 200);
    } finally {
      await proc.stop();
    }
    const { store } = await openSqlStore(database.options);
    try {
      const realm = await store.realms.findByName('quickstart');
      assert.equal(realm?.settings.displayName, undefined);
    } finally {
      await store.close();
    }
  });
});
