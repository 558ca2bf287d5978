import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStore } from '../../../test/support/test-store.ts';
import { systemClock } from '../../kernel/clock.ts';
import { isGatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Store } from '../../storage/ports.ts';
import { effectiveRoles } from '../roles/effective-roles.ts';
import { ensureMasterRealm } from './bootstrap.ts';
import { createRealm, deleteRealm, prepareRealmKeys } from './service.ts';

async function newRealm(store: Store, name: string, settings: Record<string, unknown> = {}) {
  const id = newId();
  const keys = await prepareRealmKeys(id, systemClock);
  return store.transaction((tx) => createRealm(tx, { id, name, keys, settings }, systemClock));
}

describe('a new realm', () => {
  const t = useTestStore();

  it("has Keycloak's default settings, with the caller's overrides", async () => {
    const realm = await newRealm(t.store, 'defaults', { registrationAllowed: true });
    assert.equal(realm.settings.registrationAllowed, true);
    assert.equal(realm.settings.loginWithEmailAllowed, true);
    assert.equal(realm.settings.accessTokenLifespan, 300);
    assert.equal(realm.settings.sslRequired, 'external');
    assert.equal(realm.settings.failureFactor, 30);
    assert.deepEqual(realm.settings.eventsListeners, ['jboss-logging']);
  });

  it('has the built-in clients, with admin-cli public and open to the password grant', async () => {
    const realm = await newRealm(t.store, 'clients');
    const clientIds = (await t.store.clients.list(realm.id)).map((c) => c.clientId);
    assert.deepEqual(clientIds, ['account', 'account-console', 'admin-cli', 'broker', 'realm-management', 'security-admin-console']);
    const adminCli = await t.store.clients.findByClientId(realm.id, 'admin-cli');
    assert.equal(adminCli?.data.publicClient, true);
    assert.equal(adminCli?.data.directAccessGrantsEnabled, true);
    const console = await t.store.clients.findByClientId(realm.id, 'security-admin-console');
    assert.deepEqual(console?.data.redirectUris, ['/admin/clients/console/*']);
  });

  it('gives new users default-roles-{realm}, which holds offline_access, uma_authorization and the account roles', async () => {
    const realm = await newRealm(t.store, 'Roles');
    const defaultRole = await t.store.roles.findRealmRole(realm.id, 'default-roles-roles');
    assert.ok(defaultRole, 'default-roles-roles exists');
    const composites = (await t.store.roles.listComposites(defaultRole.id)).map((r) => r.name).sort();
    assert.deepEqual(composites, ['manage-account', 'offline_access', 'uma_authorization', 'view-profile']);
    assert.deepEqual((realm.settings.defaultRole as { name: string }).name, 'default-roles-roles');
  });

  it("has realm-management's roles, with realm-admin holding them all", async () => {
    const realm = await newRealm(t.store, 'management');
    const client = await t.store.clients.findByClientId(realm.id, 'realm-management');
    const roles = await t.store.roles.listClientRoles(realm.id, client!.id);
    assert.equal(roles.length, 19);
    const realmAdmin = roles.find((r) => r.name === 'realm-admin')!;
    assert.equal((await t.store.roles.listComposites(realmAdmin.id)).length, 18);
  });

  it('has the default client scopes, linked to every built-in OIDC client', async () => {
    const realm = await newRealm(t.store, 'scopes');
    const scopes = await t.store.clientScopes.list(realm.id);
    const names = new Map(scopes.map((s) => [s.id, s.name]));
    const defaults = await t.store.clientScopes.listRealmDefaults(realm.id);
    assert.deepEqual(
      defaults.filter((d) => d.defaultScope).map((d) => names.get(d.scopeId)).sort(),
      ['acr', 'basic', 'email', 'profile', 'role_list', 'roles', 'saml_organization', 'web-origins'],
    );
    assert.deepEqual(defaults.filter((d) => !d.defaultScope).map((d) => names.get(d.scopeId)).sort(), ['address', 'microprofile-jwt', 'offline_access', 'organization', 'phone']);
    const account = await t.store.clients.findByClientId(realm.id, 'account');
    const links = await t.store.clients.listScopeLinks(account!.id);
    assert.deepEqual(links.filter((l) => l.defaultScope).map((l) => names.get(l.scopeId)).sort(), ['acr', 'basic', 'email', 'profile', 'roles', 'web-origins']);
    const profile = scopes.find((s) => s.name === 'profile')!;
    const claims = (profile.data.protocolMappers as { config: Record<string, string> }[]).map((m) => m.config['claim.name']);
    assert.ok(claims.includes('preferred_username') && claims.includes('given_name'));
  });

  it('has an active RS256 signing key and an HS512 secret', async () => {
    const realm = await newRealm(t.store, 'keys');
    const keys = await t.store.keys.listForRealm(realm.id);
    const rsa = keys.find((k) => k.algorithm === 'RS256');
    assert.ok(rsa?.active && rsa.publicJwk && rsa.publicJwk.kty === 'RSA' && rsa.publicJwk.kid === rsa.kid);
    assert.equal(rsa.publicJwk.d, undefined, 'the public JWK carries no private part');
    assert.ok(keys.some((k) => k.algorithm === 'HS512' && k.active));
  });

  it('refuses a second realm of the same name and a name that cannot be a URL segment', async () => {
    await newRealm(t.store, 'twice');
    await assert.rejects(newRealm(t.store, 'twice'), (e) => isGatehouseError(e, 'GH_CONFLICT'));
    await assert.rejects(newRealm(t.store, 'a/b'), (e) => isGatehouseError(e, 'GH_INVALID_INPUT'));
    await assert.rejects(newRealm(t.store, ' '), (e) => isGatehouseError(e, 'GH_INVALID_INPUT'));
  });
});

