/**
 * Runs the realm's event listeners over the outbox, after the changes that wrote it have
 * committed: `jboss-logging` writes one structured log line per event, `webhook` turns the
 * event into one delivery per endpoint that wants it. One transaction per batch marks the
 * events dispatched together with the deliveries it created, so an event is fanned out once;
 * a crash before commit leaves the batch to the next pass (a log line may then repeat).
 */
import { listenersOf, wantsEvent, WEBHOOK_LISTENER } from '../domain/events/outbox.ts';
import type { Clock } from '../kernel/clock.ts';
import { newTimeOrderedId } from '../kernel/ids.ts';
import type { Logger } from '../kernel/logger.ts';
import type { OutboxRecord, RealmRecord, Repositories, Store, WebhookRecord } from '../storage/ports.ts';

/** How many outbox records one pass takes. */
const BATCH = 200;

/** The log line of `jboss-logging`: the event without its admin representation (it may be large). */
function logEvent(logger: Logger, realm: RealmRecord, record: OutboxRecord): void {
  const { representation: _representation, ...event } = record.payload;
  const fields = { realm: realm.name, kind: record.kind, event };
  if (record.kind === 'user' && typeof event.error === 'string') logger.warn(fields, `event ${record.type}`);
  else logger.info(fields, `event ${record.type}`);
}

/** The JSON body a webhook endpoint receives for an event. */
export function webhookBody(realm: RealmRecord, record: OutboxRecord): string {
  return JSON.stringify({ id: record.id, kind: record.kind, type: record.type, realm: realm.name, time: record.createdAt, event: record.payload });
}

async function fanOut(tx: Repositories, realm: RealmRecord, record: OutboxRecord, webhooks: WebhookRecord[], now: number): Promise<void> {
  for (const webhook of webhooks) {
    if (!webhook.enabled || !wantsEvent(webhook.eventTypes, record)) continue;
    await tx.webhooks.createDelivery({
      id: newTimeOrderedId(now),
      realmId: realm.id,
      webhookId: webhook.id,
      eventId: record.id,
      eventType: record.type,
      orderKey: record.orderKey,
      payload: webhookBody(realm, record),
      status: 'pending',
      attempts: 0,
      createdAt: now,
      retryFrom: now,
      nextAttemptAt: now,
      claimedUntil: null,
      deliveredAt: null,
      lastStatusCode: null,
      lastError: null,
    });
  }
}

/** Dispatches one batch of the outbox; returns how many events it dispatched. */
export async function dispatchOutbox(store: Store, clock: Clock, logger: Logger): Promise<number> {
  // A read first: an idle node must not take SQLite's write lock every second.
  if ((await store.outbox.listPending(1)).length === 0) return 0;
  return store.transaction(async (tx) => {
    if (!(await tx.outbox.tryLockDispatch())) return 0;
    const pending = await tx.outbox.listPending(BATCH);
    if (pending.length === 0) return 0;
    const now = clock.now();
    const realms = new Map<string, RealmRecord | undefined>();
    const webhooks = new Map<string, WebhookRecord[]>();
    for (const record of pending) {
      if (!realms.has(record.realmId)) realms.set(record.realmId, await tx.realms.findById(record.realmId));
      const realm = realms.get(record.realmId);
      if (!realm) continue;
      const listeners = listenersOf(realm);
      if (listeners.includes('jboss-logging')) logEvent(logger, realm, record);
      if (listeners.includes(WEBHOOK_LISTENER)) {
        if (!webhooks.has(realm.id)) webhooks.set(realm.id, await tx.webhooks.list(realm.id));
        await fanOut(tx, realm, record, webhooks.get(realm.id)!, now);
      }
    }
    await tx.outbox.markDispatched(pending.map((r) => r.id), now);
    return pending.length;
  });
}
