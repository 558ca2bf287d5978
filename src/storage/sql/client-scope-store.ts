import type { Kysely, Selectable } from 'kysely';
import type { ClientScopeRecord, ClientScopeStore, RoleRecord } from '../ports.ts';
import { conflictAs, fromJson, toBool, toInt, toJson } from './codec.ts';
import type { Database } from './schema.ts';
import { toRoleRecord } from './role-store.ts';

const toRecord = (row: Selectable<Database['client_scopes']>): ClientScopeRecord => ({
  id: row.id,
  realmId: row.realm_id,
  name: row.name,
  data: fromJson(row.data),
});

export class SqlClientScopeStore implements ClientScopeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(scope: ClientScopeRecord): Promise<void> {
    await conflictAs(
      () => `Client Scope ${scope.name} already exists`,
      () =>
        this.db
          .insertInto('client_scopes')
          .values({ id: scope.id, realm_id: scope.realmId, name: scope.name, data: toJson(scope.data) })
          .execute(),
    );
  }

  async findById(realmId: string, id: string): Promise<ClientScopeRecord | undefined> {
    const row = await this.db.selectFrom('client_scopes').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByName(realmId: string, name: string): Promise<ClientScopeRecord | undefined> {
    const row = await this.db.selectFrom('client_scopes').selectAll().where('realm_id', '=', realmId).where('name', '=', name).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(realmId: string): Promise<ClientScopeRecord[]> {
    const rows = await this.db.selectFrom('client_scopes').selectAll().where('realm_id', '=', realmId).orderBy('name').execute();
    return rows.map(toRecord);
  }

  async update(scope: ClientScopeRecord): Promise<void> {
    await conflictAs(
      () => `Client Scope ${scope.name} already exists`,
      () =>
        this.db
          .updateTable('client_scopes')
          .set({ name: scope.name, data: toJson(scope.data) })
          .where('realm_id', '=', scope.realmId)
          .where('id', '=', scope.id)
          .execute(),
    );
  }

  async delete(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('client_scopes').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }

  async setRealmDefault(realmId: string, scopeId: string, defaultScope: boolean): Promise<void> {
    await this.db
      .insertInto('realm_default_client_scopes')
      .values({ realm_id: realmId, scope_id: scopeId, default_scope: toInt(defaultScope) })
      .onConflict((oc) => oc.columns(['realm_id', 'scope_id']).doUpdateSet({ default_scope: toInt(defaultScope) }))
      .execute();
  }

  async removeRealmDefault(realmId: string, scopeId: string): Promise<void> {
    await this.db.deleteFrom('realm_default_client_scopes').where('realm_id', '=', realmId).where('scope_id', '=', scopeId).execute();
  }

  async listRealmDefaults(realmId: string): Promise<{ scopeId: string; defaultScope: boolean }[]> {
    const rows = await this.db.selectFrom('realm_default_client_scopes').selectAll().where('realm_id', '=', realmId).execute();
    return rows.map((r) => ({ scopeId: r.scope_id, defaultScope: toBool(r.default_scope) }));
  }

  async addScopeMappings(scopeId: string, roleIds: string[]): Promise<void> {
    if (roleIds.length === 0) return;
    await this.db
      .insertInto('client_scope_role_mappings')
      .values(roleIds.map((role_id) => ({ scope_id: scopeId, role_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async removeScopeMappings(scopeId: string, roleIds: string[]): Promise<void> {
    if (roleIds.length === 0) return;
    await this.db.deleteFrom('client_scope_role_mappings').where('scope_id', '=', scopeId).where('role_id', 'in', roleIds).execute();
  }

  async listScopeMappings(scopeId: string): Promise<RoleRecord[]> {
    const rows = await this.db
      .selectFrom('client_scope_role_mappings as m')
      .innerJoin('roles', 'roles.id', 'm.role_id')
      .selectAll('roles')
      .where('m.scope_id', '=', scopeId)
      .orderBy('roles.name')
      .execute();
    return rows.map(toRoleRecord);
  }
}
