import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { RealmSnapshot } from '../protocol/oidc/realm-snapshot.ts';
import { cookieKey, readCookie, seal, setCookie, unseal } from './cookies.ts';

const snapshot = (secret?: string, realmId = 'realm-1') =>
  ({
    realm: { id: realmId, name: 'acme' },
    keys: secret ? [{ algorithm: 'HS512', enabled: true, active: true, privateJwk: { k: secret } }] : [],
  }) as unknown as RealmSnapshot;

describe('account cookies', () => {
  const secret = randomBytes(64).toString('base64url');
  const key = cookieKey(snapshot(secret));
  const now = 1_000_000;

  it('round-trips a sealed value until it expires', () => {
    const sealed = seal(key, 'A', { uid: 'u1', exp: now + 10 });
    assert.deepEqual(unseal(key, 'A', sealed, now), { uid: 'u1', exp: now + 10 });
    assert.equal(unseal(key, 'A', sealed, now + 10), undefined, 'expired');
  });

  it('refuses a changed value, another purpose, another realm key and garbage', () => {
    const sealed = seal(key, 'A', { uid: 'u1', exp: now + 10 });
    const [, mac] = sealed.split('.');
    const forged = `${Buffer.from(JSON.stringify({ uid: 'admin', exp: now + 10 })).toString('base64url')}.${mac}`;
    assert.equal(unseal(key, 'A', forged, now), undefined);
    assert.equal(unseal(key, 'B', sealed, now), undefined, 'a sign-in cookie is no session cookie');
    assert.equal(unseal(cookieKey(snapshot(secret, 'realm-2')), 'A', sealed, now), undefined, 'another realm');
    assert.equal(unseal(cookieKey(snapshot(randomBytes(64).toString('base64url'))), 'A', sealed, now), undefined, 'a rotated key');
    for (const junk of [undefined, '', '.', 'abc', 'abc.def', `${sealed}x`]) assert.equal(unseal(key, 'A', junk, now), undefined);
  });

  it('needs the realm HS512 key', () => {
    assert.throws(() => cookieKey(snapshot()), /no HS512 key/);
  });

  it('reads one cookie from a header and writes httpOnly, SameSite=Lax cookies', () => {
    assert.equal(readCookie('a=1; GATEHOUSE_ACCOUNT=x.y; b=2', 'GATEHOUSE_ACCOUNT'), 'x.y');
    assert.equal(readCookie('a=1', 'GATEHOUSE_ACCOUNT'), undefined);
    assert.equal(setCookie('n', 'v', { path: '/realms/acme/account', maxAge: 60, secure: true }), 'n=v; Path=/realms/acme/account; Max-Age=60; HttpOnly; SameSite=Lax; Secure');
    assert.match(setCookie('n', '', { path: '/p', maxAge: 0, secure: false }), /^n=; Path=\/p; Max-Age=0; HttpOnly; SameSite=Lax; Expires=Thu, 01 Jan 1970/);
  });
});
