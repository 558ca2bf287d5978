import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestRealm } from '../../test/support/test-realm.ts';
import { useTestStore } from '../../test/support/test-store.ts';
import { recordEvent } from '../domain/events/service.ts';
import { newId } from '../kernel/ids.ts';
import { silentLogger, type Logger } from '../kernel/logger.ts';
import type { WebhookRecord } from '../storage/ports.ts';
import { dispatchOutbox } from './event-dispatcher.ts';
import { defaultSenderOptions, sendDueWebhooks, signature } from './webhook-sender.ts';

const t = useTestStore();

/** A receiver that answers every request with `status` and keeps what it got. */
const received: { body: string; signature: string }[] = [];
let status = 500;
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(request.headers['gatehouse-signature']) });
    response.statusCode = status;
    response.end();
  });
});
let url = '';
before(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
after(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

const lines: { fields: Record<string, unknown>; message: string }[] = [];
const capture = (fields: object, message?: string) => void lines.push({ fields: fields as Record<string, unknown>, message: message ?? '' });
const logger: Logger = { ...silentLogger, info: capture as Logger['info'], warn: capture as Logger['warn'] };

const hook = (realmId: string, extra: Partial<WebhookRecord> = {}): WebhookRecord => ({
  id: newId(), realmId, url, secret: 'a-secret-of-twenty-chars', eventTypes: [], enabled: true, retryPeriod: 2, createdAt: 0, ...extra,
});

describe('event delivery from the outbox', () => {
  it('never reports an event whose transaction rolled back, and fans out the committed ones after commit', async () => {
    const { store } = t;
    const clock = { now: () => 1_000_000 };
    const realm = await createTestRealm(store, 'outbox', { eventsEnabled: true, eventsListeners: ['jboss-logging', 'webhook'] });
    const wantsAll = hook(realm.id);
    const wantsLogin = hook(realm.id, { eventTypes: ['LOGIN'] });
    await store.webhooks.create(wantsAll);
    await store.webhooks.create(wantsLogin);
    await assert.rejects(
      store.transaction(async (tx) => {
        await recordEvent(tx, realm, { type: 'REGISTER', userId: 'ghost' }, clock);
        throw new Error('the registration failed');
      }),
      /registration failed/,
    );
    await store.transaction((tx) => recordEvent(tx, realm, { type: 'REGISTER', userId: 'real', details: { username: 'real' } }, clock));
    assert.equal(await dispatchOutbox(store, clock, logger), 1, 'only the committed event');
    assert.equal(await dispatchOutbox(store, clock, logger), 0, 'dispatched once');
    const logged = lines.filter((l) => (l.fields.event as { userId?: string } | undefined)?.userId !== undefined);
    assert.deepEqual(logged.map((l) => [l.message, (l.fields.event as { userId: string }).userId]), [['event REGISTER', 'real']]);
    const all = await store.webhooks.listDeliveries(realm.id, wantsAll.id, {});
    assert.equal(all.length, 1);
    assert.deepEqual(await store.webhooks.listDeliveries(realm.id, wantsLogin.id, {}), [], 'an endpoint gets only the types it asked for');
    const body = JSON.parse(all[0]!.payload) as { kind: string; realm: string; event: { type: string; userId: string } };
    assert.deepEqual([body.kind, body.realm, body.event.type, body.event.userId], ['user', 'outbox', 'REGISTER', 'real']);
    await store.webhooks.delete(realm.id, wantsAll.id);
  });

  it('signs each attempt, backs off after a failure and dead-letters after the retry period', async () => {
    const { store } = t;
    let now = 2_000_000;
    const clock = { now: () => now };
    const realm = await createTestRealm(store, 'retries', { eventsListeners: ['webhook'] });
    const endpoint = hook(realm.id, { retryPeriod: 2 });
    await store.webhooks.create(endpoint);
    await store.transaction((tx) => recordEvent(tx, realm, { type: 'REGISTER', userId: 'u' }, clock));
    await dispatchOutbox(store, clock, logger);
    received.length = 0;
    status = 500;
    assert.equal(await sendDueWebhooks(store, clock, logger), 1);
    const [first] = await store.webhooks.listDeliveries(realm.id, endpoint.id, {});
    assert.equal(first?.status, 'pending');
    assert.equal(first?.nextAttemptAt, now + defaultSenderOptions.baseDelayMs);
    assert.equal(received[0]?.signature, signature(endpoint.secret, Math.floor(now / 1000), received[0]!.body));
    assert.equal(await sendDueWebhooks(store, clock, logger), 0, 'not due before its backoff');
    now += 1_000;
    assert.equal(await sendDueWebhooks(store, clock, logger), 1);
    const [dead] = await store.webhooks.listDeliveries(realm.id, endpoint.id, {});
    assert.equal(dead?.status, 'dead', 'the next retry would fall outside the 2 s retry period');
    assert.equal(dead?.attempts, 2);
    assert.deepEqual((await store.webhooks.listAttempts([dead!.id])).map((a) => [a.statusCode, a.error]), [[500, 'HTTP 500'], [500, 'HTTP 500']]);
    now += 60_000;
    assert.equal(await sendDueWebhooks(store, clock, logger), 0, 'a dead delivery is not retried');
  });
});
