import { sql, type Kysely, type Selectable } from 'kysely';
import type { OidcPayloadRecord, OidcPayloadStore } from '../ports.ts';
import { withRelaxedDurability } from './relaxed-durability.ts';
import type { Database } from './schema.ts';
import { batchedRowsByKey, batchPerTick, type BatchOptions } from './tick-batch.ts';

type Row = Selectable<Database['oidc_payloads']>;

const toRecord = (row: Row): OidcPayloadRecord => ({
  realmId: row.realm_id,
  model: row.model,
  id: row.id,
  payload: JSON.parse(row.payload) as Record<string, unknown>,
  grantId: row.grant_id,
  userCode: row.user_code,
  uid: row.uid,
  accountId: row.account_id,
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  consumedAt: row.consumed_at === null ? null : Number(row.consumed_at),
});

const toRow = (r: OidcPayloadRecord): Row => ({
  realm_id: r.realmId,
  model: r.model,
  id: r.id,
  payload: JSON.stringify(r.payload),
  grant_id: r.grantId,
  user_code: r.userCode,
  uid: r.uid,
  account_id: r.accountId,
  expires_at: r.expiresAt,
  consumed_at: r.consumedAt,
});

/** One row per key, the last written winning, as separate upserts in that order would leave it. */
const lastPerKey = (records: readonly OidcPayloadRecord[]): Row[] => [...new Map(records.map((r) => [`${r.realmId} ${r.model} ${r.id}`, toRow(r)])).values()];

