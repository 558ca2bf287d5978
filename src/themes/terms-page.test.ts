import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderPage, type RenderPageOptions } from './render.ts';
import { ThemeRegistry } from './theme-registry.ts';

const registry = new ThemeRegistry({ resourceVersion: 'test' });
const XSS = '<script>alert(1)</script>';
const data = {
  realm: { name: 'acme', displayName: 'Acme' },
  url: { loginAction: '/realms/acme/login-actions/required-action?session_code=a&execution=TERMS_AND_CONDITIONS' },
  csrfToken: 'tok',
};

function render(extra: Record<string, unknown> = {}, options: Partial<RenderPageOptions> = {}): Promise<string> {
  return renderPage({ registry, type: 'login', template: 'terms.liquid', locale: 'en', data: { ...data, ...extra }, ...options });
}

describe('the terms and conditions page', () => {
  test('shows the terms under their title, with Accept and Decline posting to the login action', async () => {
    const html = await render();
    assert.match(html, /<h1 class="gh-title" id="kc-page-title">Terms and Conditions<\/h1>/);
    assert.match(html, /<div class="gh-terms gh-terms-text" id="kc-terms-text" role="region" tabindex="0" aria-labelledby="kc-page-title">\s*<p>Terms and conditions to be defined<\/p>\s*<\/div>/);
    assert.match(html, /<form id="kc-terms-form" class="gh-form" action="\/realms\/acme\/login-actions\/required-action\?session_code=a&amp;execution=TERMS_AND_CONDITIONS" method="post">/);
    assert.match(html, /<input type="hidden" name="csrf_token" value="tok">/);
    assert.match(html, /<button id="kc-accept" name="accept" value="accept" type="submit" class="gh-button gh-button-primary gh-button-block">Accept<\/button>/);
    assert.match(html, /<button id="kc-decline" name="cancel" value="cancel" type="submit" class="gh-button gh-button-secondary gh-button-block">Decline<\/button>/);
    assert.ok(html.indexOf('kc-accept') < html.indexOf('kc-decline'), 'Accept comes first');
  });

  test('keeps only the safe HTML of the terms text', async () => {
    const html = await render({}, { realmOverrides: { termsText: `<p>Be <strong>kind</strong>. <a href="https://acme.example/terms">Full text</a></p><img src=x onerror=alert(1)>${XSS}<a href="javascript:alert(1)">x</a>` } });
    assert.match(html, /<p>Be <strong>kind<\/strong>. <a href="https:\/\/acme.example\/terms"[^>]*>Full text<\/a><\/p>/);
    assert.ok(!/<script|onerror|<img|javascript:/.test(html));
  });

  test('shows the version of the terms only when there is one, escaped', async () => {
    assert.doesNotMatch(await render(), /kc-terms-version/);
    const html = await render({ termsVersion: '2024-06' });
    assert.match(html, /<p class="gh-terms-version" id="kc-terms-version">Version 2024-06<\/p>/);
    const hostile = await render({ termsVersion: XSS });
    assert.ok(!hostile.includes(XSS));
    assert.match(hostile, /Version &lt;script&gt;/);
  });

  test('shows no message box, as in Keycloak', async () => {
    const html = await render({ message: { type: 'warning', summary: 'You need to accept the terms' } });
    assert.doesNotMatch(html, /kc-message/);
  });

  test('has no CSRF field without a token', async () => {
    assert.doesNotMatch(await render({ csrfToken: undefined }), /csrf_token/);
  });

  test('renders in German, French and Spanish', async () => {
    const expect = {
      de: ['Nutzungsbedingungen', 'Annehmen', 'Ablehnen', 'Version 3'],
      fr: ['Conditions générales d&#39;utilisation', 'Accepter', 'Refuser', 'Version 3'],
      es: ['Términos y condiciones', 'Aceptar', 'Rechazar', 'Versión 3'],
    };
    for (const [locale, [title, accept, decline, version]] of Object.entries(expect)) {
      const html = await render({ termsVersion: '3' }, { locale });
      assert.match(html, new RegExp(`<html lang="${locale}"`));
      assert.ok(html.includes(`id="kc-page-title">${title}</h1>`), `${locale} title`);
      assert.ok(html.includes(`>${accept}</button>`), `${locale} accept`);
      assert.ok(html.includes(`>${decline}</button>`), `${locale} decline`);
      assert.ok(html.includes(`>${version}</p>`), `${locale} version`);
    }
  });
});
