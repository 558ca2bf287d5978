import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateProfileConfig } from './config-validation.ts';
import type { UPAttribute, UPConfig } from './model.ts';
import { defaultProfileConfig, masterProfileConfig } from './model.ts';

const withAttributes = (...extra: UPAttribute[]): UPConfig => ({ ...defaultProfileConfig(), attributes: [...defaultProfileConfig().attributes, ...extra] });

describe('saving a user profile configuration', () => {
  it('accepts the defaults', () => {
    assert.deepEqual(validateProfileConfig(defaultProfileConfig()), []);
    assert.deepEqual(validateProfileConfig(masterProfileConfig()), []);
  });

  it('refuses to drop username or email', () => {
    const config = { ...defaultProfileConfig(), attributes: defaultProfileConfig().attributes.filter((a) => a.name === 'firstName') };
    assert.deepEqual(validateProfileConfig(config), ["The attribute 'username' cannot be removed", "The attribute 'email' cannot be removed"]);
  });

  it('refuses attribute names with a colon or a slash', () => {
    const problems = validateProfileConfig(withAttributes({ name: 'a:b' }, { name: 'a/b' }, { name: 'ok.name_1-x' }));
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /Invalid attribute name.*a:b/);
    assert.match(problems[1]!, /Invalid attribute name.*a\/b/);
  });

  it('refuses unknown validators and broken validator configuration', () => {
    const problems = validateProfileConfig(withAttributes({ name: 'x', validations: { 'no-such-validator': {}, length: {}, pattern: { pattern: '(' } } }));
    assert.equal(problems.length, 3);
    assert.match(problems[0]!, /Validator 'no-such-validator' defined for attribute 'x' doesn't exist/);
  });

  it('refuses the same attribute twice', () => {
    assert.deepEqual(validateProfileConfig(withAttributes({ name: 'email' })), ["Attribute configuration already exists with 'name':'email'"]);
  });

  it('refuses roles other than user and admin, unknown scopes and unknown groups', () => {
    const problems = validateProfileConfig(
      withAttributes({ name: 'x', permissions: { view: ['owner'] }, selector: { scopes: ['phone', 'nope'] }, group: 'missing' }),
      { clientScopes: ['openid', 'phone'] },
    );
    assert.deepEqual(problems, [
      "'permissions.view' of attribute 'x' contains unsupported role 'owner'",
      "'selector.scopes' of attribute 'x' contains unsupported scope 'nope'",
      "Attribute 'x' references unknown group 'missing'",
    ]);
  });

  it('refuses a configuration without attributes or with an unknown unmanaged policy', () => {
    assert.deepEqual(validateProfileConfig({} as UPConfig), ["UserProfile configuration without 'attributes' section is not allowed"]);
    assert.equal(validateProfileConfig({ ...defaultProfileConfig(), unmanagedAttributePolicy: 'SOMETIMES' as never }).length, 1);
  });
});
