import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { Browserless, textOf, type Visit } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { profileWithPhoneNumber } from '../../support/seed.ts';

const callback = 'http://127.0.0.1:1/callback';
const isCallback = (location: string) => location.startsWith(callback);
const web = { clientId: 'web', publicClient: true, redirectUris: [callback] };

const profile = profileWithPhoneNumber();

const server = useGatehouseServer([
  { name: 'open', settings: { registrationAllowed: true, eventsEnabled: true, passwordPolicy: 'length(10) and digits(1) and notUsername' }, clients: [web], requirements: { 'registration-terms-and-conditions': 'REQUIRED' }, profile },
  { name: 'closed', settings: { eventsEnabled: true }, clients: [web] },
  { name: 'emails', settings: { registrationAllowed: true, registrationEmailAsUsername: true }, clients: [web] },
]);

const registrationsUrl = (realm: string, extra: Record<string, string> = {}) =>
  `${server.baseUrl}/realms/${realm}/protocol/openid-connect/registrations?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', ...extra })}`;

const valid = { username: 'newbie', email: 'newbie@example.com', firstName: 'New', lastName: 'Bie', phoneNumber: '+49 30 123456', password: 'correct horse 1', 'password-confirm': 'correct horse 1', termsAccepted: 'on' };

const inputValue = (page: Visit, name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page.html)?.[1] ?? /value="([^"]*)"[^>]*name="${name}"/.exec(page.html)?.[1];

async function realmId(name: string) {
  return (await server.store.realms.findByName(name))!.id;
}

