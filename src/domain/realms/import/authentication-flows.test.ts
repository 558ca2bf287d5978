import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importError, importRep, uniqueRealm } from '../../../../test/support/import-realm.ts';
import { useTestStore } from '../../../../test/support/test-store.ts';

const holder = useTestStore();

const browser = {
  alias: 'browser', providerId: 'basic-flow', topLevel: true, builtIn: true,
  authenticationExecutions: [
    { authenticator: 'auth-cookie', requirement: 'ALTERNATIVE', priority: 10, autheticatorFlow: false },
    { authenticatorFlow: true, flowAlias: 'my forms', requirement: 'ALTERNATIVE', priority: 30 },
  ],
};
const forms = {
  alias: 'my forms', providerId: 'basic-flow', topLevel: false, builtIn: false,
  authenticationExecutions: [
    { authenticator: 'auth-username-password-form', requirement: 'REQUIRED', priority: 10 },
    { authenticator: 'auth-otp-form', requirement: 'OPTIONAL', priority: 20, authenticatorConfig: 'otp cfg' },
    { authenticator: 'home-idp-discovery', requirement: 'ALTERNATIVE', priority: 30 },
  ],
};

describe('import: flows, executions, authenticator configs and required actions', () => {
  it('replaces the built-in flow of the same alias, keeps the others, and links configs and sub-flows', async () => {
    const realm = await importRep(holder.store, {
      realm: uniqueRealm('flows'),
      authenticationFlows: [browser, forms],
      authenticatorConfig: [{ alias: 'otp cfg', config: { x: 'y' } }],
      requiredActions: [{ alias: 'VERIFY_EMAIL', name: 'Verify Email', providerId: 'VERIFY_EMAIL', enabled: false, defaultAction: true, priority: 50, config: {} }, { alias: 'custom-action', name: 'Custom', providerId: 'custom-action', enabled: true, priority: 200 }],
    });
    const flows = await holder.store.flows.listFlows(realm.id);
    const aliases = flows.map((f) => f.alias);
    assert.ok(aliases.includes('registration') && aliases.includes('direct grant'), 'built-in flows the file lacks stay');
    assert.ok(!aliases.includes('forms'), 'the replaced browser flow takes its sub-flows along');
    const top = flows.find((f) => f.alias === 'browser')!;
    const executions = await holder.store.flows.listExecutions(top.id);
    const sub = flows.find((f) => f.alias === 'my forms')!;
    assert.deepEqual(executions.map((e) => e.authenticator ?? e.childFlowId), ['auth-cookie', sub.id]);
    const inner = await holder.store.flows.listExecutions(sub.id);
    assert.deepEqual(inner.map((e) => [e.authenticator, e.requirement]), [['auth-username-password-form', 'REQUIRED'], ['auth-otp-form', 'DISABLED'], ['home-idp-discovery', 'ALTERNATIVE']]);
    const config = await holder.store.flows.findConfig(realm.id, inner[1]!.configId!);
    assert.deepEqual(config?.config, { x: 'y' });
    const verify = await holder.store.requiredActions.find(realm.id, 'VERIFY_EMAIL');
    assert.equal(verify?.enabled, false);
    assert.equal(verify?.defaultAction, true);
    assert.ok(await holder.store.requiredActions.find(realm.id, 'custom-action'));
  });

  it('names a sub-flow or config that is not in the file, and an unknown requirement', async () => {
    const missing = { ...browser, authenticationExecutions: [{ authenticatorFlow: true, flowAlias: 'nowhere', requirement: 'ALTERNATIVE' }] };
    assert.equal(await importError(importRep(holder.store, { realm: uniqueRealm('f'), authenticationFlows: [missing] })), 'authenticationFlows[0].authenticationExecutions[0].flowAlias: flow "nowhere" not found');
    assert.equal(await importError(importRep(holder.store, { realm: uniqueRealm('f'), authenticationFlows: [forms] })), 'authenticationFlows[0].authenticationExecutions[1].authenticatorConfig: authenticator config "otp cfg" not found');
    const odd = { ...browser, alias: 'odd', authenticationExecutions: [{ authenticator: 'auth-cookie', requirement: 'SOMETIMES' }] };
    assert.equal(await importError(importRep(holder.store, { realm: uniqueRealm('f'), authenticationFlows: [odd] })), 'authenticationFlows[0].authenticationExecutions[0].requirement: unknown requirement "SOMETIMES"');
  });
});
