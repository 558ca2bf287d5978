import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashRaw } from '@node-rs/argon2';
import type { Algorithm, Version } from '@node-rs/argon2';
import { isGatehouseError } from '../../kernel/errors.ts';
import {
  defaultHashPolicy, hashPassword, needsRehash, parseStoredPasswordHash, supportedHashAlgorithms, verifyPassword,
} from './password-hashing.ts';
import { repoRoot } from '../../../test/support/repo-root.ts';
import type { StoredPasswordHash } from './password-hashing.ts';

const fixtures = join(repoRoot, '..', 'shared', 'fixtures', 'keycloak-realms');

/** A credential as Keycloak stores it, made here with node:crypto so the module is not checked against itself. */
function pbkdf2Credential(password: string, algorithm: string, digest: string, keyLength: number, iterations = 1000): StoredPasswordHash {
  const salt = randomBytes(16);
  const value = pbkdf2Sync(password, salt, iterations, keyLength, digest);
  return parseStoredPasswordHash(
    JSON.stringify({ value: value.toString('base64'), salt: salt.toString('base64'), additionalParameters: {} }),
    JSON.stringify({ hashIterations: iterations, algorithm, additionalParameters: {} }),
  );
}

interface ExportedCredential { type: string; secretData: string; credentialData: string }
interface ExportedUser { username: string; credentials?: ExportedCredential[] }
interface ExportedRealm { realm: string; users?: ExportedUser[] }

/** Reads a user's password credential from a realm export the way an import would see it. */
async function exportedCredential(file: string, realm: string, username: string): Promise<StoredPasswordHash> {
  const parsed = JSON.parse(await readFile(join(fixtures, file), 'utf8')) as ExportedRealm | ExportedRealm[];
  const realms = Array.isArray(parsed) ? parsed : [parsed];
  const user = realms.find((r) => r.realm === realm)?.users?.find((u) => u.username === username);
  const credential = user?.credentials?.find((c) => c.type === 'password');
  assert.ok(credential, `${username} in ${file} has a password credential`);
  return parseStoredPasswordHash(credential.secretData, credential.credentialData);
}

function rejectsWith(code: string) {
  return (error: unknown) => isGatehouseError(error) && error.code === code;
}

const pbkdf2Cases = [
  { algorithm: 'pbkdf2-sha512', digest: 'sha512', keyLength: 64 },
  { algorithm: 'pbkdf2-sha256', digest: 'sha256', keyLength: 32 },
  { algorithm: 'pbkdf2-sha256', digest: 'sha256', keyLength: 64 },
  { algorithm: 'pbkdf2', digest: 'sha1', keyLength: 64 },
];
for (const { algorithm, digest, keyLength } of pbkdf2Cases) {
  test(`a user imported with a ${keyLength}-byte ${algorithm} hash signs in with their old password, not another`, async () => {
    const stored = pbkdf2Credential('correct horse ✓', algorithm, digest, keyLength);
    assert.equal(await verifyPassword('correct horse ✓', stored), true);
    assert.equal(await verifyPassword('correct horse', stored), false);
    assert.equal(await verifyPassword('', stored), false);
  });
}

test('a new password is stored as Keycloak 26 stores it: argon2id, 5 passes, 7168 KiB, 32-byte hash, 16-byte salt', async () => {
  const stored = await hashPassword('s3cret pass');
  assert.deepEqual(stored.credentialData, {
    hashIterations: 5,
    algorithm: 'argon2',
    additionalParameters: { hashLength: ['32'], memory: ['7168'], type: ['id'], version: ['1.3'], parallelism: ['1'] },
  });
  assert.equal(JSON.stringify(stored.credentialData),
    '{"hashIterations":5,"algorithm":"argon2","additionalParameters":{"hashLength":["32"],"memory":["7168"],"type":["id"],"version":["1.3"],"parallelism":["1"]}}');
  assert.deepEqual(stored.secretData.additionalParameters, {});
  assert.equal(Buffer.from(stored.secretData.value, 'base64').length, 32);
  assert.equal(Buffer.from(stored.secretData.salt, 'base64').length, 16);
  const expected = await hashRaw('s3cret pass', {
    algorithm: 2 as Algorithm, version: 1 as Version, timeCost: 5, memoryCost: 7168, parallelism: 1, outputLen: 32,
    salt: Buffer.from(stored.secretData.salt, 'base64'),
  });
  assert.equal(stored.secretData.value, expected.toString('base64'));
});

