import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultValidatorRegistry, runValidator } from './index.ts';
import { personNameProhibitedCharactersValidator as validator } from './person-name-prohibited-characters.ts';

const context = { attribute: 'firstName', required: false };

describe('person-name-prohibited-characters validator', () => {
  it('accepts names in any script, with spaces, hyphens and apostrophes', () => {
    assert.deepEqual(validator.validate(["Jean-Luc", "O'Brien", 'María José', 'Иван', '山田'], {}, context), []);
  });

  it('refuses markup and shell characters', () => {
    for (const value of ['<script>', 'Tom & Jerry', 'a/b', 'x=y', 'Bob{1}', 'semi;colon', 'line\nbreak']) {
      assert.deepEqual(validator.validate([value], {}, context), [{ key: 'error-person-name-invalid-character', params: ['firstName'] }], value);
    }
  });

  it("shows the admin's error-message key instead of the default", () => {
    assert.deepEqual(runValidator(defaultValidatorRegistry, validator.id, ['<b>'], { 'error-message': 'badName' }, context), [{ key: 'badName', params: ['firstName'] }]);
  });
});
