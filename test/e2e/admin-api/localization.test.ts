import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { Browserless } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const callback = 'http://127.0.0.1:1/callback';
const web = { clientId: 'web', publicClient: true, redirectUris: [callback] };

const server = useGatehouseServer([
  { name: 'words', settings: { registrationAllowed: true, internationalizationEnabled: true, supportedLocales: ['en', 'de'], defaultLocale: 'en' }, clients: [web] },
]);

async function adminClient(): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: 'words' });
  return kc;
}

async function call(kc: KcAdminClient, method: string, path: string, body?: string, type = 'application/json'): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${server.baseUrl}/admin/realms/words/localization${path}`, {
    method,
    headers: { authorization: `Bearer ${kc.accessToken}`, ...(body === undefined ? {} : { 'content-type': type }) },
    body,
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

const registrationPage = (locale: string) =>
  new Browserless().open(
    `${server.baseUrl}/realms/words/protocol/openid-connect/registrations?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', ui_locales: locale, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`,
    (l) => l.startsWith(callback),
  );

describe('realm localization through the Admin API', () => {
  it('stores texts per locale with the admin client, reads, merges and deletes them', async () => {
    const kc = await adminClient();
    assert.deepEqual(await kc.realms.getRealmSpecificLocales({ realm: 'words' }), []);
    await kc.realms.addLocalization({ realm: 'words', selectedLocale: 'en', key: 'greeting' }, 'Hello there');
    await kc.realms.addLocalization({ realm: 'words', selectedLocale: 'de', key: 'greeting' }, 'Hallo');
    assert.deepEqual(await kc.realms.getRealmSpecificLocales({ realm: 'words' }), ['de', 'en']);
    assert.deepEqual(await kc.realms.getRealmLocalizationTexts({ realm: 'words', selectedLocale: 'en' }), { greeting: 'Hello there' });

    const one = await call(kc, 'GET', '/en/greeting');
    assert.deepEqual([one.status, one.text], [200, 'Hello there']);
    assert.match(one.type ?? '', /^text\/plain/);
    assert.equal((await call(kc, 'GET', '/en/nothing')).status, 404);

    const merged = await call(kc, 'POST', '/en', JSON.stringify({ farewell: 'Bye', greeting: 'Hi' }));
    assert.equal(merged.status, 204);
    assert.deepEqual(await kc.realms.getRealmLocalizationTexts({ realm: 'words', selectedLocale: 'en' }), { greeting: 'Hi', farewell: 'Bye' });
    assert.equal((await call(kc, 'POST', '/en', JSON.stringify({ bad: 1 }))).status, 400);
    assert.equal((await call(kc, 'PUT', '/en/plain', 'with "quotes" and ünïcode', 'text/plain')).status, 204);
    assert.equal((await call(kc, 'GET', '/en/plain')).text, 'with "quotes" and ünïcode');

    await kc.realms.deleteRealmLocalizationTexts({ realm: 'words', selectedLocale: 'en', key: 'farewell' });
    assert.deepEqual(Object.keys(await kc.realms.getRealmLocalizationTexts({ realm: 'words', selectedLocale: 'en' })).sort(), ['greeting', 'plain']);
    const missing = await call(kc, 'DELETE', '/en/farewell');
    assert.deepEqual([missing.status, JSON.parse(missing.text)], [404, { error: 'Key does not exist.' }]);
    assert.equal((await call(kc, 'DELETE', '/de')).status, 204);
    assert.equal((await call(kc, 'DELETE', '/de')).status, 404);
    assert.deepEqual(await kc.realms.getRealmSpecificLocales({ realm: 'words' }), ['en']);
    assert.equal((await call(kc, 'GET', '/en<script>')).status, 400);
  });

  it('shows the realm texts instead of the theme bundle on the sign-in pages, per locale', async () => {
    const kc = await adminClient();
    assert.match((await registrationPage('en')).html, />\s*Register\s*</);
    await kc.realms.addLocalization({ realm: 'words', selectedLocale: 'en', key: 'registerTitle' }, 'Join the Words club');
    const english = await registrationPage('en');
    assert.match(english.html, /Join the Words club/);
    const german = await registrationPage('de');
    assert.doesNotMatch(german.html, /Join the Words club/, 'an English text is not used for German');
    await kc.realms.addLocalization({ realm: 'words', selectedLocale: 'de', key: 'registerTitle' }, 'Werde Mitglied');
    assert.match((await registrationPage('de')).html, /Werde Mitglied/);
    await kc.realms.deleteRealmLocalizationTexts({ realm: 'words', selectedLocale: 'en', key: 'registerTitle' });
    assert.doesNotMatch((await registrationPage('en')).html, /Join the Words club/);
  });

  it('translates user-profile labels written as ${key}, and falls back to the default locale when asked', async () => {
    const kc = await adminClient();
    const config = await kc.users.getProfile();
    const team = { name: 'team', displayName: '${profile.team}', permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] }, multivalued: false };
    await kc.users.updateProfile({ ...config, attributes: [...config.attributes!, team] });
    await kc.realms.addLocalization({ realm: 'words', selectedLocale: 'en', key: 'profile.team' }, 'Your crew');
    await kc.realms.addLocalization({ realm: 'words', selectedLocale: 'de', key: 'profile.team' }, 'Deine Mannschaft');
    assert.match((await registrationPage('en')).html, /Your crew/);
    assert.match((await registrationPage('de')).html, /Deine Mannschaft/);

    await kc.realms.addLocalization({ realm: 'words', selectedLocale: 'en', key: 'only.english' }, 'English only');
    const plain = await call(kc, 'GET', '/de');
    assert.equal((JSON.parse(plain.text) as Record<string, string>)['only.english'], undefined);
    const withFallback = JSON.parse((await call(kc, 'GET', '/de?useRealmDefaultLocaleFallback=true')).text) as Record<string, string>;
    assert.equal(withFallback['only.english'], 'English only');
    assert.equal(withFallback['profile.team'], 'Deine Mannschaft', "the locale's own text wins over the fallback");
    await kc.users.updateProfile(config);
  });
});
