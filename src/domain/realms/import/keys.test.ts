import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { importRep, uniqueRealm } from '../../../../test/support/import-realm.ts';
import { useTestStore } from '../../../../test/support/test-store.ts';
import { componentFromKey, keyFromComponent, KEY_PROVIDER_TYPE } from './keys.ts';

const holder = useTestStore();

const rsaComponent = (privateKey: string) => ({
  id: 'c1', realmId: 'r', parentId: 'r', name: 'rsa-generated', providerId: 'rsa-generated', providerType: KEY_PROVIDER_TYPE, subType: null,
  config: { privateKey: [privateKey], certificate: ['MIIC'], priority: ['100'], keyUse: ['SIG'] },
});

describe('import: realm keys', () => {
  it('reads Keycloak\'s armour-less PKCS#1 private key, with Keycloak\'s kid and the certificate', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64');
    const key = keyFromComponent('r', rsaComponent(der), 0, 'components[0]');
    assert.equal(key.algorithm, 'RS256');
    assert.equal(key.certificate, 'MIIC');
    assert.equal(key.publicJwk?.kid, key.kid);
    assert.equal(key.kid.length, 43);
    const back = componentFromKey(key, 'r');
    assert.equal(back.config.privateKey?.[0], der, 'exported as Keycloak stores it');
  });

  it('names a private key that is not one', () => {
    assert.throws(() => keyFromComponent('r', rsaComponent('bm90IGEga2V5'), 0, 'components["org.keycloak.keys.KeyProvider"][0]'), /^Error|components\["org\.keycloak\.keys\.KeyProvider"\]\[0\]\.config\.privateKey: /);
  });

  it('signs with the imported keys, and generates those the file lacks', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64');
    const withKey = await importRep(holder.store, {
      realm: uniqueRealm('keys'),
      components: { [KEY_PROVIDER_TYPE]: [{ name: 'rsa', providerId: 'rsa-generated', config: { privateKey: [der], priority: ['100'] } }, { name: 'aes', providerId: 'aes-generated', config: { secret: ['x'], kid: ['k'] } }] },
    });
    const keys = await holder.store.keys.listForRealm(withKey.id);
    assert.equal(keys.filter((k) => k.algorithm === 'RS256').length, 1, 'no second RSA key is generated');
    assert.equal(keys.filter((k) => k.algorithm.startsWith('HS')).length, 1, 'an HMAC key is generated');
    const aes = await holder.store.components.list(withKey.id, { providerType: KEY_PROVIDER_TYPE });
    assert.deepEqual(aes.map((c) => c.providerId), ['aes-generated'], 'providers Gatehouse does not sign with stay components');
    const bare = await importRep(holder.store, { realm: uniqueRealm('keys') });
    assert.equal((await holder.store.keys.listForRealm(bare.id)).length, 2);
  });
});
