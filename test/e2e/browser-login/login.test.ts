import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import type { Page, Response } from 'playwright-core';
import { pkceAuthorization, useBrowserWithCallback } from '../../support/browser.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { freePort } from '../../support/server-process.ts';

const callbackPort = await freePort();
const redirectUri = `http://127.0.0.1:${callbackPort}/callback`;
const displayName = '<b>Acme</b> <script>alert(1)</script>';
const server = useGatehouseServer([
  {
    name: 'acme',
    settings: { eventsEnabled: true, rememberMe: true, displayName },
    clients: [{ clientId: 'web', publicClient: true, redirectUris: [redirectUri], attributes: { 'pkce.code.challenge.method': 'S256' } }],
    users: [
      { username: 'alice', password: 'alice-password-1', email: 'alice@example.com' },
      { username: 'temp', password: 'temp-password-1', requiredActions: ['UPDATE_PASSWORD'] },
      { username: 'off', password: 'off-password-1', enabled: false },
    ],
  },
]);
const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));

const chromium = useBrowserWithCallback(callbackPort);

/** A fresh authorization request with PKCE: its URL, state and code verifier. */
function authorization(extra: Record<string, string> = {}) {
  const { query, state, verifier } = pkceAuthorization('web', redirectUri, extra);
  return { url: `${server.baseUrl}/realms/acme/protocol/openid-connect/auth?${query}`, state, verifier };
}

/** A new browser context (no cookies) on the sign-in page of a new authorization request. */
async function openLogin(extra: Record<string, string> = {}) {
  const context = await chromium.browser.newContext();
  const page = await context.newPage();
  const auth = authorization(extra);
  const response = await page.goto(auth.url);
  assert.equal(response?.status(), 200, `the sign-in page: ${page.url()}`);
  return { context, page, auth };
}

const usernameField = (page: Page) => page.getByLabel('Username or email');
const passwordField = (page: Page) => page.getByLabel('Password', { exact: true });
const signInButton = (page: Page) => page.getByRole('button', { name: 'Sign In' });

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await usernameField(page).fill(username);
  await passwordField(page).fill(password);
  await signInButton(page).click();
  await page.waitForLoadState();
}

/** Waits until the browser is back at the client, and returns the callback's query. */
async function atCallback(page: Page): Promise<URLSearchParams> {
  await page.waitForURL((url) => url.href.startsWith(redirectUri), { timeout: 10_000 });
  assert.equal(await page.locator('body').innerText(), 'signed in');
  return new URL(page.url()).searchParams;
}

/** The id of the element that has the keyboard focus. */
const focused = (page: Page) => page.evaluate('document.activeElement && document.activeElement.id') as Promise<string | null>;

async function expectInvalidCredentials(page: Page, username: string): Promise<void> {
  const field = usernameField(page);
  await assert.doesNotReject(field.waitFor(), 'the login page is shown again');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  const describedBy = await field.getAttribute('aria-describedby');
  assert.ok(describedBy, 'the invalid field points at its error message');
  assert.equal((await page.locator(`#${describedBy}`).innerText()).trim(), 'Invalid username or password.');
  assert.equal(await field.inputValue(), username, 'the username is kept');
  assert.equal(await passwordField(page).inputValue(), '', 'the password is cleared');
  assert.equal(await page.getByText('Invalid username or password.').count(), 1, 'the message is shown once, under the field');
}

