import { sql, type Kysely, type Selectable } from 'kysely';
import type { EventOutboxStore, OutboxRecord } from '../ports.ts';
import { isPostgres } from './dialect-of.ts';
import type { Database } from './schema.ts';

/** An arbitrary constant naming the outbox dispatcher's lock among PostgreSQL advisory locks. */
const DISPATCH_LOCK_KEY = 7_202_611_290;

const toRecord = (row: Selectable<Database['event_outbox']>): OutboxRecord => ({
  id: row.id,
  realmId: row.realm_id,
  kind: row.kind === 'admin' ? 'admin' : 'user',
  type: row.type,
  orderKey: row.order_key,
  payload: JSON.parse(row.payload) as Record<string, unknown>,
  createdAt: Number(row.created_at),
  dispatchedAt: row.dispatched_at === null ? null : Number(row.dispatched_at),
});

export class SqlOutboxStore implements EventOutboxStore {
  constructor(private readonly db: Kysely<Database>) {}

  async append(r: OutboxRecord): Promise<void> {
    await this.db
      .insertInto('event_outbox')
      .values({ id: r.id, realm_id: r.realmId, kind: r.kind, type: r.type, order_key: r.orderKey, payload: JSON.stringify(r.payload), created_at: r.createdAt, dispatched_at: r.dispatchedAt })
      .execute();
  }

  async tryLockDispatch(): Promise<boolean> {
    // SQLite has one writer: its write transaction already excludes every other dispatcher.
    if (!isPostgres(this.db)) return true;
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${DISPATCH_LOCK_KEY}) as locked`.execute(this.db);
    return rows[0]?.locked === true;
  }

  async listPending(limit: number): Promise<OutboxRecord[]> {
    const rows = await this.db.selectFrom('event_outbox').selectAll().where('dispatched_at', 'is', null).orderBy('id').limit(limit).execute();
    return rows.map(toRecord);
  }

  async markDispatched(ids: string[], at: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('event_outbox').set({ dispatched_at: at }).where('id', 'in', ids).execute();
  }

  async deleteDispatchedBefore(time: number): Promise<number> {
    const result = await this.db.deleteFrom('event_outbox').where('dispatched_at', '<', time).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
