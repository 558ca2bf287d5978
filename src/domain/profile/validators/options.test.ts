import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { optionsValidator } from './options.ts';

const context = { attribute: 'gender', required: false };

describe('options validator', () => {
  it('accepts only the listed options, exactly', () => {
    assert.deepEqual(optionsValidator.validate(['1', '2'], { options: ['0', '1', '2'] }, context), []);
    assert.deepEqual(optionsValidator.validate(['7'], { options: ['0', '1', '2'] }, context), [{ key: 'error-invalid-value', params: ['gender'] }]);
  });

  it('refuses every value when the option list is missing', () => {
    assert.equal(optionsValidator.validate(['1'], {}, context).length, 1);
  });

  it('refuses a configuration without a list of options', () => {
    assert.ok(optionsValidator.validateConfig!({}).length > 0);
    assert.ok(optionsValidator.validateConfig!({ options: 'a,b' }).length > 0);
  });
});