test('a user who set a password here signs in with it and not with a wrong one, and is not rehashed', async () => {
  const stored = await hashPassword('s3cret pass', defaultHashPolicy);
  const reparsed = parseStoredPasswordHash(JSON.stringify(stored.secretData), JSON.stringify(stored.credentialData));
  assert.equal(await verifyPassword('s3cret pass', reparsed), true);
  assert.equal(await verifyPassword('s3cret pasS', reparsed), false);
  assert.equal(needsRehash(reparsed), false);
  assert.equal(needsRehash(reparsed, { algorithm: 'argon2', iterations: -1 }), false);
});

test('two users with the same password get different salts and hashes', async () => {
  const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
  assert.notEqual(a.secretData.salt, b.secretData.salt);
  assert.notEqual(a.secretData.value, b.secretData.value);
});

test('an argon2 hash made with other parameters still signs the user in, and is upgraded afterwards', async () => {
  const salt = randomBytes(16);
  const value = await hashRaw('old pass', {
    algorithm: 1 as Algorithm, version: 0 as Version, timeCost: 2, memoryCost: 4096, parallelism: 1, outputLen: 32, salt,
  });
  const stored = parseStoredPasswordHash(
    JSON.stringify({ value: value.toString('base64'), salt: salt.toString('base64'), additionalParameters: {} }),
    JSON.stringify({ hashIterations: 2, algorithm: 'argon2',
      additionalParameters: { hashLength: ['32'], memory: ['4096'], type: ['i'], version: ['1.0'], parallelism: ['1'] } }),
  );
  assert.equal(await verifyPassword('old pass', stored), true);
  assert.equal(await verifyPassword('old pas', stored), false);
  assert.equal(needsRehash(stored), true);
  // Only the memory differs from the defaults: still upgraded.
  const memoryOnly = structuredClone(stored);
  memoryOnly.credentialData.hashIterations = 5;
  memoryOnly.credentialData.additionalParameters = { hashLength: ['32'], memory: ['4096'], type: ['id'], version: ['1.3'], parallelism: ['1'] };
  assert.equal(needsRehash(memoryOnly), true);
});

test('argon2 hashes of every type and version verify against the reference implementation vectors', async () => {
  // From the argon2 reference test suite (phc-winner-argon2 src/test.c), password "password".
  const vectors = [
    { type: 'i', version: '1.0', memory: 256, salt: 'somesalt', hex: 'fd4dd83d762c49bdeaf57c47bdcd0c2f1babf863fdeb490df63ede9975fccf06' },
    { type: 'i', version: '1.3', memory: 65536, salt: 'somesalt', hex: 'c1628832147d9720c5bd1cfd61367078729f6dfb6f8fea9ff98158e0d7816ed0' },
    { type: 'd', version: '1.3', memory: 65536, salt: 'diffsalt', hex: 'f00eb8a999a1c6949c61fbbee3c3cece5066e3ff5c79aed421266055e2bf4dd7' },
    { type: 'id', version: '1.3', memory: 65536, salt: 'somesalt', hex: '09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7' },
  ];
  for (const v of vectors) {
    const stored = parseStoredPasswordHash(
      JSON.stringify({ value: Buffer.from(v.hex, 'hex').toString('base64'), salt: Buffer.from(v.salt).toString('base64') }),
      JSON.stringify({ hashIterations: 2, algorithm: 'argon2', additionalParameters:
        { hashLength: ['32'], memory: [String(v.memory)], type: [v.type], version: [v.version], parallelism: ['1'] } }),
    );
    assert.equal(await verifyPassword('password', stored), true, `argon2${v.type} v${v.version}`);
    assert.equal(await verifyPassword('Password', stored), false, `argon2${v.type} v${v.version}`);
  }
});

test('users exported from Keycloak 26 with argon2 hashes sign in with their documented password', async () => {
  for (const username of ['peter', 'anna']) {
    const stored = await exportedCredential('lakekeeper__lakekeeper__access-control-simple-realm.json', 'iceberg', username);
    assert.equal(await verifyPassword('iceberg', stored), true, username);
    assert.equal(await verifyPassword('Iceberg', stored), false, username);
    assert.equal(needsRehash(stored), false, username);
  }
});

