import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { decodeJwt } from 'jose';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const server = useGatehouseServer([
  {
    name: 'library',
    realmRoles: ['reader', 'editor'],
    users: [
      { username: 'ann', password: 'ann-password-1' },
      { username: 'bob', password: 'bob-password-1' },
    ],
  },
]);

async function adminClient(): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: 'library' });
  return kc;
}

async function api(kc: KcAdminClient, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}/admin/realms/library/${path}`, {
    method,
    headers: { authorization: `Bearer ${kc.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function userId(kc: KcAdminClient, username: string): Promise<string> {
  return (await kc.users.find({ username, exact: true }))[0]!.id!;
}

describe('Admin API roles', () => {
  it('manages client roles and maps them to users, who get them in tokens', async () => {
    const kc = await adminClient();
    const { id } = await kc.clients.create({ clientId: 'catalogue', secret: 'catalogue-secret-0123456789', serviceAccountsEnabled: true });
    const created = await api(kc, 'POST', `clients/${id}/roles`, { name: 'curator', description: 'Curates' });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), `${server.baseUrl}/admin/realms/library/clients/${id}/roles/curator`);
    await kc.clients.createRole({ id, name: 'browser' });
    const duplicate = await api(kc, 'POST', `clients/${id}/roles`, { name: 'curator' });
    assert.deepEqual([duplicate.status, await duplicate.json()], [409, { errorMessage: 'Role with name curator already exists' }]);
    assert.deepEqual((await kc.clients.listRoles({ id })).map((r) => r.name), ['browser', 'curator']);
    const curator = (await kc.clients.findRole({ id, roleName: 'curator' }))!;
    assert.equal(curator.clientRole, true);
    assert.equal(curator.containerId, id);
    assert.equal(await kc.clients.findRole({ id, roleName: 'nobody' }), null);
    await kc.clients.updateRole({ id, roleName: 'curator' }, { name: 'curator', description: 'Curates the catalogue' });
    assert.equal((await kc.clients.findRole({ id, roleName: 'curator' }))?.description, 'Curates the catalogue');

    const ann = await userId(kc, 'ann');
    await kc.users.addClientRoleMappings({ id: ann, clientUniqueId: id, roles: [{ id: curator.id!, name: 'curator' }] });
    assert.deepEqual((await kc.users.listClientRoleMappings({ id: ann, clientUniqueId: id })).map((r) => r.name), ['curator']);
    assert.deepEqual((await kc.users.listAvailableClientRoleMappings({ id: ann, clientUniqueId: id })).map((r) => r.name), ['browser']);
    assert.deepEqual((await kc.users.listCompositeClientRoleMappings({ id: ann, clientUniqueId: id })).map((r) => r.name), ['curator']);
    const mappings = await kc.users.listRoleMappings({ id: ann });
    assert.deepEqual(mappings.clientMappings?.catalogue?.mappings?.map((r: { name?: string }) => r.name), ['curator']);
    assert.equal(mappings.clientMappings?.catalogue?.id, id);
    assert.deepEqual((await kc.clients.findUsersWithRole({ id, roleName: 'curator' })).map((u) => u.username), ['ann']);
    const wrong = await api(kc, 'POST', `users/${ann}/role-mappings/clients/${id}`, [{ id: curator.id, name: 'browser' }]);
    assert.deepEqual([wrong.status, await wrong.json()], [404, { error: 'Role not found' }]);
    const noClient = await api(kc, 'GET', `users/${ann}/role-mappings/clients/00000000-0000-4000-8000-000000000000`);
    assert.deepEqual([noClient.status, await noClient.json()], [404, { error: 'Client not found' }]);

    const password = await fetch(`${server.baseUrl}/realms/library/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'catalogue', client_secret: 'catalogue-secret-0123456789', username: 'ann', password: 'ann-password-1' }),
    });
    // The client has no direct access grants, as Keycloak's default; grant them and try again.
    assert.equal(password.status, 400);
    await kc.clients.update({ id }, { directAccessGrantsEnabled: true });
    const granted = await fetch(`${server.baseUrl}/realms/library/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'catalogue', client_secret: 'catalogue-secret-0123456789', username: 'ann', password: 'ann-password-1' }),
    });
    assert.equal(granted.status, 200);
    const claims = decodeJwt(((await granted.json()) as { access_token: string }).access_token);
    assert.deepEqual((claims.resource_access as Record<string, { roles: string[] }>).catalogue?.roles, ['curator']);

    await kc.users.delClientRoleMappings({ id: ann, clientUniqueId: id, roles: [{ id: curator.id!, name: 'curator' }] });
    assert.deepEqual(await kc.users.listClientRoleMappings({ id: ann, clientUniqueId: id }), []);
    await kc.clients.delRole({ id, roleName: 'browser' });
    assert.deepEqual((await kc.clients.listRoles({ id })).map((r) => r.name), ['curator']);
  });

  it('makes composite roles of realm and client roles, which users then hold', async () => {
    const kc = await adminClient();
    const { id } = await kc.clients.create({ clientId: 'archive' });
    await kc.clients.createRole({ id, name: 'archivist' });
    const archivist = (await kc.clients.findRole({ id, roleName: 'archivist' }))!;
    const reader = (await kc.roles.findOneByName({ name: 'reader' }))!;
    const editor = (await kc.roles.findOneByName({ name: 'editor' }))!;

    const added = await api(kc, 'POST', 'roles/editor/composites', [{ id: reader.id, name: 'reader' }, { id: archivist.id, name: 'archivist' }]);
    assert.equal(added.status, 204);
    assert.equal((await kc.roles.findOneByName({ name: 'editor' }))?.composite, true);
    assert.deepEqual((await kc.roles.getCompositeRoles({ id: editor.id! })).map((r) => r.name), ['archivist', 'reader']);
    assert.deepEqual((await kc.roles.getCompositeRolesForRealm({ id: editor.id! })).map((r) => r.name), ['reader']);
    assert.deepEqual((await kc.roles.getCompositeRolesForClient({ id: editor.id!, clientId: id })).map((r) => r.name), ['archivist']);
    const byName = await (await api(kc, 'GET', 'roles/editor/composites/realm')).json();
    assert.deepEqual((byName as { name: string }[]).map((r) => r.name), ['reader']);
    const ofClient = await (await api(kc, 'GET', `roles/editor/composites/clients/${id}`)).json();
    assert.deepEqual((ofClient as { name: string }[]).map((r) => r.name), ['archivist']);
    const unknown = await api(kc, 'POST', 'roles/editor/composites', [{ id: '00000000-0000-4000-8000-000000000000' }]);
    assert.deepEqual([unknown.status, await unknown.json()], [404, { error: 'Could not find composite role' }]);

    const bob = await userId(kc, 'bob');
    await kc.users.addRealmRoleMappings({ id: bob, roles: [{ id: editor.id!, name: 'editor' }] });
    assert.ok((await kc.users.listCompositeRealmRoleMappings({ id: bob })).some((r) => r.name === 'reader'));
    assert.deepEqual((await kc.users.listCompositeClientRoleMappings({ id: bob, clientUniqueId: id })).map((r) => r.name), ['archivist']);
    assert.deepEqual(await kc.users.listAvailableClientRoleMappings({ id: bob, clientUniqueId: id }), []);
    assert.deepEqual((await kc.roles.findUsersWithRole({ name: 'editor' })).map((u) => u.username), ['bob']);
    assert.deepEqual(await kc.roles.findUsersWithRole({ name: 'reader' }), [], 'only direct members are listed');

    await kc.roles.delCompositeRoles({ id: editor.id! }, [{ id: reader.id!, name: 'reader' }]);
    assert.ok(!(await kc.users.listCompositeRealmRoleMappings({ id: bob })).some((r) => r.name === 'reader'));
    await kc.roles.createComposite({ roleId: archivist.id! }, [{ id: reader.id!, name: 'reader' }]);
    assert.deepEqual((await api(kc, 'GET', `clients/${id}/roles/archivist/composites`).then((r) => r.json()) as { name: string }[]).map((r) => r.name), ['reader']);
  });

  it('reads, renames and deletes roles by id', async () => {
    const kc = await adminClient();
    await kc.roles.create({ name: 'temporary', description: 'For a while' });
    const role = (await kc.roles.findOneByName({ name: 'temporary' }))!;
    assert.equal((await kc.roles.findOneById({ id: role.id! }))?.name, 'temporary');
    await kc.roles.updateById({ id: role.id! }, { name: 'seasonal', description: 'For a season' });
    assert.equal((await kc.roles.findOneById({ id: role.id! }))?.name, 'seasonal');
    assert.equal(await kc.roles.findOneByName({ name: 'temporary' }), null);
    const clash = await api(kc, 'PUT', `roles-by-id/${role.id}`, { name: 'reader' });
    assert.deepEqual([clash.status, await clash.json()], [409, { errorMessage: 'Role with name reader already exists' }]);
    await kc.roles.delById({ id: role.id! });
    const gone = await api(kc, 'GET', `roles-by-id/${role.id}`);
    assert.deepEqual([gone.status, await gone.json()], [404, { error: 'Could not find role with id' }]);
    const defaults = (await kc.roles.findOneByName({ name: 'default-roles-library' }))!;
    const refused = await api(kc, 'DELETE', `roles-by-id/${defaults.id}`);
    assert.equal(refused.status, 400);
  });

  it('lets a client without full scope put only its scope-mapped roles into tokens', async () => {
    const kc = await adminClient();
    const { id } = await kc.clients.create({ clientId: 'kiosk', fullScopeAllowed: false, serviceAccountsEnabled: true, secret: 'kiosk-secret-0123456789' });
    const { id: otherId } = await kc.clients.create({ clientId: 'ledger' });
    await kc.clients.createRole({ id: otherId, name: 'auditor' });
    const auditor = (await kc.clients.findRole({ id: otherId, roleName: 'auditor' }))!;
    const reader = (await kc.roles.findOneByName({ name: 'reader' }))!;
    // A role of its own: the other tests make `editor` a composite that reaches `reader`.
    await kc.roles.create({ name: 'scribe' });
    const scribe = (await kc.roles.findOneByName({ name: 'scribe' }))!;
    const serviceAccount = await kc.clients.getServiceAccountUser({ id });
    await kc.users.addRealmRoleMappings({ id: serviceAccount.id!, roles: [{ id: reader.id!, name: 'reader' }, { id: scribe.id!, name: 'scribe' }] });
    await kc.users.addClientRoleMappings({ id: serviceAccount.id!, clientUniqueId: otherId, roles: [{ id: auditor.id!, name: 'auditor' }] });

    const token = async () => {
      const response = await fetch(`${server.baseUrl}/realms/library/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'kiosk', client_secret: 'kiosk-secret-0123456789' }),
      });
      assert.equal(response.status, 200);
      const claims = decodeJwt(((await response.json()) as { access_token: string }).access_token);
      return {
        realm: ((claims.realm_access as { roles?: string[] } | undefined)?.roles ?? []).filter((r) => r === 'reader' || r === 'scribe').sort(),
        ledger: (claims.resource_access as Record<string, { roles: string[] }> | undefined)?.ledger?.roles ?? [],
      };
    };
    assert.deepEqual(await token(), { realm: [], ledger: [] });

    await kc.clients.addRealmScopeMappings({ id }, [{ id: reader.id!, name: 'reader' }]);
    assert.deepEqual((await kc.clients.listRealmScopeMappings({ id })).map((r) => r.name), ['reader']);
    assert.ok(!(await kc.clients.listAvailableRealmScopeMappings({ id })).some((r) => r.name === 'reader'));
    assert.deepEqual((await kc.clients.listCompositeRealmScopeMappings({ id })).map((r) => r.name), ['reader']);
    await kc.clients.addClientScopeMappings({ id, client: otherId }, [{ id: auditor.id!, name: 'auditor' }]);
    assert.deepEqual((await kc.clients.listClientScopeMappings({ id, client: otherId })).map((r) => r.name), ['auditor']);
    assert.deepEqual((await kc.clients.listScopeMappings({ id })).clientMappings?.ledger?.mappings?.map((r: { name?: string }) => r.name), ['auditor']);
    assert.deepEqual(await token(), { realm: ['reader'], ledger: ['auditor'] });

    const { id: scopeId } = await kc.clientScopes.create({ name: 'editing', protocol: 'openid-connect' });
    await kc.clientScopes.addRealmScopeMappings({ id: scopeId }, [{ id: scribe.id!, name: 'scribe' }]);
    assert.deepEqual((await kc.clientScopes.listRealmScopeMappings({ id: scopeId })).map((r) => r.name), ['scribe']);
    await kc.clients.addDefaultClientScope({ id, clientScopeId: scopeId });
    assert.deepEqual(await token(), { realm: ['reader', 'scribe'], ledger: ['auditor'] });

    await kc.clients.delRealmScopeMappings({ id }, [{ id: reader.id!, name: 'reader' }]);
    assert.deepEqual(await token(), { realm: ['scribe'], ledger: ['auditor'] });
    const unknown = await api(kc, 'POST', `clients/${id}/scope-mappings/realm`, [{ id: 'nope', name: 'nope' }]);
    assert.deepEqual([unknown.status, await unknown.json()], [404, { error: 'Role not found' }]);
  });
});
