import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doubleValidator } from './double.ts';

const context = { attribute: 'height', required: false };

describe('double validator', () => {
  it('accepts decimal numbers in the forms people type', () => {
    assert.deepEqual(doubleValidator.validate(['1.75', '-0.5', '.5', '2', '1e-3'], {}, context), []);
  });

  it('refuses text and infinities as not a number', () => {
    for (const value of ['tall', '1,75', 'Infinity', 'NaN']) {
      assert.deepEqual(doubleValidator.validate([value], {}, context), [{ key: 'error-invalid-number', params: ['height'] }], value);
    }
  });

  it('refuses a number outside decimal bounds', () => {
    assert.deepEqual(doubleValidator.validate(['2.51'], { min: 0.5, max: '2.5' }, context), [{ key: 'error-number-out-of-range', params: ['height', '0.5', '2.5'] }]);
    assert.deepEqual(doubleValidator.validate(['2.5'], { min: 0.5, max: 2.5 }, context), []);
  });
});
