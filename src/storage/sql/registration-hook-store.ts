import type { Kysely, Selectable } from 'kysely';
import type { RegistrationHookRecord, RegistrationHookStore } from '../ports.ts';
import { toBool, toInt } from './codec.ts';
import type { Database } from './schema.ts';

type Row = Selectable<Database['registration_hooks']>;

const toHook = (row: Row): RegistrationHookRecord => ({
  id: row.id,
  realmId: row.realm_id,
  url: row.url,
  secret: row.secret,
  timeoutMs: Number(row.timeout_ms),
  failurePolicy: row.failure_policy === 'closed' ? 'closed' : 'open',
  enabled: toBool(row.enabled),
  createdAt: Number(row.created_at),
});

/** Pre-registration hooks in `registration_hooks`. */
export class SqlRegistrationHookStore implements RegistrationHookStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(h: RegistrationHookRecord): Promise<void> {
    await this.db
      .insertInto('registration_hooks')
      .values({ id: h.id, realm_id: h.realmId, url: h.url, secret: h.secret, timeout_ms: h.timeoutMs, failure_policy: h.failurePolicy, enabled: toInt(h.enabled), created_at: h.createdAt })
      .execute();
  }

  async findById(realmId: string, id: string): Promise<RegistrationHookRecord | undefined> {
    const row = await this.db.selectFrom('registration_hooks').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toHook(row);
  }

  async list(realmId: string): Promise<RegistrationHookRecord[]> {
    const rows = await this.db.selectFrom('registration_hooks').selectAll().where('realm_id', '=', realmId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toHook);
  }

  async update(h: RegistrationHookRecord): Promise<void> {
    await this.db
      .updateTable('registration_hooks')
      .set({ url: h.url, secret: h.secret, timeout_ms: h.timeoutMs, failure_policy: h.failurePolicy, enabled: toInt(h.enabled) })
      .where('realm_id', '=', h.realmId)
      .where('id', '=', h.id)
      .execute();
  }

  async delete(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('registration_hooks').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }
}
