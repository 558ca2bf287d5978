import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailValidator, isValidEmail } from './email.ts';

const context = { attribute: 'email', required: false };

describe('email validator', () => {
  it('accepts ordinary, tagged and internationalised addresses', () => {
    for (const value of ['jane@example.com', 'jane.doe+news@mail.example.org', 'josé@exämple.de', '"john doe"@example.com', 'a@[192.168.0.1]']) {
      assert.ok(isValidEmail(value), value);
    }
  });

  it('refuses malformed addresses with the address as parameter', () => {
    for (const value of ['jane', 'jane@', '@example.com', 'jane@example.com.', 'jane..doe@example.com', 'ja ne@example.com']) {
      assert.deepEqual(emailValidator.validate([value], {}, context), [{ key: 'error-invalid-email', params: ['email', value] }], value);
    }
  });

  it('limits the part before @ to 64 characters unless max-local-length says otherwise', () => {
    const long = `${'a'.repeat(65)}@example.com`;
    assert.equal(emailValidator.validate([long], {}, context).length, 1);
    assert.deepEqual(emailValidator.validate([long], { 'max-local-length': 100 }, context), []);
    assert.equal(emailValidator.validate(['abcdef@example.com'], { 'max-local-length': '5' }, context).length, 1);
  });

  it('refuses a non-positive max-local-length in the configuration', () => {
    assert.ok(emailValidator.validateConfig!({ 'max-local-length': 0 }).length > 0);
    assert.deepEqual(emailValidator.validateConfig!({}), []);
  });
});
