import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isGatehouseError } from '../../kernel/errors.ts';
import { checkPassword } from './check.ts';
import { parsePasswordPolicy } from './parse.ts';

describe('passwordBlacklist policy', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-blacklist-'));
  mkdirSync(join(dataDir, 'password-blacklists'));
  const file = join(dataDir, 'password-blacklists', 'common.txt');
  writeFileSync(file, 'password\r\nLetMeIn\nqwerty123\n');
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const check = (policy: string, password: string) => checkPassword(parsePasswordPolicy(policy), password, { now: 0, dataDir });

  it('"password is blacklisted" for a listed password, in any case', async () => {
    assert.deepEqual(await check('passwordBlacklist(common.txt)', 'LETMEIN'), [{ key: 'invalidPasswordBlacklistedMessage', params: [] }]);
    assert.deepEqual(await check('passwordBlacklist(common.txt)', 'password'), [{ key: 'invalidPasswordBlacklistedMessage', params: [] }]);
    assert.deepEqual(await check('passwordBlacklist(common.txt)', 'correct horse'), []);
  });

  it('reloads the list when the file changes', async () => {
    writeFileSync(file, 'password\nhunter2\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual((await check('passwordBlacklist(common.txt)', 'Hunter2')).map((f) => f.key), ['invalidPasswordBlacklistedMessage']);
  });

  it('a missing list file is a configuration error naming its path', async () => {
    await assert.rejects(check('passwordBlacklist(missing.txt)', 'x'), (error) =>
      isGatehouseError(error, 'GH_CONFIG_INVALID') && error.message.includes(join(dataDir, 'password-blacklists', 'missing.txt')));
  });

  it('without a file name the policy does nothing, as in Keycloak', async () => {
    assert.deepEqual(await check('passwordBlacklist', 'password'), []);
  });
});
