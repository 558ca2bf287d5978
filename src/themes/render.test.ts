import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldMessages } from './field-messages.ts';
import { renderPage, type RenderPageOptions } from './render.ts';
import { ThemeRegistry } from './theme-registry.ts';

const registry = new ThemeRegistry({ resourceVersion: 'test' });
const XSS = '<script>alert(1)</script>';
const realm = { name: 'acme', displayName: 'Acme', rememberMe: true, resetPasswordAllowed: true, registrationAllowed: true };
const url = { loginAction: '/realms/acme/login-actions/authenticate?session_code=a&execution=b', registrationUrl: '/register', loginResetCredentialsUrl: '/reset', loginRestartFlowUrl: '/restart' };

function render(template: string, data: Record<string, unknown>, extra: Partial<RenderPageOptions> = {}): Promise<string> {
  return renderPage({ registry, type: 'login', template, locale: 'en', data: { realm, url, ...data }, ...extra });
}

/** The opening tag of the element with this id. */
function tag(html: string, id: string): string {
  const match = new RegExp(`<[a-z]+[^>]*\\bid="${id}"[^>]*>`).exec(html);
  assert.ok(match, `no element with id ${id}`);
  return match[0];
}

describe('the sign-in page', () => {
  test('shows the username field, password field, sign-in button and the form action', async () => {
    const html = await render('login.liquid', {});
    assert.match(html, /<h1[^>]*>Sign in to your account<\/h1>/);
    assert.match(html, /<label for="username" class="gh-label">Username or email<\/label>/);
    assert.match(html, /<label for="password" class="gh-label">Password<\/label>/);
    assert.match(html, /<form id="kc-form-login" class="gh-form" action="\/realms\/acme\/login-actions\/authenticate\?session_code=a&amp;execution=b" method="post">/);
    assert.match(html, />Sign In<\/button>/);
    assert.match(html, /<title>Sign in to Acme<\/title>/);
    assert.match(html, /href="\/resources\/test\/login\/gatehouse\/css\/login.css"/);
  });

  test('escapes a script typed as the username when the page comes back with an error', async () => {
    const html = await render('login.liquid', { login: { username: `"${XSS}` }, messagesPerField: { username: ['invalidUserMessage'] } });
    assert.ok(!html.includes(XSS));
    assert.match(html, /value="&#34;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });

  test('escapes a script in the realm display name, in the title and the header', async () => {
    const html = await render('login.liquid', { realm: { ...realm, displayName: XSS } });
    assert.ok(!html.includes(XSS));
    assert.match(html, /<title>Sign in to &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
    assert.match(html, /id="kc-header-wrapper">&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/p>/);
  });

  test('shows the HTML display name with only its safe tags', async () => {
    const html = await render('login.liquid', { realm: { ...realm, displayNameHtml: '<strong>Acme</strong><img src=x onerror=alert(1)>' + XSS } });
    assert.match(html, /id="kc-header-wrapper"><strong>Acme<\/strong><\/p>/);
    assert.ok(!/onerror|<script|<img/.test(html));
  });

  test('puts a credentials error under the username, marks both inputs invalid and links them to it', async () => {
    const html = await render('login.liquid', { login: { username: 'alice' }, message: { type: 'error', key: 'invalidUserMessage' }, messagesPerField: fieldMessages({ username: ['invalidUserMessage'] }) });
    const input = tag(html, 'username');
    assert.match(input, /aria-invalid="true"/);
    assert.match(input, /aria-describedby="input-error-username"/);
    assert.match(input, /value="alice"/);
    assert.match(html, /<input id="username"[^>]*>\s*<p id="input-error-username" class="gh-field-error">Invalid username or password.<\/p>/);
    assert.match(tag(html, 'password'), /aria-invalid="true" aria-describedby="input-error-username"/);
    assert.equal(html.match(/Invalid username or password\./g)?.length, 1, 'the message appears once');
    assert.doesNotMatch(html, /id="kc-message"/, 'the error is not repeated above the form');
  });

  test('shows a message above the form when no field carries it', async () => {
    const html = await render('login.liquid', { message: { type: 'error', key: 'expiredCodeMessage' } });
    assert.match(html, /<div class="gh-alert gh-alert-error" role="alert" id="kc-message">\s*<p class="gh-alert-text">Login timeout. Please sign in again.<\/p>/);
    assert.doesNotMatch(tag(html, 'username'), /aria-invalid/);
  });

  test('offers remember me, forgot password and register only when the realm allows them', async () => {
    const all = await render('login.liquid', {});
    assert.match(all, /<input id="rememberMe" name="rememberMe" type="checkbox">\s*<label for="rememberMe">Remember me<\/label>/);
    assert.match(all, /<a id="kc-forgot-password" href="\/reset">Forgot Password\?<\/a>/);
    assert.match(all, /New user\? <a href="\/register">Register<\/a>/);
    const none = await render('login.liquid', { realm: { name: 'acme' } });
    assert.doesNotMatch(none, /rememberMe|kc-forgot-password|kc-registration/);
  });

  test('labels the username field "Email" when the realm uses email as username', async () => {
    const html = await render('login.liquid', { realm: { ...realm, registrationEmailAsUsername: true } });
    assert.match(html, /<label for="username" class="gh-label">Email<\/label>/);
  });

  test('carries the CSRF token in a hidden field only when there is one', async () => {
    assert.match(await render('login.liquid', { csrfToken: 't0k"en' }), /<input type="hidden" name="csrf_token" value="t0k&#34;en">/);
    assert.doesNotMatch(await render('login.liquid', {}), /csrf_token/);
  });

  test("uses the realm's own text over the theme's", async () => {
    const html = await render('login.liquid', {}, { realmOverrides: { loginAccountTitle: 'Welcome back' } });
    assert.match(html, /<h1[^>]*>Welcome back<\/h1>/);
  });

  test('shows a language picker only when there is more than one language', async () => {
    const two = [{ languageTag: 'en', url: '/?kc_locale=en' }, { languageTag: 'de', url: '/?kc_locale=de' }];
    const html = await render('login.liquid', {}, { supportedLocales: two });
    assert.match(html, /<a href="\/\?kc_locale=de" lang="de" hreflang="de">Deutsch<\/a>/);
    assert.match(html, /<a href="\/\?kc_locale=en" lang="en" hreflang="en" aria-current="true">English<\/a>/);
    assert.doesNotMatch(await render('login.liquid', {}, { supportedLocales: two.slice(0, 1) }), /kc-locale/);
  });
});

describe('the other login pages', () => {
  test('the expired page offers to start again or to continue', async () => {
    const html = await render('login-page-expired.liquid', {});
    assert.match(html, /Page has expired/);
    assert.match(html, /To restart the login process <a id="loginRestartLink" href="\/restart">Click here<\/a>/);
    assert.match(html, /To continue the login process <a id="loginContinueLink" href="\/realms\/acme[^"]*">Click here<\/a>/);
  });

  test('the error page shows the message and a way back to the application', async () => {
    const html = await render('error.liquid', { message: { type: 'error', summary: `Client not found.${XSS}` }, client: { baseUrl: 'https://app.example' } });
    assert.match(html, /We are sorry.../);
    assert.match(html, /<p class="gh-instruction">Client not found.<\/p>/);
    assert.match(html, /<a id="backToApplication" href="https:\/\/app.example">&laquo; Back to Application<\/a>/);
  });

  test('the update-password page puts a mismatch under the confirmation field', async () => {
    const html = await render('login-update-password.liquid', { messagesPerField: { 'password-confirm': ['notMatchPasswordMessage'] } });
    assert.match(tag(html, 'password-confirm'), /aria-invalid="true" aria-describedby="input-error-password-confirm"/);
    assert.match(html, /<p id="input-error-password-confirm" class="gh-field-error">Passwords don&#39;t match.<\/p>/);
    assert.match(html, /<label for="password-new" class="gh-label">New Password<\/label>/);
  });

  test('the info page lists the required actions', async () => {
    const html = await render('info.liquid', { message: { type: 'info', summary: 'Almost done' }, requiredActions: ['VERIFY_EMAIL', 'UPDATE_PASSWORD'] });
    assert.match(html, /<li>Verify Email<\/li>\s*<li>Update Password<\/li>/);
  });
});

describe('field messages', () => {
  const fields = fieldMessages({ username: ['missingUsernameMessage'], password: [{ key: 'invalidPasswordMinLengthMessage', params: [8] }, 'other'] });

  test('answer which fields have errors and which error comes first', () => {
    assert.equal(fields.exists('username'), true);
    assert.equal(fields.existsError('email', 'password'), true);
    assert.equal(fields.existsError('email'), false);
    assert.equal(fields.getFirstError('email', 'password', 'username'), 'invalidPasswordMinLengthMessage');
    assert.equal(fields.getFirstError('email'), '');
    assert.deepEqual(fields.get('password'), ['invalidPasswordMinLengthMessage', 'other']);
  });

  test('are translated with their parameters on the page', async () => {
    const html = await render('login-update-password.liquid', { messagesPerField: fields });
    assert.match(html, /<p id="input-error-password" class="gh-field-error">Invalid password: minimum length 8.<\/p>/);
  });
});
