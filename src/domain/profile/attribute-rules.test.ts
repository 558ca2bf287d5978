import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RealmRecord } from '../../storage/ports.ts';
import type { UPAttribute, UPConfig } from './model.ts';
import { defaultProfileConfig } from './model.ts';
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

describe('attribute permissions', () => {
  const adminOnly: UPAttribute = { name: 'employeeId', permissions: { view: ['admin'], edit: ['admin'] }, required: { roles: ['admin'] } };
  const userReadOnly: UPAttribute = { name: 'memberSince', permissions: { view: ['admin', 'user'], edit: ['admin'] } };
  const config = withAttributes(adminOnly, userReadOnly);

  it('hides an admin-only attribute from the register page and never saves what is posted for it', () => {
    const p = profile({ context: 'REGISTRATION', config });
    assert.ok(!names(p).includes('employeeId'));
    const { errors, values } = p.validate({ ...jane, employeeId: 'E-1', memberSince: '2020' });
    assert.deepEqual(errors, {});
    assert.deepEqual(values.attributes, {});
  });

  it('lets the admin see, set and be required to fill an admin-only attribute', () => {
    const p = profile({ context: 'USER_API', config });
    assert.ok(names(p).includes('employeeId'));
    assert.deepEqual(p.validate({ username: 'jane' }).errors.employeeId, [{ key: 'error-user-attribute-required', params: ['employeeId'] }]);
    assert.deepEqual(p.validate({ username: 'jane', employeeId: 'E-1' }).values.attributes, { employeeId: ['E-1'], memberSince: [] });
  });

  it('shows a view-only attribute read-only in the account console and ignores a posted change', () => {
    const p = profile({ context: 'ACCOUNT', config, current: { ...jane, attributes: { memberSince: ['2020'] } } });
    const memberSince = p.attributes().find((a) => a.name === 'memberSince')!;
    assert.deepEqual([memberSince.readOnly, memberSince.value], [true, '2020']);
    const { errors, values } = p.validate({ ...jane, memberSince: 'not even a year, and far too long '.repeat(100) });
    assert.deepEqual(errors, {});
    assert.ok(!('memberSince' in values.attributes));
  });

  it('keeps an attribute without permissions out of every context but its definition', () => {
    const hidden = withAttributes({ name: 'internal' });
    assert.ok(!names(profile({ context: 'USER_API', config: hidden })).includes('internal'));
  });
});

describe('attributes selected by client scope', () => {
  const phone: UPAttribute = { name: 'phone', permissions: everyone, selector: { scopes: ['phone'] }, required: { roles: ['user'] } };
  const config = withAttributes(phone);

  it('leave the register page alone unless the client asked for the scope', () => {
    const p = profile({ context: 'REGISTRATION', config });
    assert.ok(!names(p).includes('phone'));
    assert.deepEqual(p.validate({ ...jane, phone: '123' }), { errors: {}, values: { ...jane, attributes: {} } });
  });

  it('appear, and are required, when the scope is requested', () => {
    const p = profile({ context: 'REGISTRATION', config, requestedScopes: ['openid', 'phone'] });
    assert.ok(names(p).includes('phone'));
    assert.deepEqual(p.validate(jane).errors.phone, [{ key: 'error-user-attribute-required', params: ['phone'] }]);
  });

  it('are always there outside a sign-in: account console and Admin API', () => {
    assert.ok(names(profile({ context: 'ACCOUNT', config, current: jane })).includes('phone'));
    assert.ok(names(profile({ context: 'USER_API', config })).includes('phone'));
  });

  it('can be required only when a scope is requested', () => {
    const byScope = withAttributes({ name: 'address', permissions: everyone, required: { scopes: ['address'] } });
    assert.deepEqual(profile({ context: 'REGISTRATION', config: byScope }).validate(jane).errors, {});
    assert.ok(profile({ context: 'REGISTRATION', config: byScope, requestedScopes: ['address'] }).validate(jane).errors.address);
    assert.deepEqual(profile({ context: 'ACCOUNT', config: byScope, current: jane }).validate(jane).errors, {});
  });
});

describe('unmanaged attributes', () => {
  const policy = (unmanagedAttributePolicy?: UPConfig['unmanagedAttributePolicy']) => ({ ...defaultProfileConfig(), unmanagedAttributePolicy });
  const stored = { ...jane, attributes: { shoeSize: ['42'] } };

  it('are dropped when the policy is disabled (the default)', () => {
    assert.deepEqual(profile({ context: 'REGISTRATION', config: policy() }).validate({ ...jane, shoeSize: '42' }).values.attributes, {});
    assert.deepEqual(profile({ context: 'USER_API', config: policy('DISABLED'), current: stored }).unmanagedAttributes(), {});
  });

  it('are kept everywhere when enabled, with the 2048-character cap', () => {
    const p = profile({ context: 'REGISTRATION', config: policy('ENABLED') });
    assert.deepEqual(p.validate({ ...jane, shoeSize: '42', 'user.attributes.hat': 'L' }).values.attributes, { shoeSize: ['42'], hat: ['L'] });
    assert.deepEqual(p.validate({ ...jane, shoeSize: 'x'.repeat(2049) }).errors.shoeSize, [{ key: 'error-invalid-length', params: ['shoeSize', '0', '2048'] }]);
  });

  it('are visible but not writable by admins under ADMIN_VIEW, and invisible to users', () => {
    const admin = profile({ context: 'USER_API', config: policy('ADMIN_VIEW'), current: stored });
    assert.deepEqual(admin.unmanagedAttributes(), { shoeSize: ['42'] });
    assert.deepEqual(admin.validate({ ...jane, shoeSize: '44' }).values.attributes, {});
    assert.deepEqual(profile({ context: 'ACCOUNT', config: policy('ADMIN_VIEW'), current: stored }).unmanagedAttributes(), {});
  });

  it('are writable by admins only under ADMIN_EDIT', () => {
    assert.deepEqual(profile({ context: 'USER_API', config: policy('ADMIN_EDIT'), current: stored }).validate({ ...jane, shoeSize: '44' }).values.attributes, { shoeSize: ['44'] });
    assert.deepEqual(profile({ context: 'ACCOUNT', config: policy('ADMIN_EDIT'), current: stored }).validate({ ...jane, shoeSize: '44' }).values.attributes, {});
  });
});

describe('editing the username', () => {
  it('is not offered on update-profile when the realm forbids it, and a posted one is ignored', () => {
    const p = profile({ context: 'UPDATE_PROFILE', current: jane });
    assert.ok(!names(p).includes('username'));
    assert.equal(p.validate({ ...jane, username: 'hacker' }).values.username, undefined);
  });

  it('is shown read-only in the account console when the realm forbids it', () => {
    const username = profile({ context: 'ACCOUNT', current: jane }).attributes().find((a) => a.name === 'username')!;
    assert.deepEqual([username.readOnly, username.value], [true, 'jane']);
  });

  it('is allowed everywhere when the realm allows it', () => {
    const p = profile({ context: 'UPDATE_PROFILE', realm: realm({ editUsernameAllowed: true }), current: jane });
    assert.equal(p.validate({ ...jane, username: 'janedoe' }).values.username, 'janedoe');
  });

  it('is always possible when an admin creates a user', () => {
    assert.equal(profile({ context: 'USER_API' }).validate({ username: 'new.user' }).values.username, 'new.user');
  });
});
