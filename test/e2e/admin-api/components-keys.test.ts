import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { createPublicKey } from 'node:crypto';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const server = useGatehouseServer([{ name: 'parts', users: [{ username: 'nobody', password: 'nobody-password-1' }] }]);

async function adminClient(realmName = 'master', username = 'admin', password = 'admin'): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName });
  await kc.auth({ username, password, grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: 'parts' });
  return kc;
}

async function call(kc: KcAdminClient, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.baseUrl}/admin/realms/parts${path}`, {
    method,
    headers: { authorization: `Bearer ${kc.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

const PROFILE_TYPE = 'org.keycloak.userprofile.UserProfileProvider';

describe('components and keys through the Admin API', () => {
  it('creates, finds, updates and deletes components', async () => {
    const kc = await adminClient();
    const realm = (await kc.realms.findOne({ realm: 'parts' }))!;
    const { id } = await kc.components.create({ name: 'corp-ldap', providerId: 'ldap', providerType: 'org.keycloak.storage.UserStorageProvider', config: { vendor: ['other'], enabled: ['false'] } });
    assert.ok(id);
    const found = await kc.components.findOne({ id });
    assert.deepEqual(found, { id, name: 'corp-ldap', providerId: 'ldap', providerType: 'org.keycloak.storage.UserStorageProvider', parentId: realm.id, config: { vendor: ['other'], enabled: ['false'] } });
    assert.deepEqual((await kc.components.find({ type: 'org.keycloak.storage.UserStorageProvider' })).map((c) => c.id), [id]);
    assert.deepEqual((await kc.components.find({ name: 'corp-ldap', parent: realm.id })).map((c) => c.id), [id]);
    assert.deepEqual(await kc.components.find({ name: 'nothing' }), []);
    await kc.components.update({ id }, { ...found, config: { vendor: ['ad'] } });
    assert.deepEqual((await kc.components.findOne({ id }))?.config, { vendor: ['ad'] });
    assert.deepEqual(await kc.components.listSubComponents({ id, type: 'org.keycloak.storage.ldap.mappers.LDAPStorageMapper' }), []);
    await kc.components.del({ id });
    assert.equal(await kc.components.findOne({ id }), null);
    assert.equal((await call(kc, 'POST', '/components', { name: 'typeless', providerId: 'x' })).status, 400);
  });

  it('keeps the user profile and its component one thing, and refuses a broken profile through either', async () => {
    const kc = await adminClient();
    const { id } = await kc.components.create({
      name: 'declarative-user-profile',
      providerId: 'declarative-user-profile',
      providerType: PROFILE_TYPE,
      config: { 'kc.user.profile.config': [JSON.stringify({ attributes: [{ name: 'username' }, { name: 'email' }, { name: 'badge', permissions: { view: ['admin'], edit: ['admin'] } }] })] },
    });
    assert.ok((await kc.users.getProfile()).attributes?.some((a) => a.name === 'badge'), 'a profile stored as a component is the profile');
    const profile = await kc.users.getProfile();
    await kc.users.updateProfile({ ...profile, attributes: profile.attributes!.filter((a) => a.name !== 'badge') });
    const component = (await kc.components.find({ type: PROFILE_TYPE }))!;
    assert.deepEqual(component.map((c) => c.id), [id], 'saving the profile updates the same component');
    assert.ok(!component[0]!.config!['kc.user.profile.config']![0]!.includes('badge'));

    const broken = await call(kc, 'PUT', `/components/${id}`, { ...component[0], config: { 'kc.user.profile.config': ['{"attributes":[{"name":"a/b"}]}'] } });
    assert.equal(broken.status, 400);
    const notJson = await call(kc, 'PUT', `/components/${id}`, { ...component[0], config: { 'kc.user.profile.config': ['{oops'] } });
    assert.equal(notJson.status, 400);
    assert.ok(!(await kc.users.getProfile()).attributes?.some((a) => a.name === 'a/b'));
  });

  it('lists the realm keys with the active kid per algorithm, the RSA public key, and never private material', async () => {
    const kc = await adminClient();
    const { active, keys } = await kc.realms.getKeys({ realm: 'parts' });
    assert.ok(active?.RS256);
    assert.ok(active?.HS512);
    const rsa = keys!.find((k) => k.kid === active!.RS256)!;
    assert.deepEqual([rsa.type, rsa.algorithm, rsa.status, (rsa as { use?: string }).use], ['RSA', 'RS256', 'ACTIVE', 'SIG']);
    assert.equal(typeof rsa.providerPriority, 'number');
    const jwks = (await (await fetch(`${server.baseUrl}/realms/parts/protocol/openid-connect/certs`)).json()) as { keys: { kid: string; n: string }[] };
    const published = jwks.keys.find((k) => k.kid === rsa.kid)!;
    const fromAdmin = createPublicKey({ key: Buffer.from(rsa.publicKey!, 'base64'), format: 'der', type: 'spki' }).export({ format: 'jwk' });
    assert.equal(fromAdmin.n, published.n, 'the public key is the one the realm publishes');
    const hmac = keys!.find((k) => k.kid === active!.HS512)!;
    assert.equal(hmac.type, 'OCT');
    assert.equal(hmac.publicKey, undefined);
    const raw = JSON.stringify(await call(kc, 'GET', '/keys'));
    for (const secret of ['"d"', '"p"', '"q"', '"k"', 'privateJwk', 'PRIVATE']) assert.ok(!raw.includes(secret), `no ${secret} in the answer`);
  });

  it('needs view-realm to read components and keys', async () => {
    const plain = await adminClient('parts', 'nobody', 'nobody-password-1');
    assert.equal((await call(plain, 'GET', '/keys')).status, 403);
    assert.equal((await call(plain, 'GET', '/components')).status, 403);
    assert.equal((await call(plain, 'GET', '/authentication/flows')).status, 403);
    assert.equal((await call(plain, 'GET', '/localization')).status, 403);
    assert.equal((await call(plain, 'GET', '/users/profile')).status, 403);
  });
});
