import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeAdminCall, maskSecrets } from './admin-events.ts';
import type { AdminRoute } from './types.ts';

const route = (method: AdminRoute['method'], path: string): AdminRoute => ({ method, path, permission: 'manage-users', handler: async () => ({ status: 204 }) });
const ok = { status: 204 };

describe('admin event derivation', () => {
  it("names operations, Keycloak's resource types and resource paths from the route", () => {
    const created = describeAdminCall(route('POST', '/users'), {}, { status: 201, location: 'http://x/admin/realms/r/users/u-1' });
    assert.deepEqual(created, { operationType: 'CREATE', resourceType: 'USER', resourcePath: 'users/u-1' });
    assert.deepEqual(describeAdminCall(route('PUT', '/users/:id'), { id: 'u-1' }, ok), { operationType: 'UPDATE', resourceType: 'USER', resourcePath: 'users/u-1' });
    assert.deepEqual(describeAdminCall(route('PUT', '/users/:id/reset-password'), { id: 'u-1' }, ok)?.operationType, 'ACTION');
    assert.deepEqual(describeAdminCall(route('PUT', '/users/:id/groups/:groupId'), { id: 'u', groupId: 'g' }, ok), { operationType: 'CREATE', resourceType: 'GROUP_MEMBERSHIP', resourcePath: 'users/u/groups/g' });
    assert.equal(describeAdminCall(route('POST', '/users/:id/role-mappings/realm'), { id: 'u' }, ok)?.resourceType, 'REALM_ROLE_MAPPING');
    assert.equal(describeAdminCall(route('DELETE', '/groups/:id/role-mappings/clients/:client'), { id: 'g', client: 'c' }, ok)?.resourceType, 'CLIENT_ROLE_MAPPING');
    assert.deepEqual(describeAdminCall(route('POST', '/roles'), {}, { status: 201, location: 'http://x/admin/realms/r/roles/an%20editor' })?.resourcePath, 'roles/an editor');
    assert.equal(describeAdminCall(route('POST', '/clients/:id/protocol-mappers/models'), { id: 'c' }, { status: 201 })?.resourceType, 'PROTOCOL_MAPPER');
    assert.equal(describeAdminCall(route('POST', '/authentication/flows/:alias/executions/flow'), { alias: 'f' }, { status: 201 })?.resourceType, 'AUTH_EXECUTION_FLOW');
    assert.deepEqual(describeAdminCall(route('POST', '/authentication/executions/:id/raise-priority'), { id: 'e' }, ok), { operationType: 'UPDATE', resourceType: 'AUTH_EXECUTION', resourcePath: 'authentication/executions/e/raise-priority' });
    assert.equal(describeAdminCall(route('POST', '/identity-provider/instances/:alias/mappers'), { alias: 'g' }, { status: 201 })?.resourceType, 'IDENTITY_PROVIDER_MAPPER');
    assert.equal(describeAdminCall(route('PUT', '/users/profile'), {}, { status: 200 })?.resourceType, 'USER_PROFILE');
    assert.deepEqual(describeAdminCall(route('PUT', ''), {}, ok), { operationType: 'UPDATE', resourceType: 'REALM', resourcePath: '' });
    assert.equal(describeAdminCall(route('DELETE', '/sessions/:session'), { session: 's' }, ok)?.resourceType, 'USER_SESSION');
  });

  it('records no reads, no failures, no exports and no clearing of the event stores', () => {
    assert.equal(describeAdminCall(route('GET', '/users'), {}, { status: 200 }), undefined);
    assert.equal(describeAdminCall(route('POST', '/users'), {}, { status: 409 }), undefined);
    assert.equal(describeAdminCall(route('POST', '/partial-export'), {}, { status: 200 }), undefined);
    assert.equal(describeAdminCall(route('DELETE', '/admin-events'), {}, ok), undefined);
    assert.equal(describeAdminCall({ ...route('POST', '/admin/realms'), global: true }, {}, { status: 201 }), undefined);
  });

  it('masks passwords, secrets and credential values but keeps settings that merely mention them', () => {
    const masked = maskSecrets({
      username: 'a',
      credentials: [{ type: 'password', value: 'p4ss', temporary: false }],
      secret: 's',
      smtpServer: { host: 'h', password: 'pw' },
      passwordPolicy: 'length(8)',
      config: { clientSecret: 'cs', bindCredential: 'b' },
    });
    assert.deepEqual(masked, {
      username: 'a',
      credentials: [{ type: 'password', value: '**********', temporary: false }],
      secret: '**********',
      smtpServer: { host: 'h', password: '**********' },
      passwordPolicy: 'length(8)',
      config: { clientSecret: '**********', bindCredential: '**********' },
    });
  });
});
