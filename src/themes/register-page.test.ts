import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { fieldMessages } from './field-messages.ts';
import { renderPage, resolveResource, type RenderPageOptions } from './render.ts';
import { ThemeRegistry } from './theme-registry.ts';

const registry = new ThemeRegistry({ resourceVersion: 'test' });
const XSS = '<script>alert(1)</script>';
const realm = { name: 'acme', displayName: 'Acme', registrationAllowed: true };
const url = { registrationAction: '/realms/acme/login-actions/registration?session_code=a&execution=b', loginUrl: '/realms/acme/protocol/openid-connect/auth?client_id=app' };

/** A profile as the registration flow hands it over: Keycloak's defaults plus a few annotated attributes. */
function profile(values: Record<string, string> = {}) {
  const attribute = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    displayName: `\${${name}}`,
    required: false,
    readOnly: false,
    value: values[name] ?? '',
    values: values[name] ? [values[name]] : [],
    multivalued: false,
    annotations: {},
    validators: {},
    ...extra,
  });
  return {
    attributes: [
      attribute('username', { required: true, validators: { length: { min: 3, max: 255 } } }),
      attribute('email', { required: true }),
      attribute('firstName', { required: true }),
      attribute('lastName', { required: true }),
      attribute('phoneNumber', { annotations: { inputType: 'html5-tel', inputHelperTextBefore: 'Include the country code, e.g. +49.', inputTypePlaceholder: '+1 555 0100' } }),
      attribute('size', {
        displayName: 'T-shirt size',
        annotations: { inputType: 'select', inputOptionLabels: { S: 'Small', M: 'Medium', L: '${lastName}' } },
        validators: { options: { options: ['S', 'M', 'L'] } },
      }),
      attribute('department', { displayName: 'Department', group: 'company' }),
      attribute('employeeId', { displayName: 'Employee number', group: 'company', readOnly: true }),
    ],
    groups: [{ name: 'company', displayHeader: 'Your company', displayDescription: 'Where you work' }],
  };
}

const passwordPolicies = [
  { id: 'length', key: 'passwordPolicyLength', params: [12] },
  { id: 'digits', key: 'passwordPolicyDigits', params: [1] },
  { id: 'upperCase', key: 'passwordPolicyUpperCase', params: [1] },
  { id: 'specialChars', key: 'passwordPolicySpecialChars', params: [1] },
  { id: 'notUsername', key: 'passwordPolicyNotUsername', params: [] },
  { id: 'notEmail', key: 'passwordPolicyNotEmail', params: [] },
];

function render(data: Record<string, unknown>, extra: Partial<RenderPageOptions> = {}): Promise<string> {
  return renderPage({
    registry,
    type: 'login',
    template: 'register.liquid',
    locale: 'en',
    data: { realm, url, csrfToken: 'tok', profile: profile(), passwordRequired: true, passwordPolicies, ...data },
    ...extra,
  });
}

/** The opening tag of the element with this id. */
function tag(html: string, id: string): string {
  const match = new RegExp(`<[a-z]+[^>]*\\bid="${id}"[^>]*>`).exec(html);
  assert.ok(match, `no element with id ${id}`);
  return match[0];
}

/** Every visible form control's opening tag. */
function controls(html: string): string[] {
  return [...html.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)].map((m) => m[0]).filter((t) => !/type="hidden"/.test(t));
}

