import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPassword } from './check.ts';
import { compileJavaRegex } from './java-regex.ts';
import { parsePasswordPolicy } from './parse.ts';
import { PolicyConfigError } from './types.ts';

const matches = (java: string, input: string): boolean => compileJavaRegex(java).test(input);

describe('regexPattern policy (Java regex)', () => {
  it('"fails to match regex pattern(s)" with the pattern as parameter, matching the whole password', async () => {
    const pattern = '(?=.*[A-Z])(?=.*\\d)[\\w\\!\\@\\#\\$]{8,}';
    const policy = parsePasswordPolicy(`regexPattern(${pattern})`);
    const ctx = { now: 0, dataDir: '/x' };
    assert.deepEqual(await checkPassword(policy, 'Secret12!', ctx), []);
    assert.deepEqual(await checkPassword(policy, 'secret12!', ctx), [{ key: 'invalidPasswordRegexPatternMessage', params: [pattern] }]);
    assert.deepEqual(await checkPassword(policy, 'Secret12! ', ctx), [{ key: 'invalidPasswordRegexPatternMessage', params: [pattern] }]);
  });

  it('each of several patterns must match', async () => {
    const policy = parsePasswordPolicy('regexPattern(.*a.*) and regexPattern(.*b.*)');
    const failures = await checkPassword(policy, 'aaa', { now: 0, dataDir: '/x' });
    assert.deepEqual(failures, [{ key: 'invalidPasswordRegexPatternMessage', params: ['.*b.*'] }]);
  });

  it('matches the whole input like matches(), even with alternation and (?m)', () => {
    assert.equal(matches('abc|def', 'abcdef'), false);
    assert.equal(matches('abc|def', 'def'), true);
    assert.equal(matches('(?m)^a$', 'a\nb'), false);
    assert.equal(matches('(?i)[a-z]+', 'MiXeD'), true);
  });

  it("reads Java's escapes, POSIX classes and quoting", () => {
    assert.equal(matches('\\p{Punct}+', '!/[`~'), true);
    assert.equal(matches('\\p{Lower}\\p{Upper}\\p{Digit}', 'aZ9'), true);
    assert.equal(matches('[\\p{Alpha}\\p{javaDigit}]+', 'ab١2'), true);
    assert.equal(matches('\\p{IsLatin}+\\P{L}', 'abc1'), true);
    assert.equal(matches('\\Qa.b*\\E', 'a.b*'), true);
    assert.equal(matches('\\Qa.b*\\E', 'aXb'), false);
    assert.equal(matches('\\s', '\u00A0'), false, 'Java\'s \\s is ASCII whitespace only');
    assert.equal(matches('\\h', '\u00A0'), true);
    assert.equal(matches('\\x{1F600}', '😀'), true);
    assert.equal(matches('[a]]', 'a]'), true, 'a "]" outside a class is a literal in Java');
    assert.equal(matches('a{2}+b', 'aab'), true, 'possessive quantifier read as greedy');
    assert.equal(matches('(?>ab)c', 'abc'), true);
    assert.equal(matches('\\Aab\\z', 'ab'), true);
  });

  it('refuses what JavaScript cannot express as a config error', () => {
    for (const bad of ['[a-z&&[^aeiou]]', '[[a-z]]', 'a(?i)b', '(?x) a', '\\Gx', '\\y', '[a-', 'a{', '(']) {
      assert.throws(() => compileJavaRegex(bad), PolicyConfigError, bad);
    }
  });
});
