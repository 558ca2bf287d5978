import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { pkceAuthorization, useBrowserWithCallback } from '../../support/browser.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { profileWithPhoneNumber } from '../../support/seed.ts';
import { freePort } from '../../support/server-process.ts';

const callbackPort = await freePort();
const redirectUri = `http://127.0.0.1:${callbackPort}/callback`;
const web = { clientId: 'web', publicClient: true, redirectUris: [redirectUri], attributes: { 'pkce.code.challenge.method': 'S256' } };

const profile = profileWithPhoneNumber();

const server = useGatehouseServer([
  {
    name: 'open',
    settings: { registrationAllowed: true, eventsEnabled: true, passwordPolicy: 'length(10) and digits(1)', internationalizationEnabled: true, supportedLocales: ['en', 'de'], defaultLocale: 'en' },
    clients: [web],
    requirements: { 'registration-terms-and-conditions': 'REQUIRED' },
    profile,
  },
  { name: 'closed', settings: { eventsEnabled: true }, clients: [web] },
]);
const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));

const chromium = useBrowserWithCallback(callbackPort);

/** A fresh authorization request with PKCE: its query, state and code verifier. */
function authorization(extra: Record<string, string> = {}) {
  return pkceAuthorization('web', redirectUri, extra);
}
const authUrl = (realm: string, query: URLSearchParams) => `${server.baseUrl}/realms/${realm}/protocol/openid-connect/auth?${query}`;

/** A new browser context on the sign-in page of a new authorization request to realm `open`. */
async function openLogin(options: { javaScriptEnabled?: boolean; realm?: string; extra?: Record<string, string> } = {}) {
  const context = await chromium.browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  const auth = authorization(options.extra);
  const response = await page.goto(authUrl(options.realm ?? 'open', auth.query));
  assert.equal(response?.status(), 200, `the sign-in page: ${page.url()}`);
  return { context, page, auth };
}

/** From the sign-in page, follows its "Register" link to the registration page. */
async function openRegistration(options: { javaScriptEnabled?: boolean } = {}) {
  const opened = await openLogin(options);
  await opened.page.getByRole('link', { name: 'Register', exact: true }).click();
  await opened.page.waitForLoadState();
  await assert.doesNotReject(heading(opened.page).filter({ hasText: 'Register' }).waitFor({ timeout: 5_000 }), `the registration page: ${opened.page.url()}`);
  return opened;
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
/** The input labelled `text`: the label as seen, with the " *" of a required field. */
const labelled = (page: Page, text: string) => page.getByLabel(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: \\*)?$`));
const field = {
  username: (page: Page) => labelled(page, 'Username'),
  email: (page: Page) => labelled(page, 'Email'),
  firstName: (page: Page) => labelled(page, 'First name'),
  lastName: (page: Page) => labelled(page, 'Last name'),
  phoneNumber: (page: Page) => labelled(page, 'Phone number'),
  password: (page: Page) => labelled(page, 'Password'),
  passwordConfirm: (page: Page) => labelled(page, 'Confirm password'),
  terms: (page: Page) => labelled(page, 'I agree to the terms and conditions'),
};
const registerButton = (page: Page) => page.getByRole('button', { name: 'Register' });

interface Entry {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  phoneNumber: string;
  password: string;
  passwordConfirm: string;
  terms: boolean;
}
const person = (username: string, over: Partial<Entry> = {}): Entry => ({
  username,
  email: `${username}@example.com`,
  firstName: 'New',
  lastName: 'Person',
  phoneNumber: '+49 30 123456',
  password: 'correct horse 1',
  passwordConfirm: 'correct horse 1',
  terms: true,
  ...over,
});

async function fillAndRegister(page: Page, entry: Entry): Promise<void> {
  await field.username(page).fill(entry.username);
  await field.email(page).fill(entry.email);
  await field.firstName(page).fill(entry.firstName);
  await field.lastName(page).fill(entry.lastName);
  await field.phoneNumber(page).fill(entry.phoneNumber);
  await field.password(page).fill(entry.password);
  await field.passwordConfirm(page).fill(entry.passwordConfirm);
  await field.terms(page).setChecked(entry.terms);
  await registerButton(page).click();
  await page.waitForLoadState();
}

/** Waits until the browser is back at the client, and returns the callback's query. */
async function atCallback(page: Page): Promise<URLSearchParams> {
  await page.waitForURL((url) => url.href.startsWith(redirectUri), { timeout: 10_000 }).catch(async () => {
    throw new Error(`not back at the client; at ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 600)}`);
  });
  assert.equal(await page.locator('body').innerText(), 'signed in');
  return new URL(page.url()).searchParams;
}

/** Exchanges the code with its verifier at the token endpoint; returns the ID token's claims. */
async function exchange(code: string, verifier: string) {
  const response = await fetch(`${server.baseUrl}/realms/open/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'web', code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(response.status, 200, JSON.stringify(body));
  return decodeJwt(String(body.id_token));
}

