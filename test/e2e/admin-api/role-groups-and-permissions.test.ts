import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { adminClientFor } from '../../support/admin-client.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const server = useGatehouseServer([
  {
    name: 'shop',
    clients: [{ clientId: 'web', secret: 'web-secret', redirectUris: ['http://127.0.0.1:1/cb'] }],
    users: [{ username: 'alice', password: 'alice-password-1' }],
  },
]);

const adminClient = () => adminClientFor(server.baseUrl, 'shop');

async function adminCall(kc: KcAdminClient, method: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.baseUrl}/admin/realms/shop${path}`, { method, headers: { authorization: `Bearer ${kc.accessToken}`, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('groups in a role, management permissions, unmanaged attributes and impersonation through the Admin API', () => {
  it('lists the groups a realm or client role is mapped to, by name, paged, brief unless asked otherwise', async () => {
    const kc = await adminClient();
    await kc.roles.create({ name: 'buyer' });
    const buyer = (await kc.roles.findOneByName({ name: 'buyer' }))!;
    const ids: Record<string, string> = {};
    for (const name of ['gamma', 'alpha', 'beta']) ids[name] = (await kc.groups.create({ name })).id;
    const { id: childId } = await kc.groups.createChildGroup({ id: ids.gamma! }, { name: 'delta' });
    for (const id of [ids.gamma!, ids.alpha!, childId]) await kc.groups.addRealmRoleMappings({ id, roles: [{ id: buyer.id!, name: 'buyer' }] });

    const groups = (await adminCall(kc, 'GET', '/roles/buyer/groups')).body as Record<string, unknown>[];
    assert.deepEqual(groups.map((g) => g.path), ['/alpha', '/gamma/delta', '/gamma']);
    assert.equal(groups[0]!.realmRoles, undefined, 'brief by default');
    const page = (await adminCall(kc, 'GET', '/roles/buyer/groups?first=1&max=1')).body as Record<string, unknown>[];
    assert.deepEqual(page.map((g) => g.name), ['delta']);
    const full = (await adminCall(kc, 'GET', '/roles/buyer/groups?briefRepresentation=false')).body as Record<string, unknown>[];
    assert.deepEqual(full[0]!.realmRoles, ['buyer']);
    assert.equal((await adminCall(kc, 'GET', '/roles/no-such-role/groups')).status, 404);

    const [web] = await kc.clients.find({ clientId: 'web' });
    await kc.clients.createRole({ id: web!.id!, name: 'editor' });
    const editor = (await kc.clients.findRole({ id: web!.id!, roleName: 'editor' }))!;
    await kc.groups.addClientRoleMappings({ id: ids.beta!, clientUniqueId: web!.id!, roles: [{ id: editor.id!, name: 'editor' }] });
    const clientRoleGroups = (await adminCall(kc, 'GET', `/clients/${web!.id}/roles/editor/groups`)).body as Record<string, unknown>[];
    assert.deepEqual(clientRoleGroups.map((g) => g.name), ['beta']);
    assert.deepEqual((await adminCall(kc, 'GET', `/clients/${web!.id}/roles/buyer/groups`)).status, 404, 'a realm role is not the client\'s');
  });

  it('reports fine-grained admin permissions as off, as Keycloak does without that feature', async () => {
    const kc = await adminClient();
    assert.deepEqual(await kc.realms.getUsersManagementPermissions({ realm: 'shop' }), { enabled: false });
    const { id: groupId } = await kc.groups.create({ name: 'staff' });
    assert.deepEqual(await kc.groups.listPermissions({ id: groupId }), { enabled: false });
    const [web] = await kc.clients.find({ clientId: 'web' });
    assert.deepEqual(await kc.clients.listFineGrainPermissions({ id: web!.id! }), { enabled: false });
    const role = (await kc.roles.findOneByName({ name: 'offline_access' }))!;
    assert.deepEqual(await kc.roles.listPermissions({ id: role.id! }), { enabled: false });
    assert.equal((await adminCall(kc, 'GET', '/groups/no-such-group/management/permissions')).status, 404);
  });

  it("shows a user's unmanaged attributes only when the user profile lets administrators see them", async () => {
    const kc = await adminClient();
    const profile = await kc.users.getProfile();
    // The admin client types the policy as its own enum; the wire carries the plain string.
    const withPolicy = (policy: string | undefined) => ({ ...profile, unmanagedAttributePolicy: policy }) as unknown as typeof profile;
    await kc.users.updateProfile(withPolicy('ADMIN_EDIT'));
    const { id } = await kc.users.create({ username: 'erin', enabled: true, attributes: { legacyId: ['L-17'], tier: ['gold', 'silver'] } });
    assert.deepEqual(await kc.users.getUnmanagedAttributes({ id }), { legacyId: ['L-17'], tier: ['gold', 'silver'] });

    const alice = (await kc.users.find({ username: 'alice', exact: true }))[0]!;
    assert.deepEqual(await kc.users.getUnmanagedAttributes({ id: alice.id! }), {});

    await kc.users.updateProfile(withPolicy(undefined));
    assert.deepEqual(await kc.users.getUnmanagedAttributes({ id }), {}, 'with unmanaged attributes disabled, none shows');
    assert.equal((await adminCall(kc, 'GET', '/users/no-such-user/unmanagedAttributes')).status, 404);
  });

  it('answers impersonation as Keycloak does with the feature off', async () => {
    const kc = await adminClient();
    const alice = (await kc.users.find({ username: 'alice', exact: true }))[0]!;
    const answer = await adminCall(kc, 'POST', `/users/${alice.id}/impersonation`);
    assert.equal(answer.status, 501);
    assert.deepEqual(answer.body, { error: 'Feature not enabled' });
    await assert.rejects(kc.users.impersonation({ id: alice.id! }, { user: alice.id!, realm: 'shop' }), (error: { response?: { status: number } }) => error.response?.status === 501);
    assert.equal((await adminCall(kc, 'POST', '/users/no-such-user/impersonation')).status, 404);
  });
});