describe('the registration page', () => {
  test('posts to the registration action with the CSRF token, under the "Register" title', async () => {
    const html = await render({});
    assert.match(html, /<h1[^>]*>Register<\/h1>/);
    assert.match(html, /<form id="kc-register-form" class="gh-form" action="\/realms\/acme\/login-actions\/registration\?session_code=a&amp;execution=b" method="post">/);
    assert.match(html, /<input type="hidden" name="csrf_token" value="tok">/);
    assert.match(html, /<button id="kc-register" type="submit"[^>]*>Register<\/button>/);
    assert.match(html, /<a href="\/realms\/acme\/protocol\/openid-connect\/auth\?client_id=app">&laquo; Back to Login<\/a>/);
  });

  test('gives every control a visible label bound to it', async () => {
    const html = await render({ termsAcceptanceRequired: true });
    const labelled = new Set([...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]));
    for (const control of controls(html)) {
      const id = /\bid="([^"]+)"/.exec(control)?.[1];
      assert.ok(id && (labelled.has(id) || /aria-labelledby="label-/.test(control)), `no label for ${control}`);
    }
    assert.match(html, /<label for="username" class="gh-label" id="label-username">Username<span class="gh-required" aria-hidden="true"> \*<\/span><\/label>/);
    assert.match(html, /<label for="email"[^>]*>Email<span class="gh-required"/);
    assert.match(html, /<label for="firstName"[^>]*>First name</);
    assert.match(html, /<label for="lastName"[^>]*>Last name</);
    assert.match(html, /<label for="phoneNumber"[^>]*>Phone number<\/label>/, 'optional fields have no marker');
    assert.match(html, /<label for="password"[^>]*>Password</);
    assert.match(html, /<label for="password-confirm"[^>]*>Confirm password</);
    assert.match(html, /<p class="gh-required-note" id="kc-required-fields"><span class="gh-required" aria-hidden="true">\*<\/span> Required fields<\/p>/);
  });

  test('marks required fields with aria-required but not with HTML required, so the server shows the errors', async () => {
    const html = await render({ termsAcceptanceRequired: true });
    assert.match(tag(html, 'email'), /aria-required="true"/);
    assert.doesNotMatch(tag(html, 'phoneNumber'), /aria-required/);
    assert.doesNotMatch(html, /\srequired[\s>=]/);
  });

  test('draws annotated attributes: a telephone input with helper text and placeholder, a select with labelled options', async () => {
    const html = await render({ profile: profile({ phoneNumber: '+49 30 1234', size: 'M' }) });
    const phone = tag(html, 'phoneNumber');
    assert.match(phone, /type="tel"/);
    assert.match(phone, /placeholder="\+1 555 0100"/);
    assert.match(phone, /value="\+49 30 1234"/);
    assert.match(phone, /aria-describedby="form-help-text-before-phoneNumber"/);
    assert.match(html, /<p class="gh-helper" id="form-help-text-before-phoneNumber">Include the country code, e.g. \+49.<\/p>\s*<input type="tel" id="phoneNumber"/);
    assert.match(html, /<select id="size" name="size" class="gh-input gh-select">\s*<option value="">Select an option<\/option>\s*<option value="S">Small<\/option>\s*<option value="M" selected>Medium<\/option>\s*<option value="L">Last name<\/option>\s*<\/select>/);
  });

  test('wraps the attributes of a group in a fieldset whose legend is the group header', async () => {
    const html = await render({});
    const group = /<fieldset class="gh-group"[^>]*>([\s\S]*?)<\/fieldset>/.exec(html);
    assert.ok(group, 'no group fieldset');
    assert.match(group[0], /aria-describedby="description-company"/);
    assert.match(group[1]!, /^\s*<legend class="gh-group-header" id="header-company">Your company<\/legend>\s*<p class="gh-group-description" id="description-company">Where you work<\/p>/);
    assert.match(group[1]!, /id="department"/);
    assert.match(group[1]!, /id="employeeId"/);
    assert.doesNotMatch(group[1]!, /id="email"/);
  });

  test('shows a read-only attribute as a readonly input that keeps its value', async () => {
    const html = await render({ profile: profile({ employeeId: 'E-42' }) });
    const input = tag(html, 'employeeId');
    assert.match(input, /value="E-42"/);
    assert.match(input, /\sreadonly[\s>]/);
    assert.doesNotMatch(input, /aria-required|disabled/);
  });

  test('keeps the entered values but never a password', async () => {
    const html = await render({
      profile: profile({ username: 'alice', email: 'alice@example.com', firstName: 'Alice', lastName: "O'Hara" }),
      register: { formData: { password: 'hunter2-secret', 'password-confirm': 'hunter2-secret' } },
      password: 'hunter2-secret',
    });
    assert.match(tag(html, 'username'), /value="alice"/);
    assert.match(tag(html, 'email'), /value="alice@example.com"/);
    assert.match(tag(html, 'lastName'), /value="O&#39;Hara"/);
    assert.ok(!html.includes('hunter2'));
    for (const id of ['password', 'password-confirm']) {
      const input = tag(html, id);
      assert.match(input, /type="password"/);
      assert.match(input, /autocomplete="new-password"/);
      assert.doesNotMatch(input, /value=/);
    }
  });

  test('puts the password fields right under the username, or under the email when it is the username', async () => {
    const html = await render({});
    assert.ok(html.indexOf('id="username"') < html.indexOf('id="password"') && html.indexOf('id="password-confirm"') < html.indexOf('id="email"'));
    const emailAsUsername = profile();
    emailAsUsername.attributes = emailAsUsername.attributes.filter((a) => a.name !== 'username');
    const other = await render({ realm: { ...realm, registrationEmailAsUsername: true }, profile: emailAsUsername });
    assert.ok(other.indexOf('id="email"') < other.indexOf('id="password"') && other.indexOf('id="password-confirm"') < other.indexOf('id="firstName"'));
    assert.match(other, /data-username-field="email"/);
    const none = await render({ passwordRequired: false });
    assert.doesNotMatch(none, /type="password"|kc-password-rules|password-rules\.js/);
  });

  test('puts an error under the field, marks it invalid and links the two; the box above the form stays hidden', async () => {
    const html = await render({
      profile: profile({ email: 'not-an-email' }),
      message: { type: 'error', key: 'invalidEmailMessage' },
      messagesPerField: fieldMessages({ email: ['invalidEmailMessage'], 'password-confirm': ['notMatchPasswordMessage'] }),
    });
    const email = tag(html, 'email');
    assert.match(email, /aria-invalid="true"/);
    assert.match(email, /aria-describedby="input-error-email"/);
    assert.match(email, /value="not-an-email"/);
    assert.match(html, /<input type="text" id="email"[^>]*>\s*<p id="input-error-email" class="gh-field-error">Invalid email address.<\/p>/);
    assert.match(html, /<p id="input-error-password-confirm" class="gh-field-error">Passwords don&#39;t match.<\/p>/);
    assert.doesNotMatch(tag(html, 'username'), /aria-invalid/);
    assert.doesNotMatch(html, /id="kc-message"/);
  });

  test('shows the message box when no field carries the error', async () => {
    const html = await render({ message: { type: 'error', key: 'registrationNotAllowedMessage' } });
    assert.match(html, /<div class="gh-alert gh-alert-error" role="alert" id="kc-message">\s*<p class="gh-alert-text">Registration not allowed<\/p>/);
  });

  test('lists the password rules with their ids and parameters, linked to the password field, and loads the script', async () => {
    const html = await render({});
    assert.match(tag(html, 'password'), /aria-describedby="kc-password-rules-title kc-password-rules"/);
    const list = /<ul class="gh-rules-list" id="kc-password-rules"[^>]*>([\s\S]*?)<\/ul>/.exec(html);
    assert.ok(list, 'no rules list');
    const items = [...list[1]!.matchAll(/<li class="gh-rule" data-rule="([^"]+)"([^>]*)><span class="gh-rule-text">([^<]*)<\/span>/g)].map((m) => [m[1], m[2]!.trim(), m[3]]);
    assert.deepEqual(items, [
      ['length', 'data-param-0="12"', 'At least 12 characters'],
      ['digits', 'data-param-0="1"', 'At least 1 digit(s)'],
      ['upperCase', 'data-param-0="1"', 'At least 1 upper-case letter(s)'],
      ['specialChars', 'data-param-0="1"', 'At least 1 special character(s), such as ! or #'],
      ['notUsername', '', 'Not the same as your username'],
      ['notEmail', '', 'Not the same as your email address'],
    ]);
    assert.match(html, /data-text-progress="\{0\} of \{1\} password requirements met"/);
    assert.match(html, /<script src="\/resources\/test\/login\/gatehouse\/js\/password-rules.js" defer><\/script>/);
    assert.doesNotMatch(html, /<script>|<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.ok(resolveResource('gatehouse', 'login', 'js/password-rules.js', registry), 'the script is served');
    const bare = await render({ passwordPolicies: [] });
    assert.doesNotMatch(bare, /kc-password-rules|password-rules\.js/);
  });

  test("labels rules that carry the server's error key (invalidPassword…) or none with the checklist texts", async () => {
    const html = await render({
      passwordPolicies: [
        { id: 'length', value: 10, key: 'invalidPasswordMinLengthMessage', params: ['10'] },
        { id: 'notEmail', value: null, key: 'invalidPasswordNotEmailMessage', params: [] },
        { id: 'lowerCase', value: 2 },
      ],
    });
    assert.match(html, /<li class="gh-rule" data-rule="length" data-value="10" data-param-0="10"><span class="gh-rule-text">At least 10 characters<\/span>/);
    assert.match(html, /<li class="gh-rule" data-rule="notEmail"><span class="gh-rule-text">Not the same as your email address<\/span>/);
    assert.match(html, /<li class="gh-rule" data-rule="lowerCase" data-value="2"><span class="gh-rule-text">At least 2 lower-case letter\(s\)<\/span>/);
  });

  test('asks to accept the terms only when required, with the terms text and the error under the checkbox', async () => {
    const without = await render({});
    assert.doesNotMatch(without, /termsAccepted/);
    const html = await render({ termsAcceptanceRequired: true, messagesPerField: { termsAccepted: ['termsAcceptanceRequired'] } }, { realmOverrides: { termsText: `<p>Be <strong>nice</strong>.</p>${XSS}` } });
    const box = tag(html, 'termsAccepted');
    assert.match(box, /type="checkbox" value="on"/);
    assert.match(box, /name="termsAccepted"/);
    assert.match(box, /aria-invalid="true" aria-describedby="input-error-termsAccepted"/);
    assert.match(html, /<label for="termsAccepted">I agree to the terms and conditions<span/);
    assert.match(html, /<summary>Terms and Conditions<\/summary>\s*<div class="gh-terms-text" id="kc-register-terms-text"><p>Be <strong>nice<\/strong>.<\/p><\/div>/);
    assert.match(html, /<p id="input-error-termsAccepted" class="gh-field-error">You must agree to our terms and conditions.<\/p>/);
    assert.ok(!html.includes(XSS));
  });

  test('escapes a script in submitted values, display names, helper texts and option labels', async () => {
    const p = profile({ firstName: `"${XSS}`, phoneNumber: XSS });
    p.attributes.push({ ...p.attributes[0]!, name: 'nick', displayName: XSS, required: false, value: '', values: [], annotations: { inputHelperTextAfter: `Short${XSS}`, inputType: 'select-radiobuttons', inputOptionLabels: { a: XSS } } as never, validators: { options: { options: ['a', `b${XSS}`] } } as never });
    const html = await render({ profile: p });
    assert.ok(!html.includes(XSS), 'a raw script tag reached the page');
    assert.match(tag(html, 'firstName'), /value="&#34;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.match(html, /<legend class="gh-label" id="label-nick">&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/legend>/);
    assert.match(html, /<p class="gh-helper" id="form-help-text-after-nick">Short<\/p>/);
    assert.match(html, /<label for="nick-0">&lt;script&gt;/);
    assert.match(html, /value="b&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });

  test('draws radio buttons, checkboxes, multi-selects, text areas and multivalued inputs from the annotations', async () => {
    const p = profile();
    const base = { required: false, readOnly: false, multivalued: false, value: '', values: [] as string[], validators: { options: { options: ['red', 'green', 'blue'] } } };
    p.attributes.push(
      { ...base, name: 'plan', displayName: 'Plan', required: true, value: 'green', values: ['green'], annotations: { inputType: 'select-radiobuttons' } } as never,
      { ...base, name: 'colours', displayName: 'Colours', multivalued: true, values: ['red', 'blue'], annotations: { inputType: 'multiselect-checkboxes' } } as never,
      { ...base, name: 'tags', displayName: 'Tags', multivalued: true, values: ['blue'], annotations: { inputType: 'multiselect', inputTypeSize: '3' } } as never,
      { ...base, name: 'bio', displayName: 'About you', value: 'Hello\nthere', annotations: { inputType: 'textarea', inputTypeRows: '4', inputTypeMaxlength: '500' }, validators: {} } as never,
      { ...base, name: 'alias', displayName: 'Aliases', multivalued: true, values: ['al', 'ally'], annotations: {}, validators: {} } as never,
      { ...base, name: 'age', displayName: 'Age', value: '30', annotations: { inputType: 'html5-number', inputTypeMin: '18', inputTypeMax: '130', inputTypeStep: '1' }, validators: {} } as never,
    );
    const html = await render({ profile: p, messagesPerField: { plan: ['error-user-attribute-required'] } });
    assert.match(html, /<legend class="gh-label" id="label-plan">Plan<span class="gh-required" aria-hidden="true"> \*<\/span><span class="gh-visually-hidden"> \(required\)<\/span><\/legend>/);
    assert.match(html, /<input type="radio" id="plan-1" name="plan" value="green" checked aria-invalid="true" aria-describedby="input-error-plan">\s*<label for="plan-1">green<\/label>/);
    assert.match(html, /<p id="input-error-plan" class="gh-field-error">Please specify this field.<\/p>/);
    assert.match(html, /<input type="checkbox" id="colours-0" name="colours" value="red" checked>/);
    assert.match(html, /<input type="checkbox" id="colours-1" name="colours" value="green">/);
    assert.match(html, /<select id="tags" name="tags" class="gh-input gh-select" multiple size="3">\s*<option value="red">/);
    assert.match(html, /<option value="blue" selected>blue<\/option>/);
    assert.match(html, /<textarea id="bio" name="bio" class="gh-input gh-textarea" rows="4" maxlength="500">Hello\nthere<\/textarea>/);
    assert.match(html, /<input type="text" id="alias" name="alias" value="al"[^>]*>\s*<input type="text" id="alias-1" aria-labelledby="label-alias" name="alias" value="ally"[^>]*>\s*<input type="text" id="alias-2" aria-labelledby="label-alias" name="alias" value=""/);
    assert.match(tag(html, 'age'), /type="number"[^>]* min="18" max="130" step="1"/);
  });

  test('renders in German', async () => {
    const html = await render({ termsAcceptanceRequired: true, messagesPerField: { email: ['invalidEmailMessage'] } }, { locale: 'de' });
    assert.match(html, /<html lang="de"/);
    assert.match(html, /<h1[^>]*>Registrieren<\/h1>/);
    assert.match(html, /<label for="username"[^>]*>Benutzername</);
    assert.match(html, /<label for="email"[^>]*>E-Mail-Adresse</);
    assert.match(html, /<label for="firstName"[^>]*>Vorname</);
    assert.match(html, /<label for="lastName"[^>]*>Nachname</);
    assert.match(html, /<label for="phoneNumber"[^>]*>Telefonnummer</);
    assert.match(html, /<label for="password-confirm"[^>]*>Passwort bestätigen</);
    assert.match(html, /<option value="L">Nachname<\/option>/);
    assert.match(html, /<span class="gh-rule-text">Mindestens 12 Zeichen<\/span>/);
    assert.match(html, /<p id="input-error-email" class="gh-field-error">Ungültige E-Mail-Adresse.<\/p>/);
    assert.match(html, /<label for="termsAccepted">Ich stimme den Nutzungsbedingungen zu</);
    assert.match(html, /> Pflichtfelder<\/p>/);
    assert.match(html, /&laquo; Zurück zur Anmeldung/);
  });
});

/** Just enough DOM for password-rules.js: elements by id, the list's items and their classes. */
function fakeDom(html: string) {
  const elements = new Map<string, FakeElement>();
  class FakeElement {
    readonly attributes = new Map<string, string>();
    readonly classes = new Set<string>();
    readonly listeners: Array<() => void> = [];
    readonly state = { textContent: '' };
    value = '';
    textContent = '';
    constructor(openTag: string) {
      for (const m of openTag.matchAll(/([a-z0-9-]+)="([^"]*)"/g)) this.attributes.set(m[1]!, m[2]!.replace(/&#39;/g, "'"));
      for (const c of (this.attributes.get('class') ?? '').split(/\s+/)) if (c) this.classes.add(c);
    }
    getAttribute(name: string) { return this.attributes.get(name) ?? null; }
    setAttribute(name: string, value: string) { this.attributes.set(name, value); }
    addEventListener(_type: string, listener: () => void) { this.listeners.push(listener); }
    querySelector() { return this.state; }
    querySelectorAll() { return items; }
    get classList() {
      return { add: (c: string) => this.classes.add(c), toggle: (c: string, on: boolean) => (on ? this.classes.add(c) : this.classes.delete(c)) };
    }
    type(text: string) { this.value = text; for (const l of this.listeners) l(); }
  }
  for (const m of html.matchAll(/<[a-z]+[^>]*\bid="([^"]+)"[^>]*>/g)) elements.set(m[1]!, new FakeElement(m[0]));
  const items = [...html.matchAll(/<li class="gh-rule"[^>]*>/g)].map((m) => new FakeElement(m[0]));
  const timers: Array<() => void> = [];
  const context = {
    document: { getElementById: (id: string) => elements.get(id) ?? null },
    setTimeout: (fn: () => void) => timers.push(fn),
    clearTimeout: () => timers.splice(0),
  };
  return { elements, items, context, flush: () => timers.splice(0).forEach((fn) => fn()) };
}

describe('the password rules script', () => {
  const script = readFileSync(resolveResource('gatehouse', 'login', 'js/password-rules.js', registry)!, 'utf8');

  test('ticks rules off as the password, username and email change, and sums up politely', async () => {
    const html = await render({ profile: profile({ username: 'alice', email: 'alice@example.com' }) });
    const dom = fakeDom(html);
    runInNewContext(script, dom.context);
    const met = () => dom.items.filter((i) => i.classes.has('gh-rule-met')).map((i) => i.getAttribute('data-rule'));
    assert.ok(dom.elements.get('kc-password-rules')!.classes.has('gh-rules-live'));
    assert.deepEqual(met(), [], 'nothing is met before anything is typed');
    assert.equal(dom.items[0]!.state.textContent, ' (not met)');

    dom.elements.get('password')!.type('short');
    assert.deepEqual(met(), ['notUsername', 'notEmail']);
    dom.elements.get('password')!.type('Much-longer-pa55word');
    assert.deepEqual(met(), ['length', 'digits', 'upperCase', 'specialChars', 'notUsername', 'notEmail']);
    assert.equal(dom.items[0]!.getAttribute('data-met'), 'true');
    assert.equal(dom.items[0]!.state.textContent, ' (met)');
    dom.flush();
    assert.equal(dom.elements.get('kc-password-rules-status')!.textContent, '6 of 6 password requirements met');

    dom.elements.get('username')!.type('MUCH-LONGER-PA55WORD');
    assert.ok(!met().includes('notUsername'), 'the username is compared without regard to case');
    dom.elements.get('password')!.type('Ünïcødé-ÄBC-١٢٣٤٥');
    assert.ok(met().includes('digits') && met().includes('upperCase'), 'Unicode digits and capitals count, as in Java');

    const two = fakeDom(await render({ passwordPolicies: [{ id: 'specialChars', key: 'passwordPolicySpecialChars', params: [2] }] }));
    runInNewContext(script, two.context);
    two.elements.get('password')!.type('Aa1\u{1F600}');
    assert.ok(two.items[0]!.classes.has('gh-rule-met'), 'an emoji is two UTF-16 units, neither letter nor digit, as in Java');
  });
});
