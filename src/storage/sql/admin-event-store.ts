import { sql, type Kysely, type Selectable } from 'kysely';
import type { AdminEventQuery, AdminEventRecord, AdminEventStore } from '../ports.ts';
import { fromJson, toJson } from './codec.ts';
import { inEventWindow } from './event-window.ts';
import type { Database } from './schema.ts';

const toRecord = (row: Selectable<Database['admin_events']>): AdminEventRecord => ({
  id: row.id,
  realmId: row.realm_id,
  time: Number(row.time),
  operationType: row.operation_type,
  resourceType: row.resource_type,
  resourcePath: row.resource_path,
  authRealmId: row.auth_realm_id,
  authClientId: row.auth_client_id,
  authUserId: row.auth_user_id,
  authIpAddress: row.auth_ip_address,
  representation: row.representation,
  error: row.error,
  details: fromJson(row.details),
});

/** A `*` pattern as a LIKE pattern: the other LIKE wildcards are matched literally. */
const likePattern = (pattern: string): string => pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');

export class SqlAdminEventStore implements AdminEventStore {
  constructor(private readonly db: Kysely<Database>) {}

  async append(e: AdminEventRecord): Promise<void> {
    await this.db
      .insertInto('admin_events')
      .values({
        id: e.id,
        realm_id: e.realmId,
        time: e.time,
        operation_type: e.operationType,
        resource_type: e.resourceType,
        resource_path: e.resourcePath,
        auth_realm_id: e.authRealmId,
        auth_client_id: e.authClientId,
        auth_user_id: e.authUserId,
        auth_ip_address: e.authIpAddress,
        representation: e.representation,
        error: e.error,
        details: toJson(e.details),
      })
      .execute();
  }

  async query(realmId: string, q: AdminEventQuery): Promise<AdminEventRecord[]> {
    let query = this.db.selectFrom('admin_events').selectAll().where('realm_id', '=', realmId);
    if (q.operationTypes && q.operationTypes.length > 0) query = query.where('operation_type', 'in', q.operationTypes);
    if (q.resourceTypes && q.resourceTypes.length > 0) query = query.where('resource_type', 'in', q.resourceTypes);
    if (q.resourcePath !== undefined) {
      query = q.resourcePath.includes('*')
        ? query.where(sql<boolean>`resource_path like ${likePattern(q.resourcePath)} escape '\\'`)
        : query.where('resource_path', '=', q.resourcePath);
    }
    if (q.authRealmId !== undefined) query = query.where('auth_realm_id', '=', q.authRealmId);
    if (q.authClientId !== undefined) query = query.where('auth_client_id', '=', q.authClientId);
    if (q.authUserId !== undefined) query = query.where('auth_user_id', '=', q.authUserId);
    if (q.authIpAddress !== undefined) query = query.where('auth_ip_address', '=', q.authIpAddress);
    const rows = await inEventWindow(query, q).execute();
    return rows.map(toRecord);
  }

  async deleteAll(realmId: string): Promise<void> {
    await this.db.deleteFrom('admin_events').where('realm_id', '=', realmId).execute();
  }

  async deleteBefore(realmId: string, time: number): Promise<number> {
    const result = await this.db.deleteFrom('admin_events').where('realm_id', '=', realmId).where('time', '<', time).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
