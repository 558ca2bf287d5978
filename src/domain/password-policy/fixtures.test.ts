import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPassword } from './check.ts';
import { parsePasswordPolicy } from './parse.ts';
import { hashPolicyFor } from './settings.ts';

const context = { username: 'jane.doe', email: 'jane@example.com', now: Date.now(), dataDir: '/nonexistent' };
const keys = async (policy: string, password: string): Promise<string[]> =>
  (await checkPassword(parsePasswordPolicy(policy), password, context)).map((f) => f.key);

describe('password policies of real Keycloak exports', () => {
  it('sau: 12 characters, not the username or email, argon2, history 5, not reused within 365 days', async () => {
    const sau = 'length(12) and notUsername(undefined) and notEmail(undefined) and notContainsUsername(undefined) and hashAlgorithm(argon2) and passwordHistory(5) and passwordAge(365)';
    const policy = parsePasswordPolicy(sau);
    assert.deepEqual(hashPolicyFor(policy), { algorithm: 'argon2' });
    assert.deepEqual(await keys(sau, 'long enough secret'), []);
    assert.deepEqual(await keys(sau, 'short'), ['invalidPasswordMinLengthMessage']);
    assert.deepEqual(await keys(sau, 'JANE@example.com'), ['invalidPasswordNotEmailMessage']);
    assert.deepEqual(await keys(sau, 'hello-jane.doe-1'), ['invalidPasswordNotContainsUsernameMessage']);
    assert.deepEqual(await keys(sau, 'Jane.Doe'), ['invalidPasswordMinLengthMessage', 'invalidPasswordNotUsernameMessage', 'invalidPasswordNotContainsUsernameMessage']);
  });

  it('happypaws: 8 to 30 characters with an upper- and a lower-case letter', async () => {
    const happypaws = 'length(8) and upperCase(1) and lowerCase(1) and maxLength(30)';
    assert.deepEqual(await keys(happypaws, 'Woofwoof'), []);
    assert.deepEqual(await keys(happypaws, 'woofwoof'), ['invalidPasswordMinUpperCaseCharsMessage']);
    assert.deepEqual(await keys(happypaws, 'W'.repeat(31)), ['invalidPasswordMinLowerCaseCharsMessage', 'invalidPasswordMaxLengthMessage']);
  });

  it('AfyaCheck: 8 characters with an upper, a lower case letter and a digit', async () => {
    const afya = 'length(8) and upperCase(1) and lowerCase(1) and digits(1)';
    assert.deepEqual(await keys(afya, 'Afya2024'), []);
    assert.deepEqual(await keys(afya, 'afya'), ['invalidPasswordMinLengthMessage', 'invalidPasswordMinUpperCaseCharsMessage', 'invalidPasswordMinDigitsMessage']);
  });
});
