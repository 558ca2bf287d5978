import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { hashPassword } from '../../../src/domain/credentials/password-hashing.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { runGatehouse } from '../../support/server-process.ts';
import { adminCall, FIXTURES_DIR, masterAdminToken, passwordGrant, withoutIds } from './fixtures.ts';

const server = useGatehouseServer([]);
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-round-trip-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<string> {
  const run = runGatehouse([...args, ...server.database.flags]);
  const code = await run.exited;
  assert.equal(code, 0, `gatehouse ${args.join(' ')}: ${run.stderr()}`);
  return run.stdout();
}

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('export, then import of the export', () => {
  it('gives back the same realm, and its users still sign in with their passwords', { timeout: 240_000 }, async () => {
    await cli('import', '--file', join(FIXTURES_DIR, 'lakekeeper__lakekeeper__access-control-simple-realm.json'));
    await cli('export', '--realm', 'iceberg', '--dir', join(dir, 'first'), '--users', 'different_files');
    assert.deepEqual(readdirSync(join(dir, 'first')).sort(), ['iceberg-realm.json', 'iceberg-users-0.json']);
    const first = readJson(join(dir, 'first', 'iceberg-realm.json'));
    const firstUsers = readJson(join(dir, 'first', 'iceberg-users-0.json'));
    assert.equal(first.users, undefined, 'users are in their own file');

    const token = await masterAdminToken(server.baseUrl);
    assert.equal((await adminCall(server.baseUrl, token, 'DELETE', '/iceberg')).status, 204);
    await cli('import', '--dir', join(dir, 'first'));
    await cli('export', '--realm', 'iceberg', '--dir', join(dir, 'second'), '--users', 'different_files');
    const second = readJson(join(dir, 'second', 'iceberg-realm.json'));
    const secondUsers = readJson(join(dir, 'second', 'iceberg-users-0.json'));
    assert.deepEqual(withoutIds(second), withoutIds(first));
    assert.deepEqual(withoutIds(secondUsers), withoutIds(firstUsers));
    assert.equal(second.id, first.id, 'the realm keeps its id');
    assert.deepEqual((secondUsers.users as { id: string }[]).map((u) => u.id), (firstUsers.users as { id: string }[]).map((u) => u.id), 'users keep their ids (the sub claim)');

    const peter = await passwordGrant(server.baseUrl, 'iceberg', 'peter', 'iceberg');
    assert.equal(peter.status, 200, JSON.stringify(peter.body));
  });

  it('keeps fields Gatehouse does not use and the realm keys through the round trip', { timeout: 120_000 }, async () => {
    const rep = JSON.parse(readFileSync(join(FIXTURES_DIR, 'jhipster__jhipster-sample-app-oauth2__jhipster-realm.json'), 'utf8')) as Record<string, unknown>;
    rep.realm = 'kept';
    delete rep.id;
    rep.someFutureSetting = { nested: [1, 2] };
    (rep.users as Record<string, unknown>[])[0]!.someFutureUserField = 'still here';
    writeFileSync(join(dir, 'kept.json'), JSON.stringify(rep));
    await cli('import', '--file', join(dir, 'kept.json'));
    await cli('export', '--realm', 'kept', '--file', join(dir, 'kept-out.json'));
    const out = readJson(join(dir, 'kept-out.json'));
    assert.deepEqual(out.someFutureSetting, { nested: [1, 2] });
    const admin = (out.users as Record<string, unknown>[]).find((u) => u.username === (rep.users as Record<string, unknown>[])[0]!.username);
    assert.equal(admin?.someFutureUserField, 'still here');
    assert.deepEqual(out.scopeMappings, rep.scopeMappings, 'scope mappings come back as imported');
    const keys = (out.components as Record<string, { providerId: string; config: Record<string, string[]> }[]>)['org.keycloak.keys.KeyProvider']!;
    assert.ok(keys.some((k) => k.providerId === 'rsa-generated' && k.config.privateKey?.[0]), 'the RSA key is exported with its private part');
  });

  it('leaves an existing realm alone with --override false and replaces it by default', { timeout: 120_000 }, async () => {
    writeFileSync(join(dir, 'over.json'), JSON.stringify({ realm: 'over', enabled: true, displayName: 'First' }));
    await cli('import', '--file', join(dir, 'over.json'));
    writeFileSync(join(dir, 'over.json'), JSON.stringify({ realm: 'over', enabled: true, displayName: 'Second' }));
    assert.match(await cli('import', '--file', join(dir, 'over.json'), '--override', 'false'), /Realm 'over' already exists; skipped/);
    assert.equal((await server.store.realms.findByName('over'))?.settings.displayName, 'First');
    assert.match(await cli('import', '--file', join(dir, 'over.json')), /Realm 'over' replaced from over\.json/);
    assert.equal((await server.store.realms.findByName('over'))?.settings.displayName, 'Second');
    const missing = runGatehouse(['export', '--realm', 'nowhere', '--file', join(dir, 'nowhere.json'), ...server.database.flags]);
    assert.equal(await missing.exited, 1);
    assert.match(missing.stderr(), /Realm 'nowhere' not found/);
  });

  it('imports a realm of 1,000 users with hashed passwords in seconds, and writes them 50 to a users file', { timeout: 300_000 }, async () => {
    const hash = await hashPassword('thousand-password', { algorithm: 'pbkdf2-sha256', iterations: 27_500 });
    const users = Array.from({ length: 1000 }, (_, i) => ({
      username: `user${String(i).padStart(4, '0')}`,
      email: `user${i}@example.com`,
      firstName: 'Many',
      lastName: `User ${i}`,
      enabled: true,
      emailVerified: true,
      attributes: { team: [`t${i % 7}`] },
      credentials: [{ type: 'password', secretData: JSON.stringify(hash.secretData), credentialData: JSON.stringify(hash.credentialData) }],
      realmRoles: ['default-roles-thousand'],
    }));
    writeFileSync(join(dir, 'thousand.json'), JSON.stringify({ realm: 'thousand', enabled: true, users }));
    const started = Date.now();
    const out = await cli('import', '--file', join(dir, 'thousand.json'));
    process.stdout.write(`# imported 1,000 users with the CLI in ${Date.now() - started} ms (process start included): ${out.trim().split('\n').pop()}\n`);
    const realm = await server.store.realms.findByName('thousand');
    assert.equal(await server.store.users.count(realm!.id, {}), 1000);
    const grant = await passwordGrant(server.baseUrl, 'thousand', 'user0999', 'thousand-password');
    assert.equal(grant.status, 200, JSON.stringify(grant.body));
    await cli('export', '--realm', 'thousand', '--dir', join(dir, 'thousand'), '--users', 'different_files');
    const files = readdirSync(join(dir, 'thousand')).filter((f) => f.includes('-users-'));
    assert.equal(files.length, 20);
    assert.equal((readJson(join(dir, 'thousand', 'thousand-users-19.json')).users as unknown[]).length, 50);
  });
});
