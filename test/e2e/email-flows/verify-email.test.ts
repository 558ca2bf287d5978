import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { heading, linkIn, pageText, screenshot, useEmailFlows, webClient } from './email-flows-fixture.ts';

const f = await useEmailFlows((sink, redirectUri) => {
  const base = { registrationAllowed: true, verifyEmail: true, eventsEnabled: true, smtpServer: sink.smtpSettings() };
  return [
    { name: 'verify', settings: base, clients: [webClient(redirectUri)] },
    { name: 'verify-code', settings: { ...base, attributes: { verifyEmailMethod: 'code' } }, clients: [webClient(redirectUri)] },
    { name: 'verify-both', settings: { ...base, attributes: { verifyEmailMethod: 'link-and-code' } }, clients: [webClient(redirectUri)] },
    // Links that live one second, to see an expired one without waiting minutes.
    { name: 'verify-short', settings: { ...base, attributes: { 'actionTokenGeneratedByUserLifespan.verify-email': '1' } }, clients: [webClient(redirectUri)] },
  ];
});

const labelled = (page: Page, text: string) => page.getByLabel(new RegExp(`^${text}(?: \\*)?$`));

/** Opens the sign-in page of `realm`, follows "Register" and signs up as `username`; returns the page and PKCE verifier. */
async function register(realm: string, username: string) {
  const { page, verifier } = await f.openLogin(realm);
  await page.getByRole('link', { name: 'Register', exact: true }).click();
  await page.waitForLoadState();
  await labelled(page, 'Username').fill(username);
  await labelled(page, 'Email').fill(`${username}@example.test`);
  await labelled(page, 'First name').fill('Eve');
  await labelled(page, 'Last name').fill('Mailer');
  await labelled(page, 'Password').fill('a long password 1');
  await labelled(page, 'Confirm password').fill('a long password 1');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForLoadState();
  return { page, verifier };
}

async function storedUser(realmName: string, username: string) {
  const realm = (await f.server.store.realms.findByName(realmName))!;
  return { realm, user: (await f.server.store.users.findByUsername(realm.id, username))! };
}

describe('verifying the email address of a new account', () => {
  it('asks to check the email after registering; the link in the same browser goes back to the client verified', async () => {
    const { page, verifier } = await register('verify', 'same-browser');
    assert.equal(await heading(page).innerText(), 'Email verification');
    assert.match(await pageText(page), /An email with instructions to verify your email address has been sent to your address same-browser@example\.test\./);

    const mail = await f.mailTo('same-browser@example.test');
    assert.equal(mail.subject, 'Verify email');
    const link = linkIn(mail);
    assert.ok(link.startsWith(`${f.server.baseUrl}/realms/verify/login-actions/action-token?key=`), link);
    await page.goto(link);
    const claims = await f.backAtClient(page, 'verify', verifier);
    assert.equal(claims.email_verified, true);
    assert.equal(claims.email, 'same-browser@example.test');

    const { realm, user } = await storedUser('verify', 'same-browser');
    assert.equal(user.emailVerified, true);
    const types = (await f.server.store.events.query(realm.id, { userId: user.id, direction: 'asc' })).map((e) => e.type);
    assert.deepEqual(types.filter((t) => ['REGISTER', 'SEND_VERIFY_EMAIL', 'VERIFY_EMAIL', 'LOGIN'].includes(t)), ['REGISTER', 'SEND_VERIFY_EMAIL', 'VERIFY_EMAIL', 'LOGIN']);
  });

  it('says "verified" when the link opens in another browser, and that it was used when it opens again', async () => {
    const { page } = await register('verify', 'other-browser');
    assert.equal(await heading(page).innerText(), 'Email verification');
    const link = linkIn(await f.mailTo('other-browser@example.test'));

    const elsewhere = await (await f.newContext()).newPage();
    await elsewhere.goto(link);
    assert.match(await pageText(elsewhere), /Your email address has been verified\./);
    assert.ok(await elsewhere.getByRole('link', { name: '« Back to Application' }).isVisible(), 'a way back to the application');
    assert.equal((await storedUser('verify', 'other-browser')).user.emailVerified, true);

    const again = await elsewhere.goto(link);
    assert.equal(again?.status(), 400);
    assert.match(await pageText(elsewhere), /This link has already been used\./);

    // The first browser's page, reloaded, now goes on: the address is verified.
    await page.reload();
    await page.waitForURL((url) => url.href.startsWith(f.redirectUri), { timeout: 15_000 });
  });

  it('sends again only after the waiting time, saying so', async () => {
    const { page } = await register('verify', 'resender');
    await f.mailTo('resender@example.test');
    await page.getByRole('button', { name: 'Click here' }).click();
    await page.waitForLoadState();
    assert.match(await pageText(page), /You can ask for another email in \d+ second\(s\)\./);
    await screenshot(page, 'login-verify-email');
    assert.equal(f.sink.messages.filter((m) => m.to.includes('resender@example.test')).length, 1);
  });

  it('shows an expired link its own page', async () => {
    await register('verify-short', 'slowpoke');
    const link = linkIn(await f.mailTo('slowpoke@example.test'));
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const page = await (await f.newContext()).newPage();
    const response = await page.goto(link);
    assert.equal(response?.status(), 400);
    assert.match(await pageText(page), /Action expired\./);
    const { realm, user } = await storedUser('verify-short', 'slowpoke');
    assert.equal(user.emailVerified, false);
    const errors = await f.server.store.events.query(realm.id, { types: ['VERIFY_EMAIL_ERROR'], userId: user.id });
    assert.deepEqual(errors.map((e) => e.error), ['expired_code']);
  });

  it('refuses a tampered link with a page of its own', async () => {
    await register('verify', 'tamperer');
    const link = new URL(linkIn(await f.mailTo('tamperer@example.test')));
    const key = link.searchParams.get('key')!;
    link.searchParams.set('key', `${key.slice(0, -4)}AAAA`);
    const page = await (await f.newContext()).newPage();
    const response = await page.goto(link.href);
    assert.equal(response?.status(), 400);
    assert.match(await pageText(page), /An error occurred, please login again through your application\./);
    assert.equal((await storedUser('verify', 'tamperer')).user.emailVerified, false);
  });
});

