import type { Kysely, Selectable } from 'kysely';
import type { EventQuery, EventRecord, EventStore } from '../ports.ts';
import { fromJson, toJson } from './codec.ts';
import { inEventWindow } from './event-window.ts';
import type { Database } from './schema.ts';

const toRecord = (row: Selectable<Database['events']>): EventRecord => ({
  id: row.id,
  realmId: row.realm_id,
  time: Number(row.time),
  type: row.type,
  clientId: row.client_id,
  userId: row.user_id,
  sessionId: row.session_id,
  ipAddress: row.ip_address,
  error: row.error,
  details: fromJson(row.details),
});

export class SqlEventStore implements EventStore {
  constructor(private readonly db: Kysely<Database>) {}

  async append(e: EventRecord): Promise<void> {
    await this.db
      .insertInto('events')
      .values({
        id: e.id,
        realm_id: e.realmId,
        time: e.time,
        type: e.type,
        client_id: e.clientId,
        user_id: e.userId,
        session_id: e.sessionId,
        ip_address: e.ipAddress,
        error: e.error,
        details: toJson(e.details),
      })
      .execute();
  }

  async query(realmId: string, q: EventQuery): Promise<EventRecord[]> {
    let query = this.db.selectFrom('events').selectAll().where('realm_id', '=', realmId);
    if (q.types && q.types.length > 0) query = query.where('type', 'in', q.types);
    if (q.clientId !== undefined) query = query.where('client_id', '=', q.clientId);
    if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
    if (q.ipAddress !== undefined) query = query.where('ip_address', '=', q.ipAddress);
    const rows = await inEventWindow(query, q).execute();
    return rows.map(toRecord);
  }

  async deleteAll(realmId: string): Promise<void> {
    await this.db.deleteFrom('events').where('realm_id', '=', realmId).execute();
  }

  async deleteBefore(realmId: string, time: number): Promise<number> {
    const result = await this.db.deleteFrom('events').where('realm_id', '=', realmId).where('time', '<', time).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