async function storedUser(username: string) {
  const realm = (await server.store.realms.findByName('open'))!;
  const user = await server.store.users.findByUsername(realm.id, username);
  return user ? { user, attributes: await server.store.users.getAttributes(user.id) } : undefined;
}

/** The error shown for an input: the `input-error-…` element its aria-describedby points at. */
async function errorUnder(page: Page, input: Locator, name: string): Promise<string> {
  assert.equal(await input.getAttribute('aria-invalid'), 'true', `${name} is marked invalid`);
  const ids = (await input.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
  const errorId = `input-error-${name}`;
  assert.ok(ids.includes(errorId), `${name}'s aria-describedby (${ids.join(' ')}) names its error`);
  const error = page.locator(`#${errorId}`);
  assert.ok(await error.isVisible(), `the error of ${name} is visible`);
  const [inputBox, errorBox] = [await input.boundingBox(), await error.boundingBox()];
  assert.ok(inputBox && errorBox && errorBox.y >= inputBox.y + inputBox.height - 1, `the error of ${name} is under its field`);
  return (await error.innerText()).trim();
}

/** Fails the test if the page opens any dialog (alert, confirm, prompt). */
function noDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return dialogs;
}

/** The state of the password checklist's items as the page exposes it. */
async function rules(page: Page) {
  return page.locator('#kc-password-rules li[data-rule]').evaluateAll((items) =>
    items.map((item) => ({
      rule: item.getAttribute('data-rule'),
      met: item.getAttribute('data-met'),
      classes: [...item.classList].filter((c) => c.startsWith('gh-rule-')).sort(),
      state: item.querySelector('.gh-rule-state')?.textContent ?? null,
    })),
  );
}
const ruleState = (rule: string, met: boolean) => ({ rule, met: met ? 'true' : 'false', classes: [met ? 'gh-rule-met' : 'gh-rule-unmet'], state: met ? ' (met)' : ' (not met)' });

const contexts: BrowserContext[] = [];
after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

