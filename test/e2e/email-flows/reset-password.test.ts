import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { heading, linkIn, pageText, screenshot, useEmailFlows, webClient } from './email-flows-fixture.ts';

const f = await useEmailFlows((sink, redirectUri) => [
  {
    name: 'reset',
    settings: { resetPasswordAllowed: true, eventsEnabled: true, passwordPolicy: 'length(12) and digits(1)', smtpServer: sink.smtpSettings() },
    clients: [webClient(redirectUri)],
    users: [
      { username: 'rita', password: 'the old password 1' },
      { username: 'otto', password: 'the old password 1' },
      { username: 'paul', password: 'the old password 1' },
    ],
  },
  { name: 'no-reset', settings: { eventsEnabled: true, smtpServer: sink.smtpSettings() }, clients: [webClient(redirectUri)] },
]);

/** From a new sign-in page, "Forgot Password?", then the username or email submitted; returns the page and verifier. */
async function forgot(realm: string, typed: string) {
  const { page, verifier } = await f.openLogin(realm);
  await page.getByRole('link', { name: 'Forgot Password?' }).click();
  await page.waitForLoadState();
  assert.equal(await heading(page).innerText(), 'Forgot Your Password?');
  await page.getByLabel('Username or email').fill(typed);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.waitForLoadState();
  return { page, verifier };
}

async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.waitForLoadState();
}

describe('resetting a forgotten password', () => {
  it('answers an unknown address exactly as a known one, and sends it nothing', async () => {
    const unknown = await forgot('reset', 'nobody@example.test');
    const unknownText = await pageText(unknown.page);
    const known = await forgot('reset', 'otto@example.test');
    const knownText = await pageText(known.page);
    assert.match(knownText, /You should receive an email shortly with further instructions\./);
    assert.equal(unknownText, knownText);
    await screenshot(known.page, 'reset-email-sent');
    await f.mailTo('otto@example.test');
    assert.deepEqual(f.sink.messages.filter((m) => m.to.includes('nobody@example.test')), [], 'no email to an address without an account');
    const realm = (await f.server.store.realms.findByName('reset'))!;
    const errors = await f.server.store.events.query(realm.id, { types: ['RESET_PASSWORD_ERROR'] });
    assert.deepEqual(errors.map((e) => [e.error, e.details.username]), [['user_not_found', 'nobody@example.test']]);
  });

  it('sends a link that leads to a new password under the policy, signs in with it, and back to the client', async () => {
    const { page, verifier } = await forgot('reset', 'rita@example.test');
    const mail = await f.mailTo('rita@example.test');
    assert.equal(mail.subject, 'Reset password');
    await page.goto(linkIn(mail));
    assert.equal(await heading(page).innerText(), 'Update password');
    await page.getByLabel('New Password').fill('short1');
    await page.getByLabel('Confirm password').fill('short1');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('#input-error-password').innerText(), /Invalid password: minimum length 12\./);
    await page.getByLabel('New Password').fill('a brand new password 2');
    await page.getByLabel('Confirm password').fill('a brand new password 2');
    await page.getByRole('button', { name: 'Submit' }).click();
    const claims = await f.backAtClient(page, 'reset', verifier);
    assert.equal(claims.preferred_username, 'rita');

    const realm = (await f.server.store.realms.findByName('reset'))!;
    const types = (await f.server.store.events.query(realm.id, { direction: 'asc' })).filter((e) => e.details.username === 'rita' || e.userId === claims.sub).map((e) => e.type);
    for (const type of ['SEND_RESET_PASSWORD', 'UPDATE_PASSWORD', 'RESET_PASSWORD', 'LOGIN']) assert.ok(types.includes(type), `${type} in ${types.join(',')}`);

    const again = await f.openLogin('reset');
    await signIn(again.page, 'rita', 'the old password 1');
    assert.match(await pageText(again.page), /Invalid username or password\./);
    await signIn(again.page, 'rita', 'a brand new password 2');
    await f.backAtClient(again.page, 'reset', again.verifier);
  });

  it('lets the link set the new password in another browser too, then says so', async () => {
    await forgot('reset', 'paul');
    const link = linkIn(await f.mailTo('paul@example.test'));
    const page = await (await f.newContext()).newPage();
    await page.goto(link);
    assert.equal(await heading(page).innerText(), 'Update password');
    await page.getByLabel('New Password').fill('paul new password 3');
    await page.getByLabel('Confirm password').fill('paul new password 3');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForLoadState();
    assert.match(await pageText(page), /Your password has been updated\./);
    const again = await f.openLogin('reset');
    await signIn(again.page, 'paul', 'paul new password 3');
    await f.backAtClient(again.page, 'reset', again.verifier);
  });

  it('goes back to the sign-in form from the forgotten-password page', async () => {
    const { page } = await f.openLogin('reset');
    await page.getByRole('link', { name: 'Forgot Password?' }).click();
    await page.waitForLoadState();
    await page.getByRole('link', { name: '« Back to Login' }).click();
    await page.waitForLoadState();
    assert.equal(await heading(page).innerText(), 'Sign in to your account');
    await signIn(page, 'otto', 'the old password 1');
    await page.waitForURL((url) => url.href.startsWith(f.redirectUri), { timeout: 15_000 });
  });

  it('offers no "Forgot Password?" where the realm does not allow it, and refuses the page', async () => {
    const { page } = await f.openLogin('no-reset');
    assert.equal(await page.getByRole('link', { name: 'Forgot Password?' }).count(), 0);
    const url = new URL(page.url());
    const response = await page.goto(`${f.server.baseUrl}/realms/no-reset/login-actions/reset-credentials?${url.searchParams}`);
    assert.equal(response?.status(), 403);
    assert.match(await pageText(page), /Reset Credential not allowed/);
  });
});
