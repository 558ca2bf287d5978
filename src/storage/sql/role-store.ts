import { sql, type Kysely, type Selectable } from 'kysely';
import type { RoleRecord, RoleStore, UserRecord } from '../ports.ts';
import { conflictAs, fromJson, paging, toJson } from './codec.ts';
import type { Database } from './schema.ts';
import { toUserRecord } from './user-store.ts';

type Row = Selectable<Database['roles']>;

const toRecord = (row: Row): RoleRecord => ({
  id: row.id,
  realmId: row.realm_id,
  name: row.name,
  description: row.description,
  clientId: row.client_id,
  attributes: fromJson(row.attributes),
});

export class SqlRoleStore implements RoleStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(role: RoleRecord): Promise<void> {
    await conflictAs(
      () => `Role with name ${role.name} already exists`,
      () =>
        this.db
          .insertInto('roles')
          .values({
            id: role.id,
            realm_id: role.realmId,
            container_id: role.clientId ?? role.realmId,
            client_id: role.clientId,
            name: role.name,
            description: role.description,
            attributes: toJson(role.attributes),
          })
          .execute(),
    );
  }

  async findById(realmId: string, id: string): Promise<RoleRecord | undefined> {
    const row = await this.db.selectFrom('roles').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findRealmRole(realmId: string, name: string): Promise<RoleRecord | undefined> {
    const row = await this.db.selectFrom('roles').selectAll().where('container_id', '=', realmId).where('name', '=', name).executeTakeFirst();
    return row && toRecord(row);
  }

  async findClientRole(realmId: string, clientId: string, name: string): Promise<RoleRecord | undefined> {
    const row = await this.db
      .selectFrom('roles')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('container_id', '=', clientId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async listRealmRoles(realmId: string): Promise<RoleRecord[]> {
    const rows = await this.db.selectFrom('roles').selectAll().where('container_id', '=', realmId).orderBy('name').execute();
    return rows.map(toRecord);
  }

  async listClientRoles(realmId: string, clientId: string): Promise<RoleRecord[]> {
    const rows = await this.db
      .selectFrom('roles')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('container_id', '=', clientId)
      .orderBy('name')
      .execute();
    return rows.map(toRecord);
  }

  async update(role: RoleRecord): Promise<void> {
    await conflictAs(
      () => `Role with name ${role.name} already exists`,
      () =>
        this.db
          .updateTable('roles')
          .set({ name: role.name, description: role.description, attributes: toJson(role.attributes) })
          .where('realm_id', '=', role.realmId)
          .where('id', '=', role.id)
          .execute(),
    );
  }

  async delete(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('roles').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }

  async addComposites(parentId: string, childIds: string[]): Promise<void> {
    if (childIds.length === 0) return;
    await this.db
      .insertInto('role_composites')
      .values(childIds.map((child_id) => ({ parent_id: parentId, child_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async removeComposites(parentId: string, childIds: string[]): Promise<void> {
    if (childIds.length === 0) return;
    await this.db.deleteFrom('role_composites').where('parent_id', '=', parentId).where('child_id', 'in', childIds).execute();
  }

  async listComposites(parentId: string): Promise<RoleRecord[]> {
    const rows = await this.db
      .selectFrom('role_composites as c')
      .innerJoin('roles', 'roles.id', 'c.child_id')
      .selectAll('roles')
      .where('c.parent_id', '=', parentId)
      .orderBy('roles.name')
      .execute();
    return rows.map(toRecord);
  }

  async listEffectiveUserRoles(userId: string): Promise<RoleRecord[]> {
    // One statement instead of one per group ancestor and per composite: UNION (not UNION ALL)
    // drops rows already seen, so a cycle of composites or groups ends the recursion.
    const { rows } = await sql<Row>`
      with recursive
        member_of(id, parent_id) as (
          select g.id, g.parent_id from user_group_memberships m join groups g on g.id = m.group_id where m.user_id = ${userId}
          union
          select g.id, g.parent_id from groups g join member_of on g.id = member_of.parent_id
        ),
        granted(id) as (
          select role_id from user_role_mappings where user_id = ${userId}
          union
          select r.role_id from group_role_mappings r join member_of on r.group_id = member_of.id
          union
          select c.child_id from role_composites c join granted on c.parent_id = granted.id
        )
      select roles.* from roles where roles.id in (select id from granted) order by roles.name`.execute(this.db);
    return rows.map(toRecord);
  }

  async grantToUser(userId: string, roleIds: string[]): Promise<void> {
    if (roleIds.length === 0) return;
    await this.db
      .insertInto('user_role_mappings')
      .values(roleIds.map((role_id) => ({ user_id: userId, role_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async revokeFromUser(userId: string, roleIds: string[]): Promise<void> {
    if (roleIds.length === 0) return;
    await this.db.deleteFrom('user_role_mappings').where('user_id', '=', userId).where('role_id', 'in', roleIds).execute();
  }

  async listUserRoles(userId: string): Promise<RoleRecord[]> {
    const rows = await this.db
      .selectFrom('user_role_mappings as m')
      .innerJoin('roles', 'roles.id', 'm.role_id')
      .selectAll('roles')
      .where('m.user_id', '=', userId)
      .orderBy('roles.name')
      .execute();
    return rows.map(toRecord);
  }

  async listUsersInRole(realmId: string, roleId: string, first?: number, max?: number): Promise<UserRecord[]> {
    const { offset, limit } = paging(first, max);
    const rows = await this.db
      .selectFrom('user_role_mappings as m')
      .innerJoin('users', 'users.id', 'm.user_id')
      .selectAll('users')
      .where('users.realm_id', '=', realmId)
      .where('m.role_id', '=', roleId)
      .orderBy('users.username')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toUserRecord);
  }

  async grantToGroup(groupId: string, roleIds: string[]): Promise<void> {
    if (roleIds.length === 0) return;
    await this.db
      .insertInto('group_role_mappings')
      .values(roleIds.map((role_id) => ({ group_id: groupId, role_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async revokeFromGroup(groupId: string, roleIds: string[]): Promise<void> {
    if (roleIds.length === 0) return;
    await this.db.deleteFrom('group_role_mappings').where('group_id', '=', groupId).where('role_id', 'in', roleIds).execute();
  }

  async listGroupRoles(groupId: string): Promise<RoleRecord[]> {
    const rows = await this.db
      .selectFrom('group_role_mappings as m')
      .innerJoin('roles', 'roles.id', 'm.role_id')
      .selectAll('roles')
      .where('m.group_id', '=', groupId)
      .orderBy('roles.name')
      .execute();
    return rows.map(toRecord);
  }

  async listGroupIdsInRole(roleId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('group_role_mappings').select('group_id').where('role_id', '=', roleId).execute();
    return rows.map((r) => r.group_id);
  }
}

/** A roles row as a RoleRecord (for stores that join roles). */
export const toRoleRecord = toRecord;
