import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../kernel/ids.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import type { RealmRecord, RequiredActionRecord } from '../ports.ts';
import { CONFIG_STALENESS_CHECK_MS } from './realm-config-cache.ts';
import { openSqlStore, type SqlStore } from './sql-store.ts';

/** Two nodes on one database: each its own store, as two Gatehouse processes have. */
describe("a realm's authentication configuration kept in memory", () => {
  let database: TestDatabase;
  let a: SqlStore;
  let b: SqlStore;
  before(async () => {
    database = await createTestDatabase();
    a = (await openSqlStore(database.options)).store;
    b = (await openSqlStore(database.options)).store;
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  async function realm(): Promise<RealmRecord> {
    const record: RealmRecord = { id: newId(), name: `r-${newId().slice(0, 8)}`, enabled: true, settings: {}, createdAt: Date.now() };
    await a.realms.create(record);
    return record;
  }

  const action = (realmId: string, alias: string, enabled = true): RequiredActionRecord => ({
    id: newId(), realmId, alias, name: alias, providerId: alias, enabled, defaultAction: false, priority: 10, config: {},
  });

  const revision = async (realmId: string) => (await b.realms.findById(realmId))!.revision;

  it('raises the realm revision on every write to flows, executions, configs, required actions, components and hooks, by whoever makes it', async () => {
    const r = await realm();
    const other = await realm();
    let expected = (await revision(r.id)) ?? 0;
    const step = async (what: string, write: () => Promise<unknown>) => {
      await write();
      expected++;
      assert.equal(await revision(r.id), expected, what);
    };
    const flowId = newId();
    await step('a flow created', () => a.flows.createFlow({ id: flowId, realmId: r.id, alias: 'mine', description: null, providerId: 'basic-flow', topLevel: true, builtIn: false }));
    const executionId = newId();
    await step('an execution added', () => a.flows.createExecution({ id: executionId, realmId: r.id, flowId, authenticator: 'auth-cookie', childFlowId: null, requirement: 'ALTERNATIVE', priority: 10, configId: null }));
    await step('an execution deleted', () => a.flows.deleteExecution(r.id, executionId));
    await step('an authenticator config created', () => a.flows.createConfig({ id: newId(), realmId: r.id, alias: 'cfg', config: { a: '1' } }));
    const terms = action(r.id, 'TERMS_AND_CONDITIONS', false);
    await step('a required action created', () => a.requiredActions.create(terms));
    await step('a required action enabled', () => a.requiredActions.update({ ...terms, enabled: true }));
    await step('a component created', () => a.components.create({ id: newId(), realmId: r.id, parentId: r.id, name: 'profile', providerId: 'declarative-user-profile', providerType: 'org.keycloak.userprofile.UserProfileProvider', subType: null, config: {} }));
    await step('a pre-registration hook created', () => a.registrationHooks.create({ id: newId(), realmId: r.id, url: 'http://127.0.0.1:1/hook', secret: 's', timeoutMs: 1000, failurePolicy: 'closed', enabled: true, createdAt: Date.now() }));
    assert.equal(await revision(other.id), 0, "another realm's revision stays");
  });

  it("answers this node's own writes at once, another node's within the staleness check, and gives each caller its own copy", async () => {
    const r = await realm();
    await a.requiredActions.create(action(r.id, 'VERIFY_EMAIL'));
    const aliases = async (store: SqlStore) => (await store.requiredActions.list(r.id)).map((x) => `${x.alias}${x.enabled ? '' : ' (off)'}`);
    assert.deepEqual(await aliases(a), ['VERIFY_EMAIL']);
    assert.deepEqual(await aliases(b), ['VERIFY_EMAIL']);

    const listed = await b.requiredActions.list(r.id);
    listed[0]!.enabled = false;
    listed.push(action(r.id, 'BOGUS'));
    assert.deepEqual(await aliases(b), ['VERIFY_EMAIL'], 'changing what a read returned changes nothing cached');

    await a.requiredActions.update({ ...(await a.requiredActions.find(r.id, 'VERIFY_EMAIL'))!, enabled: false });
    assert.deepEqual(await aliases(a), ['VERIFY_EMAIL (off)'], 'the writing node reads its own write at once');
    const started = Date.now();
    while ((await aliases(b))[0] !== 'VERIFY_EMAIL (off)') {
      assert.ok(Date.now() - started < CONFIG_STALENESS_CHECK_MS + 1_000, "the other node did not see the change within the staleness check");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('drops the cache once a transaction that wrote commits, keeps reading the stored configuration after a rollback, and never lets a transaction wait for a read outside it', { timeout: 15_000 }, async () => {
    const r = await realm();
    await a.requiredActions.create(action(r.id, 'UPDATE_PASSWORD'));
    assert.equal((await a.requiredActions.list(r.id)).length, 1);

    await a.transaction(async (tx) => {
      await tx.requiredActions.create(action(r.id, 'CONFIGURE_TOTP'));
      assert.equal((await tx.requiredActions.list(r.id)).length, 2, 'the transaction reads its own write');
    });
    assert.deepEqual((await a.requiredActions.list(r.id)).map((x) => x.alias).sort(), ['CONFIGURE_TOTP', 'UPDATE_PASSWORD']);

    await assert.rejects(
      a.transaction(async (tx) => {
        await tx.requiredActions.delete(r.id, 'UPDATE_PASSWORD');
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.deepEqual((await a.requiredActions.list(r.id)).map((x) => x.alias).sort(), ['CONFIGURE_TOTP', 'UPDATE_PASSWORD']);

    // A read outside the transaction waits for the connection the transaction holds (on
    // SQLite); the transaction's own reads must not wait for it.
    let outside: Promise<unknown> | undefined;
    await a.transaction(async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      outside = Promise.all([a.requiredActions.list(r.id), a.flows.listFlows(r.id)]);
      assert.equal((await tx.requiredActions.list(r.id)).length, 2);
      assert.deepEqual(await tx.flows.listFlows(r.id), []);
    });
    await outside;

    await a.realms.delete(r.id);
    assert.deepEqual(await a.requiredActions.list(r.id), [], 'a deleted realm has no configuration left');
  });
});