describe('registering with a browser', () => {
  it('opens the registration page from the "Register" link of the sign-in page, and "« Back to Login" returns to the sign-in form', async () => {
    const { context, page } = await openLogin();
    contexts.push(context);
    assert.equal(await heading(page).innerText(), 'Sign in to your account');
    await page.getByRole('link', { name: 'Register', exact: true }).click();
    await page.waitForLoadState();
    assert.equal(await heading(page).innerText(), 'Register');
    for (const input of Object.values(field)) assert.ok(await input(page).isVisible());
    assert.equal(await field.password(page).inputValue(), '');
    assert.equal(await field.terms(page).isChecked(), false);
    assert.ok(await registerButton(page).isVisible());
    await page.screenshot({ path: `${screenshots}register.png`, fullPage: true });

    await page.getByRole('link', { name: '« Back to Login' }).click();
    await page.waitForLoadState();
    assert.equal(await heading(page).innerText(), 'Sign in to your account');
    assert.ok(await page.getByLabel('Username or email').isVisible(), 'the sign-in form is back');
    assert.ok(await page.getByRole('button', { name: 'Sign In' }).isVisible());
    await context.close();
  });

  it('shows each error of invalid input under its field, marks the fields invalid, keeps what was typed and empties the passwords', async () => {
    const { context, page } = await openRegistration();
    contexts.push(context);
    const entry = person('invalid-input', { email: 'not-an-email', phoneNumber: 'call me', password: 'short1', passwordConfirm: 'short1', terms: false });
    await fillAndRegister(page, entry);

    assert.equal(await heading(page).innerText(), 'Register', 'the registration page is shown again');
    assert.ok(!page.url().startsWith(redirectUri));
    assert.equal(await errorUnder(page, field.email(page), 'email'), 'Invalid email address.');
    const phoneError = await errorUnder(page, field.phoneNumber(page), 'phoneNumber');
    assert.ok(phoneError !== '', 'the phone number has an error');
    assert.equal(await errorUnder(page, field.password(page), 'password'), 'Invalid password: minimum length 10.');
    assert.equal(await errorUnder(page, field.terms(page), 'termsAccepted'), 'You must agree to our terms and conditions.');
    for (const valid of [field.username(page), field.firstName(page), field.lastName(page)]) {
      assert.equal(await valid.getAttribute('aria-invalid'), null, 'a valid field is not marked invalid');
    }
    assert.equal(await page.locator('#kc-message').count(), 0, 'no message box above the form: the errors are under the fields');

    assert.equal(await field.username(page).inputValue(), entry.username);
    assert.equal(await field.email(page).inputValue(), entry.email);
    assert.equal(await field.firstName(page).inputValue(), entry.firstName);
    assert.equal(await field.lastName(page).inputValue(), entry.lastName);
    assert.equal(await field.phoneNumber(page).inputValue(), entry.phoneNumber);
    assert.equal(await field.password(page).inputValue(), '', 'the password is not sent back');
    assert.equal(await field.passwordConfirm(page).inputValue(), '', 'nor its confirmation');
    assert.ok(!(await page.content()).includes('value="short1"'));
    await page.screenshot({ path: `${screenshots}register-errors.png`, fullPage: true });
    assert.equal(await storedUser(entry.username), undefined, 'nothing was saved');
    await context.close();
  });

  it('ticks off the password rules while the user types', async () => {
    const { context, page } = await openRegistration();
    contexts.push(context);
    await assert.doesNotReject(page.waitForFunction("document.getElementById('kc-password-rules').classList.contains('gh-rules-live')", null, { timeout: 5_000 }), 'the checklist script ran');
    assert.deepEqual(await rules(page), [ruleState('length', false), ruleState('digits', false)], 'nothing is met before typing');
    assert.deepEqual(await page.locator('#kc-password-rules .gh-rule-text').allInnerTexts(), ['At least 10 characters', 'At least 1 digit(s)']);

    await field.password(page).pressSequentially('abc');
    assert.deepEqual(await rules(page), [ruleState('length', false), ruleState('digits', false)], '"abc" meets neither rule');

    await field.password(page).fill('');
    await field.password(page).pressSequentially('abcdefghij1');
    assert.deepEqual(await rules(page), [ruleState('length', true), ruleState('digits', true)], '"abcdefghij1" meets both');
    await assert.doesNotReject(
      page.waitForFunction("document.getElementById('kc-password-rules-status').textContent === '2 of 2 password requirements met'", null, { timeout: 5_000 }),
      'the live region sums it up once typing pauses',
    );
    await page.screenshot({ path: `${screenshots}register-rules.png`, fullPage: true });
    await context.close();
  });

  it('creates the account from valid input and returns to the client with a code for tokens of the new user', async () => {
    const { context, page, auth } = await openRegistration();
    contexts.push(context);
    await fillAndRegister(page, person('newbie', { firstName: 'Nelly', lastName: 'Newbie' }));
    const query = await atCallback(page);
    assert.equal(query.get('state'), auth.state);
    const code = query.get('code');
    assert.ok(code, 'the callback carries a code');

    const id = await exchange(code, auth.verifier);
    assert.equal(id.preferred_username, 'newbie');
    assert.equal(id.email, 'newbie@example.com');
    assert.equal(id.given_name, 'Nelly');
    assert.equal(id.family_name, 'Newbie');
    const stored = await storedUser('newbie');
    assert.ok(stored, 'the user was saved');
    assert.deepEqual(stored.attributes.phoneNumber, ['+49 30 123456']);
    assert.ok(stored.attributes.terms_and_conditions, 'the terms acceptance is recorded');
    await context.close();
  });

  it('works from start to end with JavaScript disabled', async () => {
    const { context, page, auth } = await openRegistration({ javaScriptEnabled: false });
    contexts.push(context);
    assert.equal(await page.locator('#kc-password-rules.gh-rules-live').count(), 0, 'the checklist is plain guidance');
    assert.equal(await page.locator('#kc-password-rules li[data-met]').count(), 0);
    assert.equal(await page.locator('#kc-password-rules li').count(), 2);

    await fillAndRegister(page, person('nojs-user', { terms: false }));
    assert.equal(await errorUnder(page, field.terms(page), 'termsAccepted'), 'You must agree to our terms and conditions.');
    assert.equal(await field.username(page).inputValue(), 'nojs-user');
    await fillAndRegister(page, person('nojs-user'));
    const query = await atCallback(page);
    assert.equal(query.get('state'), auth.state);
    const id = await exchange(query.get('code')!, auth.verifier);
    assert.equal(id.preferred_username, 'nojs-user');
    assert.deepEqual((await storedUser('nojs-user'))?.attributes.phoneNumber, ['+49 30 123456']);
    await context.close();
  });

  it('shows a <script> typed into the first name as text when the page comes back with errors', async () => {
    const { context, page } = await openRegistration();
    contexts.push(context);
    const dialogs = noDialogs(page);
    const script = '"><script>alert(1)</script><img src=x onerror="alert(2)">';
    await fillAndRegister(page, person('scripted', { firstName: script, terms: false }));
    assert.equal(await heading(page).innerText(), 'Register', 'the page came back with an error');
    assert.ok(await page.locator('#input-error-termsAccepted').isVisible());
    assert.equal(await field.firstName(page).inputValue(), script, 'the first name is kept, character for character');
    const html = await page.content();
    assert.ok(!html.includes('<script>alert(1)</script>'), 'no script element was made of it');
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'nor an image');
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, [], 'no dialog opened');
    await context.close();
  });

  it('offers no "Register" link where registration is off, and /registrations says "Registration not allowed"', async () => {
    const { context, page } = await openLogin({ realm: 'closed' });
    contexts.push(context);
    assert.ok(await page.getByLabel('Username or email').isVisible(), 'the sign-in page is shown');
    assert.equal(await page.getByRole('link', { name: 'Register' }).count(), 0);
    assert.equal(await page.locator('#kc-registration').count(), 0);

    const response = await page.goto(`${server.baseUrl}/realms/closed/protocol/openid-connect/registrations?${authorization().query}`);
    assert.equal(response?.status(), 403);
    assert.equal((await page.getByRole('alert').innerText()).trim(), 'Registration not allowed');
    assert.equal(await registerButton(page).count(), 0, 'no registration form');
    await context.close();
  });

  it('shows the registration page in German for ui_locales=de', async () => {
    const { context, page } = await openLogin({ extra: { ui_locales: 'de' } });
    contexts.push(context);
    const registerLink = page.getByRole('link', { name: 'Registrieren', exact: true });
    assert.equal(await page.locator('html').getAttribute('lang'), 'de', `the sign-in page is German; it reads: ${(await heading(page).innerText()).trim()}`);
    await registerLink.click();
    await page.waitForLoadState();
    await page.screenshot({ path: `${screenshots}register-de.png`, fullPage: true });
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    assert.equal(await heading(page).innerText(), 'Registrieren');
    for (const label of ['Benutzername', 'E-Mail-Adresse', 'Vorname', 'Nachname', 'Telefonnummer', 'Passwort bestätigen', 'Ich stimme den Nutzungsbedingungen zu']) {
      assert.ok(await labelled(page, label).isVisible(), `a field labelled "${label}"`);
    }
    assert.ok(await labelled(page, 'Passwort').isVisible());
    assert.equal((await page.locator('#kc-password-rules-title').innerText()).trim(), 'Anforderungen an das Passwort');
    assert.deepEqual(await page.locator('#kc-password-rules li .gh-rule-text').allInnerTexts(), ['Mindestens 10 Zeichen', 'Mindestens 1 Ziffer(n)']);
    assert.ok(await page.getByRole('button', { name: 'Registrieren' }).isVisible());
    assert.ok(await page.getByRole('link', { name: '« Zurück zur Anmeldung' }).isVisible());
    await context.close();
  });
});
