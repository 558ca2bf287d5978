import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const server = useGatehouseServer([{ name: 'acme' }, { name: 'silent' }]);

async function adminClient(): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: 'acme' });
  return kc;
}

const newUser = (username: string) => ({
  username,
  email: `${username}@example.com`,
  firstName: 'Some',
  lastName: 'One',
  enabled: true,
  credentials: [{ type: 'password', value: `${username}-secret-password-1`, temporary: false }],
});

describe('admin events', () => {
  it('records nothing while the realm keeps no admin events', async () => {
    const kc = await adminClient();
    kc.setConfig({ realmName: 'silent' });
    await kc.users.create(newUser('unseen'));
    assert.deepEqual(await kc.realms.findAdminEvents({ realm: 'silent' }), []);
  });

  it('records CREATE USER users/<id> with the representation only when details are kept, never the password', async () => {
    const kc = await adminClient();
    const master = (await server.store.realms.findByName('master'))!;
    const acme = (await server.store.realms.findByName('acme'))!;
    const admin = (await server.store.users.findByUsername(master.id, 'admin'))!;
    const adminCli = (await server.store.clients.findByClientId(master.id, 'admin-cli'))!;
    await kc.realms.updateConfigEvents({ realm: 'acme' }, { adminEventsEnabled: true, adminEventsDetailsEnabled: false });
    const { id: plainId } = await kc.users.create(newUser('carol'));

    const [created] = await kc.realms.findAdminEvents({ realm: 'acme', resourceTypes: 'USER', operationTypes: 'CREATE' });
    assert.equal(created?.operationType, 'CREATE');
    assert.equal(created?.resourceType, 'USER');
    assert.equal(created?.resourcePath, `users/${plainId}`);
    assert.equal(created?.realmId, acme.id);
    assert.deepEqual(created?.authDetails, { realmId: master.id, clientId: adminCli.id, userId: admin.id, ipAddress: '127.0.0.1' });
    assert.equal(created?.representation, undefined, 'no representation without details');

    await kc.realms.updateConfigEvents({ realm: 'acme' }, { adminEventsDetailsEnabled: true });
    const { id } = await kc.users.create(newUser('dave'));
    const [detailed] = await kc.realms.findAdminEvents({ realm: 'acme', resourcePath: `users/${id}` });
    assert.equal(detailed?.operationType, 'CREATE');
    const representation = JSON.parse(detailed!.representation!) as { username: string; credentials: { value: string }[] };
    assert.equal(representation.username, 'dave');
    assert.equal(representation.credentials[0]!.value, '**********');
    assert.ok(!detailed!.representation!.includes('dave-secret-password-1'), 'the password is never stored');

    // Raw JSON: Keycloak's fields.
    const raw = await fetch(`${server.baseUrl}/admin/realms/acme/admin-events?resourcePath=users/${id}`, { headers: { authorization: `Bearer ${kc.accessToken}` } });
    const [shape] = (await raw.json()) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(shape!).sort(), ['authDetails', 'id', 'operationType', 'realmId', 'representation', 'resourcePath', 'resourceType', 'time']);
  });

  it('records updates, deletes and actions, filters them, and leaves failed calls out', async () => {
    const kc = await adminClient();
    const master = (await server.store.realms.findByName('master'))!;
    const admin = (await server.store.users.findByUsername(master.id, 'admin'))!;
    await kc.realms.updateConfigEvents({ realm: 'acme' }, { adminEventsEnabled: true, adminEventsDetailsEnabled: true });
    const start = new Date(Date.now() - 1000);
    const { id } = await kc.users.create(newUser('erin'));
    await kc.users.update({ id }, { firstName: 'Erin' });
    await kc.users.resetPassword({ id, credential: { type: 'password', value: 'erin-new-password-1', temporary: false } });
    await assert.rejects(kc.users.create(newUser('erin')), (e: { response?: { status?: number } }) => e.response?.status === 409);
    const { roleName } = await kc.roles.create({ name: 'auditor' });
    await kc.users.del({ id });

    const mine = await kc.realms.findAdminEvents({ realm: 'acme', resourcePath: `users/${id}*`, dateFrom: start });
    assert.deepEqual(
      mine.map((e) => [e.operationType, e.resourceType, e.resourcePath]),
      [
        ['DELETE', 'USER', `users/${id}`],
        ['ACTION', 'USER', `users/${id}/reset-password`],
        ['UPDATE', 'USER', `users/${id}`],
        ['CREATE', 'USER', `users/${id}`],
      ],
      'newest first; the refused duplicate left no event',
    );
    const reset = mine[1]!;
    assert.ok(!reset.representation!.includes('erin-new-password-1'));
    assert.equal((JSON.parse(reset.representation!) as { value: string }).value, '**********');

    const [role] = await kc.realms.findAdminEvents({ realm: 'acme', resourceTypes: 'REALM_ROLE' });
    assert.equal(role?.resourcePath, `roles/${roleName}`);
    assert.equal(role?.operationType, 'CREATE');

    const count = async (filter: Record<string, unknown>) => (await kc.realms.findAdminEvents({ realm: 'acme', ...filter })).length;
    const total = await count({});
    assert.ok(total >= 7, `every change recorded (${total})`);
    assert.equal(await count({ operationTypes: 'DELETE' }), 1);
    assert.equal(await count({ authRealm: master.id }), total);
    assert.equal(await count({ authRealm: 'elsewhere' }), 0);
    assert.equal(await count({ authUser: admin.id }), total);
    assert.equal(await count({ authUser: 'someone-else' }), 0);
    assert.equal(await count({ authIpAddress: '127.0.0.1' }), total);
    assert.equal(await count({ authIpAddress: '10.1.1.1' }), 0);
    const adminCli = (await server.store.clients.findByClientId(master.id, 'admin-cli'))!;
    assert.equal(await count({ authClient: adminCli.id }), total);
    assert.equal(await count({ authClient: 'not-a-client' }), 0);
    assert.equal(await count({ dateTo: new Date(Date.now() - 3_600_000) }), 0);
    assert.equal(await count({ max: 2 }), 2);
    const all = await kc.realms.findAdminEvents({ realm: 'acme' });
    assert.deepEqual(await kc.realms.findAdminEvents({ realm: 'acme', first: 2, max: 1 }), [all[2]]);

    await kc.realms.clearAdminEvents({ realm: 'acme' });
    assert.deepEqual(await kc.realms.findAdminEvents({ realm: 'acme' }), []);
  });
});
