import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { multivaluedValidator } from './multivalued.ts';

describe('multivalued validator', () => {
  it('accepts a number of values within min and max', () => {
    assert.deepEqual(multivaluedValidator.validate(['a', 'b'], { min: 1, max: 3 }, { attribute: 'tags', required: false }), []);
  });

  it('refuses too many values with the bounds as parameters', () => {
    assert.deepEqual(multivaluedValidator.validate(['a', 'b', 'c'], { max: '2' }, { attribute: 'tags', required: false }), [
      { key: 'error-invalid-multivalued-size', params: ['tags', '0', '2'] },
    ]);
  });

  it('leaves an empty required attribute to the required check', () => {
    assert.deepEqual(multivaluedValidator.validate([], { min: 2, max: 3 }, { attribute: 'tags', required: true }), []);
  });

  it('refuses too few values', () => {
    assert.equal(multivaluedValidator.validate(['a'], { min: 2, max: 3 }, { attribute: 'tags', required: false }).length, 1);
  });

  it('requires max in the configuration', () => {
    assert.ok(multivaluedValidator.validateConfig!({ min: 1 }).length > 0);
    assert.deepEqual(multivaluedValidator.validateConfig!({ max: 2 }), []);
  });
});
