import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { decodeJwt } from 'jose';
import { Browserless } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const callback = 'http://127.0.0.1:1/callback';
const web = { clientId: 'web', publicClient: true, directAccessGrantsEnabled: true, redirectUris: [callback] };

const server = useGatehouseServer([
  {
    name: 'teams',
    settings: { registrationAllowed: true },
    clients: [web],
    users: [
      { username: 'member', password: 'member-password-1' },
      { username: 'viewer', password: 'viewer-password-1' },
    ],
  },
]);

async function adminClient(realmName = 'master', username = 'admin', password = 'admin'): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName });
  await kc.auth({ username, password, grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: 'teams' });
  return kc;
}

const status = (code: number) => (error: unknown) => (error as { response?: { status?: number } }).response?.status === code;

async function call(kc: KcAdminClient, method: string, path: string, body?: unknown): Promise<{ status: number; location: string | null; json: unknown }> {
  const response = await fetch(`${server.baseUrl}/admin/realms/teams${path}`, {
    method,
    headers: { authorization: `Bearer ${kc.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, location: response.headers.get('location'), json: text ? JSON.parse(text) : undefined };
}

/** The realm roles in a password-grant access token of the web client. */
async function tokenRoles(username: string, password: string): Promise<string[]> {
  const response = await fetch(`${server.baseUrl}/realms/teams/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'web', username, password, scope: 'openid' }),
  });
  const tokens = (await response.json()) as { access_token: string };
  assert.equal(response.status, 200, JSON.stringify(tokens));
  return ((decodeJwt(tokens.access_token).realm_access as { roles?: string[] } | undefined)?.roles ?? []).sort();
}

/** The realm-management client of the realm and one of its roles, read from the store. */
async function managementRole(name: string) {
  const realm = (await server.store.realms.findByName('teams'))!;
  const management = (await server.store.clients.findByClientId(realm.id, 'realm-management'))!;
  const viewUsers = (await server.store.roles.findClientRole(realm.id, management.id, name))!;
  return { management, viewUsers };
}

