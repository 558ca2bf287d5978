import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, describe, it } from 'node:test';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../support/test-database.ts';
import { freePort, httpGet, runGatehouse, waitReady, type GatehouseProcess } from '../../support/server-process.ts';

const running: GatehouseProcess[] = [];
const databases: TestDatabase[] = [];
after(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await Promise.all(databases.map((d) => d.drop()));
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  return database;
}

async function startDev(database: TestDatabase, extra: string[] = []): Promise<{ proc: GatehouseProcess; port: number }> {
  const port = await freePort();
  const proc = runGatehouse(['start-dev', '--http-port', String(port), '--http-host', '127.0.0.1', ...database.flags, ...extra]);
  running.push(proc);
  await waitReady(proc, port);
  return { proc, port };
}

describe(`starting Gatehouse (${testDatabaseKind})`, () => {
  it('start-dev comes up on a fresh database, answers the health checks and serves the master realm', async () => {
    const database = await freshDatabase();
    const { proc, port } = await startDev(database);
    const ready = await httpGet(port, '/health/ready');
    assert.deepEqual(JSON.parse(ready.body).status, 'UP');
    assert.equal((await httpGet(port, '/health/live')).status, 200);
    const master = JSON.parse((await httpGet(port, '/realms/master')).body);
    assert.equal(master.realm, 'master');
    assert.match(master.public_key, /^MII/);
    assert.equal(master['token-service'], `http://127.0.0.1:${port}/realms/master/protocol/openid-connect`);
    const missing = await httpGet(port, '/realms/nowhere');
    assert.equal(missing.status, 404);
    assert.deepEqual(JSON.parse(missing.body), { error: 'Realm does not exist' });
    assert.match(proc.stderr(), /development mode/i, 'dev mode warns loudly');
    assert.match(proc.stdout(), /created the master realm/);
    assert.doesNotMatch(proc.stdout() + proc.stderr(), /"admin"\s*,\s*"password"|admin\/admin/, 'no password in the log');
    await proc.stop();

    const again = await startDev(database);
    assert.doesNotMatch(again.proc.stdout(), /created the master realm/, 'a second start creates nothing twice');
    assert.equal(JSON.parse((await httpGet(again.port, '/realms/master')).body).public_key, master.public_key, 'the same signing key');
    await again.proc.stop();
  });

  it('two processes starting on one fresh database both come up, with one master realm', async () => {
    const database = await freshDatabase();
    const [a, b] = await Promise.all([startDev(database), startDev(database)]);
    const keyA = JSON.parse((await httpGet(a.port, '/realms/master')).body).public_key;
    const keyB = JSON.parse((await httpGet(b.port, '/realms/master')).body).public_key;
    assert.equal(keyA, keyB);
    const created = [a, b].filter((x) => /created the master realm/.test(x.proc.stdout()));
    assert.equal(created.length, 1);
    await Promise.all([a.proc.stop(), b.proc.stop()]);
  });

  it('names the port when it is already in use', async () => {
    const database = await freshDatabase();
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const proc = runGatehouse(['start-dev', '--http-port', String(port), '--http-host', '127.0.0.1', ...database.flags]);
      running.push(proc);
      assert.equal(await proc.exited, 1);
      assert.match(proc.stderr(), new RegExp(`port ${port} is already in use`));
      assert.doesNotMatch(proc.stderr(), /\n\s+at /, 'no stack trace');
    } finally {
      blocker.close();
    }
  });
});

describe('refusing to start', () => {
  it('rejects an unknown option with one line and exit code 2', async () => {
    const proc = runGatehouse(['start-dev', '--http-prot', '8080']);
    assert.equal(await proc.exited, 2);
    assert.equal(proc.stderr().trim().split('\n').length, 1);
    assert.match(proc.stderr(), /--http-prot.*--http-port/);
  });

  it('rejects a malformed port with one line naming the option', async () => {
    const proc = runGatehouse(['start-dev', '--http-port', 'eighty']);
    assert.equal(await proc.exited, 2);
    assert.match(proc.stderr(), /--http-port/);
  });

  it('names host and port of a database it cannot reach, without a stack trace', async () => {
    const closed = await freePort();
    const proc = runGatehouse(['start-dev', '--db', 'postgres', '--db-url', `postgres://postgres@127.0.0.1:${closed}/gatehouse`, '--http-port', String(await freePort())]);
    assert.equal(await proc.exited, 1);
    assert.match(proc.stderr(), new RegExp(`127\\.0\\.0\\.1:${closed}`));
    assert.match(proc.stderr(), /connection refused/);
    assert.doesNotMatch(proc.stderr(), /\n\s+at /);
  });

  it('production mode refuses to start without a hostname', async () => {
    const proc = runGatehouse(['start', '--http-port', String(await freePort())]);
    assert.equal(await proc.exited, 2);
    assert.match(proc.stderr(), /--hostname/);
  });

  it('production mode refuses to create the master realm without a bootstrap admin password', async () => {
    const database = await freshDatabase();
    const proc = runGatehouse(['start', '--hostname', 'https://id.example.com', '--http-port', String(await freePort()), ...database.flags], {
      KC_BOOTSTRAP_ADMIN_PASSWORD: '',
      GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD: '',
      KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
    });
    assert.equal(await proc.exited, 2);
    assert.match(proc.stderr(), /--bootstrap-admin-password/);
  });

  it('production mode starts with a hostname and a bootstrap admin from Keycloak variables', async () => {
    const database = await freshDatabase();
    const port = await freePort();
    const proc = runGatehouse(['start', '--http-port', String(port), '--http-host', '127.0.0.1', ...database.flags], {
      KC_HOSTNAME: 'https://id.example.com',
      KC_BOOTSTRAP_ADMIN_USERNAME: 'boss',
      KC_BOOTSTRAP_ADMIN_PASSWORD: 'a long production password',
    });
    running.push(proc);
    await waitReady(proc, port);
    const master = JSON.parse((await httpGet(port, '/realms/master')).body);
    assert.equal(master['account-service'], 'https://id.example.com/realms/master/account');
    assert.doesNotMatch(proc.stderr(), /development mode/i);
    await proc.stop();
  });
});