test('users exported from Keycloak with pbkdf2 hashes sign in with their documented password', async () => {
  const cases = [
    { file: 'Equal-Vote__star-server__dev-realm.json', realm: 'Dev', username: 'playwrighttest', password: 'test', bytes: 64 },
    { file: 'Amsterdam__signals__signals-realm-export.json', realm: 'signals', username: 'signals.admin@example.com', password: 'password', bytes: 32 },
    // An older export: 64-byte pbkdf2-sha256 and no additionalParameters at all.
    { file: 'jhipster__jhipster-sample-app-oauth2__jhipster-realm.json', realm: 'jhipster', username: 'admin', password: 'admin', bytes: 64 },
  ];
  for (const c of cases) {
    const stored = await exportedCredential(c.file, c.realm, c.username);
    assert.equal(Buffer.from(stored.secretData.value, 'base64').length, c.bytes);
    assert.equal(await verifyPassword(c.password, stored), true, c.username);
    assert.equal(await verifyPassword(`${c.password}x`, stored), false, c.username);
    // The realm default is argon2, so the next sign-in upgrades the hash.
    assert.equal(needsRehash(stored), true, c.username);
  }
});

test('a realm whose policy asks for pbkdf2-sha256 stores 32-byte pbkdf2-sha256 hashes that sign in', async () => {
  const policy = { algorithm: 'pbkdf2-sha256', iterations: 1000 };
  const stored = await hashPassword('pw', policy);
  assert.deepEqual(stored.credentialData, { hashIterations: 1000, algorithm: 'pbkdf2-sha256', additionalParameters: {} });
  const salt = Buffer.from(stored.secretData.salt, 'base64');
  assert.equal(salt.length, 16);
  assert.equal(stored.secretData.value, pbkdf2Sync('pw', salt, 1000, 32, 'sha256').toString('base64'));
  assert.equal(await verifyPassword('pw', stored), true);
  assert.equal(needsRehash(stored, policy), false);
  assert.equal(needsRehash(stored, { algorithm: 'pbkdf2-sha256', iterations: 2000 }), true);
  assert.equal(needsRehash(stored), true);
});

test('pbkdf2-sha512 and sha1 policies make 64-byte hashes', async () => {
  for (const [algorithm, digest] of [['pbkdf2-sha512', 'sha512'], ['pbkdf2', 'sha1']] as const) {
    const stored = await hashPassword('pw', { algorithm, iterations: 1000 });
    const salt = Buffer.from(stored.secretData.salt, 'base64');
    assert.equal(stored.secretData.value, pbkdf2Sync('pw', salt, 1000, 64, digest).toString('base64'), algorithm);
  }
});

test('a realm policy without iterations uses Keycloak 26 defaults, so hashes at those counts are kept', () => {
  const defaults = [['pbkdf2-sha512', 210_000, 64], ['pbkdf2-sha256', 600_000, 32], ['pbkdf2', 1_300_000, 64]] as const;
  for (const [algorithm, iterations, keyLength] of defaults) {
    const stored = parseStoredPasswordHash(
      JSON.stringify({ value: Buffer.alloc(keyLength, 1).toString('base64'), salt: Buffer.alloc(16).toString('base64') }),
      JSON.stringify({ hashIterations: iterations, algorithm }),
    );
    assert.equal(needsRehash(stored, { algorithm }), false, algorithm);
    assert.equal(needsRehash(stored, { algorithm, iterations: -1 }), false, algorithm);
    assert.equal(needsRehash(stored, { algorithm, iterations: iterations + 1 }), true, algorithm);
  }
});

test('an old 64-byte pbkdf2-sha256 hash is upgraded to the 32-byte form even when the iterations match', () => {
  const stored = pbkdf2Credential('pw', 'pbkdf2-sha256', 'sha256', 64);
  assert.equal(needsRehash(stored, { algorithm: 'pbkdf2-sha256', iterations: 1000 }), true);
});

