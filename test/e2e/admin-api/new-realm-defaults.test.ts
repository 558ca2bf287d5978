import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import * as oidc from 'openid-client';
import { Browserless } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const server = useGatehouseServer([]);

async function adminClient(realm: string): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: realm });
  return kc;
}

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe("what a new realm and a new user get, as Keycloak gives them", () => {
  it("maps the offline_access scope to the realm role and the account console to the account roles it needs; its tokens carry them", async () => {
    const kc = await adminClient('fresh');
    await kc.realms.create({ realm: 'fresh', enabled: true });

    const offline = (await kc.clientScopes.find()).find((s) => s.name === 'offline_access')!;
    assert.deepEqual((await kc.clientScopes.listRealmScopeMappings({ id: offline.id! })).map((r) => r.name), ['offline_access']);

    const [account] = await kc.clients.find({ clientId: 'account' });
    const [console_] = await kc.clients.find({ clientId: 'account-console' });
    const mapped = await kc.clients.listClientScopeMappings({ id: console_!.id!, client: account!.id! });
    assert.deepEqual(mapped.map((r) => r.name).sort(), ['manage-account', 'view-groups']);

    // A user signs in at the account console (public, PKCE): the token names the account roles.
    const { id: userId } = await kc.users.create({ username: 'carol', email: 'carol@example.com', firstName: 'Carol', lastName: 'Ng', enabled: true, credentials: [{ type: 'password', value: 'carol-password-1', temporary: false }] });
    assert.ok(userId);
    const config = await oidc.discovery(new URL(`${server.baseUrl}/realms/fresh`), 'account-console', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const callback = `${server.baseUrl}/realms/fresh/account/`;
    const isCallback = (location: string) => location.startsWith(callback);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: callback, scope: 'openid', state: 's', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const browser = new Browserless();
    const page = await browser.open(url.href, isCallback);
    const done = await browser.submit(page, { username: 'carol', password: 'carol-password-1' }, isCallback);
    assert.ok(done.location && isCallback(done.location), `signed in, got ${done.status}`);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.location), { pkceCodeVerifier: verifier, expectedState: 's' });
    const access = claimsOf(tokens.access_token);
    const roles = ((access.resource_access as Record<string, { roles: string[] }> | undefined)?.account?.roles ?? []).sort();
    assert.ok(roles.includes('manage-account'), `account roles in the token: ${roles.join(', ')}`);
    assert.ok(roles.includes('manage-account-links'), 'the composite expands');
    assert.ok(!roles.includes('view-profile'), 'a role the console is not mapped to stays out (fullScopeAllowed is off)');
  });

  it('gives a user created through the Admin API the realm\'s default required actions, besides those asked for', async () => {
    const kc = await adminClient('fresh2');
    await kc.realms.create({ realm: 'fresh2', enabled: true });
    const { id: plain } = await kc.users.create({ username: 'dave', enabled: true });
    assert.deepEqual((await kc.users.findOne({ id: plain }))!.requiredActions, [], 'no default actions: none added');

    const totp = await kc.authenticationManagement.getRequiredActionForAlias({ alias: 'CONFIGURE_TOTP' });
    await kc.authenticationManagement.updateRequiredAction({ alias: 'CONFIGURE_TOTP' }, { ...totp, enabled: true, defaultAction: true });
    const verify = await kc.authenticationManagement.getRequiredActionForAlias({ alias: 'VERIFY_EMAIL' });
    await kc.authenticationManagement.updateRequiredAction({ alias: 'VERIFY_EMAIL' }, { ...verify, enabled: false, defaultAction: true });

    const { id } = await kc.users.create({ username: 'erin', enabled: true, requiredActions: ['UPDATE_PROFILE'] });
    const erin = await kc.users.findOne({ id });
    assert.deepEqual([...erin!.requiredActions!].sort(), ['CONFIGURE_TOTP', 'UPDATE_PROFILE'], 'the enabled default action is added; a disabled one is not');
    const { id: again } = await kc.users.create({ username: 'frank', enabled: true, requiredActions: ['CONFIGURE_TOTP'] });
    assert.deepEqual((await kc.users.findOne({ id: again }))!.requiredActions, ['CONFIGURE_TOTP'], 'each action once');
  });
});
