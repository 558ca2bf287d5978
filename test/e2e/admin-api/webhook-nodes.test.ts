import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, describe, it } from 'node:test';
import { newId } from '../../../src/kernel/ids.ts';
import { openSqlStore } from '../../../src/storage/sql/sql-store.ts';
import type { Store } from '../../../src/storage/ports.ts';
import { seedDatabase } from '../../support/seed.ts';
import { freePort, runGatehouse, waitReady, type GatehouseProcess } from '../../support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

/** Everything a test started, stopped again after the file. */
const cleanup: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

/** A receiver on 127.0.0.1 that counts each event id it gets. */
async function receiver(port: number): Promise<{ ids: string[]; server: Server }> {
  const ids: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      ids.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id);
      response.statusCode = 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));
  return { ids, server };
}

/** A fresh database with realm `open` (webhook listener on, a `web` client with direct grants, user alice) and an endpoint at `hookPort`. */
async function database(hookPort: number): Promise<{ db: TestDatabase; store: Store; realmId: string; webhookId: string }> {
  const db = await createTestDatabase();
  cleanup.push(() => db.drop());
  await seedDatabase(db.options, [{
    name: 'open',
    settings: { eventsListeners: ['webhook'] },
    clients: [{ clientId: 'web', secret: 'web-secret', redirectUris: ['http://127.0.0.1:1/cb'], directAccessGrantsEnabled: true }],
    users: [{ username: 'alice', password: 'alice-password-1' }],
  }]);
  const { store } = await openSqlStore(db.options);
  cleanup.push(() => store.close());
  const realmId = (await store.realms.findByName('open'))!.id;
  const webhookId = newId();
  await store.webhooks.create({ id: webhookId, realmId, url: `http://127.0.0.1:${hookPort}/hook`, secret: 'a-secret-of-twenty-chars', eventTypes: ['LOGIN'], enabled: true, retryPeriod: 3600, createdAt: Date.now() });
  return { db, store, realmId, webhookId };
}

async function server(db: TestDatabase): Promise<{ proc: GatehouseProcess; port: number }> {
  const port = await freePort();
  const proc = runGatehouse(['start-dev', '--http-port', String(port), '--http-host', '127.0.0.1', ...db.flags]);
  cleanup.push(() => proc.stop());
  await waitReady(proc, port, 60_000);
  return { proc, port };
}

async function signIn(port: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/realms/open/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'web', client_secret: 'web-secret', username: 'alice', password: 'alice-password-1' }),
  });
  assert.equal(response.status, 200);
  await response.arrayBuffer();
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('webhook deliveries across restarts and nodes', () => {
  it('delivers an event after the server was killed with SIGKILL before delivering it, and records one success', async () => {
    const hookPort = await freePort();
    const { db, store, realmId, webhookId } = await database(hookPort);
    const first = await server(db);
    await signIn(first.port);
    // The receiver is down: the delivery is committed and failing when the process dies.
    await until(async () => ((await store.webhooks.listDeliveries(realmId, webhookId, {}))[0]?.attempts ?? 0) >= 1, 'a failed attempt');
    first.proc.child.kill('SIGKILL');
    await first.proc.exited;

    const hook = await receiver(hookPort);
    await server(db);
    await until(() => hook.ids.length >= 1, 'the delivery after the restart');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(hook.ids.length, 1, 'delivered once');
    const [delivery] = await store.webhooks.listDeliveries(realmId, webhookId, {});
    assert.equal(delivery?.status, 'delivered');
    assert.equal(delivery?.eventId, hook.ids[0]);
    const attempts = await store.webhooks.listAttempts([delivery!.id]);
    assert.equal(attempts.filter((a) => a.statusCode === 200).length, 1, 'exactly one successful attempt recorded');
  });

  it('delivers each event once when two servers share the database', async () => {
    const hookPort = await freePort();
    const hook = await receiver(hookPort);
    const { db } = await database(hookPort);
    const [a, b] = [await server(db), await server(db)];
    for (let i = 0; i < 10; i++) await signIn(i % 2 === 0 ? a.port : b.port);
    await until(() => new Set(hook.ids).size >= 10, 'ten events');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(hook.ids.length, 10, `each event once, got ${hook.ids.length} deliveries of ${new Set(hook.ids).size} events`);
  });
});
