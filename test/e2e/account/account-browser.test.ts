import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const server = useGatehouseServer([
  {
    name: 'acme',
    settings: { eventsEnabled: true, displayName: 'Acme' },
    users: [{ username: 'alice', password: 'alice-password-1', email: 'alice@example.com', firstName: 'Alice', lastName: 'Liddell' }],
  },
]);
const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});
after(async () => {
  await browser?.close();
});

describe('account console in Chromium', () => {
  it('signs in, shows personal info, saves a change with the success message, and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${server.baseUrl}/realms/acme/account`);
    await page.getByLabel('Username or email').fill('alice');
    await page.getByLabel('Password', { exact: true }).fill('alice-password-1');
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.waitForURL(`${server.baseUrl}/realms/acme/account`);

    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Personal info' }).waitFor());
    assert.equal(await page.getByLabel('First name').inputValue(), 'Alice');
    assert.equal(await page.getByLabel('Email').inputValue(), 'alice@example.com');
    assert.equal(await page.getByLabel('Username').getAttribute('readonly'), '');
    // The account stylesheet and the login one it imports both load.
    assert.equal(await page.evaluate('getComputedStyle(document.querySelector(".gh-card")).borderTopStyle'), 'solid');
    await page.screenshot({ path: `${screenshots}account.png`, fullPage: true });

    await page.getByLabel('Last name').fill('Pleasance');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState();
    assert.equal((await page.getByRole('status').textContent())?.trim(), 'Your account has been updated.');
    assert.equal(await page.getByLabel('Last name').inputValue(), 'Pleasance');

    await page.getByLabel('Email').fill('no-at-sign');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState();
    const email = page.getByLabel('Email');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.equal((await page.locator(`#${await email.getAttribute('aria-describedby')}`).textContent())?.trim(), 'Invalid email address.');
    await page.screenshot({ path: `${screenshots}account-error.png`, fullPage: true });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click(); // the realm's "Do you want to sign out?"
    await page.waitForURL(/\/realms\/acme\/(protocol\/openid-connect\/auth|login-actions\/authenticate)/);
    assert.ok(await page.getByLabel('Password', { exact: true }).isVisible(), 'back at the sign-in page');
    assert.deepEqual(failed, [], 'no request failed');
    await context.close();
  });
});
