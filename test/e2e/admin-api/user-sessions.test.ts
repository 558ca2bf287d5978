import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { Browserless } from '../../support/browserless.ts';
import { adminClientFor } from '../../support/admin-client.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const callback = 'http://127.0.0.1:1/callback';
const isCallback = (location: string) => location.startsWith(callback);
const server = useGatehouseServer([
  {
    name: 'shop',
    clients: [{ clientId: 'web', secret: 'web-secret', redirectUris: [callback], directAccessGrantsEnabled: true }],
    users: [
      { username: 'alice', password: 'alice-password-1' },
      { username: 'bob', password: 'bob-password-1' },
    ],
  },
]);

const adminClient = () => adminClientFor(server.baseUrl, 'shop');

async function token(form: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${server.baseUrl}/realms/shop/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'web', client_secret: 'web-secret', ...form }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const refresh = (refreshToken: string) => token({ grant_type: 'refresh_token', refresh_token: refreshToken });

/** A browser sign-in at `web`; returns the browser (with its session cookie), the tokens and the authorization URL. */
async function browserSignIn(username: string, password: string) {
  const config = await oidc.discovery(new URL(`${server.baseUrl}/realms/shop`), 'web', 'web-secret', undefined, { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, { redirect_uri: callback, scope: 'openid', state: 's', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
  const browser = new Browserless();
  const page = await browser.open(url.href, isCallback);
  const done = await browser.submit(page, { username, password }, isCallback);
  assert.ok(done.location && isCallback(done.location), `signed in, got ${done.status}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(done.location), { pkceCodeVerifier: verifier, expectedState: 's' });
  return { browser, tokens, url: url.href };
}

describe("a user's sessions through the Admin API", () => {
  it('lists browser and password-grant sessions, ends one, and logs the user out everywhere', async () => {
    const kc = await adminClient();
    const shop = (await server.store.realms.findByName('shop'))!;
    const alice = (await server.store.users.findByUsername(shop.id, 'alice'))!;
    const web = (await server.store.clients.findByClientId(shop.id, 'web'))!;
    const before = Date.now() - 1000;
    const signedIn = await browserSignIn('alice', 'alice-password-1');
    const direct = await token({ grant_type: 'password', username: 'alice', password: 'alice-password-1' });
    assert.equal(direct.status, 200);

    const sessions = await kc.users.listSessions({ id: alice.id });
    assert.equal(sessions.length, 2);
    for (const session of sessions) {
      assert.equal(session.username, 'alice');
      assert.equal(session.userId, alice.id);
      assert.deepEqual(session.clients, { [web.id]: 'web' });
      assert.ok(session.start! >= before && session.start! <= session.lastAccess!);
      assert.equal(typeof session.id, 'string');
    }
    const raw = await fetch(`${server.baseUrl}/admin/realms/shop/users/${alice.id}/sessions`, { headers: { authorization: `Bearer ${kc.accessToken}` } });
    assert.deepEqual(Object.keys(((await raw.json()) as Record<string, unknown>[])[0]!).sort(), ['clients', 'id', 'lastAccess', 'rememberMe', 'start', 'userId', 'username']);
    const bob = (await server.store.users.findByUsername(shop.id, 'bob'))!;
    assert.deepEqual(await kc.users.listSessions({ id: bob.id }), [], "another user's sessions stay apart");
    assert.deepEqual(await kc.users.listOfflineSessions({ id: alice.id, clientId: web.id }), []);

    // Ending the password grant's session stops its refresh token only.
    const cookieValues = JSON.stringify(await server.store.oidcPayloads.listByAccount(shop.id, 'Session', alice.id));
    for (const session of sessions) assert.ok(!cookieValues.includes(`"jti":"${session.id}"`), 'a session id is never its cookie value');
    const browserGrant = (await server.store.oidcPayloads.listByAccount(shop.id, 'Session', alice.id))[0]!.payload.authorizations as Record<string, { grantId: string }>;
    const grantSession = sessions.find((s) => s.id !== browserGrant.web!.grantId && !cookieValues.includes(`"uid":"${s.id}"`))!;
    await kc.realms.removeSession({ realm: 'shop', sessionId: grantSession.id! });
    assert.equal((await kc.users.listSessions({ id: alice.id })).length, 1);
    assert.equal((await refresh(direct.body.refresh_token!)).status, 400);
    assert.equal((await refresh(signedIn.tokens.refresh_token!)).status, 200, 'the browser session lives on');
    const unknown = await fetch(`${server.baseUrl}/admin/realms/shop/sessions/no-such-session`, { method: 'DELETE', headers: { authorization: `Bearer ${kc.accessToken}` } });
    assert.equal(unknown.status, 404);

    await kc.users.logout({ id: alice.id });
    assert.deepEqual(await kc.users.listSessions({ id: alice.id }), []);
    const refused = await refresh(signedIn.tokens.refresh_token!);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_grant');
    const again = await signedIn.browser.open(signedIn.url, isCallback);
    assert.ok(!again.location, 'the browser is asked to sign in again');
    assert.match(again.html, /name="password"/);
  });

  it("lists, relabels, reorders and deletes a user's credentials without their secrets", async () => {
    const kc = await adminClient();
    const shop = (await server.store.realms.findByName('shop'))!;
    const bob = (await server.store.users.findByUsername(shop.id, 'bob'))!;
    const [password] = await kc.users.getCredentials({ id: bob.id });
    assert.equal(password?.type, 'password');
    assert.ok(password?.createdDate && password.credentialData);
    const raw = await fetch(`${server.baseUrl}/admin/realms/shop/users/${bob.id}/credentials`, { headers: { authorization: `Bearer ${kc.accessToken}` } });
    const text = await raw.text();
    assert.ok(!text.includes('secretData') && !text.includes('"value"'), 'no secret in the answer');

    await kc.users.updateCredentialLabel({ id: bob.id, credentialId: password!.id! }, 'My password');
    assert.equal((await kc.users.getCredentials({ id: bob.id }))[0]?.userLabel, 'My password');

    const otp = { id: 'otp-1', userId: bob.id, type: 'otp', userLabel: 'Phone', secretData: '{"value":"x"}', credentialData: '{"subType":"totp","digits":6,"period":30,"algorithm":"HmacSHA1"}', createdDate: Date.now(), priority: 20 };
    await server.store.credentials.create(shop.id, otp);
    const order = async () => (await kc.users.getCredentials({ id: bob.id })).map((c) => c.type);
    assert.deepEqual(await order(), ['password', 'otp']);
    await kc.users.moveCredentialPositionUp({ id: bob.id, credentialId: 'otp-1' });
    assert.deepEqual(await order(), ['otp', 'password']);
    await kc.users.moveCredentialPositionDown({ id: bob.id, credentialId: 'otp-1', newPreviousCredentialId: password!.id! });
    assert.deepEqual(await order(), ['password', 'otp']);

    await kc.users.deleteCredential({ id: bob.id, credentialId: 'otp-1' });
    assert.deepEqual(await order(), ['password']);
    await assert.rejects(kc.users.deleteCredential({ id: bob.id, credentialId: 'otp-1' }), (e: { response?: { status?: number } }) => e.response?.status === 404);
    assert.equal((await token({ grant_type: 'password', username: 'bob', password: 'bob-password-1' })).status, 200, 'the password still works');

    assert.deepEqual(await kc.users.getUserStorageCredentialTypes({ id: bob.id }), []);
    assert.deepEqual(await kc.users.listConsents({ id: bob.id }), []);
    assert.deepEqual(await kc.users.listFederatedIdentities({ id: bob.id }), []);
    await assert.rejects(kc.users.getCredentials({ id: 'no-such-user' }), (e: { response?: { status?: number } }) => e.response?.status === 404);
  });
});
