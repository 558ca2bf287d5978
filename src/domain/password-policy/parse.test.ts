import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGatehouseError } from '../../kernel/errors.ts';
import { parsePasswordPolicy, policyConfig, splitPolicyString } from './parse.ts';

/** The error message a bad policy string gets, or undefined when it parses. */
function parseError(source: string): string | undefined {
  try {
    parsePasswordPolicy(source);
    return undefined;
  } catch (error) {
    assert.ok(isGatehouseError(error, 'GH_INVALID_INPUT'), String(error));
    assert.equal(error.field, 'passwordPolicy');
    return error.message;
  }
}

describe('password policy string', () => {
  it("reads Keycloak's documented example in order, with values parsed", () => {
    const policy = parsePasswordPolicy('length(12) and upperCase(1) and notUsername and passwordHistory(3) and hashAlgorithm(pbkdf2-sha512)');
    assert.deepEqual(policy.entries.map((e) => [e.id, e.config]), [
      ['length', 12], ['upperCase', 1], ['notUsername', null], ['passwordHistory', 3], ['hashAlgorithm', 'pbkdf2-sha512'],
    ]);
  });

  it('takes each policy\'s default when it has no value, and accepts "notUsername(undefined)" as real exports write it', () => {
    const policy = parsePasswordPolicy('length and maxLength and digits and passwordHistory and passwordAge and forceExpiredPasswordChange and maxAuthAge and notUsername(undefined)');
    assert.deepEqual(policy.entries.map((e) => e.config), [8, 64, 1, 3, 30, 365, 300, null]);
  });

  it('an empty or missing string is the empty policy', () => {
    assert.deepEqual(parsePasswordPolicy('').entries, []);
    assert.deepEqual(parsePasswordPolicy('   ').entries, []);
    assert.deepEqual(parsePasswordPolicy(null).entries, []);
  });

  it('says "Invalid config for <id>: Password policy not found" for an id Keycloak does not have', () => {
    assert.equal(parseError('length(8) and minLength(8)'), 'Invalid config for minLength: Password policy not found');
    assert.equal(parseError('Length(8)'), 'Invalid config for Length: Password policy not found');
    assert.equal(parseError('constructor'), 'Invalid config for constructor: Password policy not found');
  });

  it('says "Invalid config for length: Not a valid number" for a malformed number, naming the policy', () => {
    assert.equal(parseError('length(abc)'), 'Invalid config for length: Not a valid number');
    assert.equal(parseError('digits(1.5)'), 'Invalid config for digits: Not a valid number');
    assert.equal(parseError('passwordHistory()'), 'Invalid config for passwordHistory: Not a valid number');
    assert.equal(parseError('maxLength(99999999999)'), 'Invalid config for maxLength: Not a valid number');
    assert.equal(parseError('length(12'), 'Invalid config for length: Missing closing parenthesis');
  });

  it('refuses an unknown hash algorithm, an empty or pathlike blacklist name, and a blank or broken regex', () => {
    assert.equal(parseError('hashAlgorithm(md5)'), 'Invalid config for hashAlgorithm: Password hashing provider not found');
    assert.equal(parseError('passwordBlacklist( )'), 'Invalid config for passwordBlacklist: Password blacklist name must not be empty!');
    assert.equal(parseError('passwordBlacklist(../etc/passwd)'), 'Invalid config for passwordBlacklist: ../etc/passwd must not contain slashes!');
    assert.equal(parseError('regexPattern'), 'Invalid config for regexPattern: Config required');
    assert.equal(parseError('regexPattern(  )'), 'Invalid config for regexPattern: White space not acepted');
    assert.equal(parseError('regexPattern([a-z)'), 'Invalid config for regexPattern: Not a valid regular expression');
  });

  it('keeps the last value of a repeated policy, but every regexPattern', () => {
    const policy = parsePasswordPolicy('length(8) and digits(2) and length(10) and regexPattern(.*a.*) and regexPattern(.*b.*)');
    assert.deepEqual(policy.entries.map((e) => e.id), ['length', 'digits', 'regexPattern', 'regexPattern']);
    assert.equal(policyConfig(policy, 'length'), 10);
  });

  it('splits leniently for readers of stored strings, without checking ids', () => {
    assert.deepEqual(splitPolicyString(' foo(1) and  bar and baz(x'), [
      { key: 'foo', value: '1', closed: true }, { key: 'bar', value: undefined, closed: true }, { key: 'baz', value: 'x', closed: false },
    ]);
  });
});
