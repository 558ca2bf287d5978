import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isGatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { NewUser, RealmRecord, Store } from '../ports.ts';

export interface OpenedStore {
  store: Store;
  drop(): Promise<void>;
}

/**
 * The storage contract: every Store implementation passes this suite. Each test works in a
 * realm of its own, so the suite also checks that nothing leaks across realms.
 */
export function storeConformance(label: string, open: () => Promise<OpenedStore>): void {
  describe(`storage conformance (${label})`, () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await store.close();
      await opened.drop();
    });

    async function realm(settings: Record<string, unknown> = {}): Promise<RealmRecord> {
      const record: RealmRecord = { id: newId(), name: `r-${newId().slice(0, 8)}`, enabled: true, settings, createdAt: Date.now() };
      await store.realms.create(record);
      return record;
    }

    const user = (realmId: string, username: string, extra: Partial<NewUser> = {}): NewUser => ({
      id: newId(),
      realmId,
      username,
      email: null,
      emailVerified: false,
      firstName: null,
      lastName: null,
      enabled: true,
      serviceAccountClientLink: null,
      emailUnique: true,
      ...extra,
    });

    const conflictField = async (work: Promise<unknown>): Promise<string | undefined> => {
      try {
        await work;
        return undefined;
      } catch (error) {
        assert.ok(isGatehouseError(error, 'GH_CONFLICT'), `expected a conflict, got ${String(error)}`);
        return error.params[0];
      }
    };

    it('is ready once migrated', async () => {
      assert.equal(await store.ready(), true);
    });

    it('stores realm settings as data and finds realms by name and id', async () => {
      const r = await realm({ registrationAllowed: true, smtpServer: { host: 'mail' } });
      assert.deepEqual((await store.realms.findByName(r.name))?.settings, { registrationAllowed: true, smtpServer: { host: 'mail' } });
      assert.equal((await store.realms.findById(r.id))?.name, r.name);
      await store.realms.update({ ...r, enabled: false, settings: { verifyEmail: true } });
      const updated = await store.realms.findById(r.id);
      assert.equal(updated?.enabled, false);
      assert.deepEqual(updated?.settings, { verifyEmail: true });
      assert.ok((await store.realms.list()).some((x) => x.id === r.id));
    });

    it('refuses a second realm with the same name', async () => {
      const r = await realm();
      assert.ok(await conflictField(store.realms.create({ ...r, id: newId() })));
    });

    it('treats usernames as case-insensitive and refuses a taken one', async () => {
      const r = await realm();
      const created = await store.users.create(user(r.id, 'Alice'));
      assert.equal(created.username, 'alice');
      assert.equal((await store.users.findByUsername(r.id, 'ALICE'))?.id, created.id);
      assert.equal(await conflictField(store.users.create(user(r.id, 'alice'))), 'username');
    });

    it('refuses a taken email only where the realm forbids duplicates', async () => {
      const r = await realm();
      await store.users.create(user(r.id, 'a', { email: 'Same@Example.com' }));
      assert.equal(await conflictField(store.users.create(user(r.id, 'b', { email: 'same@example.com' }))), 'email');
      await store.users.create(user(r.id, 'c', { email: 'same@example.com', emailUnique: false }));
      assert.equal((await store.users.findByEmail(r.id, 'SAME@example.com')).length, 2);
    });

    it('keeps users of different realms apart', async () => {
      const [a, b] = [await realm(), await realm()];
      await store.users.create(user(a.id, 'same', { email: 'same@example.com' }));
      await store.users.create(user(b.id, 'same', { email: 'same@example.com' }));
      assert.equal(await store.users.count(a.id, {}), 1);
      assert.equal((await store.users.search(b.id, { search: 'same' })).length, 1);
    });

    it('lets exactly one of twenty concurrent sign-ups with one username through', async () => {
      const r = await realm();
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.transaction((tx) => tx.users.create(user(r.id, 'racer', { email: `racer${i}@example.com` })))),
      );
      assert.equal(results.filter((x) => x.status === 'fulfilled').length, 1);
      for (const failure of results.filter((x) => x.status === 'rejected')) {
        assert.ok(isGatehouseError(failure.reason, 'GH_CONFLICT'), String(failure.reason));
      }
      assert.equal(await store.users.count(r.id, {}), 1);
    });

    it("searches users the way Keycloak's search box does", async () => {
      const r = await realm();
      await store.users.create(user(r.id, 'jdoe', { email: 'john@example.com', firstName: 'John', lastName: 'Doe' }));
      await store.users.create(user(r.id, 'jane', { email: 'jane@corp.example', firstName: 'Jane', lastName: 'Smith' }));
      await store.users.create(user(r.id, 'bot', { serviceAccountClientLink: newId() }));
      const names = async (search: string) => (await store.users.search(r.id, { search })).map((u) => u.username);
      assert.deepEqual(await names('j'), ['jane', 'jdoe']);
      assert.deepEqual(await names('smi'), ['jane']);
      assert.deepEqual(await names('*example.com*'), ['jdoe']);
      assert.deepEqual(await names('"jdoe"'), ['jdoe']);
      assert.deepEqual(await names('"jd"'), []);
      assert.deepEqual(await names('100%'), []);
      assert.deepEqual(await names('bot'), [], 'service accounts stay out of searches');
      assert.deepEqual((await store.users.search(r.id, { lastName: 'doe', exact: true })).map((u) => u.username), ['jdoe']);
      assert.deepEqual((await store.users.search(r.id, { email: 'corp' })).map((u) => u.username), ['jane']);
      assert.equal(await store.users.count(r.id, { search: 'j' }), 2);
      assert.deepEqual((await store.users.search(r.id, { first: 1, max: 1 })).map((u) => u.username), ['jdoe']);
    });

    it('stores multi-valued attributes and finds users by them', async () => {
      const r = await realm();
      const u = await store.users.create(user(r.id, 'multi'));
      await store.users.create(user(r.id, 'other'));
      await store.users.setAttributes(r.id, u.id, { phone: ['+1 555'], tags: ['a', 'b'] });
      assert.deepEqual(await store.users.getAttributes(u.id), { phone: ['+1 555'], tags: ['a', 'b'] });
      assert.deepEqual((await store.users.search(r.id, { attributes: { tags: 'b' } })).map((x) => x.username), ['multi']);
      await store.users.setAttributes(r.id, u.id, { tags: ['c'] });
      assert.deepEqual(await store.users.getAttributes(u.id), { tags: ['c'] });
    });

    it('keeps required actions as a set and removes what hangs off a deleted user', async () => {
      const r = await realm();
      const u = await store.users.create(user(r.id, 'actions'));
      await store.users.addRequiredAction(u.id, 'VERIFY_EMAIL');
      await store.users.addRequiredAction(u.id, 'VERIFY_EMAIL');
      await store.users.addRequiredAction(u.id, 'UPDATE_PASSWORD');
      assert.deepEqual(await store.users.getRequiredActions(u.id), ['UPDATE_PASSWORD', 'VERIFY_EMAIL']);
      await store.users.removeRequiredAction(u.id, 'VERIFY_EMAIL');
      assert.deepEqual(await store.users.getRequiredActions(u.id), ['UPDATE_PASSWORD']);
      await store.credentials.create(r.id, { id: newId(), userId: u.id, type: 'password', userLabel: null, secretData: '{}', credentialData: '{}', createdDate: 1, priority: 10 });
      await store.users.delete(r.id, u.id);
      assert.equal(await store.users.findById(r.id, u.id), undefined);
      assert.deepEqual(await store.credentials.listForUser(u.id), []);
      assert.deepEqual(await store.users.getRequiredActions(u.id), []);
    });

    it('updates a user and refuses an update onto a taken username', async () => {
      const r = await realm();
      const a = await store.users.create(user(r.id, 'first'));
      await store.users.create(user(r.id, 'second'));
      await store.users.update({ ...a, firstName: 'Ada', emailVerified: true }, { emailUnique: true });
      assert.equal((await store.users.findById(r.id, a.id))?.firstName, 'Ada');
      assert.equal(await conflictField(store.users.update({ ...a, username: 'second' }, { emailUnique: true })), 'username');
    });

    it('stores credentials as Keycloak exports them', async () => {
      const r = await realm();
      const u = await store.users.create(user(r.id, 'cred'));
      const id = newId();
      await store.credentials.create(r.id, { id, userId: u.id, type: 'password', userLabel: 'main', secretData: '{"value":"x"}', credentialData: '{"algorithm":"argon2"}', createdDate: 1_700_000_000_000, priority: 10 });
      const [stored] = await store.credentials.listForUser(u.id);
      assert.deepEqual(stored, { id, userId: u.id, type: 'password', userLabel: 'main', secretData: '{"value":"x"}', credentialData: '{"algorithm":"argon2"}', createdDate: 1_700_000_000_000, priority: 10 });
      await store.credentials.update({ ...stored!, secretData: '{"value":"y"}' });
      assert.equal((await store.credentials.listForUser(u.id))[0]?.secretData, '{"value":"y"}');
      await store.credentials.delete(u.id, id);
      assert.deepEqual(await store.credentials.listForUser(u.id), []);
    });

    it('keeps realm and client roles apart, with composites and mappings', async () => {
      const r = await realm();
      const clientId = newId();
      await store.clients.create({ id: clientId, realmId: r.id, clientId: 'app', data: {} });
      const role = (name: string, client: string | null = null) => ({ id: newId(), realmId: r.id, name, description: null, clientId: client, attributes: {} });
      const [admin, viewer, clientAdmin] = [role('admin'), role('viewer'), role('admin', clientId)];
      for (const x of [admin, viewer, clientAdmin]) await store.roles.create(x);
      assert.ok(await conflictField(store.roles.create(role('admin'))));
      assert.equal((await store.roles.findRealmRole(r.id, 'admin'))?.id, admin.id);
      assert.equal((await store.roles.findClientRole(r.id, clientId, 'admin'))?.id, clientAdmin.id);
      assert.deepEqual((await store.roles.listRealmRoles(r.id)).map((x) => x.name), ['admin', 'viewer']);
      await store.roles.addComposites(admin.id, [viewer.id, clientAdmin.id]);
      assert.deepEqual((await store.roles.listComposites(admin.id)).map((x) => x.id).sort(), [viewer.id, clientAdmin.id].sort());
      const u = await store.users.create(user(r.id, 'mapped'));
      await store.roles.grantToUser(u.id, [admin.id, admin.id]);
      assert.deepEqual((await store.roles.listUserRoles(u.id)).map((x) => x.name), ['admin']);
      assert.deepEqual((await store.roles.listUsersInRole(r.id, admin.id)).map((x) => x.username), ['mapped']);
      await store.roles.revokeFromUser(u.id, [admin.id]);
      assert.deepEqual(await store.roles.listUserRoles(u.id), []);
      await store.clients.delete(r.id, clientId);
      assert.equal(await store.roles.findById(r.id, clientAdmin.id), undefined, "a client's roles go with it");
    });

    it('keeps a group tree with unique sibling names, members, roles and default groups', async () => {
      const r = await realm();
      const group = (name: string, parentId: string | null = null) => ({ id: newId(), realmId: r.id, parentId, name, description: null, attributes: { k: ['v'] } });
      const top = group('staff');
      const child = group('editors', top.id);
      const grandchild = group('seniors', child.id);
      for (const g of [top, child, grandchild]) await store.groups.create(g);
      assert.ok(await conflictField(store.groups.create(group('staff'))));
      await store.groups.create(group('staff', child.id));
      assert.deepEqual((await store.groups.listChildren(r.id, null)).map((g) => g.name), ['staff']);
      assert.deepEqual((await store.groups.listChildren(r.id, top.id)).map((g) => g.name), ['editors']);
      assert.deepEqual((await store.groups.findById(r.id, top.id))?.attributes, { k: ['v'] });
      const u = await store.users.create(user(r.id, 'member'));
      await store.groups.addMember(child.id, u.id);
      assert.deepEqual((await store.groups.listMembers(child.id)).map((x) => x.username), ['member']);
      assert.deepEqual((await store.groups.listUserGroups(u.id)).map((g) => g.name), ['editors']);
      const role = { id: newId(), realmId: r.id, name: 'editor', description: null, clientId: null, attributes: {} };
      await store.roles.create(role);
      await store.roles.grantToGroup(child.id, [role.id]);
      assert.deepEqual((await store.roles.listGroupRoles(child.id)).map((x) => x.name), ['editor']);
      await store.groups.addDefaultGroup(r.id, top.id);
      assert.deepEqual((await store.groups.listDefaultGroups(r.id)).map((g) => g.name), ['staff']);
      await store.groups.delete(r.id, top.id);
      assert.deepEqual(await store.groups.listAll(r.id), [], 'deleting a group removes its whole subtree');
      assert.deepEqual(await store.groups.listUserGroups(u.id), []);
    });

    it('refuses a duplicate clientId and links client scopes', async () => {
      const r = await realm();
      const client = { id: newId(), realmId: r.id, clientId: 'web', data: { publicClient: true, redirectUris: ['https://app/*'] } };
      await store.clients.create(client);
      assert.ok(await conflictField(store.clients.create({ ...client, id: newId() })));
      assert.deepEqual((await store.clients.findByClientId(r.id, 'web'))?.data, client.data);
      const scope = { id: newId(), realmId: r.id, name: 'profile', data: { protocol: 'openid-connect' } };
      await store.clientScopes.create(scope);
      await store.clientScopes.setRealmDefault(r.id, scope.id, true);
      await store.clientScopes.setRealmDefault(r.id, scope.id, false);
      assert.deepEqual(await store.clientScopes.listRealmDefaults(r.id), [{ scopeId: scope.id, defaultScope: false }]);
      await store.clients.linkScopes(client.id, [scope.id], true);
      assert.deepEqual(await store.clients.listScopeLinks(client.id), [{ scopeId: scope.id, defaultScope: true }]);
      await store.clientScopes.delete(r.id, scope.id);
      assert.deepEqual(await store.clients.listScopeLinks(client.id), [], "a deleted scope leaves no client's list");
    });

    it('stores signing keys and components', async () => {
      const r = await realm();
      const key = {
        id: newId(), realmId: r.id, kid: 'k1', providerId: 'rsa-generated', algorithm: 'RS256', use: 'sig' as const, priority: 100,
        enabled: true, active: true, publicJwk: { kty: 'RSA', n: 'x', e: 'AQAB' }, privateJwk: { kty: 'RSA', d: 'secret' }, certificate: null, createdAt: 5,
      };
      await store.keys.create(key);
      assert.deepEqual(await store.keys.listForRealm(r.id), [key]);
      await store.keys.update({ ...key, active: false });
      assert.equal((await store.keys.listForRealm(r.id))[0]?.active, false);
      const component = { id: newId(), realmId: r.id, parentId: r.id, name: 'profile', providerId: 'declarative-user-profile', providerType: 'org.keycloak.userprofile.UserProfileProvider', subType: null, config: { 'kc.user.profile.config': ['{}'] } };
      await store.components.create(component);
      assert.deepEqual(await store.components.list(r.id, { providerType: component.providerType }), [component]);
    });

    it('commits a transaction whole or not at all', async () => {
      const r = await realm();
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.users.create(user(r.id, 'ghost'));
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.users.findByUsername(r.id, 'ghost'), undefined);
      await store.transaction(async (tx) => {
        await tx.users.create(user(r.id, 'kept'));
        await (tx as Store).transaction(async (inner) => inner.users.create(user(r.id, 'nested')));
      });
      assert.equal(await store.users.count(r.id, {}), 2);
    });

    it('saves a journey only over the version it was read at, so two tabs cannot both advance it', async () => {
      const r = await realm();
      await store.journeys.create({ id: 'tab-1', realmId: r.id, state: { step: 1 }, version: 1, expiresAt: Date.now() + 60_000 });
      assert.equal(await store.journeys.update({ id: 'tab-1', realmId: r.id, state: { step: 2 }, version: 2, expiresAt: Date.now() + 60_000 }), true);
      assert.equal(await store.journeys.update({ id: 'tab-1', realmId: r.id, state: { step: 'stale' }, version: 2, expiresAt: Date.now() + 60_000 }), false);
      assert.deepEqual((await store.journeys.find(r.id, 'tab-1'))?.state, { step: 2 });
      await store.journeys.create({ id: 'old', realmId: r.id, state: {}, version: 1, expiresAt: 1 });
      assert.ok((await store.journeys.deleteExpired(Date.now())) >= 1);
      assert.equal(await store.journeys.find(r.id, 'old'), undefined);
    });

    it('keeps OIDC artefacts by model and id, consumes them, and revokes a whole grant', async () => {
      const r = await realm();
      const record = (model: string, id: string, grantId: string | null, extra: Partial<{ uid: string; accountId: string; expiresAt: number }> = {}) => ({
        realmId: r.id, model, id, payload: { jti: id, grantId }, grantId, userCode: null, uid: extra.uid ?? null, accountId: extra.accountId ?? null,
        expiresAt: extra.expiresAt ?? Date.now() + 60_000, consumedAt: null,
      });
      await store.oidcPayloads.upsert(record('AuthorizationCode', 'code-1', 'grant-1'));
      await store.oidcPayloads.upsert(record('RefreshToken', 'rt-1', 'grant-1'));
      await store.oidcPayloads.upsert(record('Session', 'sess-1', null, { uid: 'uid-1', accountId: 'user-1' }));
      await store.oidcPayloads.upsert({ ...record('Session', 'sess-1', null, { uid: 'uid-1', accountId: 'user-1' }), payload: { updated: true } });
      assert.deepEqual((await store.oidcPayloads.findByUid(r.id, 'Session', 'uid-1'))?.payload, { updated: true });
      assert.equal((await store.oidcPayloads.listByAccount(r.id, 'Session', 'user-1')).length, 1);
      await store.oidcPayloads.consume(r.id, 'AuthorizationCode', 'code-1', 42);
      assert.equal((await store.oidcPayloads.find(r.id, 'AuthorizationCode', 'code-1'))?.consumedAt, 42);
      await store.oidcPayloads.revokeByGrantId(r.id, 'grant-1');
      assert.equal(await store.oidcPayloads.find(r.id, 'RefreshToken', 'rt-1'), undefined);
      assert.ok(await store.oidcPayloads.find(r.id, 'Session', 'sess-1'));
      await store.oidcPayloads.upsert(record('AccessToken', 'at-old', null, { expiresAt: 5 }));
      assert.ok((await store.oidcPayloads.deleteExpired(Date.now())) >= 1);
      assert.equal(await store.oidcPayloads.find(r.id, 'AccessToken', 'at-old'), undefined);
    });

    it("filters and pages events as Keycloak's event query does", async () => {
      const r = await realm();
      const event = (type: string, time: number, extra: Partial<{ userId: string; clientId: string; ipAddress: string; error: string }> = {}) => ({
        id: newId(), realmId: r.id, time, type, clientId: extra.clientId ?? 'app', userId: extra.userId ?? null, sessionId: null,
        ipAddress: extra.ipAddress ?? '127.0.0.1', error: extra.error ?? null, details: { username: 'u' },
      });
      await store.events.append(event('LOGIN', 1000, { userId: 'u1' }));
      await store.events.append(event('LOGIN_ERROR', 2000, { userId: 'u1', error: 'invalid_user_credentials' }));
      await store.events.append(event('REGISTER', 3000, { userId: 'u2', clientId: 'web', ipAddress: '10.0.0.1' }));
      assert.deepEqual((await store.events.query(r.id, {})).map((e) => e.type), ['REGISTER', 'LOGIN_ERROR', 'LOGIN']);
      assert.deepEqual((await store.events.query(r.id, { direction: 'asc', max: 2 })).map((e) => e.type), ['LOGIN', 'LOGIN_ERROR']);
      assert.deepEqual((await store.events.query(r.id, { types: ['LOGIN', 'REGISTER'] })).map((e) => e.type), ['REGISTER', 'LOGIN']);
      assert.deepEqual((await store.events.query(r.id, { userId: 'u1', dateFrom: 1500 })).map((e) => e.error), ['invalid_user_credentials']);
      assert.deepEqual((await store.events.query(r.id, { clientId: 'web', ipAddress: '10.0.0.1' })).map((e) => e.type), ['REGISTER']);
      assert.deepEqual((await store.events.query(r.id, { dateTo: 1000 }))[0]?.details, { username: 'u' });
      assert.equal(await store.events.deleteBefore(r.id, 2500), 2);
      await store.events.deleteAll(r.id);
      assert.deepEqual(await store.events.query(r.id, {}), []);
    });

    it('stores flows with executions, configs and required actions', async () => {
      const r = await realm();
      const flow = { id: newId(), realmId: r.id, alias: 'browser', description: null, providerId: 'basic-flow', topLevel: true, builtIn: true };
      await store.flows.createFlow(flow);
      assert.ok(await conflictField(store.flows.createFlow({ ...flow, id: newId() })));
      const sub = { ...flow, id: newId(), alias: 'forms', topLevel: false };
      await store.flows.createFlow(sub);
      const config = { id: newId(), realmId: r.id, alias: 'cfg', config: { 'site.key': 'k' } };
      await store.flows.createConfig(config);
      const cookie = { id: newId(), realmId: r.id, flowId: flow.id, authenticator: 'auth-cookie', childFlowId: null, requirement: 'ALTERNATIVE' as const, priority: 10, configId: config.id };
      const forms = { id: newId(), realmId: r.id, flowId: flow.id, authenticator: null, childFlowId: sub.id, requirement: 'ALTERNATIVE' as const, priority: 30, configId: null };
      await store.flows.createExecution(forms);
      await store.flows.createExecution(cookie);
      assert.deepEqual((await store.flows.listExecutions(flow.id)).map((e) => e.authenticator ?? e.childFlowId), ['auth-cookie', sub.id]);
      await store.flows.updateExecution({ ...cookie, requirement: 'DISABLED' });
      assert.equal((await store.flows.findExecution(r.id, cookie.id))?.requirement, 'DISABLED');
      assert.deepEqual((await store.flows.findConfig(r.id, config.id))?.config, { 'site.key': 'k' });
      await store.flows.deleteConfig(r.id, config.id);
      assert.equal((await store.flows.findExecution(r.id, cookie.id))?.configId, null, 'a removed config leaves its execution');
      await store.flows.deleteFlow(r.id, flow.id);
      assert.deepEqual(await store.flows.listRealmExecutions(r.id), []);
      const action = { id: newId(), realmId: r.id, alias: 'VERIFY_EMAIL', name: 'Verify Email', providerId: 'VERIFY_EMAIL', enabled: true, defaultAction: false, priority: 50, config: {} };
      await store.requiredActions.create(action);
      await store.requiredActions.create({ ...action, id: newId(), alias: 'UPDATE_PASSWORD', providerId: 'UPDATE_PASSWORD', priority: 30 });
      assert.deepEqual((await store.requiredActions.list(r.id)).map((a) => a.alias), ['UPDATE_PASSWORD', 'VERIFY_EMAIL']);
      assert.ok(await conflictField(store.requiredActions.create({ ...action, id: newId() })));
    });

    it('removes everything in a realm with the realm', async () => {
      const r = await realm();
      const u = await store.users.create(user(r.id, 'gone'));
      await store.clients.create({ id: newId(), realmId: r.id, clientId: 'gone', data: {} });
      await store.realms.delete(r.id);
      assert.equal(await store.realms.findById(r.id), undefined);
      assert.equal(await store.users.findById(r.id, u.id), undefined);
      assert.deepEqual(await store.clients.list(r.id), []);
    });
    describe('identity providers, federated identities and kept representation fields', () => {
      it('stores identity providers in order, with their mappers, and removes both together', async () => {
        const r = await realm();
        const other = await realm();
        const google = { id: newId(), realmId: r.id, alias: 'google', data: { providerId: 'google', enabled: true, config: { clientId: 'x' } } };
        await store.identityProviders.create(google);
        await store.identityProviders.create({ id: newId(), realmId: r.id, alias: 'github', data: { providerId: 'github' } });
        assert.ok(await conflictField(store.identityProviders.create({ ...google, id: newId() })));
        await store.identityProviders.create({ ...google, id: newId(), realmId: other.id });
        assert.deepEqual((await store.identityProviders.list(r.id)).map((p) => p.alias), ['google', 'github']);
        await store.identityProviders.update({ ...google, data: { ...google.data, enabled: false } });
        assert.equal((await store.identityProviders.findByAlias(r.id, 'google'))?.data.enabled, false);
        const mapper = { id: newId(), realmId: r.id, identityProviderAlias: 'google', name: 'email', identityProviderMapper: 'oidc-user-attribute-idp-mapper', config: { claim: 'email' } };
        await store.identityProviders.createMapper(mapper);
        await store.identityProviders.updateMapper({ ...mapper, config: { claim: 'mail' } });
        assert.deepEqual((await store.identityProviders.findMapper(r.id, mapper.id))?.config, { claim: 'mail' });
        assert.equal((await store.identityProviders.listMappers(r.id, 'github')).length, 0);
        assert.equal((await store.identityProviders.listMappers(r.id)).length, 1);
        const u = await store.users.create(user(r.id, 'linked'));
        await store.federatedIdentities.create({ realmId: r.id, userId: u.id, identityProvider: 'google', federatedUserId: 'g-1', federatedUsername: 'linked@example.com' });
        assert.equal(await store.federatedIdentities.findUserId(r.id, 'google', 'g-1'), u.id);
        assert.ok(await conflictField(store.federatedIdentities.create({ realmId: r.id, userId: u.id, identityProvider: 'google', federatedUserId: 'g-2', federatedUsername: null })));
        await store.identityProviders.delete(r.id, 'google');
        assert.equal(await store.identityProviders.findByAlias(r.id, 'google'), undefined);
        assert.deepEqual(await store.identityProviders.listMappers(r.id), []);
        assert.deepEqual(await store.federatedIdentities.listForUser(u.id), []);
        assert.ok(await store.identityProviders.findByAlias(other.id, 'google'), 'another realm keeps its own');
      });

      it('creates many users at once with attributes, actions, credentials, roles, groups and kept fields', async () => {
        const r = await realm();
        const role = { id: newId(), realmId: r.id, name: 'member', description: null, clientId: null, attributes: {} };
        await store.roles.create(role);
        const group = { id: newId(), realmId: r.id, parentId: null, name: 'crew', description: null, attributes: {} };
        await store.groups.create(group);
        const bulk = Array.from({ length: 600 }, (_, i) => ({
          user: user(r.id, `bulk${i}`, { email: `bulk${i}@example.com` }),
          notBefore: i === 0 ? 42 : 0,
          attributes: { n: [String(i)], tags: ['a', 'b'] },
          requiredActions: i === 1 ? ['VERIFY_EMAIL', 'VERIFY_EMAIL'] : [],
          credentials: [{ id: newId(), type: 'password', userLabel: null, secretData: '{}', credentialData: '{}', createdDate: 1, priority: 10 }],
          roleIds: [role.id],
          groupIds: [group.id],
          extras: i === 2 ? { totp: false } : {},
        }));
        await store.transaction((tx) => tx.users.createMany(r.id, bulk));
        assert.equal(await store.users.count(r.id, {}), 600);
        const first = await store.users.findByUsername(r.id, 'bulk0');
        assert.equal(first?.notBefore, 42);
        assert.deepEqual(await store.users.getAttributes(bulk[599]!.user.id), { n: ['599'], tags: ['a', 'b'] });
        assert.deepEqual(await store.users.getRequiredActions(bulk[1]!.user.id), ['VERIFY_EMAIL']);
        assert.equal((await store.credentials.listForUser(bulk[300]!.user.id)).length, 1);
        assert.equal((await store.roles.listUsersInRole(r.id, role.id)).length, 600);
        assert.equal((await store.groups.listMembers(group.id)).length, 600);
        assert.deepEqual(await store.representationExtras.get(r.id, 'user', bulk[2]!.user.id), { totp: false });
        const clash = [{ ...bulk[0]!, user: user(r.id, 'BULK0') }];
        assert.equal(await conflictField(store.transaction((tx) => tx.users.createMany(r.id, clash))), 'username');
      });

      it('keeps unread representation fields per object and replaces them on put', async () => {
        const r = await realm();
        await store.representationExtras.put(r.id, 'user', 'u1', { totp: false, notBefore: 0 });
        await store.representationExtras.put(r.id, 'user', 'u2', { origin: 'x' });
        await store.representationExtras.put(r.id, 'user', 'u1', { totp: true });
        assert.deepEqual(await store.representationExtras.get(r.id, 'user', 'u1'), { totp: true });
        assert.deepEqual((await store.representationExtras.list(r.id, 'user')).map((e) => e.ownerId), ['u1', 'u2']);
        await store.representationExtras.put(r.id, 'user', 'u2', {});
        assert.equal(await store.representationExtras.get(r.id, 'user', 'u2'), undefined);
        await store.realms.delete(r.id);
        assert.deepEqual(await store.representationExtras.list(r.id, 'user'), []);
      });
    });
  });
}
