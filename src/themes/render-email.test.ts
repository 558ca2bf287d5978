import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderEmail } from './render-email.ts';
import { shippedThemesDir, ThemeRegistry } from './theme-registry.ts';

const verification = {
  template: 'email-verification',
  subjectKey: 'emailVerificationSubject',
  attributes: {
    link: 'https://id.example.test/realms/demo/login-actions/action-token?key=abc&client_id=web',
    linkExpiration: 5,
    realmName: 'Demo',
    user: { username: 'ann', email: 'ann@example.test', firstName: 'Ann', lastName: 'Lee' },
  },
};

describe('email rendering', () => {
  it('renders the verification email in English with Keycloak\'s subject, link and expiry', async () => {
    const email = await renderEmail({ ...verification, locale: 'en' });
    assert.equal(email.subject, 'Verify email');
    assert.match(email.text, /^Hello Ann,\n\nSomeone has created a Demo account/);
    assert.ok(email.text.includes('\nhttps://id.example.test/realms/demo/login-actions/action-token?key=abc&client_id=web\n'), 'the text body keeps the link as is');
    assert.match(email.text, /This link will expire within 5 minutes\./);
    assert.ok(email.html.includes('href="https://id.example.test/realms/demo/login-actions/action-token?key=abc&amp;client_id=web"'));
    assert.match(email.html, /<html lang="en">/);
    assert.doesNotMatch(email.text, /\n{3,}/);
  });

  it('renders in the recipient\'s language, expiry included, and falls back to English for others', async () => {
    const de = await renderEmail({ ...verification, locale: 'de', attributes: { ...verification.attributes, linkExpiration: 60 } });
    assert.equal(de.subject, 'E-Mail verifizieren');
    assert.match(de.text, /Dieser Link ist 1 Stunde gültig\./);
    assert.match(de.html, /E-Mail-Adresse bestätigen/);
    const fr = await renderEmail({ ...verification, locale: 'fr', attributes: { ...verification.attributes, linkExpiration: 2880 } });
    assert.equal(fr.subject, 'Vérification du courriel');
    assert.match(fr.text, /Ce lien expirera dans 2 jours\./);
    const es = await renderEmail({ template: 'password-reset', subjectKey: 'passwordResetSubject', locale: 'es', attributes: verification.attributes });
    assert.equal(es.subject, 'Restablecer contraseña');
    const other = await renderEmail({ ...verification, locale: 'ja' });
    assert.equal(other.subject, 'Verify email');
  });

  it('escapes every variable in the HTML body', async () => {
    const email = await renderEmail({
      ...verification,
      locale: 'en',
      attributes: { ...verification.attributes, realmName: '<b>Evil</b>', user: { firstName: '<script>alert(1)</script>' } },
    });
    assert.ok(!email.html.includes('<script>'));
    assert.ok(email.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!email.html.includes('<b>Evil</b>'));
    assert.match(email.text, /Hello <script>alert\(1\)<\/script>,/, 'the text body is not HTML and is not escaped');
  });

  it('has every Keycloak template the server sends, in both forms and all four languages', async () => {
    const attributes = { ...verification.attributes, code: '123456', requiredActions: ['UPDATE_PASSWORD', 'VERIFY_EMAIL'], newEmail: 'new@example.test', event: { date: '2026-01-01 10:00', ipAddress: '192.0.2.1' } };
    const templates: [string, string][] = [
      ['email-verification', 'emailVerificationSubject'],
      ['email-verification-with-code', 'emailVerificationSubject'],
      ['password-reset', 'passwordResetSubject'],
      ['executeActions', 'executeActionsSubject'],
      ['email-update-confirmation', 'emailUpdateConfirmationSubject'],
      ['email-test', 'emailTestSubject'],
      ['event-login_error', 'eventLoginErrorSubject'],
      ['event-update_password', 'eventUpdatePasswordSubject'],
      ['event-update_totp', 'eventUpdateTotpSubject'],
      ['event-remove_totp', 'eventRemoveTotpSubject'],
    ];
    for (const locale of ['en', 'de', 'fr', 'es']) {
      for (const [template, subjectKey] of templates) {
        const email = await renderEmail({ template, subjectKey, locale, attributes });
        assert.notEqual(email.subject, subjectKey, `${template} (${locale}) has a subject`);
        assert.ok(email.text.trim().length > 10 && email.html.includes('</html>'), `${template} (${locale}) has both bodies`);
        assert.doesNotMatch(email.text + email.html, /\{\d\}|[A-Za-z]+(?:Intro|Ignore|Body|LinkText)\b/, `${template} (${locale}) has every text`);
      }
    }
    const actions = await renderEmail({ template: 'executeActions', subjectKey: 'executeActionsSubject', locale: 'en', attributes });
    assert.equal(actions.subject, 'Update Your Account');
    assert.match(actions.text, /- Update Password\n- Verify Email/);
    const code = await renderEmail({ template: 'email-verification-with-code', subjectKey: 'emailVerificationSubject', locale: 'en', attributes });
    assert.match(code.text, /123456/);
    assert.doesNotMatch(code.text, /https:/, 'the code email carries no link');
  });

  it('takes templates and messages from a child theme, the rest from the built-in one, realm texts first', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gatehouse-email-theme-'));
    try {
      mkdirSync(join(root, 'brand', 'email', 'text'), { recursive: true });
      mkdirSync(join(root, 'brand', 'email', 'messages'), { recursive: true });
      writeFileSync(join(root, 'brand', 'email', 'theme.properties'), 'parent=gatehouse\n');
      writeFileSync(join(root, 'brand', 'email', 'text', 'email-verification.liquid'), 'Brand: {{ link }}\n');
      writeFileSync(join(root, 'brand', 'email', 'messages', 'messages_en.properties'), 'emailVerificationSubject=Confirm your Brand address\n');
      const registry = new ThemeRegistry({ roots: [root, shippedThemesDir()] });
      const email = await renderEmail({ ...verification, theme: 'brand', locale: 'en', registry });
      assert.equal(email.subject, 'Confirm your Brand address');
      assert.equal(email.text, `Brand: ${verification.attributes.link}\n`);
      assert.match(email.html, /Someone has created a Demo account/, 'the HTML comes from the parent');
      const overridden = await renderEmail({ ...verification, theme: 'brand', locale: 'en', registry, realmOverrides: { emailVerificationSubject: 'Realm says verify' } });
      assert.equal(overridden.subject, 'Realm says verify');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a template that does not exist', async () => {
    await assert.rejects(renderEmail({ template: 'no-such-email', subjectKey: 'x', locale: 'en', attributes: {} }), /no-such-email/);
    await assert.rejects(renderEmail({ template: '../login/login', subjectKey: 'x', locale: 'en', attributes: {} }), /not found/);
  });
});
