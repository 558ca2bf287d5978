import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeJwt, SignJWT } from 'jose';
import { Browserless, parseForm, textOf, type Visit } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const server = useGatehouseServer([
  {
    name: 'acme',
    settings: { eventsEnabled: true, displayName: 'Acme' },
    clients: [{ clientId: 'cli', publicClient: true, directAccessGrantsEnabled: true, standardFlowEnabled: false }],
    users: [
      { username: 'alice', password: 'alice-password-1', email: 'alice@example.com', firstName: 'Alice', lastName: 'Liddell' },
      { username: 'bob', password: 'bob-password-1', email: 'bob@example.com', firstName: 'Bob', lastName: 'Builder' },
      { username: 'dave', password: 'dave-password-1', email: 'dave@example.com', firstName: 'Dave', lastName: 'Jones' },
    ],
  },
  {
    name: 'verified',
    settings: { eventsEnabled: true, verifyEmail: true },
    users: [{ username: 'carol', password: 'carol-password-1', email: 'carol@example.com', firstName: 'Carol', lastName: 'Danvers' }],
  },
]);

const accountUrl = (realm = 'acme') => `${server.baseUrl}/realms/${realm}/account`;
const realmId = async (name = 'acme') => (await server.store.realms.findByName(name))!.id;
const inputValue = (page: Visit, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.html)?.[1];

/** The account form (the page's first form is the header's sign-out form). */
const accountForm = (page: Visit): Visit => ({ ...page, html: page.html.slice(page.html.indexOf('<form id="kc-account-form"')) });

/** Submits the account form as a browser would: every field's current value, with `changes` over them. */
function save(browser: Browserless, page: Visit, changes: Record<string, string>): Promise<Visit> {
  const form = accountForm(page);
  const current: Record<string, string> = {};
  for (const input of form.html.slice(0, form.html.indexOf('</form>')).matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name && !/type="hidden"/.test(input[0])) current[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
  }
  return browser.submit(form, { ...current, ...changes });
}

/** A browser signed in to the account console through the realm's sign-in page. */
async function signedIn(username: string, password: string, realm = 'acme'): Promise<{ browser: Browserless; page: Visit }> {
  const browser = new Browserless();
  const login = await browser.open(accountUrl(realm));
  assert.equal(login.status, 200);
  assert.match(login.url, new RegExp(`/realms/${realm}/(protocol/openid-connect/auth|login-actions/authenticate)`), 'the realm sign-in page');
  const page = await browser.submit(login, { username, password });
  assert.equal(page.status, 200, textOf(page.html, 'kc-content') ?? page.html.slice(0, 300));
  assert.equal(page.url, accountUrl(realm));
  return { browser, page };
}

async function passwordGrantToken(username: string, password: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/realms/acme/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'cli', username, password, scope: 'openid' }),
  });
  const body = (await response.json()) as { access_token: string };
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.access_token;
}

