import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestRealm } from '../../../test/support/test-realm.ts';
import { useTestStore } from '../../../test/support/test-store.ts';
import type { RealmRecord } from '../../storage/ports.ts';
import { loadFlowTree, type FlowNode } from '../engine/flow-tree.ts';

/** `authenticator REQUIREMENT priority`, sub-flows indented under their alias. */
function outline(flow: FlowNode, depth = 0): string[] {
  return flow.executions.flatMap((e) => {
    const line = `${'  '.repeat(depth)}${e.authenticator ?? ''}${e.flow ? `[${e.flow.alias}]` : ''} ${e.requirement} ${e.priority}`;
    return [line, ...(e.flow ? outline(e.flow, depth + 1) : [])];
  });
}

describe('built-in flows', () => {
  const t = useTestStore();

  const realm = (name: string): Promise<RealmRecord> => createTestRealm(t.store, name);

  it("gives a new realm Keycloak 26.6's browser flow, in Keycloak's order and requirements", async () => {
    const r = await realm('seeded');
    const browser = await loadFlowTree(t.store, r.id, 'browser');
    assert.deepEqual(outline(browser!), [
      'auth-cookie ALTERNATIVE 10',
      'auth-spnego DISABLED 20',
      'identity-provider-redirector ALTERNATIVE 25',
      '[Organization] ALTERNATIVE 26',
      '  [Browser - Conditional Organization] CONDITIONAL 10',
      '    conditional-user-configured REQUIRED 10',
      '    organization ALTERNATIVE 20',
      '[forms] ALTERNATIVE 30',
      '  auth-username-password-form REQUIRED 10',
      '  [Browser - Conditional 2FA] CONDITIONAL 20',
      '    conditional-user-configured REQUIRED 10',
      '    conditional-credential REQUIRED 20',
      '    auth-otp-form ALTERNATIVE 30',
      '    webauthn-authenticator DISABLED 40',
      '    auth-recovery-authn-code-form DISABLED 50',
    ]);
    const flows = await t.store.flows.listFlows(r.id);
    const forms = flows.find((f) => f.alias === 'forms');
    assert.deepEqual(forms, { ...forms, description: 'Username, password, otp and other auth forms.', providerId: 'basic-flow', topLevel: false, builtIn: true });
    assert.deepEqual(
      flows.filter((f) => f.topLevel).map((f) => f.alias),
      ['browser', 'clients', 'direct grant', 'docker auth', 'first broker login', 'registration', 'reset credentials', 'saml ecp'],
    );
  });

  it('gives the registration flow its form page and form actions', async () => {
    const r = await realm('registration-seeded');
    const registration = await loadFlowTree(t.store, r.id, 'registration');
    assert.deepEqual(outline(registration!), [
      'registration-page-form[registration form] REQUIRED 10',
      '  registration-user-creation REQUIRED 20',
      '  registration-password-action REQUIRED 50',
      '  registration-recaptcha-action DISABLED 60',
      '  registration-terms-and-conditions DISABLED 70',
    ]);
    assert.equal(registration!.executions[0]!.flow!.providerId, 'form-flow');
  });

  it('gives first broker login its sub-flows and authenticator configs', async () => {
    const r = await realm('broker-seeded');
    const tree = await loadFlowTree(t.store, r.id, 'first broker login');
    assert.deepEqual(tree!.executions[0]!.config, { 'update.profile.on.first.login': 'missing' });
    assert.deepEqual(tree!.executions[1]!.flow!.executions[0]!.config, { 'require.password.update.after.registration': 'false' });
    const configs = (await t.store.flows.listConfigs(r.id)).map((c) => `${c.alias}=${JSON.stringify(c.config)}`);
    assert.deepEqual(configs, [
      'browser-conditional-credential={"credentials":"webauthn-passwordless"}',
      'create unique user config={"require.password.update.after.registration":"false"}',
      'first-broker-login-conditional-credential={"credentials":"webauthn-passwordless"}',
      'review profile config={"update.profile.on.first.login":"missing"}',
    ]);
  });

  it("gives a new realm Keycloak's 14 default required actions, none assigned to new users", async () => {
    const r = await realm('actions-seeded');
    const actions = await t.store.requiredActions.list(r.id);
    assert.equal(actions.length, 14);
    assert.deepEqual(
      actions.map((a) => `${a.alias}:${a.priority}:${a.enabled ? 'on' : 'off'}`),
      [
        'CONFIGURE_TOTP:10:on',
        'TERMS_AND_CONDITIONS:20:off',
        'UPDATE_PASSWORD:30:on',
        'UPDATE_PROFILE:40:on',
        'VERIFY_EMAIL:50:on',
        'delete_account:60:off',
        'UPDATE_EMAIL:70:off',
        'webauthn-register:80:on',
        'webauthn-register-passwordless:90:on',
        'VERIFY_PROFILE:100:on',
        'delete_credential:110:on',
        'idp_link:120:on',
        'CONFIGURE_RECOVERY_AUTHN_CODES:130:on',
        'update_user_locale:1000:on',
      ],
    );
    assert.ok(actions.every((a) => a.alias === a.providerId && !a.defaultAction));
    assert.equal(actions.find((a) => a.alias === 'UPDATE_PASSWORD')?.name, 'Update Password');
  });

  it('leaves the Organization sub-flows out of master, as Keycloak does', async () => {
    const master = await realm('master');
    const aliases = (await t.store.flows.listFlows(master.id)).map((f) => f.alias);
    assert.ok(!aliases.includes('Organization'));
    assert.ok(!aliases.includes('First Broker Login - Conditional Organization'));
    assert.ok(aliases.includes('Browser - Conditional 2FA'));
  });
});
