import { sql, type Kysely, type Selectable } from 'kysely';
import type { RealmRecord, RealmStore } from '../ports.ts';
import { conflictAs, fromJson, toBool, toInt, toJson } from './codec.ts';
import type { Database } from './schema.ts';

type Row = Selectable<Database['realms']>;

const toRecord = (row: Row): RealmRecord => ({
  id: row.id,
  name: row.name,
  enabled: toBool(row.enabled),
  settings: fromJson(row.settings),
  createdAt: Number(row.created_at),
  revision: Number(row.revision),
});

export class SqlRealmStore implements RealmStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(realm: RealmRecord): Promise<void> {
    await conflictAs(
      () => `Conflict detected. See logs for details`,
      () =>
        this.db
          .insertInto('realms')
          .values({ id: realm.id, name: realm.name, enabled: toInt(realm.enabled), settings: toJson(realm.settings), created_at: realm.createdAt })
          .execute(),
    );
  }

  async findById(id: string): Promise<RealmRecord | undefined> {
    const row = await this.db.selectFrom('realms').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByName(name: string): Promise<RealmRecord | undefined> {
    const row = await this.db.selectFrom('realms').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(): Promise<RealmRecord[]> {
    const rows = await this.db.selectFrom('realms').selectAll().orderBy('created_at').orderBy('name').execute();
    return rows.map(toRecord);
  }

  async update(realm: RealmRecord): Promise<void> {
    await conflictAs(
      () => `Conflict detected. See logs for details`,
      () =>
        this.db
          .updateTable('realms')
          .set({ name: realm.name, enabled: toInt(realm.enabled), settings: toJson(realm.settings) })
          .where('id', '=', realm.id)
          .execute(),
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('realms').where('id', '=', id).execute();
  }

  async touch(id: string): Promise<void> {
    await this.db.updateTable('realms').set({ revision: sql<number>`revision + 1` }).where('id', '=', id).execute();
  }
}
