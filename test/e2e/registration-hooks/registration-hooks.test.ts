import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { defaultProfileConfig } from '../../../src/domain/profile/index.ts';
import { Browserless, textOf, type Visit } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { freePort } from '../../support/server-process.ts';
import { HookReceiver, type HookAnswer, type HookCall } from './hook-receiver.ts';

const callback = 'http://127.0.0.1:1/callback';
const isCallback = (location: string) => location.startsWith(callback);

/** The default profile plus `tier`, which only administrators see: not on the form, settable by a hook. */
function profileWithTier(): Record<string, unknown> {
  const profile = defaultProfileConfig();
  profile.attributes.push({ name: 'tier', displayName: 'Tier', permissions: { view: ['admin'], edit: ['admin'] }, multivalued: false });
  return profile as unknown as Record<string, unknown>;
}

const server = useGatehouseServer([
  {
    name: 'hooked',
    settings: { registrationAllowed: true, eventsEnabled: true, adminEventsEnabled: true, adminEventsDetailsEnabled: true },
    clients: [{ clientId: 'web', publicClient: true, redirectUris: [callback] }],
    profile: profileWithTier(),
  },
]);

const receiver = new HookReceiver();
let kc: KcAdminClient | undefined;
before(() => receiver.start());
after(() => receiver.stop());

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; location: string | null }> {
  if (!kc) {
    kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
    await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  }
  const response = await fetch(`${server.baseUrl}/admin/realms/hooked${path}`, {
    method,
    headers: { authorization: `Bearer ${kc.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, location: response.headers.get('location') };
}

/** Runs `work` with one hook configured (answering `answer`), and removes it afterwards. */
async function withHook(config: Record<string, unknown>, answer: (call: HookCall) => HookAnswer, work: () => Promise<void>): Promise<void> {
  const created = await api('POST', '/registration-hooks', { url: receiver.url, ...config });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const { id, secret } = created.json as { id: string; secret: string };
  receiver.secret = secret;
  receiver.answer = answer;
  receiver.calls.length = 0;
  try {
    await work();
  } finally {
    assert.equal((await api('DELETE', `/registration-hooks/${id}`)).status, 204);
  }
}

const password = 'a-secret-passphrase-9';

async function signUp(username: string, extra: Record<string, string> = {}): Promise<Visit> {
  const url = `${server.baseUrl}/realms/hooked/protocol/openid-connect/registrations?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`;
  const browser = new Browserless();
  const page = await browser.open(url, isCallback);
  assert.equal(page.status, 200);
  return browser.submit(page, { username, email: `${username}@example.com`, firstName: 'Ada', lastName: 'Lovelace', password, 'password-confirm': password, ...extra }, isCallback);
}

const signedUp = (visit: Visit) => Boolean(visit.location && isCallback(visit.location));

async function userNamed(username: string) {
  const realm = (await server.store.realms.findByName('hooked'))!;
  return server.store.users.findByUsername(realm.id, username);
}

async function registerErrors(): Promise<string[]> {
  const realm = (await server.store.realms.findByName('hooked'))!;
  return (await server.store.events.query(realm.id, { types: ['REGISTER_ERROR'] })).map((e) => e.error ?? '');
}

describe('pre-registration hooks (a Gatehouse extension)', () => {
  it('are managed through the Admin API: secret shown once then masked, defaults, checked fields, admin events', async () => {
    const created = await api('POST', '/registration-hooks', { url: receiver.url });
    assert.equal(created.status, 201);
    const hook = created.json as { id: string; secret: string };
    assert.ok(created.location?.endsWith(`/admin/realms/hooked/registration-hooks/${hook.id}`));
    assert.ok(hook.secret.length >= 32, 'a generated secret is shown at creation');
    const read = (await api('GET', `/registration-hooks/${hook.id}`)).json as Record<string, unknown>;
    assert.deepEqual({ ...read, createdTimestamp: 0 }, { id: hook.id, url: receiver.url, secret: '**********', timeoutMs: 3000, failurePolicy: 'open', enabled: true, createdTimestamp: 0 });

    assert.equal((await api('PUT', `/registration-hooks/${hook.id}`, { ...read, timeoutMs: 10_000, failurePolicy: 'closed', enabled: false })).status, 204);
    const changed = (await api('GET', '/registration-hooks')).json as Record<string, unknown>[];
    assert.deepEqual(changed.map((h) => [h.id, h.timeoutMs, h.failurePolicy, h.enabled]), [[hook.id, 10_000, 'closed', false]]);

    for (const [body, field] of [
      [{ timeoutMs: 10_001 }, 'timeoutMs'],
      [{ timeoutMs: 0 }, 'timeoutMs'],
      [{ timeoutMs: '3000' }, 'timeoutMs'],
      [{ failurePolicy: 'maybe' }, 'failurePolicy'],
      [{ url: 'ftp://127.0.0.1/x' }, 'url'],
      [{ secret: 'short' }, 'secret'],
      [{ enabled: 'yes' }, 'enabled'],
    ] as const) {
      const refused = await api('PUT', `/registration-hooks/${hook.id}`, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal((refused.json as { field: string }).field, field);
    }
    assert.equal((await api('POST', '/registration-hooks', { url: 'not a url' })).status, 400);

    const realm = (await server.store.realms.findByName('hooked'))!;
    const adminEvents = await server.store.adminEvents.query(realm.id, { resourcePath: `registration-hooks/${hook.id}` });
    assert.deepEqual(adminEvents.map((e) => e.operationType).sort(), ['CREATE', 'UPDATE']);
    assert.ok(adminEvents.every((e) => e.resourceType === 'CUSTOM'));
    assert.ok(adminEvents.every((e) => !(e.representation ?? '').includes(hook.secret)), 'no secret in admin events');

    assert.equal((await api('DELETE', `/registration-hooks/${hook.id}`)).status, 204);
    assert.equal((await api('GET', `/registration-hooks/${hook.id}`)).status, 404);
    assert.equal((await api('GET', '/registration-hooks/no-such-hook')).status, 404);
  });

  it('sends the submitted profile, signed, without the password; a deny with a field shows its message there and saves nothing', async () => {
    await withHook({}, () => ({ body: { decision: 'deny', message: 'Please sign up with your work address.', field: 'email' } }), async () => {
      const page = await signUp('denied');
      assert.equal(page.status, 200);
      assert.equal(textOf(page.html, 'input-error-email'), 'Please sign up with your work address.');
      assert.equal(await userNamed('denied'), undefined, 'no user was saved');
      assert.ok((await registerErrors()).includes('registration_denied_by_hook'));

      assert.equal(receiver.calls.length, 1);
      const call = receiver.calls[0]!;
      assert.equal(call.json.type, 'PRE_REGISTRATION');
      assert.equal(call.json.realm, 'hooked');
      assert.equal(call.json.clientId, 'web');
      assert.equal(call.json.ipAddress, '127.0.0.1');
      assert.ok('locale' in call.json);
      assert.deepEqual({ ...call.json.user }, { username: 'denied', email: 'denied@example.com', firstName: 'Ada', lastName: 'Lovelace', attributes: {} });
      assert.ok(!call.body.includes(password), 'the password is never sent');
      assert.doesNotMatch(call.body, /password/i);
    });
  });

  it('shows a deny without a field above the form', async () => {
    await withHook({}, () => ({ body: { decision: 'deny', message: 'Sign-ups from your network are paused. <script>alert(1)</script>' } }), async () => {
      const page = await signUp('denied2');
      assert.equal(page.status, 200);
      assert.match(textOf(page.html, 'kc-message') ?? '', /Sign-ups from your network are paused\./);
      assert.doesNotMatch(page.html, /<script>alert\(1\)/, 'markup in a hook message is not run');
      assert.equal(await userNamed('denied2'), undefined);
    });
  });

  it('creates the user with the attributes and groups an allowing hook adds, visible through the Admin API', async () => {
    const parent = await api('POST', '/groups', { name: 'customers' });
    assert.equal(parent.status, 201);
    const parentId = parent.location!.split('/').pop()!;
    assert.equal((await api('POST', `/groups/${parentId}/children`, { name: 'gold' })).status, 201);
    const answer = { decision: 'allow', attributes: { tier: ['gold'], shoeSize: ['42'] }, groups: ['/customers/gold', '/no/such/group'] };
    await withHook({}, () => ({ body: answer }), async () => {
      const done = await signUp('enriched');
      assert.ok(signedUp(done), `signed up, got ${done.status}: ${textOf(done.html, 'kc-content')?.slice(0, 300)}`);
      const user = (await userNamed('enriched'))!;
      const rep = (await api('GET', `/users/${user.id}`)).json as { attributes?: Record<string, string[]> };
      assert.deepEqual(rep.attributes?.tier, ['gold'], 'the declared attribute is set');
      assert.equal(rep.attributes?.shoeSize, undefined, 'an attribute the profile does not allow is left out');
      const groups = (await api('GET', `/users/${user.id}/groups`)).json as { path: string }[];
      assert.deepEqual(groups.map((g) => g.path), ['/customers/gold'], 'the known group is joined, the unknown one ignored');
    });
  });

  it('lets the sign-up through when a hook that fails open times out', async () => {
    await withHook({ timeoutMs: 300, failurePolicy: 'open' }, () => ({ delayMs: 5000, body: { decision: 'deny' } }), async () => {
      const started = Date.now();
      const done = await signUp('patient');
      assert.ok(signedUp(done), `signed up, got ${done.status}`);
      assert.ok(await userNamed('patient'));
      assert.equal(receiver.calls.length, 1, 'the hook was asked');
      assert.ok(Date.now() - started < 5000, 'the form did not wait for the hook past its timeout');
      await waitForLog(/pre-registration hook failed; registration proceeds/);
      const line = server.process.stdout().split('\n').find((l) => l.includes('registration proceeds'))!;
      assert.match(line, /"reason":"timed out after 300 ms"/);
      assert.match(line, /"level":40/, 'a warning');
      assert.ok(!line.includes(receiver.secret), 'no secret in the log');
    });
  });

  it('refuses the sign-up with a friendly message when a hook that fails closed times out', async () => {
    await withHook({ timeoutMs: 300, failurePolicy: 'closed' }, () => ({ delayMs: 5000, body: { decision: 'allow' } }), async () => {
      const page = await signUp('unlucky');
      assert.equal(page.status, 200);
      assert.match(textOf(page.html, 'kc-message') ?? '', /temporarily unavailable/);
      assert.equal(await userNamed('unlucky'), undefined, 'no user was saved');
      assert.ok((await registerErrors()).includes('registration_hook_failed'));
      assert.equal(inputValue(page, 'username'), 'unlucky', 'what was typed is kept');
    });
  });

  it('treats a malformed answer or an error status as a failure, and an unreachable hook that fails open as no hook', async () => {
    await withHook({ failurePolicy: 'closed' }, () => ({ body: 'this is not json' }), async () => {
      assert.match(textOf((await signUp('malformed')).html, 'kc-message') ?? '', /temporarily unavailable/);
      assert.equal(await userNamed('malformed'), undefined);
    });
    await withHook({ failurePolicy: 'closed' }, () => ({ status: 503, body: { decision: 'allow' } }), async () => {
      assert.match(textOf((await signUp('unavailable')).html, 'kc-message') ?? '', /temporarily unavailable/);
      assert.equal(await userNamed('unavailable'), undefined);
    });
    const closedPort = await freePort();
    await withHook({ url: `http://127.0.0.1:${closedPort}/hook`, failurePolicy: 'open' }, () => ({}), async () => {
      assert.ok(signedUp(await signUp('unhooked')));
      assert.ok(await userNamed('unhooked'));
    });
  });

  it('does not call a disabled hook', async () => {
    await withHook({ enabled: false }, () => ({ body: { decision: 'deny', message: 'no' } }), async () => {
      assert.ok(signedUp(await signUp('unchecked')));
      assert.equal(receiver.calls.length, 0);
    });
  });
});

async function waitForLog(pattern: RegExp): Promise<void> {
  for (let i = 0; i < 50 && !pattern.test(server.process.stdout()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.match(server.process.stdout(), pattern);
}

function inputValue(page: Visit, name: string): string | undefined {
  return new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page.html)?.[1] ?? new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(page.html)?.[1];
}
