import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { Browserless, textOf } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const callback = 'http://127.0.0.1:1/callback';
const web = { clientId: 'web', publicClient: true, directAccessGrantsEnabled: true, redirectUris: [callback] };

const server = useGatehouseServer([
  { name: 'flows', settings: { registrationAllowed: true }, clients: [web], users: [{ username: 'pending', password: 'pending-password-1', requiredActions: ['UPDATE_PASSWORD'] }] },
]);

/** A password grant of the web client: its status and error description. */
async function passwordGrant(username: string, password: string): Promise<{ status: number; error?: string }> {
  const response = await fetch(`${server.baseUrl}/realms/flows/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: 'web', username, password }) });
  const body = (await response.json()) as { error_description?: string };
  return { status: response.status, error: body.error_description };
}

async function adminClient(): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: 'flows' });
  return kc;
}

async function call(kc: KcAdminClient, method: string, path: string, body?: unknown): Promise<{ status: number; location: string | null; json: unknown }> {
  const response = await fetch(`${server.baseUrl}/admin/realms/flows/authentication${path}`, {
    method,
    headers: { authorization: `Bearer ${kc.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, location: response.headers.get('location'), json: text ? JSON.parse(text) : undefined };
}

const registrationPage = (browser: Browserless) =>
  browser.open(
    `${server.baseUrl}/realms/flows/protocol/openid-connect/registrations?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`,
    (l) => l.startsWith(callback),
  );

const builtInFlowId = (flows: { alias?: string; id?: string }[]) => flows.find((f) => f.alias === 'browser')!.id;

describe('authentication management through the Admin API', () => {
  it('lists the built-in flows and their executions with Keycloak fields', async () => {
    const kc = await adminClient();
    const flows = await kc.authenticationManagement.getFlows();
    const aliases = flows.map((f) => f.alias);
    for (const alias of ['browser', 'registration', 'direct grant', 'reset credentials', 'clients', 'first broker login', 'docker auth']) assert.ok(aliases.includes(alias), alias);
    assert.ok(!aliases.includes('saml ecp'), 'Keycloak hides saml ecp');
    const browser = flows.find((f) => f.alias === 'browser')!;
    assert.equal(browser.builtIn, true);
    assert.equal(browser.topLevel, true);
    assert.equal(browser.providerId, 'basic-flow');
    assert.equal((await kc.authenticationManagement.getFlow({ flowId: browser.id! })).alias, 'browser');

    const executions = await kc.authenticationManagement.getExecutions({ flow: 'registration' });
    assert.deepEqual(executions.map((e) => [e.displayName, e.level, e.index]), [
      ['registration form', 0, 0],
      ['Registration User Profile Creation', 1, 0],
      ['Password Validation', 1, 1],
      ['reCAPTCHA', 1, 2],
      ['Terms and conditions', 1, 3],
    ]);
    const form = executions[0]!;
    assert.equal(form.authenticationFlow, true);
    assert.equal(form.providerId, 'registration-page-form');
    assert.deepEqual(form.requirementChoices, ['REQUIRED', 'DISABLED']);
    const terms = executions.find((e) => e.providerId === 'registration-terms-and-conditions')!;
    assert.equal(terms.requirement, 'DISABLED');
    assert.equal((terms as { priority?: number }).priority, 70);
    assert.equal(terms.configurable, false);
    assert.equal(terms.authenticationFlow, false);
    assert.ok(terms.description);

    const browserExecutions = await kc.authenticationManagement.getExecutions({ flow: 'browser' });
    const credential = browserExecutions.find((e) => e.providerId === 'conditional-credential')!;
    assert.equal(credential.alias, 'browser-conditional-credential');
    assert.equal(credential.configurable, true);
    const config = await kc.authenticationManagement.getConfig({ id: credential.authenticationConfig! });
    assert.equal(config.config?.credentials, 'webauthn-passwordless');

    assert.equal((await call(kc, 'GET', '/flows/nowhere/executions')).status, 404);
  });

  it('follows a requirement change at once: REQUIRED terms appear on the registration page, DISABLED ones go', async () => {
    const kc = await adminClient();
    const before = await registrationPage(new Browserless());
    assert.doesNotMatch(before.html, /name="termsAccepted"/);

    const terms = (await kc.authenticationManagement.getExecutions({ flow: 'registration' })).find((e) => e.providerId === 'registration-terms-and-conditions')!;
    await kc.authenticationManagement.updateExecution({ flow: 'registration' }, { ...terms, requirement: 'REQUIRED' });
    assert.equal((await kc.authenticationManagement.getExecutions({ flow: 'registration' })).find((e) => e.id === terms.id)?.requirement, 'REQUIRED');

    const browser = new Browserless();
    const page = await registrationPage(browser);
    assert.match(page.html, /name="termsAccepted"/);
    const refused = await browser.submit(page, { username: 'nodeal', email: 'nodeal@example.com', firstName: 'N', lastName: 'D', password: 'no-deal-password-1', 'password-confirm': 'no-deal-password-1' }, (l) => l.startsWith(callback));
    assert.ok(textOf(refused.html, 'input-error-termsAccepted'), 'the terms must be accepted');

    const wrong = await call(kc, 'PUT', '/flows/registration/executions', { ...terms, requirement: 'SOMETIMES' });
    assert.equal(wrong.status, 400);
    const unknown = await call(kc, 'PUT', '/flows/registration/executions', { ...terms, id: 'no-such-execution' });
    assert.equal(unknown.status, 404);

    await kc.authenticationManagement.updateExecution({ flow: 'registration' }, { ...terms, requirement: 'DISABLED' });
    assert.doesNotMatch((await registrationPage(new Browserless())).html, /name="termsAccepted"/);
  });

  it('copies a flow deeply, adds and orders executions, configures them, binds the copy and deletes it', async () => {
    const kc = await adminClient();
    const flowsBefore = await kc.authenticationManagement.getFlows();
    await kc.authenticationManagement.copyFlow({ flow: 'browser', newName: 'strict browser' });
    const copied = (await kc.authenticationManagement.getFlows()).find((f) => f.alias === 'strict browser')!;
    assert.equal(copied.builtIn, false);
    const executions = await kc.authenticationManagement.getExecutions({ flow: 'strict browser' });
    assert.ok(executions.some((e) => e.displayName === 'strict browser forms'), 'sub-flows are copied under the new name');
    const credential = executions.find((e) => e.providerId === 'conditional-credential')!;
    assert.equal(credential.alias, 'strict browser browser-conditional-credential', 'configs are copied too');
    const original = (await kc.authenticationManagement.getExecutions({ flow: 'browser' })).find((e) => e.providerId === 'conditional-credential')!;
    assert.notEqual(credential.authenticationConfig, original.authenticationConfig);
    assert.equal((await call(kc, 'POST', '/flows/browser/copy', { newName: 'strict browser' })).status, 409);

    const added = await kc.authenticationManagement.addExecutionToFlow({ flow: 'strict browser', provider: 'auth-otp-form' });
    assert.ok(added.id);
    let top = (await kc.authenticationManagement.getExecutions({ flow: 'strict browser' })).filter((e) => e.level === 0);
    assert.equal(top[top.length - 1]!.id, added.id);
    assert.equal(top[top.length - 1]!.requirement, 'DISABLED');
    await kc.authenticationManagement.raisePriorityExecution({ id: added.id! });
    top = (await kc.authenticationManagement.getExecutions({ flow: 'strict browser' })).filter((e) => e.level === 0);
    assert.equal(top[top.length - 2]!.id, added.id, 'raised one place');
    await kc.authenticationManagement.lowerPriorityExecution({ id: added.id! });
    top = (await kc.authenticationManagement.getExecutions({ flow: 'strict browser' })).filter((e) => e.level === 0);
    assert.equal(top[top.length - 1]!.id, added.id, 'lowered back');

    const unknownProvider = await call(kc, 'POST', '/flows/strict browser/executions/execution', { provider: 'no-such-step' });
    assert.equal(unknownProvider.status, 400);
    assert.deepEqual(unknownProvider.json, { error: 'No authentication provider found for id: no-such-step' });
    const intoBuiltIn = await call(kc, 'POST', '/flows/browser/executions/execution', { provider: 'auth-otp-form' });
    assert.deepEqual([intoBuiltIn.status, intoBuiltIn.json], [400, { error: 'It is illegal to add execution to a built in flow' }]);
    const builtInMove = await call(kc, 'POST', `/executions/${original.id}/raise-priority`);
    assert.equal(builtInMove.status, 400);

    const sub = await kc.authenticationManagement.addFlowToFlow({ flow: 'strict browser', alias: 'strict extra', type: 'basic-flow', provider: 'registration-page-form', description: 'More' });
    assert.ok(sub.id);
    const subInfo = (await kc.authenticationManagement.getExecutions({ flow: 'strict browser' })).find((e) => e.displayName === 'strict extra')!;
    assert.equal(subInfo.flowId, sub.id);
    assert.deepEqual(subInfo.requirementChoices, ['REQUIRED', 'ALTERNATIVE', 'DISABLED', 'CONDITIONAL']);

    const byRepresentation = await call(kc, 'POST', '/executions', { parentFlow: copied.id, authenticator: 'auth-cookie', requirement: 'ALTERNATIVE' });
    assert.equal(byRepresentation.status, 201);
    const cookieId = byRepresentation.location!.split('/').pop()!;
    const cookie = await call(kc, 'GET', `/executions/${cookieId}`);
    assert.deepEqual(cookie.json, { id: cookieId, authenticator: 'auth-cookie', authenticatorFlow: false, requirement: 'ALTERNATIVE', priority: (cookie.json as { priority: number }).priority, parentFlow: copied.id });
    assert.equal((await call(kc, 'POST', '/executions', { parentFlow: builtInFlowId(flowsBefore), authenticator: 'auth-cookie' })).status, 400);
    await kc.authenticationManagement.delExecution({ id: cookieId });
    assert.equal((await call(kc, 'GET', `/executions/${cookieId}`)).status, 404);

    const redirector = await kc.authenticationManagement.addExecutionToFlow({ flow: 'strict browser', provider: 'identity-provider-redirector' });
    const created = await call(kc, 'POST', `/executions/${redirector.id}/config`, { alias: 'to-corp', config: { defaultProvider: 'corp' } });
    assert.equal(created.status, 201);
    const configId = created.location!.split('/').pop()!;
    assert.deepEqual(await kc.authenticationManagement.getConfig({ id: configId }), { id: configId, alias: 'to-corp', config: { defaultProvider: 'corp' } });
    await kc.authenticationManagement.updateConfig({ id: configId, alias: 'to-corp', config: { defaultProvider: 'other' } });
    assert.equal((await kc.authenticationManagement.getConfig({ id: configId })).config?.defaultProvider, 'other');
    const description = await kc.authenticationManagement.getConfigDescription({ providerId: 'identity-provider-redirector' });
    assert.equal(description.name, 'Identity Provider Redirector');
    assert.deepEqual(description.properties?.map((p) => p.name), ['defaultProvider']);
    assert.equal((await call(kc, 'POST', `/executions/${redirector.id}/config`, { config: {} })).status, 400);

    // Binding the copy makes it the realm's browser flow; a bound flow is not deleted from under the realm.
    await kc.realms.update({ realm: 'flows' }, { browserFlow: 'strict browser' });
    const inUse = await call(kc, 'DELETE', `/flows/${copied.id}`);
    assert.deepEqual([inUse.status, inUse.json], [400, { error: 'Cannot remove authentication flow, it is currently in use' }]);
    await kc.realms.update({ realm: 'flows' }, { browserFlow: 'browser' });

    await kc.authenticationManagement.delExecution({ id: added.id! });
    assert.ok(!(await kc.authenticationManagement.getExecutions({ flow: 'strict browser' })).some((e) => e.id === added.id));
    await kc.authenticationManagement.deleteFlow({ flowId: copied.id! });
    assert.ok(!(await kc.authenticationManagement.getFlows()).some((f) => f.alias === 'strict browser'));
    assert.equal((await call(kc, 'GET', '/flows/strict browser forms/executions')).status, 404, 'sub-flows go with their flow');
    assert.equal((await call(kc, 'GET', `/config/${configId}`)).status, 404, 'configs go with their flow');

    const builtIn = (await kc.authenticationManagement.getFlows()).find((f) => f.alias === 'browser')!;
    const refused = await call(kc, 'DELETE', `/flows/${builtIn.id}`);
    assert.deepEqual([refused.status, refused.json], [400, { error: "Can't delete built in flow" }]);

    const { id } = await kc.authenticationManagement.createFlow({ alias: 'empty', providerId: 'basic-flow', description: 'Nothing', topLevel: true, builtIn: false });
    assert.equal((await kc.authenticationManagement.getFlow({ flowId: id! })).description, 'Nothing');
    assert.equal((await call(kc, 'POST', '/flows', { alias: 'empty', providerId: 'basic-flow' })).status, 409);
  });

  it('runs a copied registration flow once the realm binds it, and the built-in one again once unbound', async () => {
    const kc = await adminClient();
    await kc.authenticationManagement.copyFlow({ flow: 'registration', newName: 'terms registration' });
    const executions = await kc.authenticationManagement.getExecutions({ flow: 'terms registration' });
    assert.equal(executions[0]!.displayName, 'terms registration registration form');
    assert.equal(executions[0]!.providerId, 'registration-page-form');
    const terms = executions.find((e) => e.providerId === 'registration-terms-and-conditions')!;
    await kc.authenticationManagement.updateExecution({ flow: 'terms registration' }, { ...terms, requirement: 'REQUIRED' });
    assert.doesNotMatch((await registrationPage(new Browserless())).html, /name="termsAccepted"/, 'the built-in flow is unchanged');

    await kc.realms.update({ realm: 'flows' }, { registrationFlow: 'terms registration' });
    assert.match((await registrationPage(new Browserless())).html, /name="termsAccepted"/, 'the bound copy runs');

    // Renaming a bound flow keeps the binding.
    const flow = (await kc.authenticationManagement.getFlows()).find((f) => f.alias === 'terms registration')!;
    await kc.authenticationManagement.updateFlow({ flowId: flow.id! }, { ...flow, alias: 'signup with terms' });
    assert.equal((await kc.realms.findOne({ realm: 'flows' }))?.registrationFlow, 'signup with terms');
    assert.match((await registrationPage(new Browserless())).html, /name="termsAccepted"/);

    await kc.realms.update({ realm: 'flows' }, { registrationFlow: 'registration' });
    assert.doesNotMatch((await registrationPage(new Browserless())).html, /name="termsAccepted"/);
    await kc.authenticationManagement.deleteFlow({ flowId: flow.id! });
  });

  it('lists providers, and manages required actions: enable, order, register and configure', async () => {
    const kc = await adminClient();
    const authenticators = await kc.authenticationManagement.getAuthenticatorProviders();
    assert.ok(authenticators.some((p) => p.id === 'auth-username-password-form' && p.displayName === 'Username Password Form'));
    const formActions = await kc.authenticationManagement.getFormActionProviders();
    assert.ok(formActions.some((p) => p.id === 'registration-terms-and-conditions'));
    assert.deepEqual((await kc.authenticationManagement.getFormProviders()).map((p) => p.id), ['registration-page-form']);
    assert.ok((await kc.authenticationManagement.getClientAuthenticatorProviders()).some((p) => p.id === 'client-secret'));

    const actions = await kc.authenticationManagement.getRequiredActions();
    assert.deepEqual(actions.slice(0, 3).map((a) => a.alias), ['CONFIGURE_TOTP', 'TERMS_AND_CONDITIONS', 'UPDATE_PASSWORD']);
    const terms = actions.find((a) => a.alias === 'TERMS_AND_CONDITIONS')!;
    assert.equal(terms.enabled, false);
    await kc.authenticationManagement.updateRequiredAction({ alias: 'TERMS_AND_CONDITIONS' }, { ...terms, enabled: true, defaultAction: true });
    const enabled = await kc.authenticationManagement.getRequiredActionForAlias({ alias: 'TERMS_AND_CONDITIONS' });
    assert.deepEqual([enabled.enabled, enabled.defaultAction], [true, true]);

    await kc.authenticationManagement.raiseRequiredActionPriority({ alias: 'TERMS_AND_CONDITIONS' });
    assert.deepEqual((await kc.authenticationManagement.getRequiredActions()).slice(0, 2).map((a) => a.alias), ['TERMS_AND_CONDITIONS', 'CONFIGURE_TOTP']);
    await kc.authenticationManagement.lowerRequiredActionPriority({ alias: 'TERMS_AND_CONDITIONS' });
    assert.deepEqual((await kc.authenticationManagement.getRequiredActions()).slice(0, 2).map((a) => a.alias), ['CONFIGURE_TOTP', 'TERMS_AND_CONDITIONS']);

    // Switching an action off lets users with it pending through, as Keycloak does; on again, it waits again.
    assert.deepEqual(await passwordGrant('pending', 'pending-password-1'), { status: 400, error: 'Account is not fully set up' });
    const updatePassword = await kc.authenticationManagement.getRequiredActionForAlias({ alias: 'UPDATE_PASSWORD' });
    await kc.authenticationManagement.updateRequiredAction({ alias: 'UPDATE_PASSWORD' }, { ...updatePassword, enabled: false });
    assert.equal((await passwordGrant('pending', 'pending-password-1')).status, 200);
    await kc.authenticationManagement.updateRequiredAction({ alias: 'UPDATE_PASSWORD' }, { ...updatePassword, enabled: true });
    assert.equal((await passwordGrant('pending', 'pending-password-1')).status, 400);

    await kc.authenticationManagement.deleteRequiredAction({ alias: 'delete_account' });
    assert.equal(await kc.authenticationManagement.getRequiredActionForAlias({ alias: 'delete_account' }), null);
    assert.deepEqual(await kc.authenticationManagement.getUnregisteredRequiredActions(), [{ name: 'Delete Account', providerId: 'delete_account' }]);
    await kc.authenticationManagement.registerRequiredAction({ providerId: 'delete_account', name: 'Delete Account' });
    const registered = (await kc.authenticationManagement.getRequiredActions()).at(-1)!;
    assert.deepEqual([registered.alias, registered.enabled, registered.priority], ['delete_account', true, 1001]);
    assert.equal((await call(kc, 'POST', '/register-required-action', { providerId: 'nothing' })).status, 400);

    const description = await kc.authenticationManagement.getRequiredActionConfigDescription({ alias: 'UPDATE_PASSWORD' });
    assert.deepEqual(description.properties?.map((p) => p.name), ['max_auth_age']);
    assert.equal((await call(kc, 'GET', '/required-actions/UPDATE_PASSWORD/config')).status, 404);
    await kc.authenticationManagement.updateRequiredActionConfig({ alias: 'UPDATE_PASSWORD' }, { config: { max_auth_age: '600' } });
    assert.deepEqual((await kc.authenticationManagement.getRequiredActionConfig({ alias: 'UPDATE_PASSWORD' })).config, { max_auth_age: '600' });
    assert.equal((await call(kc, 'PUT', '/required-actions/UPDATE_PASSWORD/config', { config: { max_auth_age: 'soon' } })).status, 400);
    assert.equal((await call(kc, 'GET', '/required-actions/VERIFY_EMAIL/config')).status, 400);
    await kc.authenticationManagement.removeRequiredActionConfig({ alias: 'UPDATE_PASSWORD' });
    assert.equal((await call(kc, 'GET', '/required-actions/UPDATE_PASSWORD/config')).status, 404);
  });
});
