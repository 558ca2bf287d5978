import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RealmRecord } from '../../storage/ports.ts';
import { emailLocale } from './email-locale.ts';
import { sendErrorEventType } from './send-error-event.ts';

const realm = (settings: Record<string, unknown>): RealmRecord => ({ id: 'r', name: 'r', enabled: true, settings, createdAt: 0 });

describe('email language', () => {
  it("writes in the user's language when the realm offers it", () => {
    const i18n = realm({ internationalizationEnabled: true, supportedLocales: ['en', 'de', 'fr'], defaultLocale: 'fr' });
    assert.equal(emailLocale(i18n, 'de'), 'de');
    assert.equal(emailLocale(i18n, 'de-CH'), 'de');
    assert.equal(emailLocale(i18n, 'es'), 'fr', 'not offered: the realm default');
    assert.equal(emailLocale(i18n, null), 'fr');
  });

  it('writes in the default language when the realm has internationalisation off', () => {
    assert.equal(emailLocale(realm({ supportedLocales: ['en', 'de'] }), 'de'), 'en');
    assert.equal(emailLocale(realm({ defaultLocale: 'es' }), 'de'), 'es');
  });
});

describe('send error events', () => {
  it("uses Keycloak's event type for each kind of email", () => {
    assert.equal(sendErrorEventType('email-verification'), 'SEND_VERIFY_EMAIL_ERROR');
    assert.equal(sendErrorEventType('email-verification-with-code'), 'SEND_VERIFY_EMAIL_ERROR');
    assert.equal(sendErrorEventType('password-reset'), 'SEND_RESET_PASSWORD_ERROR');
    assert.equal(sendErrorEventType('executeActions'), 'EXECUTE_ACTIONS_ERROR');
    assert.equal(sendErrorEventType('email-test'), undefined);
    assert.equal(sendErrorEventType('toString'), undefined);
  });
});
