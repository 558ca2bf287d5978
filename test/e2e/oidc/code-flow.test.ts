import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { Browserless, textOf } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const callback = 'http://127.0.0.1:1/callback';
const isCallback = (location: string) => location.startsWith(callback);
const server = useGatehouseServer([
  {
    name: 'shop',
    settings: { eventsEnabled: true },
    clients: [
      { clientId: 'web', secret: 'web-secret', redirectUris: ['http://127.0.0.1:1/*'], attributes: { 'post.logout.redirect.uris': 'http://127.0.0.1:1/bye' } },
      { clientId: 'other', publicClient: true, redirectUris: [callback] },
    ],
    users: [{ username: 'alice', password: 'alice-password-1', email: 'alice@example.com', firstName: 'Alice' }],
  },
]);

async function client(id = 'web', secret: string | null = 'web-secret') {
  return oidc.discovery(new URL(`${server.baseUrl}/realms/shop`), id, secret ?? undefined, secret ? undefined : oidc.None(), { execute: [oidc.allowInsecureRequests] });
}

async function signIn(browser: Browserless, config: oidc.Configuration, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: callback,
    scope: 'openid',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  const page = await browser.open(url.href, isCallback);
  return { page, verifier, state, nonce };
}

async function exchange(config: oidc.Configuration, location: string, flow: { verifier: string; state: string; nonce: string }) {
  return oidc.authorizationCodeGrant(config, new URL(location), { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce });
}

describe('signing in through the login page (authorization code with PKCE)', () => {
  it('returns to the client with a code that openid-client exchanges for validated tokens', async () => {
    const config = await client();
    const browser = new Browserless();
    const flow = await signIn(browser, config);
    assert.equal(flow.page.status, 200);
    assert.match(flow.page.url, /\/realms\/shop\/login-actions\/authenticate\?/);
    const wrong = await browser.submit(flow.page, { username: 'alice', password: 'wrong' }, isCallback);
    assert.equal(textOf(wrong.html, 'input-error-username'), 'Invalid username or password.');
    const done = await browser.submit(wrong, { username: 'alice', password: 'alice-password-1' }, isCallback);
    assert.ok(done.location && isCallback(done.location), `redirected to the client, got ${done.status} ${done.location}`);
    const tokens = await exchange(config, done.location, flow);
    const claims = tokens.claims()!;
    assert.equal(claims.preferred_username, 'alice');
    assert.equal(claims.typ, 'ID');
    assert.equal(decodeJwt(tokens.access_token).preferred_username, 'alice');
    assert.equal(decodeJwt(tokens.access_token).given_name, 'Alice');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(info.email, 'alice@example.com');
  });

  it('signs a second client in without a prompt, and prompts again with prompt=login', async () => {
    const browser = new Browserless();
    const first = await signIn(browser, await client());
    const done = await browser.submit(first.page, { username: 'alice', password: 'alice-password-1' }, isCallback);
    assert.ok(done.location && isCallback(done.location));
    const other = await client('other', null);
    const sso = await signIn(browser, other);
    assert.ok(sso.page.location && isCallback(sso.page.location), 'no login page for the second client');
    const tokens = await exchange(other, sso.page.location!, sso);
    assert.equal(decodeJwt(tokens.access_token).acr, '1');
    const again = await signIn(browser, other, { prompt: 'login' });
    assert.equal(again.page.status, 200);
    assert.match(again.page.html, /id="kc-form-login"/);
  });

  it('shows an error page, never a redirect, for a redirect URI the client does not have', async () => {
    const config = await client();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: 'https://evil.example/cb', scope: 'openid', state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    const visit = await new Browserless().open(url.href);
    assert.equal(visit.status, 400);
    assert.equal(visit.location, undefined);
    assert.match(visit.html, /redirect_uri/);
  });

  it('refuses a form posted without its CSRF token with the page-expired page', async () => {
    const browser = new Browserless();
    const flow = await signIn(browser, await client());
    const response = await browser.submit(flow.page, { username: 'alice', password: 'alice-password-1', csrf_token: 'forged' }, isCallback);
    assert.equal(response.status, 400);
    assert.doesNotMatch(response.location ?? '', /callback/);
    assert.match(response.html, /kc-page-expired|expired/i);
  });

  it('signs out through RP-initiated logout, after which the login page is shown again', async () => {
    const browser = new Browserless();
    const config = await client();
    const flow = await signIn(browser, config);
    const done = await browser.submit(flow.page, { username: 'alice', password: 'alice-password-1' }, isCallback);
    const tokens = await exchange(config, done.location!, flow);
    const logoutUrl = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:1/bye' });
    const confirm = await browser.open(logoutUrl.href, (l) => l.startsWith('http://127.0.0.1:1/bye'));
    const out = confirm.location?.startsWith('http://127.0.0.1:1/bye') ? confirm : await browser.submit(confirm, { logout: 'yes' }, (l) => l.startsWith('http://127.0.0.1:1/bye'));
    assert.ok(out.location?.startsWith('http://127.0.0.1:1/bye'), `back at the client after logout, got ${out.status} ${out.location}`);
    const after = await signIn(browser, config);
    assert.equal(after.page.status, 200, 'the session is gone');
    assert.match(after.page.html, /id="kc-form-login"/);
    const realm = (await server.store.realms.findByName('shop'))!;
    const types = (await server.store.events.query(realm.id, {})).map((e) => e.type);
    for (const type of ['LOGIN', 'LOGIN_ERROR', 'CODE_TO_TOKEN', 'LOGOUT']) assert.ok(types.includes(type), `${type} recorded`);
  });
});

describe('the language of the sign-in pages', () => {
  it('follows ui_locales and the language picker where the realm enables internationalization', async () => {
    const realm = (await server.store.realms.findByName('shop'))!;
    await server.store.realms.update({ ...realm, settings: { ...realm.settings, internationalizationEnabled: true, supportedLocales: ['en', 'de', 'fr'] } });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a changed realm is noticed within a second
    const browser = new Browserless();
    const german = await signIn(browser, await client(), { ui_locales: 'de' });
    assert.match(german.page.html, /<html lang="de"/);
    assert.match(german.page.html, /Passwort/);
    const picker = /href="([^"]*kc_locale=fr[^"]*)"/.exec(german.page.html)?.[1];
    assert.ok(picker, 'the page offers French');
    const french = await browser.open(new URL(picker.replace(/&amp;/g, '&'), german.page.url).href);
    assert.match(french.html, /<html lang="fr"/);
    assert.match(french.html, /Mot de passe/);
  });
});
