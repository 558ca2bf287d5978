import type { Kysely, Selectable } from 'kysely';
import type { ComponentRecord, ComponentStore } from '../ports.ts';
import { fromJson, toJson } from './codec.ts';
import type { Database } from './schema.ts';

const toRecord = (row: Selectable<Database['components']>): ComponentRecord => ({
  id: row.id,
  realmId: row.realm_id,
  parentId: row.parent_id,
  name: row.name,
  providerId: row.provider_id,
  providerType: row.provider_type,
  subType: row.sub_type,
  config: fromJson(row.config),
});

export class SqlComponentStore implements ComponentStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(c: ComponentRecord): Promise<void> {
    await this.db
      .insertInto('components')
      .values({
        id: c.id,
        realm_id: c.realmId,
        parent_id: c.parentId,
        name: c.name,
        provider_id: c.providerId,
        provider_type: c.providerType,
        sub_type: c.subType,
        config: toJson(c.config),
      })
      .execute();
  }

  async findById(realmId: string, id: string): Promise<ComponentRecord | undefined> {
    const row = await this.db.selectFrom('components').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(realmId: string, filter: { parentId?: string; providerType?: string; name?: string } = {}): Promise<ComponentRecord[]> {
    let query = this.db.selectFrom('components').selectAll().where('realm_id', '=', realmId);
    if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
    if (filter.providerType !== undefined) query = query.where('provider_type', '=', filter.providerType);
    if (filter.name !== undefined) query = query.where('name', '=', filter.name);
    return (await query.orderBy('name').execute()).map(toRecord);
  }

  async update(c: ComponentRecord): Promise<void> {
    await this.db
      .updateTable('components')
      .set({ parent_id: c.parentId, name: c.name, provider_id: c.providerId, provider_type: c.providerType, sub_type: c.subType, config: toJson(c.config) })
      .where('realm_id', '=', c.realmId)
      .where('id', '=', c.id)
      .execute();
  }

  async delete(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('components').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }
}
