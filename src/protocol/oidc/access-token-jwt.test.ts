import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { importJWK, jwtVerify } from 'jose';
import type { KeyRecord } from '../../storage/ports.ts';
import { signRs256, verifiedTokenId } from './access-token-jwt.ts';
import type { RealmSnapshot } from './realm-snapshot.ts';

function rsaKey(kid: string, enabled = true): KeyRecord {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    id: kid,
    realmId: 'r',
    kid,
    providerId: 'rsa-generated',
    algorithm: 'RS256',
    use: 'sig',
    priority: 100,
    enabled,
    active: enabled,
    publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
    privateJwk: privateKey.export({ format: 'jwk' }) as Record<string, unknown>,
    certificate: null,
    createdAt: 0,
  };
}

const snapshotWith = (keys: KeyRecord[]) => ({ keys }) as unknown as RealmSnapshot;

test('an access token is a standard RS256 JWT with Keycloak’s header and claim order', async () => {
  const key = rsaKey('k1');
  const token = await signRs256(key, { sub: 'u1', jti: 'j1', exp: 2_000_000_000, iat: 1_900_000_000, iss: 'http://h/realms/r', scope: 'openid' });
  const [header] = token.split('.');
  assert.deepEqual(JSON.parse(Buffer.from(header!, 'base64url').toString()), { alg: 'RS256', typ: 'JWT', kid: 'k1' });
  const { payload } = await jwtVerify(token, await importJWK({ ...key.publicJwk, alg: 'RS256' }, 'RS256'), { currentDate: new Date(0) });
  assert.deepEqual(Object.keys(payload), ['exp', 'iat', 'jti', 'iss', 'sub', 'scope']);
});

test('a token presented by value yields its jti only with a valid signature by an enabled key of the realm', async () => {
  const key = rsaKey('k1');
  const other = rsaKey('k2');
  const token = await signRs256(key, { sub: 'u1', jti: 'j1' });
  assert.equal(await verifiedTokenId(snapshotWith([key]), token), 'j1');

  const [header, payload, signature] = token.split('.') as [string, string, string];
  const forged = Buffer.from(JSON.stringify({ sub: 'admin', jti: 'j2' })).toString('base64url');
  assert.equal(await verifiedTokenId(snapshotWith([key]), `${header}.${forged}.${signature}`), undefined);
  assert.equal(await verifiedTokenId(snapshotWith([other]), token), undefined, 'another realm’s key');
  assert.equal(await verifiedTokenId(snapshotWith([{ ...key, enabled: false }]), token), undefined, 'a disabled key');
  const none = Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url');
  assert.equal(await verifiedTokenId(snapshotWith([key]), `${none}.${payload}.`), undefined, 'alg none');
  assert.equal(await verifiedTokenId(snapshotWith([key]), 'not-a-jwt'), undefined);
  assert.equal(await verifiedTokenId(snapshotWith([key]), 'a.b.c'), undefined);
});
