import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGatehouseError } from '../../../kernel/errors.ts';
import { createValidatorRegistry, defaultValidatorRegistry, runValidator } from './index.ts';

describe('validator registry', () => {
  it("registers every built-in under Keycloak's id", () => {
    const ids = [...defaultValidatorRegistry.keys()].sort();
    assert.deepEqual(ids, [
      'double', 'email', 'integer', 'iso-date', 'length', 'local-date', 'multivalued', 'options', 'pattern',
      'person-name-prohibited-characters', 'up-username-not-idn-homograph', 'uri', 'username-prohibited-characters',
    ]);
  });

  it('takes a plugin validator next to the built-ins', () => {
    const even = { id: 'even', validate: (values: readonly string[]) => values.filter((v) => Number(v) % 2 !== 0).map(() => ({ key: 'notEven', params: [] })) };
    const registry = createValidatorRegistry([even]);
    assert.deepEqual(runValidator(registry, 'even', ['3'], {}, { attribute: 'n', required: false }), [{ key: 'notEven', params: [] }]);
  });

  it('refuses a plugin that would replace a built-in', () => {
    assert.throws(() => createValidatorRegistry([{ id: 'email', validate: () => [] }]), (e) => isGatehouseError(e, 'GH_CONFIG_INVALID'));
  });

  it('fails loudly on a validator id nobody registered', () => {
    assert.throws(() => runValidator(defaultValidatorRegistry, 'nope', ['x'], {}, { attribute: 'a', required: false }), (e) => isGatehouseError(e, 'GH_CONFIG_INVALID'));
  });
});