describe('the master realm', () => {
  const t = useTestStore();

  it('is created once, with an admin who holds every realm through the admin role', async () => {
    assert.deepEqual(await ensureMasterRealm(t.store, { username: 'root', password: 'correct horse' }, systemClock, async () => undefined), { created: true });
    assert.deepEqual(await ensureMasterRealm(t.store, { username: 'root', password: 'other' }, systemClock, async () => undefined), { created: false });
    const master = (await t.store.realms.findByName('master'))!;
    const admin = (await t.store.users.findByUsername(master.id, 'root'))!;
    assert.ok(admin);
    const acme = await newRealm(t.store, 'acme');
    const roles = await effectiveRoles(t.store, master.id, admin.id);
    const masterClients = new Map((await t.store.clients.list(master.id)).map((c) => [c.id, c.clientId]));
    const held = new Set(roles.map((r) => (r.clientId ? `${masterClients.get(r.clientId)}/${r.name}` : r.name)));
    for (const expected of ['admin', 'create-realm', 'master-realm/manage-users', 'acme-realm/manage-users', 'acme-realm/view-realm', 'offline_access']) {
      assert.ok(held.has(expected), `admin holds ${expected}`);
    }
    assert.ok(!(await t.store.clients.findByClientId(master.id, 'realm-management')), 'master manages itself through master-realm');
    await t.store.transaction((tx) => deleteRealm(tx, acme));
    assert.equal(await t.store.clients.findByClientId(master.id, 'acme-realm'), undefined, "a deleted realm's management client goes too");
  });

  it('is created by one of two processes starting at once', async () => {
    await t.store.transaction(async (tx) => {
      const master = await tx.realms.findByName('master');
      if (master) await tx.realms.delete(master.id);
    });
    const results = await Promise.all([
      ensureMasterRealm(t.store, { username: 'a', password: 'pw-a' }, systemClock, async () => undefined),
      ensureMasterRealm(t.store, { username: 'b', password: 'pw-b' }, systemClock, async () => undefined),
    ]);
    assert.equal(results.filter((r) => r.created).length, 1);
    const master = (await t.store.realms.findByName('master'))!;
    assert.equal(await t.store.users.count(master.id, {}), 1);
  });
});
