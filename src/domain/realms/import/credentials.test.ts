import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, parseStoredPasswordHash, verifyPassword } from '../../credentials/password-hashing.ts';
import { readCredential } from './credentials.ts';

describe('import: credentials', () => {
  it('keeps a Keycloak 11+ hash as it is, and the password verifies', async () => {
    const hash = await hashPassword('secret-1', { algorithm: 'pbkdf2-sha512', iterations: 1000 });
    const read = readCredential({ type: 'password', userLabel: 'mine', createdDate: 5, secretData: JSON.stringify(hash.secretData), credentialData: JSON.stringify(hash.credentialData) }, 'users[0].credentials[0]');
    assert.equal(read.kind, 'stored');
    if (read.kind !== 'stored') return;
    assert.equal(read.credential.userLabel, 'mine');
    assert.equal(read.credential.createdDate, 5);
    assert.ok(await verifyPassword('secret-1', parseStoredPasswordHash(read.credential.secretData, read.credential.credentialData)));
  });

  it('reads the pre-11 layout (hashedSaltedValue, salt, hashIterations, algorithm) into the current one', async () => {
    const hash = await hashPassword('alice', { algorithm: 'pbkdf2-sha256', iterations: 1000 });
    const read = readCredential({ type: 'password', hashedSaltedValue: hash.secretData.value, salt: hash.secretData.salt, hashIterations: 1000, algorithm: 'pbkdf2-sha256' }, 'p');
    assert.equal(read.kind, 'stored');
    if (read.kind !== 'stored') return;
    assert.ok(await verifyPassword('alice', parseStoredPasswordHash(read.credential.secretData, read.credential.credentialData)));
  });

  it('takes a plain password with temporary to be hashed', () => {
    assert.deepEqual(readCredential({ type: 'password', value: 'pw', temporary: true }, 'p'), { kind: 'plain', password: 'pw', temporary: true });
    assert.deepEqual(readCredential({ value: 'pw' }, 'p'), { kind: 'plain', password: 'pw', temporary: false });
  });

  it('names the credential when its algorithm is unknown or its hash unreadable', () => {
    const md5 = { type: 'password', secretData: '{"value":"AAAA","salt":"AAAAAAAAAAAAAAAAAAAAAA==","additionalParameters":{}}', credentialData: '{"hashIterations":1,"algorithm":"md5","additionalParameters":{}}' };
    assert.throws(() => readCredential(md5, 'users[12].credentials[0]'), { message: 'users[12].credentials[0]: unknown algorithm "md5"' });
    assert.throws(() => readCredential({ ...md5, secretData: 'not json' }, 'users[1].credentials[0]'), /^Error|users\[1\]\.credentials\[0\]: .*secretData/);
    assert.throws(() => readCredential({ type: 'password' }, 'users[2].credentials[0]'), { message: 'users[2].credentials[0]: has neither a value nor secretData' });
  });

  it('keeps an older OTP credential as an otp credential', () => {
    const read = readCredential({ type: 'totp', value: 'JBSWY3DPEHPK3PXP', digits: 6, period: 30, algorithm: 'HmacSHA1' }, 'p');
    assert.equal(read.kind, 'stored');
    if (read.kind !== 'stored') return;
    assert.equal(read.credential.type, 'otp');
    assert.equal(JSON.parse(read.credential.secretData).value, 'JBSWY3DPEHPK3PXP');
  });
});
