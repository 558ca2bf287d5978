import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { seedDatabase } from '../../support/seed.ts';
import { freePort, runGatehouse, waitReady } from '../../support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

/** Everything the test started, stopped again after the file. */
const cleanup: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

async function node(db: TestDatabase): Promise<string> {
  const port = await freePort();
  const proc = runGatehouse(['start-dev', '--http-port', String(port), '--http-host', '127.0.0.1', ...db.flags]);
  cleanup.push(() => proc.stop());
  await waitReady(proc, port, 60_000);
  return `http://127.0.0.1:${port}`;
}

async function clientCredentials(baseUrl: string, clientId: string, secret: string): Promise<number> {
  const response = await fetch(`${baseUrl}/realms/shop/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** How long until `check` holds (polling every 100 ms), failing after `limitMs`. */
async function within(limitMs: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > limitMs) throw new Error(`${what} did not happen within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

describe('changes made on one node reach the other nodes on the database', () => {
  it('a client created on node A works on node B, and its old secret stops working on B after a regeneration on A', async (t) => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    await seedDatabase(db.options, [{ name: 'shop' }]);
    const a = await node(db);
    const b = await node(db);

    const kc = new KcAdminClient({ baseUrl: a, realmName: 'master' });
    await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
    kc.setConfig({ realmName: 'shop' });

    // Node B builds its engine for the realm before the client exists, so that it has a cache to keep.
    assert.equal(await clientCredentials(b, 'robot', 'robot-secret-1'), 401);
    const { id } = await kc.clients.create({ clientId: 'robot', secret: 'robot-secret-1', publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false });
    const seen = await within(2_500, 'node B accepting the new client', async () => (await clientCredentials(b, 'robot', 'robot-secret-1')) === 200);
    t.diagnostic(`node B accepted a client created on node A after ${seen} ms`);

    const { value: secret } = await kc.clients.generateNewClientSecret({ id });
    assert.ok(secret && secret !== 'robot-secret-1');
    const refused = await within(2_500, 'node B refusing the old secret', async () => (await clientCredentials(b, 'robot', 'robot-secret-1')) === 401);
    t.diagnostic(`node B refused the old secret after ${refused} ms`);
    assert.equal(await clientCredentials(b, 'robot', secret!), 200);
    assert.equal(await clientCredentials(a, 'robot', 'robot-secret-1'), 401, 'node A dropped its own engine at once');

    // A protocol mapper added on A shows in B's tokens too.
    await kc.clients.addProtocolMapper({ id }, {
      name: 'team', protocol: 'openid-connect', protocolMapper: 'oidc-hardcoded-claim-mapper',
      config: { 'claim.name': 'team', 'claim.value': 'blue', 'jsonType.label': 'String', 'access.token.claim': 'true' },
    });
    await within(2_500, "node B's tokens carrying the new mapper's claim", async () => {
      const response = await fetch(`${b}/realms/shop/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'robot', client_secret: secret! }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!body.access_token) return false;
      const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      return claims.team === 'blue';
    });
  });
});