describe('signing in with a browser', () => {
  it("shows labelled username and password fields, a Remember me box, the realm's name as text, and its stylesheet", async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    let dialogs = 0;
    page.on('dialog', (dialog) => void dialog.dismiss().then(() => dialogs++));
    const responses: Response[] = [];
    page.on('response', (response) => responses.push(response));
    await page.goto(authorization().url);

    assert.equal(await usernameField(page).getAttribute('type'), 'text');
    assert.equal(await usernameField(page).getAttribute('autocomplete'), 'username');
    assert.equal(await passwordField(page).getAttribute('type'), 'password');
    assert.equal(await passwordField(page).getAttribute('autocomplete'), 'current-password');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Sign in to your account');
    const remember = page.getByLabel('Remember me');
    assert.equal(await remember.getAttribute('type'), 'checkbox');
    assert.equal(await remember.isChecked(), false);

    const html = await page.content();
    assert.ok(!html.includes('<script>alert(1)</script>'), 'the display name is not markup');
    assert.ok(!html.includes('<b>Acme</b>'), 'not even its harmless tags');
    assert.equal((await page.locator('#kc-header-wrapper').innerText()).trim(), displayName, 'the display name is shown as text');
    assert.equal(await page.title(), `Sign in to ${displayName}`);
    assert.equal(dialogs, 0, 'no script of the display name ran');

    const href = await page.locator('link[rel="stylesheet"]').first().getAttribute('href');
    assert.ok(href, 'the page links a stylesheet');
    const css = responses.find((r) => r.url() === new URL(href, page.url()).href);
    assert.ok(css, `the browser loaded ${href}`);
    assert.equal(css.status(), 200);
    assert.match(css.headers()['content-type'] ?? '', /^text\/css/);
    await page.screenshot({ path: `${screenshots}login.png`, fullPage: true });
    await context.close();
  });

  it('says "Invalid username or password." for a wrong password and for an unknown user alike', async () => {
    const { context, page } = await openLogin();
    await signIn(page, 'alice', 'not-her-password');
    await expectInvalidCredentials(page, 'alice');
    await page.screenshot({ path: `${screenshots}login-error.png`, fullPage: true });

    await signIn(page, 'nobody-here', 'whatever-password');
    await expectInvalidCredentials(page, 'nobody-here');
    await context.close();
  });

  it('takes the right password back to the application with a code that buys tokens for alice', async () => {
    const { context, page, auth } = await openLogin();
    await signIn(page, 'alice', 'alice-password-1');
    const query = await atCallback(page);
    assert.equal(query.get('state'), auth.state);
    const code = query.get('code');
    assert.ok(code, 'the callback carries a code');

    const response = await fetch(`${server.baseUrl}/realms/acme/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'web', code, redirect_uri: redirectUri, code_verifier: auth.verifier }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(decodeJwt(String(body.access_token)).preferred_username, 'alice');
    assert.equal(decodeJwt(String(body.id_token)).preferred_username, 'alice');

    const realm = (await server.store.realms.findByName('acme'))!;
    const logins = await server.store.events.query(realm.id, { types: ['LOGIN'], clientId: 'web' });
    assert.ok(logins.some((e) => e.details.username === 'alice'), 'a LOGIN event for alice is recorded');
    await context.close();
  });

  it('goes straight back to the application when already signed in, and asks again with prompt=login', async () => {
    const { context, page } = await openLogin();
    await signIn(page, 'alice', 'alice-password-1');
    await atCallback(page);

    const shown: string[] = [];
    page.on('framenavigated', (frame) => frame === page.mainFrame() && shown.push(frame.url()));
    const again = authorization();
    await page.goto(again.url);
    const query = await atCallback(page);
    assert.equal(query.get('state'), again.state);
    assert.ok(query.get('code'));
    assert.deepEqual(
      shown.filter((url) => !url.startsWith(redirectUri)),
      [],
      'no page of the server was shown',
    );

    const forced = authorization({ prompt: 'login' });
    await page.goto(forced.url);
    await assert.doesNotReject(usernameField(page).waitFor(), 'prompt=login shows the login page');
    assert.ok(!page.url().startsWith(redirectUri));
    await signIn(page, 'alice', 'alice-password-1');
    assert.equal((await atCallback(page)).get('state'), forced.state);
    await context.close();
  });

  it('tells a disabled user "Account is disabled, contact your administrator."', async () => {
    const { context, page } = await openLogin();
    await signIn(page, 'off', 'off-password-1');
    const alert = page.getByRole('alert');
    assert.equal((await alert.innerText()).trim(), 'Account is disabled, contact your administrator.');
    assert.ok(!page.url().startsWith(redirectUri), 'no sign-in');
    await context.close();
  });

  it('asks a user who must change the password for a new one, typed twice, and then signs in with it', async () => {
    const { context, page } = await openLogin();
    await signIn(page, 'temp', 'temp-password-1');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Update password');
    assert.equal((await page.getByRole('alert').innerText()).trim(), 'You need to change your password to activate your account.');

    await page.getByLabel('New Password').fill('temp-password-2');
    await page.getByLabel('Confirm password').fill('temp-password-3');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForLoadState();
    const confirm = page.getByLabel('Confirm password');
    assert.equal(await confirm.getAttribute('aria-invalid'), 'true');
    assert.equal((await page.locator('#input-error-password-confirm').innerText()).trim(), "Passwords don't match.");
    assert.ok(!page.url().startsWith(redirectUri));

    await page.getByLabel('New Password').fill('temp-password-2');
    await confirm.fill('temp-password-2');
    await page.getByRole('button', { name: 'Submit' }).click();
    await atCallback(page);
    await context.close();

    const old = await openLogin();
    await signIn(old.page, 'temp', 'temp-password-1');
    await expectInvalidCredentials(old.page, 'temp');
    await old.context.close();

    const fresh = await openLogin();
    await signIn(fresh.page, 'temp', 'temp-password-2');
    await atCallback(fresh.page);
    await fresh.context.close();
  });

  it('refuses a sign-in form without its CSRF token with the "Page has expired" page', async () => {
    const { context, page } = await openLogin();
    assert.equal(await page.locator('input[name="csrf_token"]').count(), 1, 'the form carries a CSRF token');
    await page.evaluate('document.querySelector(\'input[name="csrf_token"]\').remove()');
    await usernameField(page).fill('alice');
    await passwordField(page).fill('alice-password-1');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), signInButton(page).click()]);
    await page.waitForLoadState();
    assert.equal(response.status(), 400);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Page has expired');
    assert.ok(!page.url().startsWith(redirectUri), 'no sign-in');
    assert.equal(await page.locator('#kc-form-login').count(), 0);
    await context.close();
  });

  it('can be used with the keyboard alone: Tab through username, password and Sign In, Enter signs in', async () => {
    const { context, page } = await openLogin();
    // autofocus applies once the page has rendered, so wait for it a moment.
    await assert.doesNotReject(page.waitForFunction("document.activeElement && document.activeElement.id === 'username'", null, { timeout: 5_000 }), 'the username field has the focus first');
    // Nothing focusable comes before it: Shift+Tab leaves the page, Tab comes back to it.
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(page), '');
    const order: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      const id = await focused(page);
      order.push(id);
      if (id === 'username') await page.keyboard.type('alice');
      if (id === 'password') await page.keyboard.type('alice-password-1');
    }
    assert.deepEqual(order, ['username', 'password', 'rememberMe', 'kc-login']);
    await page.keyboard.press('Enter');
    await atCallback(page);
    await context.close();
  });
});