export class SqlOidcPayloadStore implements OidcPayloadStore {
  /** Outside transactions: finds of one event-loop turn share a statement (see tick-batch.ts). */
  private readonly batchedFind?: (key: readonly string[]) => Promise<Row[]>;
  /** Outside transactions: upserts of one event-loop turn share a statement. */
  private readonly batchedUpsert?: (record: OidcPayloadRecord) => Promise<void>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
    options: BatchOptions = {},
  ) {
    if (options.batchPerTick) this.batchedFind = batchedRowsByKey<Row>(db, 'oidc_payloads', ['realm_id', 'model', 'id'], [], options.batchPerTick);
    if (options.batchPerTick === 'postgres') {
      this.batchedUpsert = batchPerTick(async (records) => {
        const rows = lastPerKey(records);
        const column = <K extends keyof Row>(name: K) => rows.map((row) => row[name]);
        await sql`
          insert into oidc_payloads (realm_id, model, id, payload, grant_id, user_code, uid, account_id, expires_at, consumed_at)
          select * from unnest(${column('realm_id')}::varchar[], ${column('model')}::varchar[], ${column('id')}::varchar[], ${column('payload')}::text[],
            ${column('grant_id')}::varchar[], ${column('user_code')}::varchar[], ${column('uid')}::varchar[], ${column('account_id')}::varchar[],
            ${column('expires_at')}::bigint[], ${column('consumed_at')}::bigint[])
          on conflict (realm_id, model, id) do update set payload = excluded.payload, grant_id = excluded.grant_id, user_code = excluded.user_code,
            uid = excluded.uid, account_id = excluded.account_id, expires_at = excluded.expires_at, consumed_at = excluded.consumed_at`.execute(db);
        return records.map(() => undefined);
      });
    } else if (options.batchPerTick === 'sqlite') {
      // SQLite has no round trip to save, but each commit writes the pages it changed to the log:
      // one statement of many rows writes the table's and its indexes' pages once (about half the
      // time per row at twenty rows).
      this.batchedUpsert = batchPerTick(async (records) => {
        const rows = lastPerKey(records);
        await withRelaxedDurability(this.db, this.dialect, (relaxed) =>
          relaxed
            .insertInto('oidc_payloads')
            .values(rows)
            .onConflict((oc) =>
              oc.columns(['realm_id', 'model', 'id']).doUpdateSet((eb) => ({
                payload: eb.ref('excluded.payload'),
                grant_id: eb.ref('excluded.grant_id'),
                user_code: eb.ref('excluded.user_code'),
                uid: eb.ref('excluded.uid'),
                account_id: eb.ref('excluded.account_id'),
                expires_at: eb.ref('excluded.expires_at'),
                consumed_at: eb.ref('excluded.consumed_at'),
              })),
            )
            .execute(),
        );
        return records.map(() => undefined);
      }, 100);
    }
  }

  /** Sessions, interactions, grants, codes and tokens: a power cut may cost a sign-in, never data. Revoking stays fully durable. */
  async upsert(r: OidcPayloadRecord): Promise<void> {
    if (this.batchedUpsert) return this.batchedUpsert(r);
    const row = toRow(r);
    const { realm_id: _realm, model: _model, id: _id, ...changes } = row;
    await withRelaxedDurability(this.db, this.dialect, (db) =>
      db
        .insertInto('oidc_payloads')
        .values(row)
        .onConflict((oc) => oc.columns(['realm_id', 'model', 'id']).doUpdateSet(changes))
        .execute(),
    );
  }

  private live(realmId: string, model: string) {
    return this.db.selectFrom('oidc_payloads').selectAll().where('realm_id', '=', realmId).where('model', '=', model);
  }

  async find(realmId: string, model: string, id: string): Promise<OidcPayloadRecord | undefined> {
    const row = this.batchedFind ? (await this.batchedFind([realmId, model, id]))[0] : await this.live(realmId, model).where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByUid(realmId: string, model: string, uid: string): Promise<OidcPayloadRecord | undefined> {
    const row = await this.live(realmId, model).where('uid', '=', uid).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByUserCode(realmId: string, model: string, userCode: string): Promise<OidcPayloadRecord | undefined> {
    const row = await this.live(realmId, model).where('user_code', '=', userCode).executeTakeFirst();
    return row && toRecord(row);
  }

  async listByAccount(realmId: string, model: string, accountId: string): Promise<OidcPayloadRecord[]> {
    const rows = await this.live(realmId, model).where('account_id', '=', accountId).execute();
    return rows.map(toRecord);
  }

  /**
   * A code is consumed in the same relaxed way as the tokens it is exchanged for: a power cut that
   * loses the mark loses those tokens too, and the code still expires within its minute. (Keycloak
   * keeps codes in memory only.) This saves an fsync on the event loop per sign-in.
   */
  async consume(realmId: string, model: string, id: string, at: number): Promise<void> {
    await withRelaxedDurability(this.db, this.dialect, (db) =>
      db.updateTable('oidc_payloads').set({ consumed_at: at }).where('realm_id', '=', realmId).where('model', '=', model).where('id', '=', id).execute(),
    );
  }

  async destroy(realmId: string, model: string, id: string): Promise<void> {
    const remove = (db: Kysely<Database>) => db.deleteFrom('oidc_payloads').where('realm_id', '=', realmId).where('model', '=', model).where('id', '=', id).execute();
    // A finished interaction that survives a power cut only expires later; a revoked token or ended session must stay gone.
    await (model === 'Interaction' ? withRelaxedDurability(this.db, this.dialect, remove) : remove(this.db));
  }

  async revokeByGrantId(realmId: string, grantId: string): Promise<void> {
    await this.db.deleteFrom('oidc_payloads').where('realm_id', '=', realmId).where('grant_id', '=', grantId).execute();
  }

  async listAccounts(realmId: string, models: string[], now: number): Promise<string[]> {
    if (models.length === 0) return [];
    const rows = await this.db
      .selectFrom('oidc_payloads')
      .select('account_id')
      .distinct()
      .where('realm_id', '=', realmId)
      .where('model', 'in', models)
      .where('account_id', 'is not', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .orderBy('account_id')
      .execute();
    return rows.map((r) => r.account_id!);
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('oidc_payloads').where('expires_at', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
