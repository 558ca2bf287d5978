import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const realm = 'shop';
const server = useGatehouseServer([
  {
    name: realm,
    settings: { eventsEnabled: true },
    realmRoles: ['customer'],
    clients: [
      {
        clientId: 'backend',
        secret: 'backend-secret',
        serviceAccountsEnabled: true,
        directAccessGrantsEnabled: true,
        redirectUris: ['http://127.0.0.1/cb'],
        webOrigins: ['+'],
      },
      { clientId: 'cli', publicClient: true, directAccessGrantsEnabled: true, standardFlowEnabled: false },
      { clientId: 'web-only', secret: 'web-secret', redirectUris: ['http://127.0.0.1/cb'] },
    ],
    users: [
      { username: 'alice', password: 'alice-password-1', email: 'alice@example.com', firstName: 'Alice', lastName: 'Liddell', realmRoles: ['customer'] },
      { username: 'bob', password: 'bob-password-1', enabled: false },
      { username: 'carol', password: 'carol-password-1', requiredActions: ['UPDATE_PASSWORD'] },
      { username: 'dana', password: 'dana-password-1', lastName: null },
      { username: 'erin', password: 'erin-password-1', email: 'erin@example.com', firstName: 'Erin', lastName: 'Hale' },
    ],
  },
]);

const issuer = () => new URL(`${server.baseUrl}/realms/${realm}`);
const discover = (clientId: string, secret?: string, auth?: oidc.ClientAuth) =>
  oidc.discovery(issuer(), clientId, secret, auth, { execute: [oidc.allowInsecureRequests] });