describe('groups through the Admin API', () => {
  it('creates top-level and child groups, lists, searches, counts, reads by path, renames, moves and deletes them', async () => {
    const kc = await adminClient();
    const { id: staffId } = await kc.groups.create({ name: 'staff', attributes: { floor: ['3'] } });
    const { id: guestsId } = await kc.groups.create({ name: 'guests' });
    const duplicate = await call(kc, 'POST', '/groups', { name: 'staff' });
    assert.equal(duplicate.status, 409);
    assert.deepEqual(duplicate.json, { errorMessage: "Top level group named 'staff' already exists." });
    const nameless = await call(kc, 'POST', '/groups', {});
    assert.equal(nameless.status, 400);

    const child = await call(kc, 'POST', `/groups/${staffId}/children`, { name: 'engineering' });
    assert.equal(child.status, 201);
    const engineeringId = (child.json as { id: string }).id;
    assert.equal(child.location, `${server.baseUrl}/admin/realms/teams/groups/${engineeringId}`);
    const { id: backendId } = await kc.groups.createChildGroup({ id: engineeringId }, { name: 'backend' });

    const top = await kc.groups.find();
    assert.deepEqual(top.map((g) => [g.name, g.path, g.subGroupCount]), [['guests', '/guests', 0], ['staff', '/staff', 1]]);
    assert.equal((await kc.groups.count()).count, 4);
    assert.equal((await kc.groups.count({ top: true })).count, 2);
    assert.equal((await kc.groups.count({ search: 'end' })).count, 1);

    // A search answers the matching group inside its ancestors, as Keycloak 26 does.
    const found = await kc.groups.find({ search: 'back' });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.name, 'staff');
    assert.equal(found[0]!.subGroups?.[0]?.name, 'engineering');
    assert.equal(found[0]!.subGroups?.[0]?.subGroups?.[0]?.path, '/staff/engineering/backend');
    assert.deepEqual((await kc.groups.find({ search: 'BACKEND', exact: true })).length, 0);
    assert.deepEqual((await kc.groups.find({ q: 'floor:3' })).map((g) => g.name), ['staff']);
    // Paging counts matches (by name: backend, engineering, guests), not the roots around them.
    const flat = await kc.groups.find({ search: 'e', populateHierarchy: false, first: 1, max: 2 } as Parameters<typeof kc.groups.find>[0]);
    assert.deepEqual(flat.map((g) => g.path), ['/staff/engineering', '/guests']);
    const firstMatch = await kc.groups.find({ search: 'e', first: 0, max: 1 });
    assert.deepEqual(firstMatch.map((g) => g.subGroups?.[0]?.subGroups?.[0]?.name), ['backend']);

    const children = await kc.groups.listSubGroups({ parentId: staffId! });
    assert.deepEqual(children.map((g) => [g.name, g.parentId, g.subGroupCount]), [['engineering', staffId, 1]]);

    const full = await kc.groups.findOne({ id: backendId! });
    assert.equal(full?.path, '/staff/engineering/backend');
    assert.equal(full?.parentId, engineeringId);
    assert.deepEqual(full?.realmRoles, []);
    assert.equal(await kc.groups.findOne({ id: 'no-such-group' }), null);

    const byPath = await kc.realms.getGroupByPath({ realm: 'teams', path: 'staff/engineering/backend' });
    assert.equal(byPath?.id, backendId);
    const raw = await call(kc, 'GET', '/group-by-path/staff/engineering');
    assert.equal((raw.json as { id: string }).id, engineeringId);
    assert.equal((await call(kc, 'GET', '/group-by-path/staff/nowhere')).status, 404);
    // A trailing slash names the same resource, as the admin client sends it for collections.
    assert.equal((await call(kc, 'GET', '/group-by-path/staff/engineering/')).status, 200);
    const listed = await call(kc, 'GET', '/groups/?search=engineering');
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.json, (await call(kc, 'GET', '/groups?search=engineering')).json);
    assert.equal((await call(kc, 'GET', `/groups/${engineeringId}/`)).status, 200);

    await kc.groups.update({ id: guestsId! }, { name: 'visitors' });
    assert.equal((await kc.groups.findOne({ id: guestsId! }))?.path, '/visitors');
    const clash = await call(kc, 'PUT', `/groups/${guestsId}`, { name: 'staff' });
    assert.deepEqual([clash.status, clash.json], [409, { errorMessage: "Sibling group named 'staff' already exists." }]);
    assert.deepEqual((await call(kc, 'PUT', `/groups/${guestsId}`, { attributes: {} })).json, { errorMessage: 'Group name is missing' });
    await kc.groups.update({ id: staffId! }, { name: 'staff', attributes: { building: ['B'] } });
    assert.deepEqual((await kc.groups.findOne({ id: staffId! }))?.attributes, { building: ['B'] }, 'attributes are replaced');

    // Moving: POST an existing group's id under another parent.
    const moved = await call(kc, 'POST', `/groups/${guestsId}/children`, { id: backendId, name: 'backend' });
    assert.equal(moved.status, 204);
    assert.equal((await kc.groups.findOne({ id: backendId! }))?.path, '/visitors/backend');
    const intoItself = await call(kc, 'POST', `/groups/${backendId}/children`, { id: guestsId, name: 'visitors' });
    assert.equal(intoItself.status, 400);
    const unknownChild = await call(kc, 'POST', `/groups/${backendId}/children`, { id: 'no-such-group', name: 'ghost' });
    assert.deepEqual([unknownChild.status, unknownChild.json], [404, { error: 'Could not find child by id' }]);

    await kc.groups.del({ id: staffId! });
    assert.equal(await kc.groups.findOne({ id: engineeringId }), null, 'a deleted group takes its sub-groups along');
    await kc.groups.del({ id: guestsId! });
    assert.equal((await kc.groups.count()).count, 0);
  });

  it('gives members the roles of their group and its ancestors, in tokens and in the role-mapping views', async () => {
    const kc = await adminClient();
    await kc.roles.create({ name: 'reader' });
    await kc.roles.create({ name: 'writer' });
    const reader = (await kc.roles.findOneByName({ name: 'reader' }))!;
    const writer = (await kc.roles.findOneByName({ name: 'writer' }))!;
    const { id: parentId } = await kc.groups.create({ name: 'library' });
    const { id: childId } = await kc.groups.createChildGroup({ id: parentId! }, { name: 'archive' });
    await kc.groups.addRealmRoleMappings({ id: parentId!, roles: [{ id: reader.id!, name: 'reader' }] });
    await kc.groups.addRealmRoleMappings({ id: childId!, roles: [{ id: writer.id!, name: 'writer' }] });

    assert.deepEqual((await kc.groups.listRealmRoleMappings({ id: childId! })).map((r) => r.name), ['writer']);
    assert.deepEqual((await kc.groups.listCompositeRealmRoleMappings({ id: childId! })).map((r) => r.name).sort(), ['reader', 'writer']);
    assert.ok(!(await kc.groups.listAvailableRealmRoleMappings({ id: childId! })).some((r) => r.name === 'reader'));
    assert.deepEqual((await kc.groups.listRoleMappings({ id: parentId! })).realmMappings?.map((r) => r.name), ['reader']);
    assert.deepEqual((await kc.groups.findOne({ id: parentId! }))?.realmRoles, ['reader']);

    const member = (await kc.users.find({ username: 'member', exact: true }))[0]!;
    assert.ok(!(await tokenRoles('member', 'member-password-1')).includes('reader'));
    await kc.users.addToGroup({ id: member.id!, groupId: childId! });
    assert.deepEqual((await kc.groups.listMembers({ id: childId! })).map((u) => u.username), ['member']);
    assert.deepEqual((await kc.users.listGroups({ id: member.id! })).map((g) => g.path), ['/library/archive']);
    const roles = await tokenRoles('member', 'member-password-1');
    assert.ok(roles.includes('reader') && roles.includes('writer'), roles.join(','));

    const { management, viewUsers } = await managementRole('view-users');
    const clientRoles = await call(kc, 'POST', `/groups/${parentId}/role-mappings/clients/${management.id}`, [{ id: viewUsers.id, name: 'view-users' }]);
    assert.equal(clientRoles.status, 204);
    // view-users brings its composites (query-users, query-groups) along.
    const inherited = ((await call(kc, 'GET', `/groups/${childId}/role-mappings/clients/${management.id}/composite`)).json as { name: string }[]).map((r) => r.name);
    assert.deepEqual(inherited, ['query-groups', 'query-users', 'view-users']);
    assert.deepEqual(((await call(kc, 'GET', `/groups/${childId}/role-mappings/clients/${management.id}`)).json as unknown[]).length, 0);
    assert.deepEqual((await kc.groups.findOne({ id: parentId! }))?.clientRoles, { 'realm-management': ['view-users'] });

    await kc.groups.delRealmRoleMappings({ id: childId!, roles: [{ id: writer.id!, name: 'writer' }] });
    await kc.users.delFromGroup({ id: member.id!, groupId: childId! });
    assert.deepEqual(await tokenRoles('member', 'member-password-1'), ['default-roles-teams', 'offline_access', 'uma_authorization']);
  });

  it('lets view-users read groups and refuses it changes; manage-users changes them', async () => {
    const kc = await adminClient();
    const viewer = (await kc.users.find({ username: 'viewer', exact: true }))[0]!;
    // Client role mappings of users are another part of the API; the store grants it here.
    const { viewUsers } = await managementRole('view-users');
    await server.store.roles.grantToUser(viewer.id!, [viewUsers.id]);
    const limited = await adminClient('teams', 'viewer', 'viewer-password-1');
    await kc.groups.create({ name: 'readable' });
    assert.ok((await limited.groups.find()).some((g) => g.name === 'readable'));
    await assert.rejects(limited.groups.create({ name: 'forbidden' }), status(403));
    // The user editor needs the required actions; the flows stay with realm viewers.
    assert.ok((await limited.authenticationManagement.getRequiredActions()).some((a) => a.alias === 'UPDATE_PASSWORD'));
    await assert.rejects(limited.authenticationManagement.getFlows(), status(403));
    const plain = await adminClient('teams', 'member', 'member-password-1');
    await assert.rejects(plain.groups.find(), status(403));
  });

  it('puts new users into the default groups, through the Admin API and through self-registration', async () => {
    const kc = await adminClient();
    const { id: newcomersId } = await kc.groups.create({ name: 'newcomers' });
    await kc.realms.addDefaultGroup({ realm: 'teams', id: newcomersId! });
    assert.deepEqual((await kc.realms.getDefaultGroups({ realm: 'teams' })).map((g) => g.path), ['/newcomers']);
    const unknown = await call(kc, 'PUT', '/default-groups/no-such-group');
    assert.deepEqual([unknown.status, unknown.json], [404, { error: 'Group not found' }]);

    const { id } = await kc.users.create({ username: 'hired', email: 'hired@example.com', firstName: 'H', lastName: 'D', enabled: true });
    assert.deepEqual((await kc.users.listGroups({ id })).map((g) => g.name), ['newcomers']);

    const browser = new Browserless();
    const url = `${server.baseUrl}/realms/teams/protocol/openid-connect/registrations?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`;
    const page = await browser.open(url, (l) => l.startsWith(callback));
    const done = await browser.submit(page, { username: 'signedup', email: 'signedup@example.com', firstName: 'S', lastName: 'U', password: 'signed-up-password-1', 'password-confirm': 'signed-up-password-1' }, (l) => l.startsWith(callback));
    assert.ok(done.location?.startsWith(callback), done.html.slice(0, 300));
    const registered = (await kc.users.find({ username: 'signedup', exact: true }))[0]!;
    assert.deepEqual((await kc.users.listGroups({ id: registered.id! })).map((g) => g.name), ['newcomers']);
    assert.deepEqual((await kc.groups.listMembers({ id: newcomersId!, briefRepresentation: true })).map((u) => u.username).sort(), ['hired', 'signedup']);

    await kc.realms.removeDefaultGroup({ realm: 'teams', id: newcomersId! });
    assert.deepEqual(await kc.realms.getDefaultGroups({ realm: 'teams' }), []);
  });
});
