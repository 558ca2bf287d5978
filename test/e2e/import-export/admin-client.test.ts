import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import type RealmRepresentation from '@keycloak/keycloak-admin-client/lib/defs/realmRepresentation.js';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { passwordGrant, readFixture } from './fixtures.ts';

const server = useGatehouseServer([]);

async function adminClient(): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  return kc;
}

describe('realm import and export with the unchanged Keycloak admin client', () => {
  it('creates a realm from a full export, adds users by partial import, and exports it', { timeout: 120_000 }, async () => {
    const kc = await adminClient();
    const rep = readFixture('oauth2-proxy__oauth2-proxy__oauth2-proxy-realm.json') as RealmRepresentation;
    const { realmName } = await kc.realms.create(rep);
    assert.equal(realmName, 'oauth2-proxy');
    const { users } = readFixture('oauth2-proxy__oauth2-proxy__oauth2-proxy-users-0.json') as { users: unknown[] };
    const result = await kc.realms.partialImport({ realm: 'oauth2-proxy', rep: { ifResourceExists: 'SKIP', users } as never });
    assert.equal(result.added, 1);
    assert.equal(result.results[0]?.resourceType, 'USER');
    const again = await kc.realms.partialImport({ realm: 'oauth2-proxy', rep: { ifResourceExists: 'SKIP', users } as never });
    assert.equal(again.skipped, 1);
    const grant = await passwordGrant(server.baseUrl, 'oauth2-proxy', 'admin@example.com', 'password');
    assert.equal(grant.body.error_description, 'Account is not fully set up', 'the hash verified; the profile lacks names, as in Keycloak');
    const exported = await kc.realms.export({ realm: 'oauth2-proxy', exportClients: true, exportGroupsAndRoles: true });
    const proxy = exported.clients?.find((c) => c.clientId === 'oauth2-proxy');
    assert.equal(proxy?.secret, '**********');
    assert.ok(exported.roles?.realm?.some((r) => r.name === 'offline_access'));
  });
});
