import type { Kysely } from 'kysely';
import type { RepresentationExtrasStore } from '../ports.ts';
import { fromJson, toJson } from './codec.ts';
import type { Database } from './schema.ts';

export class SqlRepresentationExtrasStore implements RepresentationExtrasStore {
  constructor(private readonly db: Kysely<Database>) {}

  async put(realmId: string, ownerType: string, ownerId: string, data: Record<string, unknown>): Promise<void> {
    await this.delete(realmId, ownerType, ownerId);
    if (Object.keys(data).length === 0) return;
    await this.db.insertInto('representation_extras').values({ realm_id: realmId, owner_type: ownerType, owner_id: ownerId, data: toJson(data) }).execute();
  }

  async get(realmId: string, ownerType: string, ownerId: string): Promise<Record<string, unknown> | undefined> {
    const row = await this.db
      .selectFrom('representation_extras')
      .select('data')
      .where('realm_id', '=', realmId)
      .where('owner_type', '=', ownerType)
      .where('owner_id', '=', ownerId)
      .executeTakeFirst();
    return row && fromJson(row.data);
  }

  async list(realmId: string, ownerType: string): Promise<{ ownerId: string; data: Record<string, unknown> }[]> {
    const rows = await this.db
      .selectFrom('representation_extras')
      .select(['owner_id', 'data'])
      .where('realm_id', '=', realmId)
      .where('owner_type', '=', ownerType)
      .orderBy('owner_id')
      .execute();
    return rows.map((r) => ({ ownerId: r.owner_id, data: fromJson(r.data) }));
  }

  async delete(realmId: string, ownerType: string, ownerId: string): Promise<void> {
    await this.db
      .deleteFrom('representation_extras')
      .where('realm_id', '=', realmId)
      .where('owner_type', '=', ownerType)
      .where('owner_id', '=', ownerId)
      .execute();
  }
}