test('an argon2 policy with PBKDF2-sized iterations falls back to 5 passes, as in Keycloak', async () => {
  assert.equal((await hashPassword('pw', { algorithm: 'argon2', iterations: 27500 })).credentialData.hashIterations, 5);
  assert.equal((await hashPassword('pw', { algorithm: 'argon2', iterations: -1 })).credentialData.hashIterations, 5);
  const three = await hashPassword('pw', { algorithm: 'argon2', iterations: 3 });
  assert.equal(three.credentialData.hashIterations, 3);
  assert.equal(await verifyPassword('pw', three), true);
  assert.equal(needsRehash(three, { algorithm: 'argon2', iterations: 3 }), false);
  assert.equal(needsRehash(three), true);
});

test('a stored argon2 hash whose length differs from its hashLength is a failed sign-in, not a crash', async () => {
  const stored = await hashPassword('pw');
  stored.credentialData.additionalParameters.hashLength = ['16'];
  assert.equal(await verifyPassword('pw', stored), false);
});

test('a credential hashed with an algorithm Gatehouse does not know is refused with GH_UNSUPPORTED_HASH', async () => {
  assert.throws(
    () => parseStoredPasswordHash('{"value":"AAAA","salt":"AAAA"}', '{"hashIterations":10,"algorithm":"bcrypt","additionalParameters":{}}'),
    rejectsWith('GH_UNSUPPORTED_HASH'),
  );
  await assert.rejects(hashPassword('pw', { algorithm: 'md5' }), rejectsWith('GH_UNSUPPORTED_HASH'));
  await assert.rejects(hashPassword('pw', { algorithm: 'constructor' }), rejectsWith('GH_UNSUPPORTED_HASH'));
  const stored = pbkdf2Credential('pw', 'pbkdf2', 'sha1', 64);
  stored.credentialData.algorithm = 'sha256';
  await assert.rejects(verifyPassword('pw', stored), rejectsWith('GH_UNSUPPORTED_HASH'));
  assert.equal(needsRehash(stored, { algorithm: 'md5' }), false);
  assert.deepEqual(supportedHashAlgorithms, ['argon2', 'pbkdf2-sha512', 'pbkdf2-sha256', 'pbkdf2']);
});

test('a malformed stored credential is refused with GH_INVALID_INPUT', () => {
  const goodSecret = '{"value":"AAAA","salt":"AAAAAAAAAAAAAAAAAAAAAA==","additionalParameters":{}}';
  const goodPbkdf2 = '{"hashIterations":1000,"algorithm":"pbkdf2-sha256","additionalParameters":{}}';
  const argon2 = (params: object, iterations = 5) =>
    JSON.stringify({ hashIterations: iterations, algorithm: 'argon2', additionalParameters: params });
  const bad: Array<[string, string]> = [
    ['{"value":"AAAA",', goodPbkdf2],
    [goodSecret, 'not json'],
    ['[]', goodPbkdf2],
    ['{"salt":"AAAA"}', goodPbkdf2],
    ['{"value":"not base64!","salt":"AAAA"}', goodPbkdf2],
    ['{"value":"","salt":"AAAA"}', goodPbkdf2],
    [goodSecret, '{"hashIterations":"1000","algorithm":"pbkdf2-sha256"}'],
    [goodSecret, '{"hashIterations":0,"algorithm":"pbkdf2-sha256"}'],
    [goodSecret, '{"algorithm":"pbkdf2-sha256"}'],
    [goodSecret, '{"hashIterations":1000}'],
    [goodSecret, '{"hashIterations":1000,"algorithm":"pbkdf2-sha256","additionalParameters":{"x":"y"}}'],
    [goodSecret, argon2({ type: ['x'] })],
    [goodSecret, argon2({ version: ['1.2'] })],
    [goodSecret, argon2({ memory: ['lots'] })],
    [goodSecret, argon2({ memory: ['4'] })],
    [goodSecret, argon2({ memory: ['4294967295'] })],
    [goodSecret, argon2({ parallelism: ['0'] })],
    ['{"value":"AAAA","salt":"AAAA"}', argon2({})],
  ];
  for (const [secretData, credentialData] of bad) {
    assert.throws(() => parseStoredPasswordHash(secretData, credentialData), rejectsWith('GH_INVALID_INPUT'), `${secretData} ${credentialData}`);
  }
});
