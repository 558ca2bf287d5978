import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { Browserless } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { validSignature } from '../../support/gatehouse-signature.ts';
import { freePort } from '../../support/server-process.ts';

const callback = 'http://127.0.0.1:1/callback';
const isCallback = (location: string) => location.startsWith(callback);
const server = useGatehouseServer([
  { name: 'open', settings: { registrationAllowed: true }, clients: [{ clientId: 'web', publicClient: true, redirectUris: [callback] }] },
]);

interface Received {
  body: string;
  signature: string;
  json: { id: string; kind: string; type: string; realm: string; event: Record<string, unknown> };
}

/** A webhook receiver on 127.0.0.1 that records what it gets and answers 204. */
class Receiver {
  readonly received: Received[] = [];
  private server: Server | undefined;
  constructor(readonly port: number) {}
  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }
  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.received.push({ body, signature: String(request.headers['gatehouse-signature'] ?? ''), json: JSON.parse(body) as Received['json'] });
        response.statusCode = 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); });
  }
  async waitFor(predicate: (r: Received) => boolean, timeoutMs = 30_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching webhook within ${timeoutMs} ms; got ${this.received.map((r) => r.json.type).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const receivers: Receiver[] = [];
after(async () => {
  for (const r of receivers) await r.stop();
});

async function receiver(): Promise<Receiver> {
  const r = new Receiver(await freePort());
  receivers.push(r);
  return r;
}

async function adminClient(): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  return kc;
}

async function api(kc: KcAdminClient, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; location: string | null }> {
  const response = await fetch(`${server.baseUrl}/admin/realms/open${path}`, {
    method,
    headers: { authorization: `Bearer ${kc.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, location: response.headers.get('location') };
}

async function register(username: string): Promise<void> {
  const url = `${server.baseUrl}/realms/open/protocol/openid-connect/registrations?${new URLSearchParams({ client_id: 'web', redirect_uri: callback, response_type: 'code', scope: 'openid', state: 'st', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`;
  const browser = new Browserless();
  const page = await browser.open(url, isCallback);
  const done = await browser.submit(page, { username, email: `${username}@example.com`, firstName: 'New', lastName: 'Comer', password: 'a-good-password-1', 'password-confirm': 'a-good-password-1' }, isCallback);
  assert.ok(done.location && isCallback(done.location), `registered, got ${done.status}`);
}

describe('webhooks (a Gatehouse extension)', () => {
  it('delivers a registration to a registered endpoint, signed with its secret, even though the realm stores no events', async () => {
    const kc = await adminClient();
    const hook = await receiver();
    await hook.start();
    const secret = 'a-receiver-secret-of-some-length';
    const created = await api(kc, 'POST', '/webhooks', { url: hook.url, secret, eventTypes: ['REGISTER'] });
    assert.equal(created.status, 201);
    const id = (created.json as { id: string }).id;
    assert.ok(created.location?.endsWith(`/admin/realms/open/webhooks/${id}`));
    const read = await api(kc, 'GET', `/webhooks/${id}`);
    assert.deepEqual({ ...(read.json as object), createdTimestamp: 0 }, { id, url: hook.url, secret: '**********', eventTypes: ['REGISTER'], enabled: true, retryPeriod: 86400, createdTimestamp: 0 });
    assert.ok((await kc.realms.getConfigEvents({ realm: 'open' })).eventsListeners?.includes('webhook'), 'the webhook listener is on');

    await register('hooked');
    const got = await hook.waitFor((r) => r.json.type === 'REGISTER');
    assert.ok(validSignature(secret, got.signature, got.body), `a valid signature: ${got.signature}`);
    assert.ok(!validSignature('another-secret-entirely', got.signature, got.body));
    assert.equal(got.json.kind, 'user');
    assert.equal(got.json.realm, 'open');
    assert.equal(got.json.event.type, 'REGISTER');
    const realm = (await server.store.realms.findByName('open'))!;
    const user = (await server.store.users.findByUsername(realm.id, 'hooked'))!;
    assert.equal(got.json.event.userId, user.id, 'the user it reports exists');
    assert.equal((got.json.event.details as Record<string, string>).username, 'hooked');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(hook.received.map((r) => r.json.type), ['REGISTER'], 'only the types the endpoint asked for, once');

    const log = (await api(kc, 'GET', `/webhooks/${id}/deliveries`)).json as { id: string; status: string; attempts: number; lastStatusCode: number; log: { statusCode: number; durationMs: number }[] }[];
    assert.equal(log.length, 1);
    assert.equal(log[0]!.status, 'DELIVERED');
    assert.equal(log[0]!.lastStatusCode, 204);
    assert.equal(log[0]!.log[0]!.statusCode, 204);

    assert.equal((await api(kc, 'POST', `/webhooks/${id}/deliveries/${log[0]!.id}/redeliver`)).status, 204);
    await hook.waitFor(() => hook.received.length === 2);
    assert.equal(hook.received[1]!.json.id, got.json.id, 'the same event again');
    const range = await api(kc, 'POST', `/webhooks/${id}/redeliver?dateFrom=${Date.now() - 600_000}`);
    assert.deepEqual(range.json, { count: 1 });
    await hook.waitFor(() => hook.received.length === 3);
    assert.equal(hook.received[2]!.json.id, got.json.id, 'a range sends its events again');
    assert.equal((await api(kc, 'DELETE', `/webhooks/${id}`)).status, 204);
    assert.equal((await api(kc, 'GET', `/webhooks/${id}`)).status, 404);
  });

  it('keeps retrying while the receiver is down and delivers once it is back', async () => {
    const kc = await adminClient();
    const hook = await receiver();
    const secret = 'another-receiver-secret-0123456789';
    const created = await api(kc, 'POST', '/webhooks', { url: hook.url, secret, eventTypes: ['ADMIN:USER'] });
    const id = (created.json as { id: string }).id;
    kc.setConfig({ realmName: 'open' });
    const { id: userId } = await kc.users.create({ username: 'while-down', enabled: true, email: 'down@example.com', firstName: 'D', lastName: 'Own' });

    // Down: attempts fail and are logged.
    const deadline = Date.now() + 30_000;
    let attempts = 0;
    while (attempts < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [delivery] = (await api(kc, 'GET', `/webhooks/${id}/deliveries`)).json as { status: string; attempts: number; log: { error?: string }[] }[];
      attempts = delivery?.attempts ?? 0;
      if (delivery) assert.equal(delivery.status, 'PENDING');
    }
    assert.ok(attempts >= 2, 'retried while down');

    await hook.start();
    const got = await hook.waitFor((r) => r.json.type === 'ADMIN:USER:CREATE');
    assert.ok(validSignature(secret, got.signature, got.body));
    assert.equal(got.json.kind, 'admin');
    assert.equal(got.json.event.resourcePath, `users/${userId}`);
    const [delivery] = (await api(kc, 'GET', `/webhooks/${id}/deliveries`)).json as { status: string; attempts: number; log: { error?: string; statusCode?: number }[] }[];
    assert.equal(delivery?.status, 'DELIVERED');
    assert.ok(delivery!.log.length >= 3 && delivery!.log.at(-1)?.statusCode === 204 && delivery!.log[0]?.error, 'the log shows the failures and the success');
  });

  it('refuses a webhook without a usable URL or with a short secret', async () => {
    const kc = await adminClient();
    const noUrl = await api(kc, 'POST', '/webhooks', { url: 'ftp://example.com/x' });
    assert.equal(noUrl.status, 400);
    assert.equal((noUrl.json as { field: string }).field, 'url');
    const short = await api(kc, 'POST', '/webhooks', { url: 'http://127.0.0.1:1/x', secret: 'short' });
    assert.equal((short.json as { field: string }).field, 'secret');
  });
});
