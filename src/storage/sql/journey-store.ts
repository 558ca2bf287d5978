import type { Kysely, Selectable } from 'kysely';
import type { JourneyRecord, JourneyStore } from '../ports.ts';
import { conflictAs, fromJson, toJson } from './codec.ts';
import { withRelaxedDurability } from './relaxed-durability.ts';
import type { Database } from './schema.ts';
import { batchedRowsByKey, type BatchOptions } from './tick-batch.ts';

const toRecord = (row: Selectable<Database['journeys']>): JourneyRecord => ({
  id: row.id,
  realmId: row.realm_id,
  state: fromJson(row.state),
  version: row.version,
  expiresAt: Number(row.expires_at),
});

export class SqlJourneyStore implements JourneyStore {
  /** Set outside transactions: journeys read in the same event-loop turn share a statement. */
  private readonly byId?: (key: readonly string[]) => Promise<Selectable<Database['journeys']>[]>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
    options: BatchOptions = {},
  ) {
    if (options.batchPerTick) this.byId = batchedRowsByKey(db, 'journeys', ['realm_id', 'id'], [], options.batchPerTick);
  }

  /** A journey lost in a power cut shows "page expired"; what it creates commits in its own, durable transaction. */
  async create(j: JourneyRecord): Promise<void> {
    await conflictAs(
      () => 'journey',
      () =>
        withRelaxedDurability(this.db, this.dialect, (db) =>
          db.insertInto('journeys').values({ id: j.id, realm_id: j.realmId, state: toJson(j.state), version: j.version, expires_at: j.expiresAt }).execute(),
        ),
    );
  }

  async find(realmId: string, id: string): Promise<JourneyRecord | undefined> {
    const row = this.byId ? (await this.byId([realmId, id]))[0] : await this.db.selectFrom('journeys').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async update(j: JourneyRecord): Promise<boolean> {
    const result = await withRelaxedDurability(this.db, this.dialect, (db) =>
      db
        .updateTable('journeys')
        .set({ state: toJson(j.state), version: j.version, expires_at: j.expiresAt })
        .where('realm_id', '=', j.realmId)
        .where('id', '=', j.id)
        .where('version', '=', j.version - 1)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) === 1;
  }

  /** A finished journey that survives a power cut only expires later: what it created committed durably before. */
  async delete(realmId: string, id: string): Promise<void> {
    await withRelaxedDurability(this.db, this.dialect, (db) => db.deleteFrom('journeys').where('realm_id', '=', realmId).where('id', '=', id).execute());
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('journeys').where('expires_at', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
