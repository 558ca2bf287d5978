import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Browserless, textOf } from '../../support/browserless.ts';
import { pkceAuthorization, useBrowserWithCallback } from '../../support/browser.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { freePort } from '../../support/server-process.ts';
import { configureStep } from './configure-step.ts';

const callbackPort = await freePort();
const redirectUri = `http://127.0.0.1:${callbackPort}/callback`;
const web = { clientId: 'web', publicClient: true, redirectUris: [redirectUri] };
const server = useGatehouseServer([{ name: 'pow', settings: { registrationAllowed: true, eventsEnabled: true }, clients: [web] }]);
const chromium = useBrowserWithCallback(callbackPort);

const registrationsUrl = () => `${server.baseUrl}/realms/pow/protocol/openid-connect/registrations?${pkceAuthorization('web', redirectUri).query}`;

describe('the self-hosted proof-of-work captcha', () => {
  before(async () => configureStep(server.store, 'pow', 'registration-recaptcha-action', { 'captcha.provider': 'proof-of-work', maxNumber: '20000' }));

  let usedSolution = '';

  it('is solved by Chromium on the registration page with no third-party request, and the sign-up goes through', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('http://127.0.0.1')) foreign.push(request.url());
    });
    await page.goto(registrationsUrl());
    await page.locator('#gh-captcha-status').filter({ hasText: 'Check complete.' }).waitFor({ timeout: 60_000 });
    usedSolution = await page.locator('#gh-captcha-response').inputValue();
    assert.ok(usedSolution.length > 20, 'the hidden field holds the solution');
    await page.fill('#username', 'solver');
    await page.fill('#email', 'solver@example.com');
    await page.fill('#firstName', 'Sol');
    await page.fill('#lastName', 'Ver');
    await page.fill('#password', 'correct horse battery');
    await page.fill('#password-confirm', 'correct horse battery');
    await Promise.all([page.waitForURL((url) => url.href.startsWith(redirectUri), { timeout: 60_000 }), page.click('#kc-register')]);
    assert.deepEqual(foreign, [], 'no request left 127.0.0.1');
    const realmId = (await server.store.realms.findByName('pow'))!.id;
    assert.equal(await server.store.users.count(realmId, { username: 'solver', exact: true }), 1);
    await context.close();
  });

  it('accepts each solved challenge once: a replayed solution is refused with captcha_failed', async () => {
    assert.ok(usedSolution, 'the first test captured a solution');
    const browser = new Browserless();
    const page = await browser.open(registrationsUrl(), (l) => l.startsWith(redirectUri));
    const done = await browser.submit(
      page,
      { username: 'replayer', email: 'replayer@example.com', firstName: 'Re', lastName: 'Play', password: 'correct horse battery', 'password-confirm': 'correct horse battery', 'gh-pow-response': usedSolution },
      (l) => l.startsWith(redirectUri),
    );
    assert.equal(done.status, 200);
    assert.match(textOf(done.html, 'input-error-captcha') ?? '', /did not succeed/);
    const realmId = (await server.store.realms.findByName('pow'))!.id;
    const errors = await server.store.events.query(realmId, { types: ['REGISTER_ERROR'] });
    assert.ok(errors.some((e) => e.error === 'captcha_failed' && e.details.reason === 'timeout-or-duplicate'));
  });

  it('refuses a sign-up from a browser without JavaScript, with the message at the captcha', async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(registrationsUrl());
    await page.fill('#username', 'nojs');
    await page.fill('#email', 'nojs@example.com');
    await page.fill('#firstName', 'No');
    await page.fill('#lastName', 'Js');
    await page.fill('#password', 'correct horse battery');
    await page.fill('#password-confirm', 'correct horse battery');
    await Promise.all([page.waitForLoadState('load'), page.click('#kc-register')]);
    await page.locator('#input-error-captcha').waitFor();
    await context.close();
  });
});
