import type { Kysely, Selectable } from 'kysely';
import type { DeliveryStatus, WebhookAttemptRecord, WebhookDeliveryRecord, WebhookRecord, WebhookStore } from '../ports.ts';
import { paging, toBool, toInt } from './codec.ts';
import { isPostgres } from './dialect-of.ts';
import type { Database } from './schema.ts';

type DeliveryRow = Selectable<Database['webhook_deliveries']>;

const toWebhook = (row: Selectable<Database['webhooks']>): WebhookRecord => ({
  id: row.id,
  realmId: row.realm_id,
  url: row.url,
  secret: row.secret,
  eventTypes: JSON.parse(row.event_types) as string[],
  enabled: toBool(row.enabled),
  retryPeriod: Number(row.retry_period),
  createdAt: Number(row.created_at),
});

const nullableNumber = (value: number | null): number | null => (value === null ? null : Number(value));

const toDelivery = (row: DeliveryRow): WebhookDeliveryRecord => ({
  id: row.id,
  realmId: row.realm_id,
  webhookId: row.webhook_id,
  eventId: row.event_id,
  eventType: row.event_type,
  orderKey: row.order_key,
  payload: row.payload,
  status: row.status as DeliveryStatus,
  attempts: Number(row.attempts),
  createdAt: Number(row.created_at),
  retryFrom: Number(row.retry_from),
  nextAttemptAt: Number(row.next_attempt_at),
  claimedUntil: nullableNumber(row.claimed_until),
  deliveredAt: nullableNumber(row.delivered_at),
  lastStatusCode: nullableNumber(row.last_status_code),
  lastError: row.last_error,
});

const deliveryRow = (d: WebhookDeliveryRecord): DeliveryRow => ({
  id: d.id,
  realm_id: d.realmId,
  webhook_id: d.webhookId,
  event_id: d.eventId,
  event_type: d.eventType,
  order_key: d.orderKey,
  payload: d.payload,
  status: d.status,
  attempts: d.attempts,
  created_at: d.createdAt,
  retry_from: d.retryFrom,
  next_attempt_at: d.nextAttemptAt,
  claimed_until: d.claimedUntil,
  delivered_at: d.deliveredAt,
  last_status_code: d.lastStatusCode,
  last_error: d.lastError,
});

export class SqlWebhookStore implements WebhookStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(w: WebhookRecord): Promise<void> {
    await this.db
      .insertInto('webhooks')
      .values({ id: w.id, realm_id: w.realmId, url: w.url, secret: w.secret, event_types: JSON.stringify(w.eventTypes), enabled: toInt(w.enabled), retry_period: w.retryPeriod, created_at: w.createdAt })
      .execute();
  }

  async findById(realmId: string, id: string): Promise<WebhookRecord | undefined> {
    const row = await this.db.selectFrom('webhooks').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toWebhook(row);
  }

  async list(realmId: string): Promise<WebhookRecord[]> {
    const rows = await this.db.selectFrom('webhooks').selectAll().where('realm_id', '=', realmId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toWebhook);
  }

  async update(w: WebhookRecord): Promise<void> {
    await this.db
      .updateTable('webhooks')
      .set({ url: w.url, secret: w.secret, event_types: JSON.stringify(w.eventTypes), enabled: toInt(w.enabled), retry_period: w.retryPeriod })
      .where('realm_id', '=', w.realmId)
      .where('id', '=', w.id)
      .execute();
  }

  async delete(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('webhooks').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }

  async createDelivery(d: WebhookDeliveryRecord): Promise<void> {
    await this.db.insertInto('webhook_deliveries').values(deliveryRow(d)).execute();
  }

  async findDelivery(realmId: string, id: string): Promise<WebhookDeliveryRecord | undefined> {
    const row = await this.db.selectFrom('webhook_deliveries').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toDelivery(row);
  }

  async listDeliveries(realmId: string, webhookId: string, page: { first?: number; max?: number }): Promise<WebhookDeliveryRecord[]> {
    const { offset, limit } = paging(page.first, page.max);
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('webhook_id', '=', webhookId)
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toDelivery);
  }

  async updateDelivery(d: WebhookDeliveryRecord): Promise<void> {
    const { id: _id, realm_id: _realm, webhook_id: _webhook, ...changes } = deliveryRow(d);
    await this.db.updateTable('webhook_deliveries').set(changes).where('id', '=', d.id).execute();
  }

  async claimDue(now: number, until: number, limit: number): Promise<WebhookDeliveryRecord[]> {
    let query = this.db
      .selectFrom('webhook_deliveries as d')
      .selectAll('d')
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('d.claimed_until', 'is', null), eb('d.claimed_until', '<', now)]))
      // In order per endpoint and key: only the oldest pending delivery of each may go.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('webhook_deliveries as e')
              .select('e.id')
              .whereRef('e.webhook_id', '=', 'd.webhook_id')
              .whereRef('e.order_key', '=', 'd.order_key')
              .where('e.status', '=', 'pending')
              .whereRef('e.id', '<', 'd.id'),
          ),
        ),
      )
      .orderBy('d.id')
      .limit(limit);
    // Two nodes never take one row: the second skips what the first has locked.
    if (isPostgres(this.db)) query = query.forUpdate().skipLocked();
    const rows = await query.execute();
    if (rows.length === 0) return [];
    await this.db.updateTable('webhook_deliveries').set({ claimed_until: until }).where('id', 'in', rows.map((r) => r.id)).execute();
    return rows.map((row) => toDelivery({ ...row, claimed_until: until }));
  }

  async redeliverRange(realmId: string, webhookId: string, from: number, to: number, now: number): Promise<number> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', retry_from: now, next_attempt_at: now, claimed_until: null, delivered_at: null })
      .where('realm_id', '=', realmId)
      .where('webhook_id', '=', webhookId)
      .where('created_at', '>=', from)
      .where('created_at', '<=', to)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async anyDue(now: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async addAttempt(a: WebhookAttemptRecord): Promise<void> {
    await this.db
      .insertInto('webhook_attempts')
      .values({ id: a.id, delivery_id: a.deliveryId, time: a.time, status_code: a.statusCode, duration_ms: a.durationMs, error: a.error })
      .execute();
  }

  async listAttempts(deliveryIds: string[]): Promise<WebhookAttemptRecord[]> {
    if (deliveryIds.length === 0) return [];
    const rows = await this.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('time').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, deliveryId: r.delivery_id, time: Number(r.time), statusCode: nullableNumber(r.status_code), durationMs: Number(r.duration_ms), error: r.error }));
  }

  async deleteFinishedBefore(time: number): Promise<number> {
    const result = await this.db.deleteFrom('webhook_deliveries').where('status', '!=', 'pending').where('created_at', '<', time).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