const accountJson = (token?: string, headers: Record<string, string> = {}) =>
  fetch(accountUrl(), { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

describe('account console: signing in', () => {
  it('redirects a visitor without a session to the realm authorization endpoint with PKCE, state and nonce', async () => {
    const response = await fetch(accountUrl(), { redirect: 'manual' });
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, `${server.baseUrl}/realms/acme/protocol/openid-connect/auth`);
    const q = location.searchParams;
    assert.equal(q.get('client_id'), 'account-console');
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('scope'), 'openid');
    assert.equal(q.get('redirect_uri'), `${accountUrl()}/callback`);
    assert.equal(q.get('code_challenge_method'), 'S256');
    for (const name of ['state', 'nonce', 'code_challenge']) assert.ok((q.get(name) ?? '').length >= 43, `${name} is random`);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('GATEHOUSE_ACCOUNT_SIGN_IN='))!;
    assert.match(cookie, /; Path=\/realms\/acme\/account;/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
  });

  it("signs in through the login page and shows the user's name and email", async () => {
    const { page } = await signedIn('alice', 'alice-password-1');
    assert.equal(inputValue(page, 'firstName'), 'Alice');
    assert.equal(inputValue(page, 'lastName'), 'Liddell');
    assert.equal(inputValue(page, 'email'), 'alice@example.com');
    assert.match(page.html, /name="username" value="alice"[^>]*readonly/, 'the username is read-only');
    assert.equal(textOf(page.html, 'kc-signed-in-as'), 'Signed in as alice');
    assert.equal(textOf(page.html, 'kc-page-title'), 'Personal info');
  });

  it('refuses a callback whose state does not match, and a forged session cookie', async () => {
    const browser = new Browserless();
    await browser.open(accountUrl(), (location) => location.includes('/protocol/openid-connect/auth'));
    const callback = await browser.open(`${accountUrl()}/callback?code=made-up&state=not-the-one`);
    assert.equal(callback.status, 400);
    assert.match(textOf(callback.html, 'kc-error-message') ?? '', /did not complete/);
    const forged = await fetch(accountUrl(), { redirect: 'manual', headers: { cookie: 'GATEHOUSE_ACCOUNT=eyJ1aWQiOiJ4In0.bad' } });
    assert.equal(forged.status, 302, 'a forged cookie is no session');
  });
});

describe('account console: personal info', () => {
  it('saves a new first name, shows the success message and records UPDATE_PROFILE', async () => {
    const { browser, page } = await signedIn('alice', 'alice-password-1');
    const saved = await save(browser, page, { firstName: 'Alicia' });
    assert.equal(saved.status, 200);
    assert.equal(saved.url, accountUrl());
    assert.equal(textOf(saved.html, 'kc-message'), 'Your account has been updated.');
    assert.equal(inputValue(saved, 'firstName'), 'Alicia');
    const user = (await server.store.users.findByUsername(await realmId(), 'alice'))!;
    assert.equal(user.firstName, 'Alicia');
    assert.equal(user.email, 'alice@example.com');
    const [event] = await server.store.events.query(await realmId(), { types: ['UPDATE_PROFILE'], userId: user.id });
    assert.ok(event, 'UPDATE_PROFILE recorded');
    assert.equal(event.clientId, 'account-console');
    assert.deepEqual(event.details, { context: 'ACCOUNT', previous_first_name: 'Alice', updated_first_name: 'Alicia' });
    const again = await browser.open(accountUrl());
    assert.equal(textOf(again.html, 'kc-message'), undefined, 'the message shows once');
  });

  it('shows an invalid email under the field and saves nothing', async () => {
    const { browser, page } = await signedIn('bob', 'bob-password-1');
    const bad = await save(browser, page, { email: 'not-an-email', firstName: 'Robert' });
    assert.equal(bad.status, 200);
    assert.equal(textOf(bad.html, 'input-error-email'), 'Invalid email address.');
    assert.match(bad.html, /id="email"[^>]*aria-invalid="true"/);
    assert.equal(inputValue(bad, 'email'), 'not-an-email', 'what was typed is shown again');
    const user = (await server.store.users.findByUsername(await realmId(), 'bob'))!;
    assert.equal(user.email, 'bob@example.com');
    assert.equal(user.firstName, 'Bob');
    assert.equal((await server.store.events.query(await realmId(), { types: ['UPDATE_PROFILE'], userId: user.id })).length, 0);
  });

  it('refuses an email another user has', async () => {
    const { browser, page } = await signedIn('bob', 'bob-password-1');
    const taken = await save(browser, page, { email: 'dave@example.com' });
    assert.equal(textOf(taken.html, 'input-error-email'), 'Email already exists.');
    assert.equal((await server.store.users.findByUsername(await realmId(), 'bob'))!.email, 'bob@example.com');
  });

  it('refuses a POST without the CSRF token (403) and changes nothing', async () => {
    const { browser, page } = await signedIn('dave', 'dave-password-1');
    const refused = await save(browser, page, { csrf_token: '', firstName: 'Mallory' });
    assert.equal(refused.status, 403);
    const wrong = await save(browser, page, { csrf_token: `${parseForm(accountForm(page)).hidden.csrf_token}x`, firstName: 'Mallory' });
    assert.equal(wrong.status, 403);
    assert.equal((await server.store.users.findByUsername(await realmId(), 'dave'))!.firstName, 'Dave');
  });

  it('keeps the old address where the realm verifies email, and sends the new one a confirmation link', async () => {
    const realm = await realmId('verified');
    const carol = (await server.store.users.findByUsername(realm, 'carol'))!;
    await server.store.users.update({ ...carol, emailVerified: true }, { emailUnique: true });
    const { browser, page } = await signedIn('carol', 'carol-password-1', 'verified');
    const saved = await save(browser, page, { email: 'carol@elsewhere.example' });
    assert.match(textOf(saved.html, 'kc-message') ?? '', /We have sent a link to your new email address/);
    const stored = (await server.store.users.findByUsername(realm, 'carol'))!;
    assert.deepEqual([stored.email, stored.emailVerified], ['carol@example.com', true]);
    const mails = (await server.store.emailOutbox.list({ realmId: realm })).filter((m) => m.recipient === 'carol@elsewhere.example');
    assert.deepEqual(mails.map((m) => m.template), ['email-update-confirmation']);
    const renamed = await save(browser, saved, { email: 'carol@example.com', lastName: 'Marvel' });
    assert.equal(textOf(renamed.html, 'kc-message'), 'Your account has been updated.');
  });

  it('signs out through the realm logout endpoint and back to the account page', async () => {
    const { browser, page } = await signedIn('dave', 'dave-password-1');
    const confirm = await browser.submit(page, {}, (location) => location.includes('/protocol/openid-connect/logout'));
    const logout = new URL(confirm.location!);
    assert.equal(logout.searchParams.get('post_logout_redirect_uri'), accountUrl());
    assert.equal(decodeJwt(logout.searchParams.get('id_token_hint')!).aud, 'account-console');
    const question = await browser.open(logout.href);
    const back = await browser.submit(question, { logout: 'yes' });
    assert.match(back.url, /\/realms\/acme\/(protocol\/openid-connect\/auth|login-actions\/authenticate)/, 'signed out: the sign-in page again');
    assert.match(back.html, /name="password"/);
  });
});

