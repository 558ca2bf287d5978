import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realmExtras, realmSettingsOf } from './realm-settings.ts';

describe('import: realm settings, SMTP and password policy', () => {
  it('keeps every setting, known or not, and leaves out the collections', () => {
    const settings = realmSettingsOf({
      realm: 'r', enabled: true, registrationAllowed: true, smtpServer: { host: 'smtp.example.com', password: '**********' },
      passwordPolicy: 'length(12) and notUsername(undefined) and hashAlgorithm(argon2)', somethingNew: [1], users: [], clients: [],
    });
    assert.deepEqual(settings, {
      registrationAllowed: true, smtpServer: { host: 'smtp.example.com', password: '**********' },
      passwordPolicy: 'length(12) and notUsername(undefined) and hashAlgorithm(argon2)', somethingNew: [1],
    });
  });

  it('names a setting of the wrong type and a password policy Keycloak would refuse', () => {
    assert.throws(() => realmSettingsOf({ realm: 'r', registrationAllowed: 'yes' }), { message: 'registrationAllowed: expected a boolean' });
    assert.throws(() => realmSettingsOf({ realm: 'r', smtpServer: 'smtp' }), { message: 'smtpServer: expected an object' });
    assert.throws(() => realmSettingsOf({ realm: 'r', passwordPolicy: 'lenght(8)' }), { message: 'passwordPolicy: Invalid config for lenght: Password policy not found' });
  });

  it('keeps scope mappings and federated users for the export', () => {
    assert.deepEqual(realmExtras({ realm: 'r', scopeMappings: [{ client: 'c', roles: ['x'] }], users: [] }), { scopeMappings: [{ client: 'c', roles: ['x'] }] });
  });
});
