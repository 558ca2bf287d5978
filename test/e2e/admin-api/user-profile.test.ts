import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { Browserless, textOf } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const callback = 'http://127.0.0.1:1/callback';
const web = { clientId: 'web', publicClient: true, redirectUris: [callback] };

const server = useGatehouseServer([{ name: 'profiles', settings: { registrationAllowed: true }, clients: [web], users: [{ username: 'someone', password: 'someone-password-1' }] }]);

async function adminClient(): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: 'profiles' });
  return kc;
}

async function putProfile(kc: KcAdminClient, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server.baseUrl}/admin/realms/profiles/users/profile`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${kc.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const registrationPage = (browser: Browserless) =>
  browser.open(
    `${server.baseUrl}/realms/profiles/protocol/openid-connect/registrations?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`,
    (l) => l.startsWith(callback),
  );

describe('the user profile through the Admin API', () => {
  it('answers the default profile and its metadata, and routes /users/profile before /users/{id}', async () => {
    const kc = await adminClient();
    const config = await kc.users.getProfile();
    assert.deepEqual(config.attributes?.map((a) => a.name), ['username', 'email', 'firstName', 'lastName']);
    assert.equal(config.groups?.[0]?.name, 'user-metadata');
    const metadata = await kc.users.getProfileMetadata();
    const email = metadata.attributes?.find((a) => a.name === 'email');
    assert.equal(email?.required, false, 'email is required of users only (roles: user), not of admins');
    assert.equal(email?.readOnly, false);
    assert.ok(email?.validators?.email);
    assert.deepEqual(metadata.groups?.map((g) => g.name), ['user-metadata']);
    assert.ok((await kc.users.find({ username: 'someone', exact: true })).length === 1);
  });

  it('saves a new required attribute that registration then asks for, and that admin-created users need', async () => {
    const kc = await adminClient();
    const config = await kc.users.getProfile();
    const department = {
      name: 'department',
      displayName: 'Department',
      required: { roles: ['user', 'admin'] },
      permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
      validations: { length: { max: 40 } },
      multivalued: false,
    };
    const saved = await kc.users.updateProfile({ ...config, attributes: [...config.attributes!, department] });
    assert.deepEqual(saved.attributes?.at(-1), department);
    assert.deepEqual((await kc.users.getProfile()).attributes?.at(-1), department);
    const component = (await kc.components.find({ type: 'org.keycloak.userprofile.UserProfileProvider' }))[0]!;
    assert.equal(component.providerId, 'declarative-user-profile');
    assert.ok(JSON.parse(component.config!['kc.user.profile.config']![0]!).attributes.some((a: { name: string }) => a.name === 'department'), 'the component holds the same configuration');

    const browser = new Browserless();
    const page = await registrationPage(browser);
    assert.match(page.html, /name="department"/);
    const form = { username: 'joiner', email: 'joiner@example.com', firstName: 'J', lastName: 'O', password: 'joiner-password-1', 'password-confirm': 'joiner-password-1' };
    const refused = await browser.submit(page, form, (l) => l.startsWith(callback));
    assert.ok(textOf(refused.html, 'input-error-department'), 'the new field is required');
    const done = await browser.submit(refused, { ...form, department: 'Research' }, (l) => l.startsWith(callback));
    assert.ok(done.location?.startsWith(callback), done.html.slice(0, 300));
    const joiner = (await kc.users.find({ username: 'joiner', exact: true }))[0]!;
    assert.deepEqual(joiner.attributes?.department, ['Research']);

    await assert.rejects(kc.users.create({ username: 'nodept', email: 'nodept@example.com', firstName: 'N', lastName: 'D', enabled: true }), (e: { responseData?: { field?: string; errorMessage?: string } }) =>
      e.responseData?.field === 'department' && e.responseData.errorMessage === 'error-user-attribute-required');
    assert.equal((await kc.users.getProfileMetadata()).attributes?.find((a) => a.name === 'department')?.required, true);

    await kc.users.updateProfile(config);
    assert.doesNotMatch((await registrationPage(new Browserless())).html, /name="department"/);
  });

  it('refuses an invalid configuration with a 400 that says what is wrong, and keeps the old one', async () => {
    const kc = await adminClient();
    const before = await kc.users.getProfile();
    const badName = await putProfile(kc, { ...before, attributes: [...before.attributes!, { name: 'a:b', permissions: { edit: ['admin'] } }] });
    assert.equal(badName.status, 400);
    assert.match(String(badName.json.errorMessage), /Invalid attribute name/);
    const badValidator = await putProfile(kc, { ...before, attributes: [...before.attributes!, { name: 'age', validations: { 'no-such-validator': {} } }] });
    assert.equal(badValidator.status, 400);
    assert.match(String(badValidator.json.errorMessage), /no-such-validator/);
    const noAttributes = await putProfile(kc, { groups: [] });
    assert.equal(noAttributes.status, 400);
    const notObject = await putProfile(kc, [1, 2]);
    assert.equal(notObject.status, 400);
    assert.deepEqual(await kc.users.getProfile(), before);
  });
});
