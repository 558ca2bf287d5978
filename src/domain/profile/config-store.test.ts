import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGatehouseError } from '../../kernel/errors.ts';
import type { ComponentRecord, ComponentStore, RealmRecord } from '../../storage/ports.ts';
import { PROFILE_CONFIG_KEY, PROFILE_PROVIDER_ID, PROFILE_PROVIDER_TYPE, profileConfigJson, readProfileConfig, writeProfileConfig } from './config-store.ts';
import type { UPConfig } from './model.ts';
import { defaultProfileConfig, masterProfileConfig } from './model.ts';

/** An in-memory ComponentStore: the port is all this module needs. */
function memoryComponents(): ComponentStore & { all: ComponentRecord[] } {
  const all: ComponentRecord[] = [];
  return {
    all,
    create: async (c) => void all.push(structuredClone(c)),
    findById: async (realmId, id) => all.find((c) => c.realmId === realmId && c.id === id),
    list: async (realmId, filter = {}) =>
      all.filter((c) => c.realmId === realmId && (!filter.providerType || c.providerType === filter.providerType) && (!filter.parentId || c.parentId === filter.parentId)),
    update: async (c) => void all.splice(all.findIndex((x) => x.id === c.id), 1, structuredClone(c)),
    delete: async (realmId, id) => void all.splice(all.findIndex((x) => x.id === id), 1),
  };
}

const realm = (name: string): RealmRecord => ({ id: `id-${name}`, name, enabled: true, settings: {}, createdAt: 0 });
const custom: UPConfig = {
  unmanagedAttributePolicy: 'ADMIN_EDIT',
  attributes: [...defaultProfileConfig().attributes, { name: 'department', displayName: 'Department', permissions: { view: ['admin'], edit: ['admin'] } }],
  groups: defaultProfileConfig().groups,
};

describe('the stored user profile configuration', () => {
  it("is Keycloak's default for a realm that never saved one, and the lighter master default for master", async () => {
    const components = memoryComponents();
    assert.deepEqual(await readProfileConfig({ components }, realm('shop')), defaultProfileConfig());
    assert.deepEqual(await readProfileConfig({ components }, realm('master')), masterProfileConfig());
  });

  it('is saved where Keycloak keeps it and reads back unchanged', async () => {
    const components = memoryComponents();
    await writeProfileConfig({ components }, realm('shop'), custom);
    assert.equal(components.all.length, 1);
    const [component] = components.all;
    assert.deepEqual([component!.providerType, component!.providerId, component!.parentId], [PROFILE_PROVIDER_TYPE, PROFILE_PROVIDER_ID, 'id-shop']);
    assert.deepEqual(Object.keys(component!.config), [PROFILE_CONFIG_KEY]);
    assert.deepEqual(await readProfileConfig({ components }, realm('shop')), custom);
  });

  it('is updated in place on a second save', async () => {
    const components = memoryComponents();
    await writeProfileConfig({ components }, realm('shop'), defaultProfileConfig());
    await writeProfileConfig({ components }, realm('shop'), custom);
    assert.equal(components.all.length, 1);
    assert.equal((await readProfileConfig({ components }, realm('shop'))).unmanagedAttributePolicy, 'ADMIN_EDIT');
  });

  it('reads back from a Keycloak 23 export that cut the JSON into pieces, and is rewritten whole on save', async () => {
    const json = JSON.stringify(custom);
    const size = Math.ceil(json.length / 3);
    const components = memoryComponents();
    await components.create({
      id: 'c1',
      realmId: 'id-legacy',
      parentId: 'id-legacy',
      name: 'declarative-user-profile',
      providerId: PROFILE_PROVIDER_ID,
      providerType: PROFILE_PROVIDER_TYPE,
      subType: null,
      config: { 'config-pieces-count': ['3'], 'config-piece-0': [json.slice(0, size)], 'config-piece-1': [json.slice(size, 2 * size)], 'config-piece-2': [json.slice(2 * size)] },
    });
    assert.deepEqual(await readProfileConfig({ components }, realm('legacy')), custom);
    await writeProfileConfig({ components }, realm('legacy'), custom);
    assert.deepEqual(Object.keys(components.all[0]!.config), [PROFILE_CONFIG_KEY]);
  });

  it('falls back to the default when a component holds no configuration', () => {
    assert.equal(profileConfigJson({ 'config-pieces-count': ['0'] }), undefined);
    assert.equal(profileConfigJson({ [PROFILE_CONFIG_KEY]: [' '] }), undefined);
  });

  it('fails loudly when the stored JSON is broken rather than loosening validation', async () => {
    const components = memoryComponents();
    await writeProfileConfig({ components }, realm('shop'), custom);
    components.all[0]!.config[PROFILE_CONFIG_KEY] = ['{"attributes": ['];
    await assert.rejects(readProfileConfig({ components }, realm('shop')), (e) => isGatehouseError(e, 'GH_CONFIG_INVALID'));
  });
});
