import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { Browserless, textOf } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const callback = 'http://127.0.0.1:1/callback';
const isCallback = (location: string) => location.startsWith(callback);
const web = { clientId: 'web', publicClient: true, redirectUris: [callback], directAccessGrantsEnabled: true };
const guard = { bruteForceProtected: true, failureFactor: 3, waitIncrementSeconds: 60, quickLoginCheckMilliSeconds: 0, eventsEnabled: true };

const server = useGatehouseServer([
  { name: 'guarded', settings: guard, clients: [web], users: [{ username: 'ada', password: 'correct horse' }] },
  { name: 'strict', settings: { ...guard, permanentLockout: true, failureFactor: 2 }, clients: [web], users: [{ username: 'bob', password: 'correct horse' }] },
]);

async function adminClient(): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  return kc;
}

const authUrl = (realm: string) =>
  `${server.baseUrl}/realms/${realm}/protocol/openid-connect/auth?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`;

const passwordGrant = (realm: string, username: string, password: string) =>
  fetch(`${server.baseUrl}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'web', username, password }),
  });

describe('brute-force detection with Keycloak realm fields, and the attack-detection Admin API', () => {
  it('locks a user out after failureFactor failed logins, says no more than a wrong password would, and unlocks through the Admin API', async () => {
    const browser = new Browserless();
    let page = await browser.open(authUrl('guarded'), isCallback);
    for (let i = 0; i < 3; i++) page = await browser.submit(page, { username: 'ada', password: `wrong ${i}` }, isCallback);
    const locked = await browser.submit(page, { username: 'ada', password: 'correct horse' }, isCallback);
    assert.equal(locked.status, 200, 'the right password does not sign in while locked out');
    assert.equal(textOf(locked.html, 'input-error-username'), 'Invalid username or password.');

    const grant = await passwordGrant('guarded', 'ada', 'correct horse');
    assert.equal(grant.status, 401);
    assert.deepEqual(await grant.json(), { error: 'invalid_grant', error_description: 'Invalid user credentials' });

    const realm = (await server.store.realms.findByName('guarded'))!;
    const errors = await server.store.events.query(realm.id, { types: ['LOGIN_ERROR'] });
    assert.ok(errors.some((e) => e.error === 'user_temporarily_disabled'), 'LOGIN_ERROR user_temporarily_disabled');

    const kc = await adminClient();
    kc.setConfig({ realmName: 'guarded' });
    const [ada] = await kc.users.find({ username: 'ada', exact: true });
    const status = (await kc.attackDetection.findOne({ id: ada!.id! })) as Record<string, unknown>;
    assert.equal(status.numFailures, 3);
    assert.equal(status.disabled, true);
    assert.equal(status.lastIPFailure, '127.0.0.1');
    assert.ok(typeof status.lastFailure === 'number' && status.lastFailure > Date.now() - 60_000);

    await kc.attackDetection.del({ id: ada!.id! });
    const cleared = (await kc.attackDetection.findOne({ id: ada!.id! })) as Record<string, unknown>;
    assert.equal(cleared.numFailures, 0);
    assert.equal(cleared.disabled, false);
    assert.equal((await passwordGrant('guarded', 'ada', 'correct horse')).status, 200, 'signs in again once unlocked');
  });

  it('with permanentLockout, disables the user after failureFactor failures; clearing all lets the admin see it', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await passwordGrant('strict', 'bob', `wrong ${i}`)).status, 401);
    assert.equal((await passwordGrant('strict', 'bob', 'correct horse')).status, 400, 'a disabled account');
    const kc = await adminClient();
    kc.setConfig({ realmName: 'strict' });
    const [bob] = await kc.users.find({ username: 'bob', exact: true });
    assert.equal(bob!.enabled, false, 'permanent lockout disabled the user');
    const status = (await kc.attackDetection.findOne({ id: bob!.id! })) as Record<string, unknown>;
    assert.equal(status.disabled, true);
    await kc.attackDetection.delAll();
    assert.equal(((await kc.attackDetection.findOne({ id: bob!.id! })) as Record<string, unknown>).numFailures, 0);
  });

  it('needs view-users to read and manage-users to clear', async () => {
    const anonymous = await fetch(`${server.baseUrl}/admin/realms/guarded/attack-detection/brute-force/users`, { method: 'DELETE' });
    assert.equal(anonymous.status, 401);
  });
});
