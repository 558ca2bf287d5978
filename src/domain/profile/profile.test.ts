import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RealmRecord } from '../../storage/ports.ts';
import type { UPAttribute, UPConfig } from './model.ts';
import { defaultProfileConfig, masterProfileConfig } from './model.ts';
import type { BuildProfileOptions } from './profile.ts';
import { buildProfile } from './profile.ts';

const realm = (settings: Record<string, unknown> = {}, name = 'shop'): RealmRecord => ({ id: `id-${name}`, name, enabled: true, settings, createdAt: 0 });
const everyone = { view: ['admin', 'user'], edit: ['admin', 'user'] };
const withAttributes = (...extra: UPAttribute[]): UPConfig => {
  const config = defaultProfileConfig();
  return { ...config, attributes: [...config.attributes, ...extra] };
};
const profile = (options: Partial<BuildProfileOptions> & Pick<BuildProfileOptions, 'context'>) => buildProfile({ config: defaultProfileConfig(), realm: realm(), ...options });
const jane = { username: 'jane', email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' };
const names = (p: ReturnType<typeof profile>) => p.attributes().map((a) => a.name);

describe('registration with the default profile', () => {
  it('requires email, first name and last name', () => {
    const { errors } = profile({ context: 'REGISTRATION' }).validate({ username: 'jane' });
    assert.deepEqual(Object.keys(errors).sort(), ['email', 'firstName', 'lastName']);
    assert.deepEqual(errors.email, [{ key: 'error-user-attribute-required', params: ['email'] }]);
  });

  it('requires a username of at least 3 characters', () => {
    assert.deepEqual(profile({ context: 'REGISTRATION' }).validate({ ...jane, username: '' }).errors.username, [{ key: 'error-user-attribute-required', params: ['username'] }]);
    assert.deepEqual(profile({ context: 'REGISTRATION' }).validate({ ...jane, username: 'jo' }).errors.username, [{ key: 'error-invalid-length', params: ['username', '3', '255'] }]);
  });

  it('saves trimmed values, with username and email lower-cased', () => {
    const { errors, values } = profile({ context: 'REGISTRATION' }).validate({ username: ' Jane ', email: 'Jane@Example.COM', firstName: '  Jane ', lastName: 'Doe' });
    assert.deepEqual(errors, {});
    assert.deepEqual(values, { username: 'jane', email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe', attributes: {} });
  });

  it('lists username, email, first and last name for the register page, with autocomplete on the identifiers', () => {
    const attributes = profile({ context: 'REGISTRATION' }).attributes();
    assert.deepEqual(attributes.map((a) => [a.name, a.required, a.readOnly, a.autocomplete]), [
      ['username', true, false, 'username'],
      ['email', true, false, 'email'],
      ['firstName', true, false, null],
      ['lastName', true, false, null],
    ]);
    assert.equal(attributes[0]!.displayName, '${username}');
  });

  it('never turns the password fields into attributes, even when unmanaged attributes are enabled', () => {
    const config = { ...defaultProfileConfig(), unmanagedAttributePolicy: 'ENABLED' as const };
    const { values } = profile({ context: 'REGISTRATION', config }).validate({ ...jane, password: 's3cret', 'password-confirm': 's3cret' });
    assert.deepEqual(values.attributes, {});
  });
});

describe('the master realm profile', () => {
  it('lets the admin account exist without email or names', () => {
    const p = buildProfile({ config: masterProfileConfig(), realm: realm({}, 'master'), context: 'REGISTRATION' });
    assert.deepEqual(p.validate({ username: 'admin' }).errors, {});
    assert.deepEqual(p.attributes().filter((a) => a.required).map((a) => a.name), ['username']);
  });
});

describe('a custom phone number attribute', () => {
  const phoneNumber: UPAttribute = {
    name: 'phoneNumber',
    displayName: '${phoneNumber}',
    validations: { pattern: { pattern: '^\\+?[0-9 ]{6,20}$', 'error-message': 'invalidPhoneNumberMessage' } },
    permissions: everyone,
  };
  const p = () => profile({ context: 'REGISTRATION', config: withAttributes(phoneNumber) });

  it("shows the admin's message when the number does not match", () => {
    assert.deepEqual(p().validate({ ...jane, phoneNumber: 'call me' }).errors, { phoneNumber: [{ key: 'invalidPhoneNumberMessage', params: ['phoneNumber', '^\\+?[0-9 ]{6,20}$'] }] });
  });

  it('is saved as an attribute when valid, and may be left empty when not required', () => {
    assert.deepEqual(p().validate({ ...jane, phoneNumber: '+33 6 12 34 56 78' }).values.attributes, { phoneNumber: ['+33 6 12 34 56 78'] });
    const empty = p().validate({ ...jane, phoneNumber: '' });
    assert.deepEqual(empty.errors, {});
    assert.deepEqual(empty.values.attributes, { phoneNumber: [] });
  });

  it('is refused beyond 2048 characters when it has no length validator', () => {
    const free = withAttributes({ name: 'bio', permissions: everyone });
    const { errors } = profile({ context: 'REGISTRATION', config: free }).validate({ ...jane, bio: 'x'.repeat(2049) });
    assert.deepEqual(errors.bio, [{ key: 'error-invalid-length', params: ['bio', '0', '2048'] }]);
  });
});

describe('email as username', () => {
  const emailRealm = realm({ registrationEmailAsUsername: true });

  it('removes the username field from registration and signs the user up with the email', () => {
    const p = profile({ context: 'REGISTRATION', realm: emailRealm });
    assert.ok(!names(p).includes('username'));
    const { errors, values } = p.validate({ username: 'ignored', email: 'Jane@Example.com', firstName: 'Jane', lastName: 'Doe' });
    assert.deepEqual(errors, {});
    assert.equal(values.username, 'jane@example.com');
  });

  it('requires the email even where the configuration does not', () => {
    const p = buildProfile({ config: masterProfileConfig(), realm: emailRealm, context: 'REGISTRATION' });
    assert.deepEqual(p.validate({}).errors, { email: [{ key: 'error-user-attribute-required', params: ['email'] }] });
  });

  it('follows a changed email with the username when the username may be edited', () => {
    const p = profile({ context: 'ACCOUNT', realm: realm({ registrationEmailAsUsername: true, editUsernameAllowed: true }), current: { ...jane, username: jane.email } });
    assert.equal(p.validate({ ...jane, email: 'new@example.com' }).values.username, 'new@example.com');
  });
});

describe('multivalued attributes', () => {
  const config = withAttributes({ name: 'nickname', permissions: everyone }, { name: 'tags', permissions: everyone, multivalued: true, validations: { multivalued: { max: 3 } } });

  it('refuse several values for a single-valued attribute', () => {
    const { errors } = profile({ context: 'USER_API', config }).validate({ username: 'jane', nickname: ['a', 'b'] });
    assert.deepEqual(errors.nickname, [{ key: 'error-invalid-multivalued-size', params: ['nickname', '0', '1'] }]);
  });

  it('keep every value of a multivalued attribute, within its limit', () => {
    const p = profile({ context: 'USER_API', config });
    assert.deepEqual(p.validate({ username: 'jane', tags: ['a', ' b ', ''] }).values.attributes.tags, ['a', 'b']);
    assert.ok(p.validate({ username: 'jane', tags: ['a', 'b', 'c', 'd'] }).errors.tags);
  });

  it('are marked for the theme with kcMultivalued', () => {
    const tags = profile({ context: 'USER_API', config }).attributes().find((a) => a.name === 'tags')!;
    assert.deepEqual(tags.html5DataAnnotations, { kcMultivalued: '' });
  });
});

describe('default values and the page model', () => {
  const config: UPConfig = {
    ...withAttributes({ name: 'newsletter', group: 'prefs', defaultValue: 'weekly', permissions: everyone, annotations: { inputType: 'select', kcNumberFormat: '##' } }),
    groups: [{ name: 'prefs', displayDescription: 'Your preferences', annotations: { kcGroup: 'x' } }],
  };

  it('fills an empty attribute with its default when the user is created, not when updated', () => {
    assert.deepEqual(profile({ context: 'REGISTRATION', config }).validate(jane).values.attributes, { newsletter: ['weekly'] });
    assert.deepEqual(profile({ context: 'ACCOUNT', config, current: jane }).validate(jane).values.attributes, { newsletter: [] });
  });

  it('gives templates the group, annotations and the default as the first value', () => {
    const newsletter = profile({ context: 'REGISTRATION', config }).attributes().find((a) => a.name === 'newsletter')!;
    assert.deepEqual(newsletter.group, { name: 'prefs', displayHeader: 'prefs', displayDescription: 'Your preferences', annotations: { kcGroup: 'x' } });
    assert.deepEqual([newsletter.value, newsletter.values, newsletter.defaultValue], ['weekly', ['weekly'], 'weekly']);
    assert.deepEqual(newsletter.html5DataAnnotations, { kcGroup: 'x', kcNumberFormat: '##' });
  });

  it('re-fills the form with what the user typed after an error', () => {
    const attributes = profile({ context: 'ACCOUNT', config, current: jane }).attributes({ firstName: 'Janet', newsletter: '' });
    assert.equal(attributes.find((a) => a.name === 'firstName')!.value, 'Janet');
    assert.deepEqual(attributes.find((a) => a.name === 'newsletter')!.values, []);
    assert.equal(attributes.find((a) => a.name === 'username')!.value, 'jane');
  });
});

describe('service accounts', () => {
  it('are never required to fill an attribute every person must', () => {
    const config = withAttributes({ name: 'department', permissions: everyone, required: {} });
    assert.ok(profile({ context: 'USER_API', config, current: { username: 'jane' } }).validate({ username: 'jane' }).errors.department);
    const robot = profile({ context: 'USER_API', config, current: { username: 'service-account-app', serviceAccountClientLink: 'c1' } });
    assert.deepEqual(robot.validate({ username: 'service-account-app' }).errors, {});
  });
});
