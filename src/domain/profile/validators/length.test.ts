import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultValidatorRegistry, runValidator } from './index.ts';
import { lengthValidator } from './length.ts';

const context = { attribute: 'nickname', required: false };

describe('length validator', () => {
  it('accepts a value within min and max', () => {
    assert.deepEqual(lengthValidator.validate(['abcd'], { min: 3, max: 5 }, context), []);
  });

  it('tells the user the allowed range when a value is too short or too long', () => {
    assert.deepEqual(lengthValidator.validate(['ab'], { min: 3, max: 5 }, context), [{ key: 'error-invalid-length', params: ['nickname', '3', '5'] }]);
    assert.deepEqual(lengthValidator.validate(['abcdef'], { min: '3', max: '5' }, context), [{ key: 'error-invalid-length', params: ['nickname', '3', '5'] }]);
  });

  it('says "too short" when only a minimum is configured, and "too long" when only a maximum is', () => {
    assert.deepEqual(lengthValidator.validate(['ab'], { min: 3 }, context), [{ key: 'error-invalid-length-too-short', params: ['nickname', '3', ''] }]);
    assert.deepEqual(lengthValidator.validate(['abcdef'], { max: 5 }, context), [{ key: 'error-invalid-length-too-long', params: ['nickname', '', '5'] }]);
  });

  it('counts the value without surrounding spaces unless trim-disabled is set', () => {
    assert.deepEqual(lengthValidator.validate([' ab '], { min: 3 }, context).length, 1);
    assert.deepEqual(lengthValidator.validate([' ab '], { min: 3, 'trim-disabled': true }, context), []);
  });

  it('checks every value of a multivalued attribute', () => {
    assert.equal(lengthValidator.validate(['abc', 'a', 'abcdefgh'], { min: 3, max: 5 }, context).length, 2);
  });

  it('shows the admin-chosen message key when error-message is configured', () => {
    const errors = runValidator(defaultValidatorRegistry, 'length', ['a'], { min: 3, 'error-message': 'nicknameTooShort' }, context);
    assert.deepEqual(errors, [{ key: 'nicknameTooShort', params: ['nickname', '3', ''] }]);
  });

  it('refuses a configuration without bounds or with min above max', () => {
    assert.ok(lengthValidator.validateConfig!({}).length > 0);
    assert.ok(lengthValidator.validateConfig!({ min: 5, max: 3 }).length > 0);
    assert.ok(lengthValidator.validateConfig!({ min: 'x' }).length > 0);
    assert.deepEqual(lengthValidator.validateConfig!({ min: '3', max: 255 }), []);
  });
});
