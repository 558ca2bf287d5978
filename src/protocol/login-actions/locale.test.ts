import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RealmRecord } from '../../storage/ports.ts';
import { localeChoices, resolveLocale } from './locale.ts';

const realm = (settings: Record<string, unknown>): RealmRecord => ({ id: 'r', name: 'r', enabled: true, settings, createdAt: 0 });

test('pages stay in the default language unless the realm turns internationalization on', () => {
  assert.equal(resolveLocale(realm({}), { uiLocales: 'de', acceptLanguage: 'fr' }), 'en');
  assert.equal(resolveLocale(realm({ defaultLocale: 'de' }), { acceptLanguage: 'fr' }), 'de');
});

test("a picked language wins, then the cookie, the user's locale, ui_locales and the browser's languages", () => {
  const r = realm({ internationalizationEnabled: true, supportedLocales: ['en', 'de', 'fr'] });
  assert.equal(resolveLocale(r, { kcLocale: 'fr', cookie: 'de', uiLocales: 'de' }), 'fr');
  assert.equal(resolveLocale(r, { cookie: 'de', userLocale: 'fr' }), 'de');
  assert.equal(resolveLocale(r, { userLocale: 'fr', uiLocales: 'de' }), 'fr');
  assert.equal(resolveLocale(r, { uiLocales: 'es de' }), 'de', 'the first supported of ui_locales');
  assert.equal(resolveLocale(r, { acceptLanguage: 'es;q=0.9, fr-CH;q=0.8, *;q=0.1' }), 'fr');
  assert.equal(resolveLocale(r, { acceptLanguage: 'ja' }), 'en');
});

test('the language picker offers each supported language on the same page', () => {
  const choices = localeChoices(realm({ internationalizationEnabled: true, supportedLocales: ['en', 'de'] }), '/realms/r/login-actions/authenticate?tab_id=t');
  assert.deepEqual(choices.map((c) => c.label), ['English', 'Deutsch']);
  assert.equal(choices[1]!.url, '/realms/r/login-actions/authenticate?tab_id=t&kc_locale=de');
  assert.deepEqual(localeChoices(realm({}), '/x'), []);
});
