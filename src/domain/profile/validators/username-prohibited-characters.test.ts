import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usernameProhibitedCharactersValidator as validator } from './username-prohibited-characters.ts';

const context = { attribute: 'username', required: false };

describe('username-prohibited-characters validator', () => {
  it('accepts letters, digits and . _ - @', () => {
    assert.deepEqual(validator.validate(['jane.doe_42-x@example.com', 'Zoë'], {}, context), []);
  });

  it('refuses spaces, quotes and other punctuation', () => {
    for (const value of ['jane doe', 'jane\u00a0doe', "o'neil", 'a,b', 'a:b', 'a/b', 'a#b', 'a`b', 'a%b']) {
      assert.deepEqual(validator.validate([value], {}, context), [{ key: 'error-username-invalid-character', params: ['username'] }], value);
    }
  });
});
