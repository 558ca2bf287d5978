import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browserless, textOf, type Visit } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { configureStep } from './configure-step.ts';
import { startVerifyServer } from './verify-server.ts';

const callback = 'http://127.0.0.1:1/callback';
const isCallback = (location: string) => location.startsWith(callback);
const web = { clientId: 'web', publicClient: true, redirectUris: [callback] };
const open = { registrationAllowed: true, eventsEnabled: true };

const realms = ['rc2', 'rc3', 'rce', 'hc', 'ts', 'hang', 'nokeys', 'login-captcha'];
const server = useGatehouseServer(realms.map((name) => ({ name, settings: open, clients: [web], users: name === 'login-captcha' ? [{ username: 'ada', password: 'correct horse' }] : [] })));
let vendor: Awaited<ReturnType<typeof startVerifyServer>>;



const registrationsUrl = (realm: string) =>
  `${server.baseUrl}/realms/${realm}/protocol/openid-connect/registrations?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`;

let counter = 0;
const person = () => {
  counter += 1;
  return { username: `person${counter}`, email: `person${counter}@example.com`, firstName: 'Pat', lastName: 'Doe', password: 'correct horse battery', 'password-confirm': 'correct horse battery' };
};

async function signUp(realm: string, captcha: Record<string, string>): Promise<{ page: Visit; done: Visit; username: string }> {
  const browser = new Browserless();
  const page = await browser.open(registrationsUrl(realm), isCallback);
  assert.equal(page.status, 200, page.html.slice(0, 300));
  const fields = person();
  const done = await browser.submit(page, { ...fields, ...captcha }, isCallback);
  return { page, done, username: fields.username };
}

async function assertRefused(realm: string, done: Visit, username: string): Promise<void> {
  assert.equal(done.status, 200, `the form comes back, got ${done.status} ${done.location ?? ''}`);
  assert.ok(textOf(done.html, 'input-error-captcha'), 'a message at the captcha');
  const realmId = (await server.store.realms.findByName(realm))!.id;
  assert.equal(await server.store.users.count(realmId, { username, exact: true }), 0, 'no account was created');
  const events = await server.store.events.query(realmId, { types: ['REGISTER_ERROR'] });
  assert.ok(events.some((e) => e.error === 'captcha_failed'), 'REGISTER_ERROR captcha_failed recorded');
}

async function assertRegistered(realm: string, done: Visit, username: string): Promise<void> {
  assert.ok(done.location && isCallback(done.location), `back at the client, got ${done.status}: ${textOf(done.html, 'input-error-captcha') ?? done.html.slice(0, 200)}`);
  const realmId = (await server.store.realms.findByName(realm))!.id;
  assert.equal(await server.store.users.count(realmId, { username, exact: true }), 1);
}

