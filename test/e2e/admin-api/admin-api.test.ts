import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { defaultProfileConfig } from '../../../src/domain/profile/index.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const server = useGatehouseServer([
  {
    name: 'acme',
    profile: { ...defaultProfileConfig(), unmanagedAttributePolicy: 'ENABLED' },
    users: [
      { username: 'plain', password: 'plain-password-1' },
      { username: 'acme-admin', password: 'acme-admin-password-1' },
    ],
  },
  { name: 'other' },
]);

async function adminClient(realmName = 'master', username = 'admin', password = 'admin'): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName });
  await kc.auth({ username, password, grantType: 'password', clientId: 'admin-cli' });
  return kc;
}

/** The HTTP status of an admin client error. */
const status = (code: number) => (error: unknown) => (error as { response?: { status?: number } }).response?.status === code;

describe('Admin REST API with the Keycloak admin client', () => {
  it('creates, lists, reads and updates realms', async () => {
    const kc = await adminClient();
    const { realmName } = await kc.realms.create({ realm: 'created', enabled: true, displayName: 'Created' });
    assert.equal(realmName, 'created');
    const names = (await kc.realms.find()).map((r) => r.realm);
    for (const name of ['master', 'acme', 'other', 'created']) assert.ok(names.includes(name), name);
    await kc.realms.update({ realm: 'created' }, { registrationAllowed: true, smtpServer: { host: 'smtp.example.com', password: 'secret' } });
    const realm = await kc.realms.findOne({ realm: 'created' });
    assert.equal(realm?.registrationAllowed, true);
    assert.equal(realm?.displayName, 'Created');
    assert.equal(realm?.smtpServer?.password, '**********');
    assert.equal(await kc.realms.findOne({ realm: 'nowhere' }), null);
    await assert.rejects(kc.realms.create({ realm: 'created', enabled: true }), status(409));
    await assert.rejects(kc.realms.update({ realm: 'created' }, { registrationAllowed: 'yes' as unknown as boolean }), status(400));
    await kc.realms.del({ realm: 'created' });
    assert.equal(await kc.realms.findOne({ realm: 'created' }), null);
  });

  it('creates users with a password and attributes, finds, counts, updates and deletes them', async () => {
    const kc = await adminClient();
    kc.setConfig({ realmName: 'acme' });
    const { id } = await kc.users.create({
      username: 'alice',
      email: 'alice@example.com',
      firstName: 'Alice',
      lastName: 'Liddell',
      enabled: true,
      attributes: { department: ['engineering'] },
      credentials: [{ type: 'password', value: 'alice-password-1', temporary: false }],
    });
    assert.ok(id);
    const alice = await kc.users.findOne({ id });
    assert.equal(alice?.username, 'alice');
    assert.deepEqual(alice?.attributes, { department: ['engineering'] });
    assert.deepEqual((await kc.users.find({ search: 'ali' })).map((u) => u.username), ['alice']);
    assert.deepEqual((await kc.users.find({ q: 'department:engineering' })).map((u) => u.username), ['alice']);
    assert.deepEqual((await kc.users.find({ username: 'alice', exact: true })).map((u) => u.id), [id]);
    assert.equal(await kc.users.count({ email: 'alice@example.com' }), 1);
    await assert.rejects(kc.users.create({ username: 'alice', email: 'other@example.com', enabled: true }), (e: Error) => /User exists with same username/.test(e.message));
    await assert.rejects(kc.users.create({ username: 'bob', email: 'alice@example.com', enabled: true, firstName: 'B', lastName: 'B' }), (e: Error) => /User exists with same email/.test(e.message));
    await kc.users.update({ id }, { firstName: 'Alicia' });
    assert.equal((await kc.users.findOne({ id }))?.firstName, 'Alicia');
    assert.deepEqual((await kc.users.findOne({ id }))?.attributes, { department: ['engineering'] });

    await kc.realms.update({ realm: 'acme' }, { passwordPolicy: 'length(12)' });
    await assert.rejects(kc.users.resetPassword({ id, credential: { type: 'password', value: 'short', temporary: false } }), (e: { responseData?: { error?: string; error_description?: string } }) =>
      e.responseData?.error === 'invalidPasswordMinLengthMessage' && e.responseData.error_description === 'Invalid password: minimum length 12.');
    await kc.users.resetPassword({ id, credential: { type: 'password', value: 'a-long-enough-password', temporary: true } });
    assert.ok((await kc.users.findOne({ id }))?.requiredActions?.includes('UPDATE_PASSWORD'));

    const { roleName } = await kc.roles.create({ name: 'editor', description: 'Edits' });
    assert.equal(roleName, 'editor');
    const editor = await kc.roles.findOneByName({ name: 'editor' });
    await kc.users.addRealmRoleMappings({ id, roles: [{ id: editor!.id!, name: 'editor' }] });
    assert.ok((await kc.users.listRealmRoleMappings({ id })).some((r) => r.name === 'editor'));
    assert.ok((await kc.users.listRoleMappings({ id })).realmMappings?.some((r) => r.name === 'editor'));
    await kc.users.delRealmRoleMappings({ id, roles: [{ id: editor!.id!, name: 'editor' }] });
    assert.ok(!(await kc.users.listRealmRoleMappings({ id })).some((r) => r.name === 'editor'));
    assert.deepEqual(await kc.users.listGroups({ id }), []);

    await kc.users.del({ id });
    assert.equal(await kc.users.findOne({ id }), null);
  });

  it('refuses requests without a token (401) and callers without admin roles (403)', async () => {
    const anonymous = await fetch(`${server.baseUrl}/admin/realms/acme/users`);
    assert.equal(anonymous.status, 401);
    assert.deepEqual(await anonymous.json(), { error: 'HTTP 401 Unauthorized' });
    const plain = await adminClient('acme', 'plain', 'plain-password-1');
    await assert.rejects(plain.users.find(), status(403));
    const response = await fetch(`${server.baseUrl}/admin/realms/acme`, { headers: { authorization: `Bearer ${plain.accessToken}` } });
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), { error: 'HTTP 403 Forbidden' });
  });

  it("lets a realm's own admin manage it, and never another realm", async () => {
    const { store } = server;
    const acme = (await store.realms.findByName('acme'))!;
    const management = (await store.clients.findByClientId(acme.id, 'realm-management'))!;
    const realmAdmin = (await store.roles.findClientRole(acme.id, management.id, 'realm-admin'))!;
    const user = (await store.users.findByUsername(acme.id, 'acme-admin'))!;
    await store.roles.grantToUser(user.id, [realmAdmin.id]);

    const kc = await adminClient('acme', 'acme-admin', 'acme-admin-password-1');
    assert.ok((await kc.users.find()).some((u) => u.username === 'plain'));
    assert.equal((await kc.realms.findOne({ realm: 'acme' }))?.realm, 'acme');
    await assert.rejects(kc.realms.findOne({ realm: 'other' }), status(403));
    await assert.rejects(kc.users.find({ realm: 'other' }), status(403));
    await assert.rejects(kc.realms.create({ realm: 'sneaky', enabled: true }), status(403));
  });

  it('answers serverinfo and whoami, and malformed JSON with a 400', async () => {
    const kc = await adminClient();
    const info = await kc.serverInfo.find();
    assert.ok(info.systemInfo?.version);
    assert.ok(info.passwordPolicies?.some((p) => p.id === 'length'));
    const who = await kc.whoAmI.find();
    assert.equal(who.realm, 'master');
    const bad = await fetch(`${server.baseUrl}/admin/realms/acme/users`, { method: 'POST', headers: { authorization: `Bearer ${kc.accessToken}`, 'content-type': 'application/json' }, body: '{"username":' });
    assert.equal(bad.status, 400);
    assert.ok(typeof ((await bad.json()) as { errorMessage?: string }).errorMessage === 'string');
  });
});
