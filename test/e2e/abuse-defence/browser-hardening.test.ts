import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Browserless, parseForm } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { HeaderClient } from './header-client.ts';

const callback = 'http://127.0.0.1:1/callback';
const isCallback = (location: string) => location.startsWith(callback);
const web = { clientId: 'web', publicClient: true, redirectUris: [callback] };

const server = useGatehouseServer([
  { name: 'open', settings: { registrationAllowed: true, eventsEnabled: true }, clients: [web], users: [{ username: 'ada', password: 'correct horse' }] },
  { name: 'closed', settings: {}, clients: [web] },
  { name: 'strict-frames', settings: { browserSecurityHeaders: { xFrameOptions: 'DENY', contentSecurityPolicy: "frame-ancestors 'none';" } }, clients: [web] },
]);

const query = () => new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
const authUrl = (realm: string) => `${server.baseUrl}/realms/${realm}/protocol/openid-connect/auth?${query()}`;
const registrationsUrl = (realm: string) => `${server.baseUrl}/realms/${realm}/protocol/openid-connect/registrations?${query()}`;
const person = (n: string) => ({ username: n, email: `${n}@example.com`, firstName: 'F', lastName: 'L', password: 'correct horse battery', 'password-confirm': 'correct horse battery' });

function assertSecurityHeaders(headers: Headers, what: string): void {
  assert.match(headers.get('content-security-policy') ?? '', /frame-ancestors 'self'/, `${what}: CSP`);
  assert.equal(headers.get('x-frame-options'), 'SAMEORIGIN', `${what}: X-Frame-Options`);
  assert.equal(headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(headers.get('referrer-policy'), 'no-referrer', `${what}: Referrer-Policy`);
  assert.equal(headers.get('x-robots-tag'), 'none', `${what}: X-Robots-Tag`);
}

describe('browser hardening: CSRF on every form POST, security headers on every page', () => {
  it('refuses a form POST without the journey token, with a wrong one, and a replay after the sign-up finished', async () => {
    const client = new HeaderClient();
    const page = await client.open(registrationsUrl('open'), isCallback);
    const form = parseForm(page);
    const post = (fields: Record<string, string>) => client.request(new URL(form.action, page.url).href, new URLSearchParams(fields));
    const { csrf_token: token, ...withoutToken } = form.hidden;
    assert.ok(token, 'the form carries a token');
    const missing = await post({ ...withoutToken, ...person('nocsrf') });
    assert.equal(missing.status, 400);
    const wrong = await post({ ...withoutToken, csrf_token: `${token}x`.slice(1), ...person('wrongcsrf') });
    assert.equal(wrong.status, 400);
    const realmId = (await server.store.realms.findByName('open'))!.id;
    assert.equal(await server.store.users.count(realmId, { username: 'nocsrf', exact: true }), 0);
    assert.equal(await server.store.users.count(realmId, { username: 'wrongcsrf', exact: true }), 0);

    const done = await post({ ...form.hidden, ...person('once') });
    assert.equal(done.status, 303, 'the real form goes through');
    const replay = await post({ ...form.hidden, ...person('twice') });
    assert.ok(replay.status >= 400, `a replay is refused, got ${replay.status}`);
    assert.equal(await server.store.users.count(realmId, { username: 'twice', exact: true }), 0);
  });

  it('refuses a login POST without the token, even with the right password', async () => {
    const client = new HeaderClient();
    const page = await client.open(authUrl('open'), isCallback);
    const form = parseForm(page);
    const { csrf_token: _token, ...rest } = form.hidden;
    const answer = await client.request(new URL(form.action, page.url).href, new URLSearchParams({ ...rest, username: 'ada', password: 'correct horse' }));
    assert.equal(answer.status, 400);
    assert.equal(answer.location, undefined, 'no redirect back to the client');
  });

  it('sends the security headers on the login, registration, expired, error, not-found and engine error pages and on the account console', async () => {
    const client = new HeaderClient();
    const login = await client.open(authUrl('open'), isCallback);
    assertSecurityHeaders(login.headers, 'login page');
    const registration = await client.open(registrationsUrl('open'), isCallback);
    assertSecurityHeaders(registration.headers, 'registration page');
    const expired = await client.request(new URL(parseForm(registration).action, registration.url).href, new URLSearchParams({ username: 'x' }));
    assert.equal(expired.status, 400);
    assertSecurityHeaders(expired.headers, 'page expired');
    const disabled = await new HeaderClient().open(registrationsUrl('closed'), isCallback);
    assert.equal(disabled.status, 403);
    assertSecurityHeaders(disabled.headers, 'registration disabled');
    const unknownAction = await new HeaderClient().open(`${server.baseUrl}/realms/open/login-actions/nothing-here`);
    assert.equal(unknownAction.status, 404);
    assertSecurityHeaders(unknownAction.headers, 'unknown login action');
    const engineError = await new HeaderClient().open(`${server.baseUrl}/realms/open/protocol/openid-connect/auth?client_id=nobody&response_type=code&redirect_uri=${encodeURIComponent(callback)}`);
    assert.equal(engineError.status, 400);
    assertSecurityHeaders(engineError.headers, 'engine error page');
    const account = await new HeaderClient().open(`${server.baseUrl}/realms/open/account`, isCallback);
    assert.equal(account.status, 200, 'the account console sends the browser to sign in');
    assertSecurityHeaders(account.headers, 'account console sign-in');
    const noRealm = await new HeaderClient().request(`${server.baseUrl}/realms/nowhere/account`);
    assert.equal(noRealm.status, 404);
    assertSecurityHeaders(noRealm.headers, 'account console of an unknown realm');
    const root = await new HeaderClient().request(`${server.baseUrl}/`);
    assertSecurityHeaders(root.headers, 'welcome page');
    assert.equal(login.headers.get('strict-transport-security'), null, 'no HSTS in development mode (no TLS)');
  });

  it('uses the realm\'s own browserSecurityHeaders where the admin changed them', async () => {
    const page = await new HeaderClient().open(authUrl('strict-frames'), isCallback);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('content-security-policy'), "frame-ancestors 'none';");
  });

  it('keeps signing in working with the token (the forms carry it)', async () => {
    const browser = new Browserless();
    const page = await browser.open(authUrl('open'), isCallback);
    const done = await browser.submit(page, { username: 'ada', password: 'correct horse' }, isCallback);
    assert.ok(done.location && isCallback(done.location));
  });
});
