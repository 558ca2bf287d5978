import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { actionTokenLink, issueActionToken } from '../../../src/domain/action-tokens/index.ts';
import { systemClock } from '../../../src/kernel/clock.ts';
import { heading, linkIn, pageText, useEmailFlows, webClient } from './email-flows-fixture.ts';

const f = await useEmailFlows((sink, redirectUri) => [
  {
    name: 'staff',
    settings: { eventsEnabled: true, passwordPolicy: 'length(12)', smtpServer: sink.smtpSettings() },
    clients: [webClient(redirectUri)],
    users: [
      { username: 'alma', password: 'alma password 1' },
      { username: 'vic', password: 'vic password 1' },
      { username: 'mailless', password: 'mailless password 1', email: null },
      { username: 'gone', password: 'gone password 1', enabled: false },
    ],
  },
]);

async function admin(): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: f.server.baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: 'staff' });
  return kc;
}

async function userId(kc: KcAdminClient, username: string): Promise<string> {
  const [user] = await kc.users.find({ username, exact: true });
  assert.ok(user?.id, username);
  return user.id;
}

/** Asserts that the call fails with 400 and Keycloak's `errorMessage`. */
async function refused(call: Promise<unknown>, errorMessage: string): Promise<void> {
  await assert.rejects(call, (error: { response?: { status?: number }; responseData?: { errorMessage?: string } }) => {
    assert.equal(error.response?.status, 400);
    assert.equal(error.responseData?.errorMessage, errorMessage);
    return true;
  });
}

describe('emails an administrator sends', () => {
  it('execute-actions-email: the link runs the actions, then says the account was updated with a way back', async () => {
    const kc = await admin();
    const id = await userId(kc, 'alma');
    await kc.users.executeActionsEmail({ id, actions: ['UPDATE_PASSWORD'], clientId: 'web', redirectUri: f.redirectUri, lifespan: 600 });
    const mail = await f.mailTo('alma@example.test');
    assert.equal(mail.subject, 'Update Your Account');
    const page = await (await f.newContext()).newPage();
    await page.goto(linkIn(mail));
    assert.equal(await heading(page).innerText(), 'Update password');
    await page.getByLabel('New Password').fill('too short');
    await page.getByLabel('Confirm password').fill('too short');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('#input-error-password').innerText(), /minimum length 12/);
    await page.getByLabel('New Password').fill('alma new password 2');
    await page.getByLabel('Confirm password').fill('alma new password 2');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForLoadState();
    assert.match(await pageText(page), /Your account has been updated\./);
    assert.equal(await page.getByRole('link', { name: '« Back to Application' }).getAttribute('href'), f.redirectUri);

    // The new password works; the link does not work twice.
    const token = await fetch(`${f.server.baseUrl}/realms/staff/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'alma', password: 'alma new password 2' }),
    });
    assert.equal(token.status, 200, await token.text());
    await page.goto(linkIn(mail));
    assert.match(await pageText(page), /This link has already been used\./);
  });

  it('send-verify-email: the link verifies the address and offers the way back', async () => {
    const kc = await admin();
    const id = await userId(kc, 'vic');
    assert.equal((await kc.users.findOne({ id }))?.emailVerified, false);
    await kc.users.sendVerifyEmail({ id, clientId: 'web', redirectUri: f.redirectUri });
    const mail = await f.mailTo('vic@example.test');
    assert.equal(mail.subject, 'Verify email');
    const page = await (await f.newContext()).newPage();
    await page.goto(linkIn(mail));
    assert.match(await pageText(page), /Your email address has been verified\./);
    assert.equal((await kc.users.findOne({ id }))?.emailVerified, true);
  });

  it('refuses a link whose actions the realm does not offer, with its own page', async () => {
    const realm = (await f.server.store.realms.findByName('staff'))!;
    const user = (await f.server.store.users.findByUsername(realm.id, 'vic'))!;
    const issued = await issueActionToken(f.server.store, realm, { action: 'execute-actions', user, baseUrl: f.server.baseUrl, issuedBy: 'admin', requiredActions: ['FLY_TO_MOON'] }, systemClock);
    const page = await (await f.newContext()).newPage();
    const response = await page.goto(actionTokenLink(f.server.baseUrl, realm, issued));
    assert.equal(response?.status(), 400);
    assert.match(await pageText(page), /Required actions included in the link are not valid/);
  });

  it("refuses with Keycloak's errors: no address, disabled user, redirect without client, unknown client, foreign redirect, unknown action", async () => {
    const kc = await admin();
    const alma = await userId(kc, 'alma');
    await refused(kc.users.executeActionsEmail({ id: await userId(kc, 'mailless'), actions: ['UPDATE_PASSWORD'] }), 'User email missing');
    await refused(kc.users.sendVerifyEmail({ id: await userId(kc, 'gone') }), 'User is disabled');
    await refused(kc.users.executeActionsEmail({ id: alma, actions: ['UPDATE_PASSWORD'], redirectUri: f.redirectUri }), 'Client id missing');
    await refused(kc.users.executeActionsEmail({ id: alma, actions: ['UPDATE_PASSWORD'], clientId: 'nowhere' }), "Client doesn't exist");
    await refused(kc.users.sendVerifyEmail({ id: alma, clientId: 'web', redirectUri: 'https://evil.example/steal' }), 'Invalid redirect uri.');
    await refused(kc.users.executeActionsEmail({ id: alma, actions: ['FLY_TO_MOON'] }), 'Provider for required action FLY_TO_MOON not found');
  });
});
