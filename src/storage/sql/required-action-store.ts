import type { Kysely, Selectable } from 'kysely';
import type { RequiredActionRecord, RequiredActionStore } from '../ports.ts';
import { conflictAs, fromJson, toBool, toInt, toJson } from './codec.ts';
import type { Database } from './schema.ts';

const toRecord = (row: Selectable<Database['required_action_providers']>): RequiredActionRecord => ({
  id: row.id,
  realmId: row.realm_id,
  alias: row.alias,
  name: row.name,
  providerId: row.provider_id,
  enabled: toBool(row.enabled),
  defaultAction: toBool(row.default_action),
  priority: row.priority,
  config: fromJson(row.config),
});

const toRow = (a: RequiredActionRecord) => ({
  id: a.id,
  realm_id: a.realmId,
  alias: a.alias,
  name: a.name,
  provider_id: a.providerId,
  enabled: toInt(a.enabled),
  default_action: toInt(a.defaultAction),
  priority: a.priority,
  config: toJson(a.config),
});

export class SqlRequiredActionStore implements RequiredActionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(action: RequiredActionRecord): Promise<void> {
    await conflictAs(
      () => `Required action ${action.alias} already exists`,
      () => this.db.insertInto('required_action_providers').values(toRow(action)).execute(),
    );
  }

  async find(realmId: string, alias: string): Promise<RequiredActionRecord | undefined> {
    const row = await this.db.selectFrom('required_action_providers').selectAll().where('realm_id', '=', realmId).where('alias', '=', alias).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(realmId: string): Promise<RequiredActionRecord[]> {
    const rows = await this.db.selectFrom('required_action_providers').selectAll().where('realm_id', '=', realmId).orderBy('priority').orderBy('alias').execute();
    return rows.map(toRecord);
  }

  async update(action: RequiredActionRecord): Promise<void> {
    const { id, realm_id, ...changes } = toRow(action);
    await this.db.updateTable('required_action_providers').set(changes).where('realm_id', '=', realm_id).where('id', '=', id).execute();
  }

  async delete(realmId: string, alias: string): Promise<void> {
    await this.db.deleteFrom('required_action_providers').where('realm_id', '=', realmId).where('alias', '=', alias).execute();
  }
}
