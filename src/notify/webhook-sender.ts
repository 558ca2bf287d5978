/**
 * Sends due webhook deliveries: a signed JSON POST per delivery, at least once, in order per
 * endpoint and user (only the oldest pending delivery of a key is ever due), retried with
 * exponential backoff during the endpoint's retry period and then dead-lettered. Every
 * attempt is logged with its status code and time. Deliveries are claimed in a transaction
 * (`for update skip locked` on PostgreSQL), so two nodes never send one delivery at once.
 */
import { createHmac } from 'node:crypto';
import type { Clock } from '../kernel/clock.ts';
import { newTimeOrderedId } from '../kernel/ids.ts';
import type { Logger } from '../kernel/logger.ts';
import type { Store, WebhookDeliveryRecord } from '../storage/ports.ts';

/** The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Gatehouse-Signature';

export interface SenderOptions {
  /** How long one attempt may take. */
  timeoutMs: number;
  /** First retry delay; each further one doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Deliveries sent per pass. */
  batch: number;
}

export const defaultSenderOptions: SenderOptions = { timeoutMs: 10_000, baseDelayMs: 1_000, maxDelayMs: 3_600_000, batch: 20 };

/** The signature header's value for a body, as a receiver recomputes it. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** How often a delivery waiting for a disabled endpoint looks again. */
const PAUSED_RECHECK_MS = 60_000;

/** The delay before attempt `attempts + 1`. */
export const backoff = (attempts: number, o: SenderOptions): number => Math.min(o.baseDelayMs * 2 ** Math.max(0, attempts - 1), o.maxDelayMs);

/** Claims and sends one batch of due deliveries; returns how many it attempted. */
export async function sendDueWebhooks(store: Store, clock: Clock, logger: Logger, options: SenderOptions = defaultSenderOptions): Promise<number> {
  const now = clock.now();
  // A read first: an idle node must not take SQLite's write lock every second.
  if (!(await store.webhooks.anyDue(now))) return 0;
  const claimed = await store.transaction((tx) => tx.webhooks.claimDue(now, now + options.timeoutMs * 2, options.batch));
  await Promise.all(claimed.map((delivery) => attempt(store, clock, logger, delivery, options)));
  return claimed.length;
}

async function attempt(store: Store, clock: Clock, logger: Logger, delivery: WebhookDeliveryRecord, options: SenderOptions): Promise<void> {
  const webhook = await store.webhooks.findById(delivery.realmId, delivery.webhookId);
  if (!webhook) return;
  if (!webhook.enabled) {
    // A paused endpoint keeps its deliveries; they go within a minute of it being enabled again.
    await store.webhooks.updateDelivery({ ...delivery, claimedUntil: null, nextAttemptAt: clock.now() + PAUSED_RECHECK_MS });
    return;
  }
  const started = clock.now();
  const timestamp = Math.floor(started / 1000);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature(webhook.secret, timestamp, delivery.payload), 'Gatehouse-Delivery': delivery.id, 'Gatehouse-Event': delivery.eventId },
      body: delivery.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    statusCode = response.status;
    await response.body?.cancel();
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (cause) {
    const e = cause as { name?: string; cause?: { code?: string } };
    error = e.name === 'TimeoutError' ? 'timed out' : (e.cause?.code ?? 'connection failed');
  }
  const finished = clock.now();
  const attempts = delivery.attempts + 1;
  const next = finished + backoff(attempts, options);
  const status = error === null ? 'delivered' : next - delivery.retryFrom > webhook.retryPeriod * 1000 ? 'dead' : 'pending';
  if (status === 'dead') logger.warn({ webhook: webhook.id, delivery: delivery.id, attempts, error }, 'webhook delivery dead-lettered after its retry period');
  await store.transaction(async (tx) => {
    await tx.webhooks.addAttempt({ id: newTimeOrderedId(finished), deliveryId: delivery.id, time: started, statusCode, durationMs: finished - started, error });
    await tx.webhooks.updateDelivery({
      ...delivery,
      status,
      attempts,
      nextAttemptAt: status === 'pending' ? next : delivery.nextAttemptAt,
      claimedUntil: null,
      deliveredAt: status === 'delivered' ? finished : null,
      lastStatusCode: statusCode,
      lastError: error,
    });
  });
}