describe('self-registration through the registration page', () => {
  it('opens the registration page from /registrations, with the profile fields, the password rules and the terms', async () => {
    const page = await new Browserless().open(registrationsUrl('open'), isCallback);
    assert.equal(page.status, 200, page.html.slice(0, 300));
    for (const field of ['username', 'email', 'firstName', 'lastName', 'phoneNumber', 'password', 'password-confirm', 'termsAccepted']) {
      assert.match(page.html, new RegExp(`name="${field}"`), `the ${field} field is on the page`);
    }
    assert.match(page.html, /id="kc-password-rules"/);
    assert.match(page.html, /data-rule="length"/);
    const discovery = (await (await fetch(`${server.baseUrl}/realms/open/.well-known/openid-configuration`)).json()) as { prompt_values_supported: string[] };
    assert.ok(discovery.prompt_values_supported.includes('create'));
  });

  it('shows each error under its field, keeps what was typed but never the password, and records REGISTER_ERROR', async () => {
    const browser = new Browserless();
    const page = await browser.open(registrationsUrl('open'), isCallback);
    const bad = await browser.submit(page, { ...valid, email: 'not-an-email', phoneNumber: 'call me', password: 'short', 'password-confirm': 'short', termsAccepted: '', firstName: '<script>alert(1)</script>' }, isCallback);
    assert.equal(bad.status, 200);
    assert.ok(textOf(bad.html, 'input-error-email'), 'an error under email');
    assert.ok(textOf(bad.html, 'input-error-phoneNumber'), 'an error under phone number');
    assert.ok(textOf(bad.html, 'input-error-password'), 'an error under password');
    assert.ok(textOf(bad.html, 'input-error-termsAccepted'), 'an error under the terms');
    assert.equal(inputValue(bad, 'username'), 'newbie');
    assert.doesNotMatch(bad.html, /value="short"/, 'the password is not sent back');
    assert.doesNotMatch(bad.html, /<script>alert\(1\)<\/script>/, 'a script in a name is shown escaped');
    assert.match(bad.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const events = await server.store.events.query(await realmId('open'), { types: ['REGISTER_ERROR'] });
    assert.ok(events.some((e) => e.error === 'invalid_registration'));
    assert.equal(await server.store.users.count(await realmId('open'), { username: 'newbie', exact: true }), 0, 'nothing was saved');
  });

  it('creates the account, signs the person in and returns to the client with a code', async () => {
    const browser = new Browserless();
    const page = await browser.open(registrationsUrl('open'), isCallback);
    const done = await browser.submit(page, valid, isCallback);
    assert.ok(done.location && isCallback(done.location), `back at the client, got ${done.status}: ${textOf(done.html, 'kc-content') ?? done.html.slice(0, 300)}`);
    const code = new URL(done.location).searchParams.get('code')!;
    const config = await oidc.discovery(new URL(`${server.baseUrl}/realms/open`), 'web', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const response = await fetch(config.serverMetadata().token_endpoint!, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'web', code, redirect_uri: callback, code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk' }),
    });
    const tokens = (await response.json()) as { id_token: string; access_token: string };
    assert.equal(response.status, 200, JSON.stringify(tokens));
    const id = decodeJwt(tokens.id_token);
    assert.equal(id.preferred_username, 'newbie');
    assert.equal(id.email, 'newbie@example.com');
    assert.equal(id.given_name, 'New');
    const realm = await realmId('open');
    const user = (await server.store.users.findByUsername(realm, 'newbie'))!;
    const attributes = await server.store.users.getAttributes(user.id);
    assert.deepEqual(attributes.phoneNumber, ['+49 30 123456']);
    assert.ok(attributes.terms_and_conditions, 'the terms acceptance is recorded');
    assert.deepEqual(attributes.terms_and_conditions_version, ['1']);
    const roles = (await server.store.roles.listUserRoles(user.id)).map((r) => r.name);
    assert.deepEqual(roles, ['default-roles-open']);
    const types = (await server.store.events.query(realm, { userId: user.id, direction: 'asc' })).map((e) => e.type);
    assert.deepEqual(types.slice(0, 2), ['REGISTER', 'LOGIN']);
    const register = (await server.store.events.query(realm, { types: ['REGISTER'] }))[0]!;
    assert.equal(register.details.register_method, 'form');
    assert.equal(register.details.email, 'newbie@example.com');
  });

  it('lets exactly one of twenty simultaneous sign-ups with one username through; the others see the field error', async () => {
    const browsers = Array.from({ length: 20 }, () => new Browserless());
    const pages = await Promise.all(browsers.map((b) => b.open(registrationsUrl('open'), isCallback)));
    const results = await Promise.all(browsers.map((b, i) => b.submit(pages[i]!, { ...valid, username: 'racer', email: `racer${i}@example.com` }, isCallback)));
    const signedIn = results.filter((r) => r.location && isCallback(r.location));
    assert.equal(signedIn.length, 1, `statuses: ${results.map((r) => r.status).join(',')}`);
    for (const r of results.filter((x) => !x.location)) {
      assert.equal(r.status, 200);
      assert.equal(textOf(r.html, 'input-error-username'), 'Username already exists.');
    }
    assert.equal(await server.store.users.count(await realmId('open'), { username: 'racer', exact: true }), 1);
  });

  it('uses the email as the username where the realm says so', async () => {
    const browser = new Browserless();
    const page = await browser.open(registrationsUrl('emails'), isCallback);
    assert.doesNotMatch(page.html, /name="username"/);
    const done = await browser.submit(page, { email: 'Only.Email@Example.com', firstName: 'O', lastName: 'E', password: 'any password', 'password-confirm': 'any password' }, isCallback);
    assert.ok(done.location && isCallback(done.location), done.html.slice(0, 400));
    assert.ok(await server.store.users.findByUsername(await realmId('emails'), 'only.email@example.com'));
  });

  it('refuses registration where the realm does not allow it, with REGISTER_ERROR registration_disabled', async () => {
    const page = await new Browserless().open(registrationsUrl('closed'), isCallback);
    assert.equal(page.status, 403);
    assert.match(page.html, /Registration not allowed/);
    const events = await server.store.events.query(await realmId('closed'), { types: ['REGISTER_ERROR'] });
    assert.equal(events[0]?.error, 'registration_disabled');
    const discovery = (await (await fetch(`${server.baseUrl}/realms/closed/.well-known/openid-configuration`)).json()) as { prompt_values_supported: string[] };
    assert.ok(!discovery.prompt_values_supported.includes('create'));
  });
});
