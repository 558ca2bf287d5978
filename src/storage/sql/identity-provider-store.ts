import { sql, type Kysely, type Selectable } from 'kysely';
import type { IdentityProviderMapperRecord, IdentityProviderRecord, IdentityProviderStore } from '../ports.ts';
import { conflictAs, fromJson, toJson } from './codec.ts';
import type { Database } from './schema.ts';

const toRecord = (row: Selectable<Database['identity_providers']>): IdentityProviderRecord => ({
  id: row.id,
  realmId: row.realm_id,
  alias: row.alias,
  data: fromJson(row.data),
});

const toMapper = (row: Selectable<Database['identity_provider_mappers']>): IdentityProviderMapperRecord => ({
  id: row.id,
  realmId: row.realm_id,
  identityProviderAlias: row.identity_provider_alias,
  name: row.name,
  identityProviderMapper: row.mapper,
  config: fromJson(row.config),
});

export class SqlIdentityProviderStore implements IdentityProviderStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(p: IdentityProviderRecord): Promise<void> {
    // The position keeps the realm's order (Keycloak lists providers as they were added).
    const last = await this.db
      .selectFrom('identity_providers')
      .select(sql<number>`coalesce(max(position), 0)`.as('max'))
      .where('realm_id', '=', p.realmId)
      .executeTakeFirst();
    await conflictAs(
      () => `Identity Provider ${p.alias} already exists`,
      () =>
        this.db
          .insertInto('identity_providers')
          .values({ id: p.id, realm_id: p.realmId, alias: p.alias, position: Number(last?.max ?? 0) + 1, data: toJson(p.data) })
          .execute(),
    );
  }

  async findByAlias(realmId: string, alias: string): Promise<IdentityProviderRecord | undefined> {
    const row = await this.db.selectFrom('identity_providers').selectAll().where('realm_id', '=', realmId).where('alias', '=', alias).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(realmId: string): Promise<IdentityProviderRecord[]> {
    const rows = await this.db.selectFrom('identity_providers').selectAll().where('realm_id', '=', realmId).orderBy('position').execute();
    return rows.map(toRecord);
  }

  async update(p: IdentityProviderRecord): Promise<void> {
    await conflictAs(
      () => `Identity Provider ${p.alias} already exists`,
      () =>
        this.db
          .updateTable('identity_providers')
          .set({ alias: p.alias, data: toJson(p.data) })
          .where('realm_id', '=', p.realmId)
          .where('id', '=', p.id)
          .execute(),
    );
  }

  async delete(realmId: string, alias: string): Promise<void> {
    await this.db.deleteFrom('identity_provider_mappers').where('realm_id', '=', realmId).where('identity_provider_alias', '=', alias).execute();
    await this.db.deleteFrom('federated_identities').where('realm_id', '=', realmId).where('identity_provider', '=', alias).execute();
    await this.db.deleteFrom('identity_providers').where('realm_id', '=', realmId).where('alias', '=', alias).execute();
  }

  async createMapper(m: IdentityProviderMapperRecord): Promise<void> {
    await this.db
      .insertInto('identity_provider_mappers')
      .values({ id: m.id, realm_id: m.realmId, identity_provider_alias: m.identityProviderAlias, name: m.name, mapper: m.identityProviderMapper, config: toJson(m.config) })
      .execute();
  }

  async findMapper(realmId: string, id: string): Promise<IdentityProviderMapperRecord | undefined> {
    const row = await this.db.selectFrom('identity_provider_mappers').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toMapper(row);
  }

  async listMappers(realmId: string, alias?: string): Promise<IdentityProviderMapperRecord[]> {
    let query = this.db.selectFrom('identity_provider_mappers').selectAll().where('realm_id', '=', realmId);
    if (alias !== undefined) query = query.where('identity_provider_alias', '=', alias);
    return (await query.orderBy('name').orderBy('id').execute()).map(toMapper);
  }

  async updateMapper(m: IdentityProviderMapperRecord): Promise<void> {
    await this.db
      .updateTable('identity_provider_mappers')
      .set({ identity_provider_alias: m.identityProviderAlias, name: m.name, mapper: m.identityProviderMapper, config: toJson(m.config) })
      .where('realm_id', '=', m.realmId)
      .where('id', '=', m.id)
      .execute();
  }

  async deleteMapper(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('identity_provider_mappers').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }
}