describe('account console: JSON for a bearer token', () => {
  it('answers Keycloak\'s account representation for a password-grant access token', async () => {
    const token = await passwordGrantToken('alice', 'alice-password-1');
    const response = await accountJson(token);
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    const user = (await server.store.users.findByUsername(await realmId(), 'alice'))!;
    assert.equal(body.id, user.id);
    assert.equal(body.username, 'alice');
    assert.equal(body.email, 'alice@example.com');
    assert.equal(body.lastName, 'Liddell');
    assert.equal(body.emailVerified, false);
    assert.equal(body.userProfileMetadata, undefined);
    const withMetadata = (await (await fetch(`${accountUrl()}?userProfileMetadata=true`, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } })).json()) as {
      userProfileMetadata: { attributes: { name: string; readOnly: boolean }[] };
    };
    assert.equal(withMetadata.userProfileMetadata.attributes.find((a) => a.name === 'username')?.readOnly, true);
  });

  it('answers 401 invalid_token for an absent, tampered, foreign or ID token', async () => {
    const token = await passwordGrantToken('bob', 'bob-password-1');
    const [header, payload, signature] = token.split('.');
    const claims = decodeJwt(token);
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const foreign = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', kid: String(decodeJwt(token).kid ?? 'x') }).sign(privateKey);
    const idToken = (await (
      await fetch(`${server.baseUrl}/realms/acme/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: 'cli', username: 'bob', password: 'bob-password-1', scope: 'openid' }),
      })
    ).json()) as { id_token: string };
    for (const candidate of [undefined, 'not-a-jwt', tampered, foreign, idToken.id_token, `${header}.${payload}.`]) {
      const response = await accountJson(candidate);
      assert.equal(response.status, 401, `refused: ${candidate?.slice(0, 20)}`);
      assert.deepEqual(await response.json(), { error: 'invalid_token' });
    }
  });
});