async function tokenRequest(body: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${issuer()}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('OpenID Connect at Keycloak URLs', () => {
  it("publishes a discovery document with the realm's issuer and Keycloak's endpoint paths", async () => {
    const config = await discover('backend', 'backend-secret');
    const metadata = config.serverMetadata();
    assert.equal(metadata.issuer, issuer().href);
    assert.equal(metadata.token_endpoint, `${issuer()}/protocol/openid-connect/token`);
    assert.equal(metadata.authorization_endpoint, `${issuer()}/protocol/openid-connect/auth`);
    assert.equal(metadata.userinfo_endpoint, `${issuer()}/protocol/openid-connect/userinfo`);
    assert.equal(metadata.jwks_uri, `${issuer()}/protocol/openid-connect/certs`);
    assert.equal(metadata.end_session_endpoint, `${issuer()}/protocol/openid-connect/logout`);
    assert.equal(metadata.introspection_endpoint, `${issuer()}/protocol/openid-connect/token/introspect`);
    assert.equal(metadata.revocation_endpoint, `${issuer()}/protocol/openid-connect/revoke`);
  });

  it('answers an unknown realm with 404', async () => {
    const response = await fetch(`${server.baseUrl}/realms/nowhere/.well-known/openid-configuration`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: 'Realm does not exist' });
  });

  it("issues client-credentials tokens for the client's service account, as Keycloak does", async () => {
    const config = await discover('backend', 'backend-secret');
    const tokens = await oidc.clientCredentialsGrant(config);
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.equal(tokens.expires_in, 300);
    assert.equal(tokens.refresh_token, undefined);
    const header = decodeProtectedHeader(tokens.access_token);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.typ, 'JWT');
    const claims = decodeJwt(tokens.access_token);
    assert.equal(claims.iss, issuer().href);
    assert.equal(claims.typ, 'Bearer');
    assert.equal(claims.azp, 'backend');
    assert.equal(claims.preferred_username, 'service-account-backend');
    assert.deepEqual((claims.realm_access as { roles: string[] }).roles.sort(), ['default-roles-shop', 'offline_access', 'uma_authorization']);
    const jwks = (await (await fetch(`${issuer()}/protocol/openid-connect/certs`)).json()) as { keys: { kid: string; alg: string; d?: string }[] };
    assert.ok(jwks.keys.some((k) => k.kid === header.kid && k.alg === 'RS256'));
    assert.ok(jwks.keys.every((k) => k.d === undefined), 'no private key material in the JWKS');
  });

  it("signs a user in with the password grant and puts Keycloak's claims in the tokens", async () => {
    const config = await discover('backend', 'backend-secret');
    const tokens = await oidc.genericGrantRequest(config, 'password', { username: 'alice', password: 'alice-password-1', scope: 'openid' });
    const access = decodeJwt(tokens.access_token);
    assert.equal(access.preferred_username, 'alice');
    assert.equal(access.email, 'alice@example.com');
    assert.equal(access.email_verified, false);
    assert.equal(access.given_name, 'Alice');
    assert.equal(access.family_name, 'Liddell');
    assert.equal(access.name, 'Alice Liddell');
    assert.equal(access.aud, 'account');
    assert.ok((access.realm_access as { roles: string[] }).roles.includes('customer'));
    assert.deepEqual((access.resource_access as Record<string, { roles: string[] }>).account!.roles, ['manage-account', 'manage-account-links', 'view-profile']);
    assert.deepEqual(access['allowed-origins'], ['http://127.0.0.1']);
    assert.match(String(access.scope), /openid/);
    assert.ok(tokens.refresh_token && !tokens.refresh_token.includes('.'), 'the refresh token is opaque');
    assert.equal(tokens.refresh_expires_in, 1800);
    assert.equal(tokens['not-before-policy'], 0);
    assert.equal(tokens.session_state, access.sid);
    assert.equal(tokens.scope, 'openid email profile');
    const id = decodeJwt(tokens.id_token!);
    assert.equal(id.typ, 'ID');
    assert.equal(id.aud, 'backend');
    assert.equal(id.azp, 'backend');
    assert.equal(id.preferred_username, 'alice');
  });

  it('takes the client secret in the form body as well as in the Authorization header', async () => {
    const posted = await tokenRequest({ grant_type: 'client_credentials', client_id: 'backend', client_secret: 'backend-secret' });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    const basic = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${Buffer.from('backend:backend-secret').toString('base64')}` });
    assert.equal(basic.status, 200, JSON.stringify(basic.body));
  });

  it("answers Keycloak's errors for bad credentials, disabled accounts and unfinished ones", async () => {
    const wrong = await tokenRequest({ grant_type: 'password', client_id: 'cli', username: 'alice', password: 'nope' });
    assert.deepEqual([wrong.status, wrong.body.error, wrong.body.error_description], [401, 'invalid_grant', 'Invalid user credentials']);
    const unknown = await tokenRequest({ grant_type: 'password', client_id: 'cli', username: 'nobody', password: 'nope' });
    assert.deepEqual(unknown.body, wrong.body, 'an unknown user gets the same answer');
    const disabled = await tokenRequest({ grant_type: 'password', client_id: 'cli', username: 'bob', password: 'bob-password-1' });
    assert.deepEqual([disabled.status, disabled.body.error, disabled.body.error_description], [400, 'invalid_grant', 'Account disabled']);
    const unfinished = await tokenRequest({ grant_type: 'password', client_id: 'cli', username: 'carol', password: 'carol-password-1' });
    assert.deepEqual([unfinished.status, unfinished.body.error, unfinished.body.error_description], [400, 'invalid_grant', 'Account is not fully set up']);
    const incomplete = await tokenRequest({ grant_type: 'password', client_id: 'cli', username: 'dana', password: 'dana-password-1' });
    assert.deepEqual([incomplete.status, incomplete.body.error_description], [400, 'Account is not fully set up'], 'a profile missing a required attribute (VERIFY_PROFILE)');
    const badSecret = await tokenRequest({ grant_type: 'client_credentials', client_id: 'backend', client_secret: 'wrong' });
    assert.equal(badSecret.status, 401);
    assert.equal(badSecret.body.error, 'invalid_client');
    const notAllowed = await tokenRequest({ grant_type: 'password', client_id: 'web-only', client_secret: 'web-secret', username: 'alice', password: 'alice-password-1' });
    assert.equal(notAllowed.body.error, 'unauthorized_client');
    const unsupported = await tokenRequest({ grant_type: 'urn:nothing', client_id: 'cli' });
    assert.equal(unsupported.body.error, 'unsupported_grant_type');
    const missing = await tokenRequest({ grant_type: 'password', client_id: 'cli', username: 'alice' });
    assert.equal(missing.body.error, 'invalid_request');
  });

  it('refreshes, serves userinfo, introspects and revokes', async () => {
    const config = await discover('backend', 'backend-secret');
    const tokens = await oidc.genericGrantRequest(config, 'password', { username: 'alice', password: 'alice-password-1', scope: 'openid' });
    const sub = decodeJwt(tokens.access_token).sub!;
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.equal(decodeJwt(refreshed.access_token).preferred_username, 'alice');
    const info = await oidc.fetchUserInfo(config, refreshed.access_token, sub);
    assert.equal(info.preferred_username, 'alice');
    assert.equal(info.email, 'alice@example.com');
    const active = await oidc.tokenIntrospection(config, refreshed.access_token);
    assert.equal(active.active, true);
    assert.equal(active.sub, sub);
    assert.equal(active.client_id, 'backend');
    assert.equal((active as Record<string, unknown>).preferred_username, 'alice');
    await oidc.tokenRevocation(config, refreshed.access_token);
    assert.equal((await oidc.tokenIntrospection(config, refreshed.access_token)).active, false);
    const forged = `${refreshed.access_token.slice(0, -4)}AAAA`;
    assert.equal((await oidc.tokenIntrospection(config, forged)).active, false, 'a token with a bad signature is not active');
  });

  it('reads the user afresh for every token request: a change between two refreshes shows in the next tokens', async () => {
    const config = await discover('backend', 'backend-secret');
    const tokens = await oidc.genericGrantRequest(config, 'password', { username: 'erin', password: 'erin-password-1', scope: 'openid' });
    assert.equal(decodeJwt(tokens.access_token).family_name, 'Hale');
    const realmRecord = (await server.store.realms.findByName(realm))!;
    const erin = (await server.store.users.findByUsername(realmRecord.id, 'erin'))!;
    await server.store.users.update({ ...erin, lastName: 'Scully' }, { emailUnique: false });
    const first = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.equal(decodeJwt(first.access_token).family_name, 'Scully');
    assert.equal(decodeJwt(first.id_token!).family_name, 'Scully');
    await server.store.users.update({ ...erin, lastName: 'Mulder' }, { emailUnique: false });
    const second = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.equal(decodeJwt(second.access_token).family_name, 'Mulder');
    assert.equal(decodeJwt(second.id_token!).family_name, 'Mulder');
    const info = await oidc.fetchUserInfo(config, second.access_token, erin.id);
    assert.equal(info.family_name, 'Mulder');
  });

  it('records LOGIN, LOGIN_ERROR and CLIENT_LOGIN events with Keycloak fields', async () => {
    const realmRecord = (await server.store.realms.findByName(realm))!;
    const events = await server.store.events.query(realmRecord.id, {});
    const types = new Set(events.map((e) => e.type));
    for (const type of ['LOGIN', 'LOGIN_ERROR', 'CLIENT_LOGIN']) assert.ok(types.has(type), `${type} recorded`);
    assert.ok(!types.has('REFRESH_TOKEN'), 'token refreshes are not kept unless the realm asks for them, as in Keycloak');
    const failure = events.find((e) => e.type === 'LOGIN_ERROR' && e.error === 'invalid_user_credentials');
    assert.ok(failure);
    assert.equal(failure.clientId, 'cli');
    assert.equal(failure.details.username, 'alice');
    assert.ok(events.some((e) => e.type === 'LOGIN_ERROR' && e.error === 'user_not_found'));
    assert.ok(events.some((e) => e.type === 'LOGIN_ERROR' && e.error === 'user_disabled'));
    assert.ok(events.every((e) => !JSON.stringify(e).includes('alice-password-1')), 'no password in an event');
  });
});
