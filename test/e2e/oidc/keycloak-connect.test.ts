import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

// keycloak-connect is CommonJS and ships no types; its grant manager is what Express apps use.
const require = createRequire(import.meta.url);
const Config = require('keycloak-connect/middleware/auth-utils/config') as new (config: Record<string, unknown>) => unknown;
const GrantManager = require('keycloak-connect/middleware/auth-utils/grant-manager') as new (config: unknown) => {
  obtainDirectly(username: string, password: string, callback?: undefined, scope?: string): Promise<{ access_token: { content: Record<string, unknown> }; id_token?: { content: Record<string, unknown> } }>;
  validateAccessToken(token: unknown): Promise<unknown>;
  userInfo(token: unknown): Promise<Record<string, unknown>>;
  ensureFreshness(grant: unknown): Promise<unknown>;
};

const server = useGatehouseServer([
  {
    name: 'express',
    clients: [{ clientId: 'node-app', secret: 'node-secret', directAccessGrantsEnabled: true, redirectUris: ['http://127.0.0.1/*'] }],
    users: [{ username: 'kim', password: 'kim-password-1', email: 'kim@example.com' }],
  },
]);

function grantManager() {
  const config = new Config({
    realm: 'express',
    'auth-server-url': server.baseUrl,
    'ssl-required': 'none',
    resource: 'node-app',
    credentials: { secret: 'node-secret' },
  });
  return new GrantManager(config);
}

describe('keycloak-connect, unchanged', () => {
  it("obtains a grant whose tokens pass keycloak-connect's own checks (signature by kid, iss, typ, azp)", async () => {
    const grant = await grantManager().obtainDirectly('kim', 'kim-password-1', undefined, 'openid');
    assert.equal(grant.access_token.content.preferred_username, 'kim');
    assert.equal(grant.access_token.content.typ, 'Bearer');
    assert.equal(grant.id_token?.content.typ, 'ID');
  });

  it('validates an access token online and reads the user info with it', async () => {
    const manager = grantManager();
    const grant = await manager.obtainDirectly('kim', 'kim-password-1', undefined, 'openid');
    assert.ok(await manager.validateAccessToken(grant.access_token));
    const info = await manager.userInfo(grant.access_token);
    assert.equal(info.email, 'kim@example.com');
  });

  it('refuses a wrong password', async () => {
    await assert.rejects(grantManager().obtainDirectly('kim', 'wrong'));
  });
});
