import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultValidatorRegistry, runValidator } from './index.ts';
import { usernameNotIdnHomographValidator as validator } from './up-username-not-idn-homograph.ts';

const context = { attribute: 'username', required: false };

describe('up-username-not-idn-homograph validator', () => {
  it('accepts Latin letters with accents, digits and punctuation', () => {
    assert.deepEqual(validator.validate(['paypal'], {}, context), []);
    assert.deepEqual(validator.validate(['jöhn.doe-1@x'], {}, context), []);
    assert.deepEqual(validator.validate(['jo\u0308hn'], {}, context), [], 'a decomposed ö is still Latin');
  });

  it('refuses pаypal spelt with a Cyrillic а', () => {
    assert.deepEqual(validator.validate(['p\u0430ypal'], {}, context), [{ key: 'error-username-invalid-character', params: ['username'] }]);
  });

  it('refuses usernames in other scripts', () => {
    assert.equal(validator.validate(['иван'], {}, context).length, 1);
    assert.equal(validator.validate(['ΑΒΓ'], {}, context).length, 1);
  });

  it("shows the admin's error-message key instead of the default", () => {
    assert.deepEqual(runValidator(defaultValidatorRegistry, validator.id, ['p\u0430ypal'], { 'error-message': 'homograph' }, context), [{ key: 'homograph', params: ['username'] }]);
  });
});
