import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { adminCall, fixtureFiles, knownUsers, masterAdminToken, passwordGrant, readFixture } from './fixtures.ts';

const server = useGatehouseServer([]);

describe('POST /admin/realms with the 20 real Keycloak exports', () => {
  it('creates every realm from its full representation, and partialImport adds the separate users files', { timeout: 240_000 }, async () => {
    const token = await masterAdminToken(server.baseUrl);
    const usersFiles: { realm: string; users: unknown[] }[] = [];
    for (const file of fixtureFiles()) {
      const data = readFixture(file);
      for (const rep of (Array.isArray(data) ? data : [data]) as Record<string, unknown>[]) {
        if (/-users-\d+\.json$/.test(file)) {
          usersFiles.push(rep as { realm: string; users: unknown[] });
          continue;
        }
        const created = await adminCall(server.baseUrl, token, 'POST', '', rep);
        if (rep.realm === 'master') {
          // As in Keycloak: the whole-server export's master cannot be created again.
          assert.equal(created.status, 409, `${file}: master`);
          continue;
        }
        assert.equal(created.status, 201, `${file}: ${JSON.stringify(created.body)}`);
        assert.equal(created.location, `${server.baseUrl}/admin/realms/${encodeURIComponent(String(rep.realm))}`);
      }
    }
    assert.equal(usersFiles.length, 2);
    for (const { realm, users } of usersFiles) {
      const result = await adminCall(server.baseUrl, token, 'POST', `/${encodeURIComponent(realm)}/partialImport`, { ifResourceExists: 'FAIL', users });
      assert.equal(result.status, 200, JSON.stringify(result.body));
      assert.equal((result.body as { added: number }).added, users.length);
    }
  });

  it('lets the listed users sign in with their old passwords', { timeout: 240_000 }, async () => {
    for (const user of knownUsers) {
      const { status, body } = await passwordGrant(server.baseUrl, user.realm, user.username, user.password);
      assert.equal(status, user.outcome === 'token' ? 200 : 400, `${user.realm}/${user.username}: ${JSON.stringify(body)}`);
    }
  });

  it('keeps what the export held: flows bound by alias, the user profile, IdPs with masked secrets, SMTP and password policy', async () => {
    const token = await masterAdminToken(server.baseUrl);
    const sau = (await adminCall(server.baseUrl, token, 'GET', '/sau')).body as Record<string, unknown>;
    assert.match(String(sau.passwordPolicy), /^length\(12\) and notUsername/);
    assert.equal((sau.smtpServer as Record<string, unknown>).password, '**********');
    const ekir = (await adminCall(server.baseUrl, token, 'GET', '/ekir')).body as Record<string, unknown>;
    const realm = await server.store.realms.findByName('ekir');
    const flow = await server.store.flows.findFlowByAlias(realm!.id, String(ekir.registrationFlow));
    assert.ok(flow, 'the bound registration flow exists');
    const steps = (await server.store.flows.listRealmExecutions(realm!.id)).map((e) => e.authenticator);
    assert.ok(steps.includes('agecheck-block-action'), 'a step of another server is kept as data');
    const idps = (await adminCall(server.baseUrl, token, 'GET', '/Endusers/identity-provider/instances')).body as Record<string, unknown>[];
    assert.deepEqual(idps.map((p) => p.providerId).sort(), ['oidc', 'oidc', 'saml']);
    const happy = (await adminCall(server.baseUrl, token, 'GET', '/HappyPaws/identity-provider/instances/github')).body as Record<string, unknown>;
    assert.equal((happy.config as Record<string, unknown>).clientSecret, '**********');
    const happyRealm = await server.store.realms.findByName('HappyPaws');
    const profile = await server.store.components.list(happyRealm!.id, { providerType: 'org.keycloak.userprofile.UserProfileProvider' });
    assert.equal(profile.length, 1);
    const attributes = (JSON.parse(profile[0]!.config['kc.user.profile.config']![0]!) as { attributes: { name: string }[] }).attributes.map((a) => a.name);
    assert.ok(attributes.length > 4, 'custom profile attributes are there');
  });
});
