import type { Kysely, Selectable } from 'kysely';
import type { ClientRecord, ClientStore, RoleRecord } from '../ports.ts';
import { conflictAs, fromJson, toBool, toInt, toJson } from './codec.ts';
import type { Database } from './schema.ts';
import { toRoleRecord } from './role-store.ts';

const toRecord = (row: Selectable<Database['clients']>): ClientRecord => ({
  id: row.id,
  realmId: row.realm_id,
  clientId: row.client_id,
  data: fromJson(row.data),
});

export class SqlClientStore implements ClientStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(client: ClientRecord): Promise<void> {
    await conflictAs(
      () => `Client ${client.clientId} already exists`,
      () =>
        this.db
          .insertInto('clients')
          .values({ id: client.id, realm_id: client.realmId, client_id: client.clientId, data: toJson(client.data) })
          .execute(),
    );
  }

  async findById(realmId: string, id: string): Promise<ClientRecord | undefined> {
    const row = await this.db.selectFrom('clients').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByClientId(realmId: string, clientId: string): Promise<ClientRecord | undefined> {
    const row = await this.db
      .selectFrom('clients')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async list(realmId: string): Promise<ClientRecord[]> {
    const rows = await this.db.selectFrom('clients').selectAll().where('realm_id', '=', realmId).orderBy('client_id').execute();
    return rows.map(toRecord);
  }

  async update(client: ClientRecord): Promise<void> {
    await conflictAs(
      () => `Client ${client.clientId} already exists`,
      () =>
        this.db
          .updateTable('clients')
          .set({ client_id: client.clientId, data: toJson(client.data) })
          .where('realm_id', '=', client.realmId)
          .where('id', '=', client.id)
          .execute(),
    );
  }

  async delete(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('clients').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }

  async linkScopes(clientId: string, scopeIds: string[], defaultScope: boolean): Promise<void> {
    if (scopeIds.length === 0) return;
    await this.db
      .insertInto('client_scope_links')
      .values(scopeIds.map((scope_id) => ({ client_uuid: clientId, scope_id, default_scope: toInt(defaultScope) })))
      .onConflict((oc) => oc.columns(['client_uuid', 'scope_id']).doUpdateSet({ default_scope: toInt(defaultScope) }))
      .execute();
  }

  async unlinkScope(clientId: string, scopeId: string): Promise<void> {
    await this.db.deleteFrom('client_scope_links').where('client_uuid', '=', clientId).where('scope_id', '=', scopeId).execute();
  }

  async listScopeLinks(clientId: string): Promise<{ scopeId: string; defaultScope: boolean }[]> {
    const rows = await this.db.selectFrom('client_scope_links').selectAll().where('client_uuid', '=', clientId).execute();
    return rows.map((r) => ({ scopeId: r.scope_id, defaultScope: toBool(r.default_scope) }));
  }

  async addScopeMappings(clientId: string, roleIds: string[]): Promise<void> {
    if (roleIds.length === 0) return;
    await this.db
      .insertInto('client_scope_mappings')
      .values(roleIds.map((role_id) => ({ client_uuid: clientId, role_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async removeScopeMappings(clientId: string, roleIds: string[]): Promise<void> {
    if (roleIds.length === 0) return;
    await this.db.deleteFrom('client_scope_mappings').where('client_uuid', '=', clientId).where('role_id', 'in', roleIds).execute();
  }

  async listScopeMappings(clientId: string): Promise<RoleRecord[]> {
    const rows = await this.db
      .selectFrom('client_scope_mappings as m')
      .innerJoin('roles', 'roles.id', 'm.role_id')
      .selectAll('roles')
      .where('m.client_uuid', '=', clientId)
      .orderBy('roles.name')
      .execute();
    return rows.map(toRoleRecord);
  }
}