describe('verifying by code', () => {
  it('takes the code from the email and goes back to the client verified', async () => {
    const { page, verifier } = await register('verify-code', 'coder');
    assert.match(await pageText(page), /We have sent a six-digit code to coder@example\.test/);
    const mail = await f.mailTo('coder@example.test');
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
    assert.ok(code, `a code in the email: ${mail.text.slice(0, 300)}`);
    assert.equal(/login-actions\/action-token/.test(mail.text), false, 'no link when the realm verifies by code');
    await page.getByLabel('Verification code').fill(code);
    await page.getByRole('button', { name: 'Submit' }).click();
    const claims = await f.backAtClient(page, 'verify-code', verifier);
    assert.equal(claims.email_verified, true);
  });

  it('sends both a code and a link where the realm takes either; the link alone suffices', async () => {
    const { page, verifier } = await register('verify-both', 'either');
    assert.ok(await page.getByLabel('Verification code').isVisible(), 'the page takes a code');
    const mail = await f.mailTo('either@example.test');
    assert.match(mail.text, /\b\d{6}\b/);
    assert.match(mail.html, /Verify email address/);
    await page.goto(linkIn(mail));
    const claims = await f.backAtClient(page, 'verify-both', verifier);
    assert.equal(claims.email_verified, true);
  });

  it('locks the code after five wrong ones: the right code no longer works', async () => {
    const { page } = await register('verify-code', 'guesser');
    const code = /\b(\d{6})\b/.exec((await f.mailTo('guesser@example.test')).text)![1]!;
    const wrong = code === '123456' ? '654321' : '123456';
    for (let i = 1; i <= 5; i++) {
      await page.getByLabel('Verification code').fill(wrong);
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForLoadState();
      const error = await page.locator('#input-error-code').innerText();
      assert.equal(error, i < 5 ? `That code is not right. Attempts left: ${5 - i}.` : 'Too many wrong codes. Ask for a new email to get a new code.');
    }
    await page.getByLabel('Verification code').fill(code);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('#input-error-code').innerText(), 'Too many wrong codes. Ask for a new email to get a new code.');
    await screenshot(page, 'login-verify-email-code');
    assert.equal((await storedUser('verify-code', 'guesser')).user.emailVerified, false);
  });
});
