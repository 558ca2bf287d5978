import type { Kysely, Selectable } from 'kysely';
import type { GroupRecord, GroupStore, UserRecord } from '../ports.ts';
import { conflictAs, fromJson, paging, toJson } from './codec.ts';
import type { Database } from './schema.ts';
import { toUserRecord } from './user-store.ts';

const TOP_LEVEL = '';

const toRecord = (row: Selectable<Database['groups']>): GroupRecord => ({
  id: row.id,
  realmId: row.realm_id,
  parentId: row.parent_id === TOP_LEVEL ? null : row.parent_id,
  name: row.name,
  description: row.description,
  attributes: fromJson(row.attributes),
});

const siblingExists = (group: GroupRecord) => () =>
  group.parentId === null ? `Top level group named '${group.name}' already exists.` : `Sibling group named '${group.name}' already exists.`;

export class SqlGroupStore implements GroupStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(group: GroupRecord): Promise<void> {
    await conflictAs(siblingExists(group), () =>
      this.db
        .insertInto('groups')
        .values({
          id: group.id,
          realm_id: group.realmId,
          parent_id: group.parentId ?? TOP_LEVEL,
          name: group.name,
          description: group.description,
          attributes: toJson(group.attributes),
        })
        .execute(),
    );
  }

  async findById(realmId: string, id: string): Promise<GroupRecord | undefined> {
    const row = await this.db.selectFrom('groups').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async listChildren(realmId: string, parentId: string | null): Promise<GroupRecord[]> {
    const rows = await this.db
      .selectFrom('groups')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('parent_id', '=', parentId ?? TOP_LEVEL)
      .orderBy('name')
      .execute();
    return rows.map(toRecord);
  }

  async listAll(realmId: string): Promise<GroupRecord[]> {
    const rows = await this.db.selectFrom('groups').selectAll().where('realm_id', '=', realmId).orderBy('name').execute();
    return rows.map(toRecord);
  }

  async update(group: GroupRecord): Promise<void> {
    await conflictAs(siblingExists(group), () =>
      this.db
        .updateTable('groups')
        .set({ parent_id: group.parentId ?? TOP_LEVEL, name: group.name, description: group.description, attributes: toJson(group.attributes) })
        .where('realm_id', '=', group.realmId)
        .where('id', '=', group.id)
        .execute(),
    );
  }

  async delete(realmId: string, id: string): Promise<void> {
    // The tree is kept by parent id without a foreign key (top-level groups point at ''),
    // so the subtree is collected here, deepest last, and removed in one statement.
    const all = await this.db.selectFrom('groups').select(['id', 'parent_id']).where('realm_id', '=', realmId).execute();
    const doomed = new Set([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const g of all) {
        if (doomed.has(g.parent_id) && !doomed.has(g.id)) {
          doomed.add(g.id);
          grew = true;
        }
      }
    }
    await this.db.deleteFrom('groups').where('realm_id', '=', realmId).where('id', 'in', [...doomed]).execute();
  }

  async addMember(groupId: string, userId: string): Promise<void> {
    await this.db
      .insertInto('user_group_memberships')
      .values({ user_id: userId, group_id: groupId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('user_group_memberships').where('group_id', '=', groupId).where('user_id', '=', userId).execute();
  }

  async listMembers(groupId: string, first?: number, max?: number): Promise<UserRecord[]> {
    const { offset, limit } = paging(first, max);
    const rows = await this.db
      .selectFrom('user_group_memberships as m')
      .innerJoin('users', 'users.id', 'm.user_id')
      .selectAll('users')
      .where('m.group_id', '=', groupId)
      .orderBy('users.username')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toUserRecord);
  }

  async listUserGroups(userId: string): Promise<GroupRecord[]> {
    const rows = await this.db
      .selectFrom('user_group_memberships as m')
      .innerJoin('groups', 'groups.id', 'm.group_id')
      .selectAll('groups')
      .where('m.user_id', '=', userId)
      .orderBy('groups.name')
      .execute();
    return rows.map(toRecord);
  }

  async listDefaultGroups(realmId: string): Promise<GroupRecord[]> {
    const rows = await this.db
      .selectFrom('realm_default_groups as d')
      .innerJoin('groups', 'groups.id', 'd.group_id')
      .selectAll('groups')
      .where('d.realm_id', '=', realmId)
      .orderBy('groups.name')
      .execute();
    return rows.map(toRecord);
  }

  async addDefaultGroup(realmId: string, groupId: string): Promise<void> {
    await this.db
      .insertInto('realm_default_groups')
      .values({ realm_id: realmId, group_id: groupId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async removeDefaultGroup(realmId: string, groupId: string): Promise<void> {
    await this.db.deleteFrom('realm_default_groups').where('realm_id', '=', realmId).where('group_id', '=', groupId).execute();
  }
}
