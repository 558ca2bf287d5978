import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultProfileConfig, type UPConfig } from '../profile/index.ts';
import { allowedHookAttributes } from './hook-enrichment.ts';

describe('attributes a pre-registration hook may set', () => {
  const withDeclared = (policy?: UPConfig['unmanagedAttributePolicy']): UPConfig => {
    const config = defaultProfileConfig();
    return { ...config, unmanagedAttributePolicy: policy, attributes: [...config.attributes, { name: 'tier', displayName: 'Tier' }] };
  };

  it('lets declared attributes through and refuses undeclared ones when the profile keeps them out', () => {
    assert.deepEqual(allowedHookAttributes(withDeclared(), { tier: ['gold'], shoeSize: ['42'] }), { allowed: { tier: ['gold'] }, refused: ['shoeSize'] });
    assert.deepEqual(allowedHookAttributes(withDeclared('ADMIN_VIEW'), { shoeSize: ['42'] }).refused, ['shoeSize']);
  });

  it('lets undeclared attributes through where administrators may edit them', () => {
    for (const policy of ['ENABLED', 'ADMIN_EDIT'] as const) {
      assert.deepEqual(allowedHookAttributes(withDeclared(policy), { shoeSize: ['42'] }).allowed, { shoeSize: ['42'] });
    }
  });

  it('never lets a hook change the username, email or names the person typed', () => {
    const { allowed, refused } = allowedHookAttributes(withDeclared('ENABLED'), { email: ['x@example.com'], username: ['x'], firstName: ['X'], lastName: ['Y'] });
    assert.deepEqual(allowed, {});
    assert.deepEqual(refused.sort(), ['email', 'firstName', 'lastName', 'username']);
  });
});
