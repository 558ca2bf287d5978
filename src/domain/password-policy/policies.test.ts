import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPassword, describeRules, serverInfoPasswordPolicies } from './check.ts';
import { passwordPolicyMessage, passwordPolicyMessages } from './messages.ts';
import { parsePasswordPolicy } from './parse.ts';
import { policyDefinitions } from './policies/index.ts';
import type { CheckContext, PolicyFailure } from './types.ts';

const context = { username: 'alice', email: 'alice@example.com', now: Date.now(), dataDir: '/nonexistent' };
const check = (policy: string, password: string, ctx: CheckContext = context): Promise<PolicyFailure[]> => checkPassword(parsePasswordPolicy(policy), password, ctx);

/** Asserts a policy accepts `good` and refuses `bad` with exactly the given failure. */
async function passesAndFails(policy: string, good: string, bad: string, failure: PolicyFailure): Promise<void> {
  assert.deepEqual(await check(policy, good), [], `${policy} should accept ${JSON.stringify(good)}`);
  assert.deepEqual(await check(policy, bad), [failure], `${policy} should refuse ${JSON.stringify(bad)}`);
}

describe('password policies', () => {
  it('"Invalid password: minimum length 12." below length(12)', async () => {
    await passesAndFails('length(12)', 'twelve chars', 'eleven char', { key: 'invalidPasswordMinLengthMessage', params: ['12'] });
  });

  it('"maximum length 10" above maxLength(10)', async () => {
    await passesAndFails('maxLength(10)', 'ten chars!', 'eleven char', { key: 'invalidPasswordMaxLengthMessage', params: ['10'] });
  });

  it('"must contain at least 2 numerical digits" for digits(2), counting any Unicode digit', async () => {
    await passesAndFails('digits(2)', 'a1b٢', 'abc1', { key: 'invalidPasswordMinDigitsMessage', params: ['2'] });
  });

  it('lower-case, upper-case and special character counts, Unicode letters included', async () => {
    await passesAndFails('lowerCase(2)', 'ÄBcé', 'ABCd', { key: 'invalidPasswordMinLowerCaseCharsMessage', params: ['2'] });
    await passesAndFails('upperCase(1)', 'éÉ', 'abc', { key: 'invalidPasswordMinUpperCaseCharsMessage', params: ['1'] });
    await passesAndFails('specialChars(2)', 'ab! ', 'abé1!', { key: 'invalidPasswordMinSpecialCharsMessage', params: ['2'] });
  });

  it('"must not be equal to the username", ignoring case', async () => {
    await passesAndFails('notUsername', 'alice1', 'ALICE', { key: 'invalidPasswordNotUsernameMessage', params: [] });
  });

  it('"Can not contain the username", ignoring case', async () => {
    await passesAndFails('notContainsUsername', 'al1ce', 'my-Alice-pw', { key: 'invalidPasswordNotContainsUsernameMessage', params: [] });
  });

  it('"must not be equal to the email", ignoring case', async () => {
    await passesAndFails('notEmail', 'alice@example.co', 'Alice@Example.com', { key: 'invalidPasswordNotEmailMessage', params: [] });
  });

  it('username and email rules pass when the form has no username or email yet', async () => {
    assert.deepEqual(await check('notUsername and notContainsUsername and notEmail', 'alice', { now: 0, dataDir: '/x' }), []);
  });

  it('configuration-only policies never refuse a password', async () => {
    assert.deepEqual(await check('hashAlgorithm(pbkdf2-sha256) and hashIterations(1000) and forceExpiredPasswordChange(90) and maxAuthAge(60)', 'x'), []);
  });

  it('lists every failure at once, in the order of the policy string', async () => {
    const failures = await check('length(10) and digits(1) and upperCase(1) and specialChars(1) and notUsername', 'alice');
    assert.deepEqual(failures, [
      { key: 'invalidPasswordMinLengthMessage', params: ['10'] },
      { key: 'invalidPasswordMinDigitsMessage', params: ['1'] },
      { key: 'invalidPasswordMinUpperCaseCharsMessage', params: ['1'] },
      { key: 'invalidPasswordMinSpecialCharsMessage', params: ['1'] },
      { key: 'invalidPasswordNotUsernameMessage', params: [] },
    ]);
    assert.deepEqual(failures.map(passwordPolicyMessage), [
      'Invalid password: minimum length 10.',
      'Invalid password: must contain at least 1 numerical digits.',
      'Invalid password: must contain at least 1 upper case characters.',
      'Invalid password: must contain at least 1 special characters.',
      'Invalid password: must not be equal to the username.',
    ]);
  });

  it('has an English text for every message key a policy can give', () => {
    for (const { messageKey } of policyDefinitions) if (messageKey) assert.ok(passwordPolicyMessages[messageKey], messageKey);
    assert.equal(passwordPolicyMessage({ key: 'invalidPasswordGenericMessage', params: ['30'] }), "Invalid password: new password doesn't match password policies.");
    assert.equal(passwordPolicyMessage({ key: 'toString', params: [] }), "Invalid password: new password doesn't match password policies.");
  });

  it('describes the rules a browser can check, with their numbers and messages', () => {
    const rules = describeRules(parsePasswordPolicy('length(12) and passwordHistory(3) and upperCase(1) and notUsername and notEmail and maxLength(64) and regexPattern(.*)'));
    assert.deepEqual(rules, [
      { id: 'length', value: 12, key: 'invalidPasswordMinLengthMessage', params: ['12'] },
      { id: 'upperCase', value: 1, key: 'invalidPasswordMinUpperCaseCharsMessage', params: ['1'] },
      { id: 'notUsername', value: null, key: 'invalidPasswordNotUsernameMessage', params: [] },
      { id: 'notEmail', value: null, key: 'invalidPasswordNotEmailMessage', params: [] },
      { id: 'maxLength', value: 64, key: 'invalidPasswordMaxLengthMessage', params: ['64'] },
    ]);
  });

  it("lists Keycloak's policy types for server info", () => {
    const types = serverInfoPasswordPolicies();
    assert.equal(types.length, 17);
    assert.deepEqual(types.find((t) => t.id === 'length'), { id: 'length', displayName: 'Minimum Length', configType: 'int', defaultValue: '8', multipleSupported: false });
    assert.deepEqual(types.find((t) => t.id === 'notUsername'), { id: 'notUsername', displayName: 'Not Username', configType: null, defaultValue: null, multipleSupported: false });
    assert.deepEqual(types.find((t) => t.id === 'regexPattern'), { id: 'regexPattern', displayName: 'Regular Expression', configType: 'String', defaultValue: '', multipleSupported: true });
    assert.equal(types.find((t) => t.id === 'passwordAge')?.displayName, 'Not Recently Used (In Days)');
  });
});
