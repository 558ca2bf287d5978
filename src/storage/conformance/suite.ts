import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isGatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { AdminEventRecord, EmailOutboxRecord, NewUser, OutboxRecord, RealmRecord, Store, WebhookDeliveryRecord, WebhookRecord } from '../ports.ts';
import type { RegistrationHookRecord } from '../ports.ts';

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

    it("lists a user's effective roles through groups, their ancestors and composites, each once", async () => {
      const r = await realm();
      const role = (name: string) => ({ id: newId(), realmId: r.id, name, description: null, clientId: null, attributes: {} });
      const [direct, fromParent, fromChild, nested, cyclic, unrelated] = ['direct', 'from-parent', 'from-child', 'nested', 'cyclic', 'unrelated'].map(role);
      for (const x of [direct!, fromParent!, fromChild!, nested!, cyclic!, unrelated!]) await store.roles.create(x);
      const parent = { id: newId(), realmId: r.id, parentId: null, name: 'parent', description: null, attributes: {} };
      const child = { id: newId(), realmId: r.id, parentId: parent.id, name: 'child', description: null, attributes: {} };
      await store.groups.create(parent);
      await store.groups.create(child);
      await store.roles.grantToGroup(parent.id, [fromParent!.id]);
      await store.roles.grantToGroup(child.id, [fromChild!.id]);
      await store.roles.addComposites(fromChild!.id, [nested!.id]);
      await store.roles.addComposites(nested!.id, [cyclic!.id]);
      await store.roles.addComposites(cyclic!.id, [nested!.id, direct!.id]);
      const u = await store.users.create(user(r.id, 'effective'));
      await store.roles.grantToUser(u.id, [direct!.id]);
      await store.groups.addMember(child.id, u.id);
      assert.deepEqual((await store.roles.listEffectiveUserRoles(u.id)).map((x) => x.name), ['cyclic', 'direct', 'from-child', 'from-parent', 'nested']);
      const alone = await store.users.create(user(r.id, 'alone'));
      assert.deepEqual(await store.roles.listEffectiveUserRoles(alone.id), []);
      const parentOnly = await store.users.create(user(r.id, 'parent-only'));
      await store.groups.addMember(parent.id, parentOnly.id);
      // Asked for at the same moment, each user still gets their own roles.
      const names = async (id: string) => (await store.roles.listEffectiveUserRoles(id)).map((x) => x.name);
      assert.deepEqual(await Promise.all([names(u.id), names(alone.id), names(parentOnly.id), names(u.id)]), [
        ['cyclic', 'direct', 'from-child', 'from-parent', 'nested'],
        [],
        ['from-parent'],
        ['cyclic', 'direct', 'from-child', 'from-parent', 'nested'],
      ]);
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
      await assert.rejects(
        store.journeys.create({ id: 'tab-1', realmId: r.id, state: { step: 'again' }, version: 1, expiresAt: Date.now() + 60_000 }),
        (error) => isGatehouseError(error, 'GH_CONFLICT'),
      );
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

    it('answers lookups and writes made at the same moment each on its own, as if made one by one', async () => {
      const [a, b] = [await realm(), await realm()];
      const record = (realmId: string, model: string, id: string, payload: Record<string, unknown>) => ({
        realmId, model, id, payload, grantId: null, userCode: null, uid: null, accountId: null, expiresAt: Date.now() + 60_000, consumedAt: null,
      });
      // Same key twice at once: the later write wins, as it would one after the other.
      await Promise.all([
        store.oidcPayloads.upsert(record(a.id, 'AccessToken', 'at-1', { n: 1 })),
        store.oidcPayloads.upsert(record(a.id, 'AccessToken', 'at-1', { n: 2 })),
        store.oidcPayloads.upsert(record(a.id, 'RefreshToken', 'at-1', { n: 3 })),
        store.oidcPayloads.upsert(record(b.id, 'AccessToken', 'at-1', { n: 4 })),
      ]);
      const [first, again, refresh, otherRealm, missing] = await Promise.all([
        store.oidcPayloads.find(a.id, 'AccessToken', 'at-1'),
        store.oidcPayloads.find(a.id, 'AccessToken', 'at-1'),
        store.oidcPayloads.find(a.id, 'RefreshToken', 'at-1'),
        store.oidcPayloads.find(b.id, 'AccessToken', 'at-1'),
        store.oidcPayloads.find(a.id, 'AccessToken', 'at-2'),
      ]);
      assert.deepEqual([first?.payload, again?.payload, refresh?.payload, otherRealm?.payload, missing], [{ n: 2 }, { n: 2 }, { n: 3 }, { n: 4 }, undefined]);
      first!.payload.n = 99;
      assert.deepEqual(again!.payload, { n: 2 }, 'each caller gets a record of its own to change');

      const [ua, ub] = [await store.users.create(user(a.id, 'same')), await store.users.create(user(b.id, 'same'))];
      await store.users.setAttributes(a.id, ua.id, { tags: ['x', 'y'], phone: ['1'] });
      const [foundA, foundAgain, crossRealm, foundB, attributesA, attributesAgain, attributesB] = await Promise.all([
        store.users.findById(a.id, ua.id),
        store.users.findById(a.id, ua.id),
        store.users.findById(b.id, ua.id),
        store.users.findById(b.id, ub.id),
        store.users.getAttributes(ua.id),
        store.users.getAttributes(ua.id),
        store.users.getAttributes(ub.id),
      ]);
      assert.deepEqual([foundA?.id, foundAgain?.id, crossRealm, foundB?.id], [ua.id, ua.id, undefined, ub.id]);
      assert.notEqual(foundA, foundAgain);
      assert.deepEqual([attributesA, attributesB], [{ phone: ['1'], tags: ['x', 'y'] }, {}]);
      attributesA.tags!.push('z');
      assert.deepEqual(attributesAgain.tags, ['x', 'y'], 'each caller gets attributes of its own to change');

      const link = await store.users.create(user(a.id, 'service-account-web', { serviceAccountClientLink: 'client-web' }));
      await store.users.addRequiredAction(ua.id, 'VERIFY_EMAIL');
      await store.users.addRequiredAction(ua.id, 'CONFIGURE_TOTP');
      const credential = (userId: string, id: string, priority: number) => ({ id, userId, type: 'password', userLabel: null, secretData: '{}', credentialData: '{}', createdDate: 1, priority });
      await store.credentials.create(a.id, credential(ua.id, 'c-2', 20));
      await store.credentials.create(a.id, credential(ua.id, 'c-1', 10));
      const [byName, byOtherCase, inOtherRealm, serviceAccount, noServiceAccount, actions, noActions, credentials, noCredentials] = await Promise.all([
        store.users.findByUsername(a.id, 'same'),
        store.users.findByUsername(a.id, 'SAME'),
        store.users.findByUsername(b.id, 'same'),
        store.users.findByServiceAccountClient(a.id, 'client-web'),
        store.users.findByServiceAccountClient(b.id, 'client-web'),
        store.users.getRequiredActions(ua.id),
        store.users.getRequiredActions(ub.id),
        store.credentials.listForUser(ua.id),
        store.credentials.listForUser(ub.id),
      ]);
      assert.deepEqual([byName?.id, byOtherCase?.id, inOtherRealm?.id, serviceAccount?.id, noServiceAccount], [ua.id, ua.id, ub.id, link.id, undefined]);
      assert.deepEqual([actions, noActions], [['CONFIGURE_TOTP', 'VERIFY_EMAIL'], []]);
      assert.deepEqual([credentials.map((c) => c.id), noCredentials], [['c-1', 'c-2'], []]);
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

    describe('scope mappings', () => {
      it('maps roles to clients and client scopes, and forgets them with the role or the container', async () => {
        const r = await realm();
        const client = { id: newId(), realmId: r.id, clientId: 'scoped', data: {} };
        await store.clients.create(client);
        const scope = { id: newId(), realmId: r.id, name: 'scoped-scope', data: {} };
        await store.clientScopes.create(scope);
        const role = (name: string) => ({ id: newId(), realmId: r.id, name, description: null, clientId: null, attributes: {} });
        const [reader, writer] = [role('reader'), role('writer')];
        await store.roles.create(reader);
        await store.roles.create(writer);
        await store.clients.addScopeMappings(client.id, [writer.id, reader.id]);
        await store.clients.addScopeMappings(client.id, [reader.id]);
        assert.deepEqual((await store.clients.listScopeMappings(client.id)).map((x) => x.name), ['reader', 'writer']);
        await store.clients.removeScopeMappings(client.id, [writer.id]);
        assert.deepEqual((await store.clients.listScopeMappings(client.id)).map((x) => x.name), ['reader']);
        await store.clientScopes.addScopeMappings(scope.id, [reader.id, writer.id]);
        assert.deepEqual((await store.clientScopes.listScopeMappings(scope.id)).map((x) => x.name), ['reader', 'writer']);
        await store.roles.delete(r.id, reader.id);
        assert.deepEqual(await store.clients.listScopeMappings(client.id), []);
        assert.deepEqual((await store.clientScopes.listScopeMappings(scope.id)).map((x) => x.name), ['writer']);
        await store.clientScopes.removeScopeMappings(scope.id, [writer.id]);
        assert.deepEqual(await store.clientScopes.listScopeMappings(scope.id), []);
        await store.clients.addScopeMappings(client.id, [writer.id]);
        await store.clients.delete(r.id, client.id);
        assert.deepEqual(await store.clients.listScopeMappings(client.id), []);
      });
    });

    describe('email outbox', () => {
      const email = (realmId: string, extra: Partial<EmailOutboxRecord> = {}): EmailOutboxRecord => ({
        id: newId(), realmId, userId: null, recipient: 'ann@example.test', template: 'email-test', subjectKey: 'emailTestSubject',
        subjectParams: ['Ann'], attributes: { link: 'https://x.test/a?b=1', user: { firstName: 'Änn' } }, locale: 'de', status: 'pending',
        attempts: 0, nextAttemptAt: 1000, lastError: null, createdAt: 1000, sentAt: null, claimedBy: null, claimedUntil: null,
        transport: null, subject: null, bodyText: null, bodyHtml: null, ...extra,
      });

      it('keeps an enqueued email as written', async () => {
        const r = await realm();
        const e = email(r.id);
        await store.emailOutbox.enqueue(e);
        assert.deepEqual(await store.emailOutbox.find(e.id), e);
      });

      it('writes nothing when the enqueuing transaction rolls back', async () => {
        const r = await realm();
        const e = email(r.id);
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.emailOutbox.enqueue(e);
            throw new Error('rolled back');
          }),
        );
        assert.equal(await store.emailOutbox.find(e.id), undefined);
      });

      it('claims due emails once, oldest first, until the lease runs out', async () => {
        const r = await realm();
        const late = email(r.id, { nextAttemptAt: 2000 });
        const early = email(r.id, { nextAttemptAt: 1500 });
        const future = email(r.id, { nextAttemptAt: 10_000 });
        for (const e of [late, early, future]) await store.emailOutbox.enqueue(e);
        const mine = (rows: EmailOutboxRecord[]) => rows.filter((row) => row.realmId === r.id).map((row) => row.id);
        const first = await store.emailOutbox.claimDue(3000, 'node-a', 5000, 10);
        assert.deepEqual(mine(first), [early.id, late.id]);
        assert.equal(first.find((row) => row.id === early.id)?.claimedBy, 'node-a');
        assert.deepEqual(mine(await store.emailOutbox.claimDue(3000, 'node-b', 5000, 10)), [], 'a live lease keeps other nodes off');
        assert.deepEqual(mine(await store.emailOutbox.claimDue(6000, 'node-b', 9000, 10)), [early.id, late.id], 'an expired lease frees the row');
        assert.equal(await store.emailOutbox.markSent(early.id, 'node-a', { sentAt: 6001, transport: 'smtp', subject: 's', bodyText: 't', bodyHtml: 'h' }), false);
      });

      it('never hands one email to two nodes claiming at the same moment', async () => {
        const r = await realm();
        const ids = [];
        for (let i = 0; i < 12; i++) {
          const e = email(r.id, { nextAttemptAt: 1 });
          ids.push(e.id);
          await store.emailOutbox.enqueue(e);
        }
        const claims = await Promise.all(['n1', 'n2', 'n3', 'n4'].map((node) => store.emailOutbox.claimDue(2, node, 60_000, 5)));
        const claimed = claims.flat().filter((row) => row.realmId === r.id).map((row) => row.id);
        assert.equal(new Set(claimed).size, claimed.length, 'no row claimed twice');
        for (const row of claims.flat()) assert.equal((await store.emailOutbox.find(row.id))?.claimedBy, row.claimedBy);
      });

      it('records sent and failed attempts only for the node holding the email', async () => {
        const r = await realm();
        const sent = email(r.id, { nextAttemptAt: 5 });
        const failing = email(r.id, { nextAttemptAt: 5 });
        await store.emailOutbox.enqueue(sent);
        await store.emailOutbox.enqueue(failing);
        await store.emailOutbox.claimDue(10, 'node-a', 100, 50);
        const delivery = { sentAt: 20, transport: 'dev' as const, subject: 'Hallo', bodyText: 'Text', bodyHtml: '<p>Html</p>' };
        assert.equal(await store.emailOutbox.markSent(sent.id, 'node-b', delivery), false);
        assert.equal(await store.emailOutbox.markSent(sent.id, 'node-a', delivery), true);
        assert.equal(await store.emailOutbox.markSent(sent.id, 'node-a', delivery), false, 'sent once');
        const stored = await store.emailOutbox.find(sent.id);
        assert.deepEqual([stored?.status, stored?.sentAt, stored?.transport, stored?.subject, stored?.bodyHtml, stored?.claimedBy], ['sent', 20, 'dev', 'Hallo', '<p>Html</p>', null]);

        assert.equal(await store.emailOutbox.markFailed(failing.id, 'node-a', { attempts: 1, lastError: '421 try later', nextAttemptAt: 500, dead: false }), true);
        const retried = await store.emailOutbox.find(failing.id);
        assert.deepEqual([retried?.status, retried?.attempts, retried?.lastError, retried?.nextAttemptAt, retried?.claimedBy], ['failed', 1, '421 try later', 500, null]);
        assert.equal(await store.emailOutbox.nextDueAt() !== undefined, true);
        assert.deepEqual((await store.emailOutbox.claimDue(499, 'node-a', 600, 50)).filter((row) => row.id === failing.id), []);
        assert.equal((await store.emailOutbox.claimDue(500, 'node-a', 600, 50)).some((row) => row.id === failing.id), true);
        assert.equal(await store.emailOutbox.markFailed(failing.id, 'node-a', { attempts: 2, lastError: '550 no such user', nextAttemptAt: 0, dead: true }), true);
        assert.equal((await store.emailOutbox.find(failing.id))?.status, 'dead');
        assert.deepEqual((await store.emailOutbox.claimDue(10_000, 'node-a', 20_000, 50)).filter((row) => row.realmId === r.id), [], 'sent and dead are never claimed');
      });

      it('lists newest first by realm and transport, and removes finished emails', async () => {
        const r = await realm();
        const older = email(r.id, { createdAt: 100, nextAttemptAt: 1 });
        const newer = email(r.id, { createdAt: 200, nextAttemptAt: 1 });
        await store.emailOutbox.enqueue(older);
        await store.emailOutbox.enqueue(newer);
        assert.deepEqual((await store.emailOutbox.list({ realmId: r.id })).map((e) => e.id), [newer.id, older.id]);
        await store.emailOutbox.claimDue(2, 'n', 1000, 100);
        await store.emailOutbox.markSent(older.id, 'n', { sentAt: 3, transport: 'dev', subject: 's', bodyText: 't', bodyHtml: 'h' });
        assert.deepEqual((await store.emailOutbox.list({ realmId: r.id, transport: 'dev' })).map((e) => e.id), [older.id]);
        assert.deepEqual((await store.emailOutbox.list({ realmId: r.id, max: 1 })).map((e) => e.id), [newer.id]);
        assert.ok((await store.emailOutbox.deleteFinishedBefore(150)) >= 1);
        assert.deepEqual((await store.emailOutbox.list({ realmId: r.id })).map((e) => e.id), [newer.id]);
        });
      });

    describe('used action tokens', () => {
      it('marks a token used once, per realm, and forgets it after it expires', async () => {
        const r = await realm();
        const other = await realm();
        assert.equal(await store.actionTokens.isUsed(r.id, 'jti-1'), false);
        assert.equal(await store.actionTokens.markUsed(r.id, 'jti-1', 1_000), true);
        assert.equal(await store.actionTokens.markUsed(r.id, 'jti-1', 1_000), false);
        assert.equal(await store.actionTokens.isUsed(r.id, 'jti-1'), true);
        assert.equal(await store.actionTokens.isUsed(other.id, 'jti-1'), false);
        assert.equal(await store.actionTokens.markUsed(other.id, 'jti-1', 5_000), true);
        assert.equal(await store.actionTokens.markUsed(r.id, 'jti-2', 9_000_000_000_000), true);
        assert.ok((await store.actionTokens.deleteExpired(2_000)) >= 1);
        assert.equal(await store.actionTokens.isUsed(r.id, 'jti-1'), false);
        assert.equal(await store.actionTokens.isUsed(other.id, 'jti-1'), true);
        assert.equal(await store.actionTokens.isUsed(r.id, 'jti-2'), true);
      });

      it('refuses a second use inside a transaction without breaking it', async () => {
        const r = await realm();
        await store.actionTokens.markUsed(r.id, 'jti-tx', 9_000_000_000_000);
        const outcome = await store.transaction(async (tx) => {
          const first = await tx.actionTokens.markUsed(r.id, 'jti-tx', 9_000_000_000_000);
          const second = await tx.actionTokens.markUsed(r.id, 'jti-tx-2', 9_000_000_000_000);
          return [first, second];
        });
        assert.deepEqual(outcome, [false, true]);
        assert.equal(await store.actionTokens.isUsed(r.id, 'jti-tx-2'), true);
      });
    });

    describe('admin events', () => {
      const adminEvent = (realmId: string, time: number, extra: Partial<AdminEventRecord> = {}): AdminEventRecord => ({
        id: newId(), realmId, time, operationType: 'CREATE', resourceType: 'USER', resourcePath: `users/${newId()}`,
        authRealmId: 'master-id', authClientId: 'cli-id', authUserId: 'admin-id', authIpAddress: '127.0.0.1',
        representation: null, error: null, details: {}, ...extra,
      });

      it("filters and pages admin events as Keycloak's admin event query does", async () => {
        const r = await realm();
        await store.adminEvents.append(adminEvent(r.id, 1000, { resourcePath: 'users/a', representation: '{"username":"a"}' }));
        await store.adminEvents.append(adminEvent(r.id, 2000, { operationType: 'UPDATE', resourcePath: 'users/a', authUserId: 'other-admin' }));
        await store.adminEvents.append(adminEvent(r.id, 3000, { operationType: 'DELETE', resourceType: 'GROUP', resourcePath: 'groups/g_1', authIpAddress: '10.0.0.1', authRealmId: 'own', authClientId: 'console' }));
        assert.deepEqual((await store.adminEvents.query(r.id, {})).map((e) => e.time), [3000, 2000, 1000]);
        assert.deepEqual((await store.adminEvents.query(r.id, { direction: 'asc', first: 1, max: 1 })).map((e) => e.time), [2000]);
        assert.deepEqual((await store.adminEvents.query(r.id, { operationTypes: ['CREATE', 'DELETE'] })).map((e) => e.time), [3000, 1000]);
        assert.deepEqual((await store.adminEvents.query(r.id, { resourceTypes: ['GROUP'] })).map((e) => e.resourcePath), ['groups/g_1']);
        assert.deepEqual((await store.adminEvents.query(r.id, { resourcePath: 'users/a' })).map((e) => e.time), [2000, 1000]);
        assert.deepEqual((await store.adminEvents.query(r.id, { resourcePath: 'users/*' })).map((e) => e.time), [2000, 1000]);
        assert.deepEqual((await store.adminEvents.query(r.id, { resourcePath: 'groups/g*' })).map((e) => e.time), [3000]);
        assert.deepEqual((await store.adminEvents.query(r.id, { resourcePath: 'groups/g%' })).map((e) => e.time), [], 'LIKE wildcards are literal');
        assert.deepEqual((await store.adminEvents.query(r.id, { authUserId: 'other-admin' })).map((e) => e.time), [2000]);
        assert.deepEqual((await store.adminEvents.query(r.id, { authRealmId: 'own', authClientId: 'console', authIpAddress: '10.0.0.1' })).map((e) => e.time), [3000]);
        assert.deepEqual((await store.adminEvents.query(r.id, { dateFrom: 1500, dateTo: 2500 })).map((e) => e.time), [2000]);
        const [first] = await store.adminEvents.query(r.id, { dateTo: 1000 });
        assert.equal(first?.representation, '{"username":"a"}');
        assert.deepEqual(first?.details, {});
        const other = await realm();
        assert.deepEqual(await store.adminEvents.query(other.id, {}), [], 'another realm sees none');
        assert.equal(await store.adminEvents.deleteBefore(r.id, 2500), 2);
        await store.adminEvents.deleteAll(r.id);
        assert.deepEqual(await store.adminEvents.query(r.id, {}), []);
      });

      it('keeps an admin event with its realm only', async () => {
        const r = await realm();
        await store.transaction((tx) => tx.adminEvents.append(adminEvent(r.id, 5000)));
        assert.equal((await store.adminEvents.query(r.id, {})).length, 1);
        await store.realms.delete(r.id);
        assert.deepEqual(await store.adminEvents.query(r.id, {}), []);
      });
    });

    describe('event outbox and webhooks', () => {
      const outboxRecord = (realmId: string, id: string, dispatchedAt: number | null = null): OutboxRecord => ({
        id, realmId, kind: 'user', type: 'REGISTER', orderKey: 'user:u1', payload: { type: 'REGISTER', userId: 'u1' }, createdAt: 1000, dispatchedAt,
      });
      const webhook = (realmId: string): WebhookRecord => ({
        id: newId(), realmId, url: 'http://127.0.0.1:1/hook', secret: 's'.repeat(20), eventTypes: ['REGISTER'], enabled: true, retryPeriod: 60, createdAt: 1,
      });
      const delivery = (realmId: string, webhookId: string, id: string, orderKey: string, extra: Partial<WebhookDeliveryRecord> = {}): WebhookDeliveryRecord => ({
        id, realmId, webhookId, eventId: newId(), eventType: 'REGISTER', orderKey, payload: '{"a":1}', status: 'pending', attempts: 0,
        createdAt: 1000, retryFrom: 1000, nextAttemptAt: 1000, claimedUntil: null, deliveredAt: null, lastStatusCode: null, lastError: null, ...extra,
      });

      it('keeps outbox records until they are dispatched, oldest first', async () => {
        const r = await realm();
        await store.transaction(async (tx) => {
          assert.equal(await tx.outbox.tryLockDispatch(), true);
          await tx.outbox.append(outboxRecord(r.id, `${r.id.slice(0, 30)}-2`));
          await tx.outbox.append(outboxRecord(r.id, `${r.id.slice(0, 30)}-1`));
        });
        const mine = async () => (await store.outbox.listPending(1000)).filter((o) => o.realmId === r.id);
        assert.deepEqual((await mine()).map((o) => o.id), [`${r.id.slice(0, 30)}-1`, `${r.id.slice(0, 30)}-2`]);
        assert.deepEqual((await mine())[0]?.payload, { type: 'REGISTER', userId: 'u1' });
        await store.outbox.markDispatched([`${r.id.slice(0, 30)}-1`], 5000);
        assert.deepEqual((await mine()).map((o) => o.id), [`${r.id.slice(0, 30)}-2`]);
        assert.ok((await store.outbox.deleteDispatchedBefore(6000)) >= 1);
        await store.realms.delete(r.id);
        assert.deepEqual(await mine(), []);
      });

      it('stores webhooks, and claims due deliveries in order per key, each by one claimer only', async () => {
        const r = await realm();
        const hook = webhook(r.id);
        await store.webhooks.create(hook);
        assert.deepEqual(await store.webhooks.findById(r.id, hook.id), hook);
        await store.webhooks.update({ ...hook, enabled: false, eventTypes: [] });
        assert.equal((await store.webhooks.findById(r.id, hook.id))?.enabled, false);
        assert.deepEqual((await store.webhooks.list(r.id)).map((w) => w.eventTypes), [[]]);
        const ids = [1, 2, 3, 4].map((n) => `0000000${n}-${r.id.slice(9)}`);
        await store.webhooks.createDelivery(delivery(r.id, hook.id, ids[0]!, 'user:a'));
        await store.webhooks.createDelivery(delivery(r.id, hook.id, ids[1]!, 'user:a'));
        await store.webhooks.createDelivery(delivery(r.id, hook.id, ids[2]!, 'user:b'));
        await store.webhooks.createDelivery(delivery(r.id, hook.id, ids[3]!, 'user:c', { nextAttemptAt: 9000 }));
        const mine = (list: WebhookDeliveryRecord[]) => list.filter((d) => d.realmId === r.id).map((d) => d.id);
        assert.equal(await store.webhooks.anyDue(2000), true);
        // Two claimers at once take disjoint sets.
        const [one, two] = await Promise.all([1, 2].map(() => store.transaction((tx) => tx.webhooks.claimDue(2000, 3000, 1)))) as [WebhookDeliveryRecord[], WebhookDeliveryRecord[]];
        const first = [...mine(one), ...mine(two)];
        assert.equal(new Set(first).size, first.length, 'no delivery claimed twice');
        const rest = mine(await store.transaction((tx) => tx.webhooks.claimDue(2000, 3000, 10)));
        assert.deepEqual([...first, ...rest].sort(), [ids[0], ids[2]], 'the second of a key waits for the first; a future one is not due');
        assert.deepEqual(mine(await store.transaction((tx) => tx.webhooks.claimDue(2500, 3000, 10))), [], 'claimed ones are held');
        const claimed = (await store.webhooks.findDelivery(r.id, ids[0]!))!;
        assert.equal(claimed.claimedUntil, 3000);
        await store.webhooks.updateDelivery({ ...claimed, status: 'delivered', attempts: 1, claimedUntil: null, deliveredAt: 2100, lastStatusCode: 204 });
        await store.webhooks.addAttempt({ id: newId(), deliveryId: ids[0]!, time: 2050, statusCode: 204, durationMs: 50, error: null });
        assert.deepEqual(mine(await store.transaction((tx) => tx.webhooks.claimDue(3500, 4000, 10))), [ids[1], ids[2]], 'the next of a key, and one whose hold ran out');
        assert.deepEqual((await store.webhooks.listAttempts([ids[0]!])).map((a) => [a.statusCode, a.durationMs]), [[204, 50]]);
        assert.deepEqual(mine(await store.webhooks.listDeliveries(r.id, hook.id, { max: 2 })), [ids[3], ids[2]]);
        assert.equal(await store.webhooks.redeliverRange(r.id, hook.id, 0, 999, 4000), 0, 'nothing was made in that range');
        assert.ok((await store.webhooks.deleteFinishedBefore(5000)) >= 1);
        assert.equal(await store.webhooks.findDelivery(r.id, ids[0]!), undefined, 'a finished delivery went');
        await store.webhooks.delete(r.id, hook.id);
        assert.equal(await store.webhooks.findDelivery(r.id, ids[1]!), undefined, 'deliveries go with their endpoint');
      });
    });

    describe('pre-registration hooks', () => {
      it('stores hooks in creation order, changes and removes them, and drops them with their realm', async () => {
        const r = await realm();
        const hook = (createdAt: number): RegistrationHookRecord => ({
          id: newId(), realmId: r.id, url: 'http://127.0.0.1:1/pre', secret: 's'.repeat(20), timeoutMs: 3000, failurePolicy: 'open', enabled: true, createdAt,
        });
        const later = hook(20);
        const earlier = hook(10);
        await store.registrationHooks.create(later);
        await store.registrationHooks.create(earlier);
        assert.deepEqual(await store.registrationHooks.findById(r.id, later.id), later);
        assert.deepEqual((await store.registrationHooks.list(r.id)).map((h) => h.id), [earlier.id, later.id]);
        await store.registrationHooks.update({ ...later, failurePolicy: 'closed', timeoutMs: 10_000, enabled: false, url: 'https://example.com/x' });
        const changed = (await store.registrationHooks.findById(r.id, later.id))!;
        assert.deepEqual([changed.failurePolicy, changed.timeoutMs, changed.enabled, changed.url], ['closed', 10_000, false, 'https://example.com/x']);
        await store.registrationHooks.delete(r.id, earlier.id);
        assert.equal(await store.registrationHooks.findById(r.id, earlier.id), undefined);
        await store.realms.delete(r.id);
        assert.deepEqual(await store.registrationHooks.list(r.id), []);
      });
    });

    describe('realm revisions, accounts with sessions, groups in a role', () => {
      it("raises a realm's revision on touch, and leaves other realms' and updates' revisions alone", async () => {
        const r = await realm();
        const other = await realm();
        assert.equal((await store.realms.findById(r.id))?.revision, 0);
        await store.realms.touch(r.id);
        await store.transaction((tx) => tx.realms.touch(r.id));
        assert.equal((await store.realms.findByName(r.name))?.revision, 2);
        const stored = (await store.realms.findById(r.id))!;
        await store.realms.update({ ...stored, settings: { changed: true } });
        assert.equal((await store.realms.findById(r.id))?.revision, 2, 'an update keeps the revision');
        assert.equal((await store.realms.findById(other.id))?.revision, 0);
      });

      it('lists the accounts holding a live record of the given models, each once', async () => {
        const r = await realm();
        const other = await realm();
        const now = Date.now();
        const record = (realmId: string, model: string, id: string, accountId: string | null, expiresAt: number | null) => ({
          realmId, model, id, payload: {}, grantId: null, userCode: null, uid: null, accountId, expiresAt, consumedAt: null,
        });
        await store.oidcPayloads.upsert(record(r.id, 'Session', 's1', 'user-b', now + 60_000));
        await store.oidcPayloads.upsert(record(r.id, 'Grant', 'g1', 'user-b', null));
        await store.oidcPayloads.upsert(record(r.id, 'Grant', 'g2', 'user-a', now + 60_000));
        await store.oidcPayloads.upsert(record(r.id, 'Grant', 'g3', 'user-gone', now - 1));
        await store.oidcPayloads.upsert(record(r.id, 'AccessToken', 'a1', 'user-c', now + 60_000));
        await store.oidcPayloads.upsert(record(r.id, 'Grant', 'g4', null, now + 60_000));
        await store.oidcPayloads.upsert(record(other.id, 'Grant', 'g5', 'user-other', now + 60_000));
        assert.deepEqual(await store.oidcPayloads.listAccounts(r.id, ['Session', 'Grant'], now), ['user-a', 'user-b']);
        assert.deepEqual(await store.oidcPayloads.listAccounts(r.id, [], now), []);
      });

      it('lists the groups a role is mapped to', async () => {
        const r = await realm();
        const group = (name: string) => ({ id: newId(), realmId: r.id, parentId: null, name, description: null, attributes: {} });
        const [a, b] = [group('a'), group('b')];
        for (const g of [a, b]) await store.groups.create(g);
        const role = { id: newId(), realmId: r.id, name: 'buyer', description: null, clientId: null, attributes: {} };
        await store.roles.create(role);
        assert.deepEqual(await store.roles.listGroupIdsInRole(role.id), []);
        await store.roles.grantToGroup(b.id, [role.id]);
        assert.deepEqual(await store.roles.listGroupIdsInRole(role.id), [b.id]);
      });
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

    describe('abuse-defence storage', () => {

      async function realmWithUser(): Promise<{ realmId: string; userId: string }> {
        const realmId = newId();
        await store.realms.create({ id: realmId, name: `ad-${realmId.slice(0, 8)}`, enabled: true, settings: {}, createdAt: Date.now() });
        const u = await store.users.create({ id: newId(), realmId, username: 'someone', email: 'someone@example.com', emailVerified: false, firstName: null, lastName: null, enabled: true, emailUnique: true, serviceAccountClientLink: null });
        return { realmId, userId: u.id };
      }

      it('keeps, updates and clears login failures per user and per realm', async () => {
        const { realmId, userId } = await realmWithUser();
        assert.equal(await store.loginFailures.find(realmId, userId), undefined);
        const record = { realmId, userId, numFailures: 1, numTemporaryLockouts: 0, lastFailure: 1_700_000_000_000, lastIpFailure: '192.0.2.1', failedLoginNotBefore: 0 };
        await store.loginFailures.save(record);
        await store.loginFailures.save({ ...record, numFailures: 2, failedLoginNotBefore: 1_700_000_060_000 });
        assert.deepEqual(await store.loginFailures.find(realmId, userId), { ...record, numFailures: 2, failedLoginNotBefore: 1_700_000_060_000 });
        await store.loginFailures.delete(realmId, userId);
        assert.equal(await store.loginFailures.find(realmId, userId), undefined);
        await store.loginFailures.save(record);
        await store.loginFailures.deleteAll(realmId);
        assert.equal(await store.loginFailures.find(realmId, userId), undefined);
      });

      it('adds rate-limit points atomically and restarts an expired counter', async () => {
        const key = `k-${newId()}`;
        const now = 1_700_000_000_000;
        assert.deepEqual(await store.rateLimitCounters.add(key, 1, 60_000, false, now), { points: 1, expire: now + 60_000 });
        await Promise.all([1, 2, 3, 4].map(() => store.rateLimitCounters.add(key, 1, 60_000, false, now + 10)));
        assert.deepEqual(await store.rateLimitCounters.get(key, now + 20), { points: 5, expire: now + 60_000 });
        assert.deepEqual(await store.rateLimitCounters.add(key, 1, 60_000, false, now + 70_000), { points: 1, expire: now + 130_000 }, 'an expired counter starts again');
        assert.equal(await store.rateLimitCounters.get(key, now + 200_000), undefined);
        assert.equal(await store.rateLimitCounters.deleteExpired(now + 200_000), 1);
        assert.equal(await store.rateLimitCounters.delete(key), false);
      });

      it('accepts a challenge id once until it expires', async () => {
        const id = `c-${newId()}`;
        assert.equal(await store.usedChallenges.use(id, 2_000), true);
        assert.equal(await store.usedChallenges.use(id, 2_000), false);
        assert.ok((await store.usedChallenges.deleteExpired(3_000)) >= 1);
        assert.equal(await store.usedChallenges.use(id, 4_000), true);
      });

      it('keeps normalised email keys unique per realm', async () => {
        const { realmId, userId } = await realmWithUser();
        await store.emailKeys.add(realmId, 'someone@gmail.com', userId);
        assert.equal(await store.emailKeys.findUserId(realmId, 'someone@gmail.com'), userId);
        await assert.rejects(store.emailKeys.add(realmId, 'someone@gmail.com', userId), (error) => isGatehouseError(error, 'GH_CONFLICT') && error.field === 'email');
        const other = await realmWithUser();
        await store.emailKeys.add(other.realmId, 'someone@gmail.com', other.userId);
      });
    });
  });
}
