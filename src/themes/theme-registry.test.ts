import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { isGatehouseError } from '../kernel/errors.ts';
import { renderPage } from './render.ts';
import { shippedThemesDir, ThemeRegistry } from './theme-registry.ts';

const root = mkdtempSync(path.join(tmpdir(), 'gatehouse-themes-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Writes `files` (relative path → content) under `<root>/<theme>/login/`. */
function theme(name: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, name, 'login', file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

theme('acme', {
  'theme.properties': 'parent=gatehouse\nkcFormClass=acme-form\nstyles=css/login.css css/acme.css\n',
  'login.liquid': "{% layout 'template' %}{% block content %}<p id=\"acme\">{{ 'acmeWelcome' | msg: realm.name }}</p>{% endblock %}",
  'messages/messages_en.properties': 'acmeWelcome=Welcome to {0}, ACME style\ndoLogIn=Enter\n',
  'resources/css/acme.css': 'body{}',
});
theme('acme-kids', { 'theme.properties': 'parent=acme\n' });
theme('loop-a', { 'theme.properties': 'parent=loop-b\n' });
theme('loop-b', { 'theme.properties': 'parent=loop-a\n' });
theme('orphan', { 'theme.properties': 'parent=missing-theme\n' });

const registry = new ThemeRegistry({ adminRoot: root, resourceVersion: 'v1' });
const realm = { name: 'acme', displayName: 'Acme Inc.' };

describe('theme lookup', () => {
  test('a child theme shows its own login page inside the parent layout and keeps the parent pages it does not override', async () => {
    const login = await renderPage({ registry, theme: 'acme-kids', type: 'login', template: 'login.liquid', locale: 'en', data: { realm } });
    assert.match(login, /<p id="acme">Welcome to acme, ACME style<\/p>/);
    assert.match(login, /<header class="gh-header"/, 'layout from gatehouse');
    const expired = await renderPage({ registry, theme: 'acme-kids', type: 'login', template: 'login-page-expired.liquid', locale: 'en', data: { realm, url: { loginRestartFlowUrl: '/restart' } } });
    assert.match(expired, /Page has expired/);
    assert.match(expired, /href="\/restart"/);
  });

  test("a child's properties and messages override the parent's, the rest are inherited", () => {
    const resolved = registry.get('acme-kids', 'login');
    assert.deepEqual(resolved.chain.map((t) => t.name), ['acme-kids', 'acme', 'gatehouse']);
    assert.equal(resolved.properties['kcFormClass'], 'acme-form');
    assert.equal(resolved.properties['kcInputClass'], 'gh-input');
    const messages = registry.messages(resolved, 'en');
    assert.equal(messages.msg('doLogIn'), 'Enter');
    assert.equal(messages.msg('password'), 'Password');
  });

  test('a parent cycle is reported with the themes that form it', async () => {
    await assert.rejects(renderPage({ registry, theme: 'loop-a', type: 'login', template: 'login.liquid', locale: 'en', data: {} }), (error: unknown) => {
      assert.ok(isGatehouseError(error, 'GH_CONFIG_INVALID'));
      assert.match(error.message, /login themes form a parent cycle: loop-a → loop-b → loop-a/);
      return true;
    });
  });

  test('a parent that does not exist is reported with the theme naming it', () => {
    assert.throws(() => registry.get('orphan', 'login'), /login theme 'orphan' names parent 'missing-theme'/);
  });

  test('an unknown theme falls back to the built-in one', () => {
    assert.equal(registry.get('no-such-theme', 'login').name, 'gatehouse');
  });

  test('a missing template is a clear not-found error', async () => {
    await assert.rejects(renderPage({ registry, theme: 'acme', type: 'login', template: 'nope.liquid', locale: 'en', data: {} }), /Template 'nope.liquid' of login theme 'acme'/);
    await assert.rejects(renderPage({ registry, type: 'login', template: '../secret.liquid', locale: 'en', data: {} }), /not found/);
  });
});

describe('theme resources', () => {
  test('resolve through the parents to a file, and the page links them under the theme it was rendered with', async () => {
    assert.equal(registry.resolveResource('acme-kids', 'login', 'css/acme.css'), path.join(root, 'acme', 'login', 'resources', 'css', 'acme.css'));
    assert.equal(registry.resolveResource('acme-kids', 'login', 'css/login.css'), path.join(shippedThemesDir(), 'gatehouse', 'login', 'resources', 'css', 'login.css'));
    assert.equal(registry.resourceUrl('acme-kids', 'login', 'css/acme.css'), '/resources/v1/login/acme-kids/css/acme.css');
    const page = await renderPage({ registry, theme: 'acme-kids', type: 'login', template: 'login.liquid', locale: 'en', data: { realm } });
    assert.match(page, /<link rel="stylesheet" href="\/resources\/v1\/login\/acme-kids\/css\/acme.css">/);
  });

  test('refuse paths that leave the resources folder, and unknown themes', () => {
    for (const bad of ['../theme.properties', 'css/../../theme.properties', '/etc/passwd', '..\\theme.properties', 'css/acme.css\0', '']) {
      assert.equal(registry.resolveResource('acme', 'login', bad), undefined, bad);
    }
    assert.equal(registry.resolveResource('../acme', 'login', 'css/acme.css'), undefined);
    assert.equal(registry.resolveResource('no-such-theme', 'login', 'css/login.css'), undefined);
  });

  test('clearCache makes a changed theme visible', async () => {
    theme('fresh', { 'theme.properties': 'kcFormClass=one\n' });
    assert.equal(registry.get('fresh', 'login').properties['kcFormClass'], 'one');
    theme('fresh', { 'theme.properties': 'kcFormClass=two\n' });
    assert.equal(registry.get('fresh', 'login').properties['kcFormClass'], 'one');
    registry.clearCache();
    assert.equal(registry.get('fresh', 'login').properties['kcFormClass'], 'two');
  });
});
