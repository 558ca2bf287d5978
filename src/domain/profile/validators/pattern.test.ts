import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultValidatorRegistry, runValidator } from './index.ts';
import { compileJavaPattern, patternValidator } from './pattern.ts';

const context = { attribute: 'phoneNumber', required: false };
const phone = { pattern: '^\\+?[0-9 ]{6,20}$', 'error-message': 'invalidPhoneNumber' };

describe('pattern validator', () => {
  it('accepts a value matching the whole pattern', () => {
    assert.deepEqual(patternValidator.validate(['+33 6 12 34 56 78'], phone, context), []);
  });

  it('refuses a value with error-pattern-no-match and the pattern as parameter', () => {
    assert.deepEqual(patternValidator.validate(['call me'], { pattern: '[0-9]+' }, context), [{ key: 'error-pattern-no-match', params: ['phoneNumber', '[0-9]+'] }]);
  });

  it('matches the whole value as Java does, not a part of it', () => {
    assert.equal(patternValidator.validate(['abc123'], { pattern: '[0-9]+' }, context).length, 1);
  });

  it("shows the admin's error-message key instead of the default", () => {
    assert.deepEqual(runValidator(defaultValidatorRegistry, 'pattern', ['call me'], phone, context), [{ key: 'invalidPhoneNumber', params: ['phoneNumber', phone.pattern] }]);
  });

  it('understands Java inline flags, Unicode classes and escapes only legacy mode allows', () => {
    assert.ok(compileJavaPattern('(?i)^abc$')!.test('ABC'));
    assert.ok(compileJavaPattern('\\p{L}+')!.test('Zoë'));
    assert.ok(compileJavaPattern("[a-z\\']+")!.test("o'neil"));
  });

  it('refuses a configuration without a pattern or with a broken one', () => {
    assert.ok(patternValidator.validateConfig!({}).length > 0);
    assert.ok(patternValidator.validateConfig!({ pattern: '([a-z' }).length > 0);
    assert.deepEqual(patternValidator.validateConfig!(phone), []);
  });
});