describe('captcha providers on the registration form, against a vendor verify server on 127.0.0.1', () => {
  before(async () => {
    vendor = await startVerifyServer();
    const keys = { 'site.key': 'the-site-key', secret: 'the-secret' };
    await configureStep(server.store, 'rc2', 'registration-recaptcha-action', { ...keys, verifyUrl: `${vendor.url}/recaptcha` });
    await configureStep(server.store, 'rc3', 'registration-recaptcha-action', { ...keys, 'recaptcha.v3': 'true', 'score.threshold': '0.5', verifyUrl: `${vendor.url}/recaptcha` });
    await configureStep(server.store, 'rce', 'registration-recaptcha-action', {
      'captcha.provider': 'recaptcha-enterprise', 'site.key': 'the-site-key', 'project.id': 'proj-1', 'api.key': 'the-api-key', verifyUrl: `${vendor.url}/enterprise/assessments`,
    });
    await configureStep(server.store, 'hc', 'registration-recaptcha-action', { ...keys, 'captcha.provider': 'hcaptcha', verifyUrl: `${vendor.url}/hcaptcha` });
    await configureStep(server.store, 'ts', 'registration-recaptcha-action', { ...keys, 'captcha.provider': 'turnstile', verifyUrl: `${vendor.url}/turnstile` });
    await configureStep(server.store, 'hang', 'registration-recaptcha-action', { ...keys, 'captcha.provider': 'hcaptcha', verifyUrl: `${vendor.url}/hang` });
    await configureStep(server.store, 'nokeys', 'registration-recaptcha-action', { 'captcha.provider': 'turnstile' });
    await configureStep(server.store, 'login-captcha', 'auth-username-password-form', { ...keys, 'captcha.provider': 'turnstile', verifyUrl: `${vendor.url}/turnstile` });
  });
  after(async () => vendor?.close());

  it('reCAPTCHA v2: shows the widget, refuses a missing or bad answer, accepts a good one', async () => {
    const { page, done, username } = await signUp('rc2', { 'g-recaptcha-response': 'bad' });
    assert.match(page.html, /class="g-recaptcha"[^>]*data-sitekey="the-site-key"/);
    assert.match(page.html, /https:\/\/www\.google\.com\/recaptcha\/api\.js/);
    await assertRefused('rc2', done, username);
    const missing = await signUp('rc2', {});
    await assertRefused('rc2', missing.done, missing.username);
    const good = await signUp('rc2', { 'g-recaptcha-response': 'good' });
    await assertRegistered('rc2', good.done, good.username);
    const call = vendor.calls.find((c) => c.path === '/recaptcha' && c.body.response === 'good')!;
    assert.equal(call.body.secret, 'the-secret');
    assert.equal(call.body.remoteip, '127.0.0.1');
  });

  it('reCAPTCHA v3: refuses a score under the threshold and another action, accepts a high score', async () => {
    const low = await signUp('rc3', { 'g-recaptcha-response': 'low-score' });
    assert.match(low.page.html, /api\.js\?render=the-site-key/);
    await assertRefused('rc3', low.done, low.username);
    const other = await signUp('rc3', { 'g-recaptcha-response': 'other-action' });
    await assertRefused('rc3', other.done, other.username);
    const high = await signUp('rc3', { 'g-recaptcha-response': 'high-score' });
    await assertRegistered('rc3', high.done, high.username);
  });

  it('reCAPTCHA Enterprise: sends an assessment with the api key, refuses a low score or an invalid token', async () => {
    const low = await signUp('rce', { 'g-recaptcha-response': 'low-score' });
    assert.match(low.page.html, /recaptcha\/enterprise\.js/);
    await assertRefused('rce', low.done, low.username);
    const bad = await signUp('rce', { 'g-recaptcha-response': 'bad' });
    await assertRefused('rce', bad.done, bad.username);
    const good = await signUp('rce', { 'g-recaptcha-response': 'good' });
    await assertRegistered('rce', good.done, good.username);
    const call = vendor.calls.find((c) => c.path === '/enterprise/assessments' && (c.body.event as { token: string }).token === 'good')!;
    assert.deepEqual({ ...(call.body.event as object) }, { token: 'good', siteKey: 'the-site-key', expectedAction: 'register', userIpAddress: '127.0.0.1' });
  });

  it('hCaptcha: refuses a bad answer, accepts a good one', async () => {
    const bad = await signUp('hc', { 'h-captcha-response': 'bad' });
    assert.match(bad.page.html, /class="h-captcha"/);
    await assertRefused('hc', bad.done, bad.username);
    const good = await signUp('hc', { 'h-captcha-response': 'good' });
    await assertRegistered('hc', good.done, good.username);
  });

  it('Cloudflare Turnstile: refuses a bad answer, accepts a good one', async () => {
    const bad = await signUp('ts', { 'cf-turnstile-response': 'bad' });
    assert.match(bad.page.html, /class="cf-turnstile"/);
    await assertRefused('ts', bad.done, bad.username);
    const good = await signUp('ts', { 'cf-turnstile-response': 'good' });
    await assertRegistered('ts', good.done, good.username);
  });

  it('a verify endpoint that does not answer fails closed after about 5 seconds, with the reason in the log', async () => {
    const started = Date.now();
    const { done, username } = await signUp('hang', { 'h-captcha-response': 'good' });
    const took = Date.now() - started;
    await assertRefused('hang', done, username);
    assert.ok(took >= 4_500 && took < 20_000, `gave up after ${took} ms`);
    assert.match(server.process.stdout(), /hCaptcha verify endpoint did not answer \(timed out\); captcha refused/);
    assert.doesNotMatch(server.process.stdout(), /the-secret/, 'the secret is not logged');
  });

  it('a captcha without its keys refuses the form and says it is not configured', async () => {
    const { page, done, username } = await signUp('nokeys', { 'cf-turnstile-response': 'good' });
    assert.ok(textOf(page.html, 'input-error-captcha'), 'the page says the captcha is not configured');
    await assertRefused('nokeys', done, username);
  });

  it('a captcha on the login form is checked before the password, and a good one signs in', async () => {
    const authUrl = `${server.baseUrl}/realms/login-captcha/protocol/openid-connect/auth?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`;
    const browser = new Browserless();
    const page = await browser.open(authUrl, isCallback);
    assert.match(page.html, /class="cf-turnstile"/);
    const refused = await browser.submit(page, { username: 'ada', password: 'correct horse', 'cf-turnstile-response': 'bad' }, isCallback);
    assert.equal(refused.status, 200);
    assert.ok(textOf(refused.html, 'input-error-captcha'));
    const realmId = (await server.store.realms.findByName('login-captcha'))!.id;
    assert.ok((await server.store.events.query(realmId, { types: ['LOGIN_ERROR'] })).some((e) => e.error === 'captcha_failed'));
    const done = await browser.submit(refused, { username: 'ada', password: 'correct horse', 'cf-turnstile-response': 'good' }, isCallback);
    assert.ok(done.location && isCallback(done.location), `signed in, got ${done.status}`);
  });
});
