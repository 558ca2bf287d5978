import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { PreRegistration } from '../../../domain/registration-hooks/hook-decision.ts';
import { registerRegistrationHookPlugin, unregisterRegistrationHookPlugin, type RegistrationHookPlugin } from '../../../domain/registration-hooks/registration-hook-plugin.ts';
import type { StepContext } from '../../engine/step.ts';
import { consultRegistrationHooks } from './pre-registration-hooks.ts';

const request: PreRegistration = {
  type: 'PRE_REGISTRATION', realm: 'shop', realmId: 'r1', time: 0, clientId: 'web', ipAddress: '127.0.0.1', locale: null,
  user: { username: 'ada', email: 'ada@example.com', firstName: 'Ada', lastName: 'L', attributes: {} },
};

/** A step context of realm `shop` without HTTP hooks, whose warnings are kept. */
function context(warnings: string[]): StepContext {
  const logger = { warn: (_fields: object, message: string) => warnings.push(message), info: () => undefined };
  return {
    realm: { id: 'r1', name: 'shop' },
    repos: { registrationHooks: { list: async () => [] } },
    clock: { now: () => 0 },
    logger,
  } as unknown as StepContext;
}

const registered: string[] = [];
function plugin(p: RegistrationHookPlugin): void {
  registerRegistrationHookPlugin(p);
  registered.push(p.id);
}
afterEach(() => {
  for (const id of registered.splice(0)) unregisterRegistrationHookPlugin(id);
});

describe('in-process pre-registration hooks', () => {
  it('adds up what allowing plugins set, a later value for an attribute winning, and sees the sign-up', async () => {
    const seen: PreRegistration[] = [];
    plugin({ id: 'a', decide: async (r) => (seen.push(r), { decision: 'allow', attributes: { tier: 'silver', crm: ['1'] }, groups: ['/a'] }) });
    plugin({ id: 'b', decide: async () => ({ decision: 'allow', attributes: { tier: ['gold'] }, groups: ['/a', '/b'] }) });
    assert.deepEqual(await consultRegistrationHooks(context([]), request), { kind: 'allow', attributes: { tier: ['gold'], crm: ['1'] }, groups: ['/a', '/b'] });
    assert.equal(seen[0]?.user.email, 'ada@example.com');
  });

  it('stops at the first deny', async () => {
    let later = false;
    plugin({ id: 'no', decide: async () => ({ decision: 'deny', message: 'Not today.', field: 'email' }) });
    plugin({ id: 'later', decide: async () => ((later = true), { decision: 'allow' }) });
    assert.deepEqual(await consultRegistrationHooks(context([]), request), { kind: 'deny', hook: 'plugin:no', message: 'Not today.', field: 'email' });
    assert.equal(later, false, 'a plugin after a deny is not asked');
  });

  it('skips a plugin that fails open, with a warning, and refuses on one that fails closed', async () => {
    const warnings: string[] = [];
    plugin({ id: 'slow', timeoutMs: 50, decide: () => new Promise((resolve) => setTimeout(() => resolve({ decision: 'deny' }), 1000)) });
    plugin({ id: 'odd', decide: async () => ({ decision: 'perhaps' }) });
    assert.deepEqual(await consultRegistrationHooks(context(warnings), request), { kind: 'allow', attributes: {}, groups: [] });
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /failurePolicy open/);

    plugin({ id: 'broken', failurePolicy: 'closed', decide: async () => { throw new Error('database down'); } });
    const verdict = await consultRegistrationHooks(context([]), request);
    assert.equal(verdict.kind, 'failed');
    assert.equal(verdict.kind === 'failed' && verdict.hook, 'plugin:broken');
  });

  it('leaves out a plugin for other realms', async () => {
    plugin({ id: 'elsewhere', appliesTo: (realm) => realm.name === 'other', decide: async () => ({ decision: 'deny' }) });
    assert.equal((await consultRegistrationHooks(context([]), request)).kind, 'allow');
  });
});
