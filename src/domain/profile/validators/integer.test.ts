import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { integerValidator } from './integer.ts';

const context = { attribute: 'age', required: false };

describe('integer validator', () => {
  it('accepts whole numbers, signed or not', () => {
    assert.deepEqual(integerValidator.validate(['42', '-7', '+3', '0'], {}, context), []);
  });

  it('refuses decimals, words and exponents as not a number', () => {
    for (const value of ['4.2', 'forty', '1e3', '12 ']) {
      assert.deepEqual(integerValidator.validate([value], {}, context), [{ key: 'error-invalid-number', params: ['age'] }], value);
    }
  });

  it('tells the user the allowed range when a number is out of it', () => {
    assert.deepEqual(integerValidator.validate(['17'], { min: 18, max: 120 }, context), [{ key: 'error-number-out-of-range', params: ['age', '18', '120'] }]);
    assert.deepEqual(integerValidator.validate(['17'], { min: '18' }, context), [{ key: 'error-number-out-of-range-too-small', params: ['age', '18', ''] }]);
    assert.deepEqual(integerValidator.validate(['121'], { max: 120 }, context), [{ key: 'error-number-out-of-range-too-big', params: ['age', '', '120'] }]);
  });

  it('accepts the bounds themselves', () => {
    assert.deepEqual(integerValidator.validate(['18', '120'], { min: 18, max: 120 }, context), []);
  });

  it('refuses a configuration whose bounds are not integers', () => {
    assert.ok(integerValidator.validateConfig!({ min: '1.5' }).length > 0);
    assert.deepEqual(integerValidator.validateConfig!({}), []);
  });
});
