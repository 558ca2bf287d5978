import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { runGatehouse } from '../../support/server-process.ts';
import { FIXTURES_DIR, fixtureFiles, knownUsers, passwordGrant } from './fixtures.ts';

const server = useGatehouseServer([]);

describe('gatehouse import --dir with the 20 real Keycloak exports', () => {
  it('imports every realm (users files joined to theirs) and skips master, which exists', { timeout: 240_000 }, async () => {
    assert.equal(fixtureFiles().length, 20);
    const started = Date.now();
    const cli = runGatehouse(['import', '--dir', FIXTURES_DIR, ...server.database.flags]);
    const code = await cli.exited;
    assert.equal(code, 0, cli.stderr());
    process.stdout.write(`# imported the fixture directory in ${Date.now() - started} ms\n`);
    assert.match(cli.stdout(), /Realm 'master' already exists; skipped/);
    const names = (await server.store.realms.list()).map((r) => r.name);
    for (const name of ['afyacheck', 'HappyPaws', 'tomcat-keycloak', 'sau', 'signals', 'Event-Booking-Service', 'Dev', 'ekir', 'Endusers', 'pdc', 'm4i',
      'pid-issuer-realm', 'jhipster', 'quickstart', 'iceberg', 'oauth2-proxy', 'quarkus', 'test-realm']) {
      assert.ok(names.includes(name), `realm ${name} was imported`);
    }
    const pid = await server.store.realms.findByName('pid-issuer-realm');
    assert.ok(await server.store.users.findByUsername(pid!.id, 'tneal'), 'users from pid-issuer-realm-users-0.json joined their realm');
  });

  it('lets every listed user sign in with the old password, or answers "Account is not fully set up" where Keycloak does', { timeout: 240_000 }, async () => {
    for (const user of knownUsers) {
      const { status, body } = await passwordGrant(server.baseUrl, user.realm, user.username, user.password);
      const label = `${user.realm}/${user.username}`;
      if (user.outcome === 'token') {
        assert.equal(status, 200, `${label}: ${JSON.stringify(body)}`);
        assert.equal(typeof body.access_token, 'string', label);
      } else {
        assert.equal(status, 400, `${label}: ${JSON.stringify(body)}`);
        assert.deepEqual(body, { error: 'invalid_grant', error_description: 'Account is not fully set up' }, label);
      }
      const wrong = await passwordGrant(server.baseUrl, user.realm, user.username, `${user.password}-wrong`);
      assert.equal(wrong.status, 401, `${label} with a wrong password`);
      assert.equal(wrong.body.error, 'invalid_grant', label);
    }
  });
});
