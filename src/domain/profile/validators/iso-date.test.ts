import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoDateValidator } from './iso-date.ts';

const context = { attribute: 'birthdate', required: false };

describe('iso-date validator', () => {
  it('accepts what an html5 date input posts', () => {
    assert.deepEqual(isoDateValidator.validate(['1990-05-17', '2024-02-29'], {}, context), []);
  });

  it('refuses other formats and days that do not exist, with the value as parameter', () => {
    for (const value of ['17/05/1990', '1990-5-17', '2023-02-29', '1990-04-31', '1990-13-01', 'yesterday']) {
      assert.deepEqual(isoDateValidator.validate([value], {}, context), [{ key: 'error-invalid-date', params: ['birthdate', value] }], value);
    }
  });
});
