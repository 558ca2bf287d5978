import { sql, type Kysely, type SelectQueryBuilder, type Selectable } from 'kysely';
import { newId } from '../../kernel/ids.ts';
import type { Attributes, BulkUser, NewUser, UserRecord, UserSearch, UserStore } from '../ports.ts';
import { conflictAs, paging, toBool, toInt, violatedConstraint } from './codec.ts';
import type { Database } from './schema.ts';
import { batchedRowsByKey, type BatchOptions } from './tick-batch.ts';

type Row = Selectable<Database['users']>;

export const toUserRecord = (row: Row): UserRecord => ({
  id: row.id,
  realmId: row.realm_id,
  username: row.username,
  email: row.email,
  emailVerified: toBool(row.email_verified),
  firstName: row.first_name,
  lastName: row.last_name,
  enabled: toBool(row.enabled),
  createdTimestamp: Number(row.created_timestamp),
  serviceAccountClientLink: row.service_account_client_link,
  notBefore: Number(row.not_before),
});

/** Which field a unique violation on the users table is about. */
const takenField = (error: unknown): string => (violatedConstraint(error).includes('email') ? 'email' : 'username');

/** Escapes LIKE wildcards in user input; the pattern uses `\` as its escape character. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

type UserQuery = SelectQueryBuilder<Database, 'users', object>;

/**
 * Keycloak's search semantics: `"x"` exact, `*x*` infix (a `*` anywhere is a wildcard),
 * otherwise a prefix, over username, email, first and last name, case-insensitively.
 */
function applySearch(query: UserQuery, search: string): UserQuery {
  const term = search.trim().toLowerCase();
  let pattern: string;
  if (term.length >= 2 && term.startsWith('"') && term.endsWith('"')) pattern = escapeLike(term.slice(1, -1));
  else if (term.includes('*')) pattern = term.split('*').map(escapeLike).join('%');
  else pattern = `${escapeLike(term)}%`;
  return query.where((eb) =>
    eb.or([
      eb(sql`username`, 'like', sql`${pattern} escape '\\'`),
      eb(sql`email`, 'like', sql`${pattern} escape '\\'`),
      eb(sql`lower(first_name)`, 'like', sql`${pattern} escape '\\'`),
      eb(sql`lower(last_name)`, 'like', sql`${pattern} escape '\\'`),
    ]),
  );
}

function applyFilters(query: UserQuery, q: UserSearch): UserQuery {
  if (!q.includeServiceAccounts) query = query.where('service_account_client_link', 'is', null);
  if (q.search !== undefined && q.search !== '' && q.search !== '*') return applySearch(query, q.search);
  const fields = [
    ['username', q.username],
    ['email', q.email],
    ['first_name', q.firstName],
    ['last_name', q.lastName],
  ] as const;
  for (const [column, value] of fields) {
    if (value === undefined) continue;
    const lowered = value.toLowerCase();
    query = q.exact
      ? query.where(sql`lower(${sql.ref(column)})`, '=', lowered)
      : query.where(sql`lower(${sql.ref(column)})`, 'like', sql`${`%${escapeLike(lowered)}%`} escape '\\'`);
  }
  if (q.enabled !== undefined) query = query.where('enabled', '=', toInt(q.enabled));
  if (q.emailVerified !== undefined) query = query.where('email_verified', '=', toInt(q.emailVerified));
  for (const [name, value] of Object.entries(q.attributes ?? {})) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('user_attributes as a')
          .select('a.id')
          .whereRef('a.user_id', '=', 'users.id')
          .where('a.name', '=', name)
          .where('a.value', '=', value),
      ),
    );
  }
  return query;
}

/** The record of the first of a batched lookup's rows: a record of its own for each caller. */
const firstUser = (rows: Row[]): UserRecord | undefined => (rows[0] ? toUserRecord(rows[0]) : undefined);

export class SqlUserStore implements UserStore {
  /** Set outside transactions: lookups by key of one event-loop turn share a statement (see tick-batch.ts). */
  private readonly batched?: {
    byId: (key: readonly string[]) => Promise<Row[]>;
    byUsername: (key: readonly string[]) => Promise<Row[]>;
    byServiceAccountClient: (key: readonly string[]) => Promise<Row[]>;
    attributes: (key: readonly string[]) => Promise<Selectable<Database['user_attributes']>[]>;
    requiredActions: (key: readonly string[]) => Promise<Selectable<Database['user_required_actions']>[]>;
  };

  constructor(
    private readonly db: Kysely<Database>,
    options: BatchOptions = {},
  ) {
    if (!options.batchPerTick) return;
    this.batched = {
      byId: batchedRowsByKey(db, 'users', ['realm_id', 'id'], [], options.batchPerTick),
      byUsername: batchedRowsByKey(db, 'users', ['realm_id', 'username'], [], options.batchPerTick),
      byServiceAccountClient: batchedRowsByKey(db, 'users', ['realm_id', 'service_account_client_link'], [], options.batchPerTick),
      attributes: batchedRowsByKey(db, 'user_attributes', ['user_id'], ['name', 'position'], options.batchPerTick),
      requiredActions: batchedRowsByKey(db, 'user_required_actions', ['user_id'], ['action'], options.batchPerTick),
    };
  }

  async create(user: NewUser): Promise<UserRecord> {
    const record: UserRecord = {
      id: user.id,
      realmId: user.realmId,
      username: user.username.toLowerCase(),
      email: user.email ? user.email.toLowerCase() : null,
      emailVerified: user.emailVerified,
      firstName: user.firstName,
      lastName: user.lastName,
      enabled: user.enabled,
      createdTimestamp: user.createdTimestamp ?? Date.now(),
      serviceAccountClientLink: user.serviceAccountClientLink,
      notBefore: 0,
    };
    await conflictAs(takenField, () =>
      this.db.insertInto('users').values(this.toRow(record, user.emailUnique)).execute(),
    );
    return record;
  }

  private toRow(user: UserRecord, emailUnique: boolean): Row {
    return {
      id: user.id,
      realm_id: user.realmId,
      username: user.username.toLowerCase(),
      email: user.email ? user.email.toLowerCase() : null,
      email_constraint: emailUnique && user.email ? user.email.toLowerCase() : null,
      email_verified: toInt(user.emailVerified),
      first_name: user.firstName,
      last_name: user.lastName,
      enabled: toInt(user.enabled),
      created_timestamp: user.createdTimestamp,
      service_account_client_link: user.serviceAccountClientLink,
      not_before: user.notBefore,
    };
  }

  async findById(realmId: string, id: string): Promise<UserRecord | undefined> {
    if (this.batched) return firstUser(await this.batched.byId([realmId, id]));
    const row = await this.db.selectFrom('users').selectAll().where('realm_id', '=', realmId).where('id', '=', id).executeTakeFirst();
    return row && toUserRecord(row);
  }

  async findByUsername(realmId: string, username: string): Promise<UserRecord | undefined> {
    if (this.batched) return firstUser(await this.batched.byUsername([realmId, username.toLowerCase()]));
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst();
    return row && toUserRecord(row);
  }

  async findByEmail(realmId: string, email: string): Promise<UserRecord[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('email', '=', email.toLowerCase())
      .orderBy('created_timestamp')
      .execute();
    return rows.map(toUserRecord);
  }

  async findByServiceAccountClient(realmId: string, clientId: string): Promise<UserRecord | undefined> {
    if (this.batched) return firstUser(await this.batched.byServiceAccountClient([realmId, clientId]));
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('service_account_client_link', '=', clientId)
      .executeTakeFirst();
    return row && toUserRecord(row);
  }

  async search(realmId: string, q: UserSearch): Promise<UserRecord[]> {
    const { offset, limit } = paging(q.first, q.max);
    const rows = await applyFilters(this.db.selectFrom('users').where('realm_id', '=', realmId), q)
      .selectAll()
      .orderBy('username')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toUserRecord);
  }

  async count(realmId: string, q: UserSearch): Promise<number> {
    const row = await applyFilters(this.db.selectFrom('users').where('realm_id', '=', realmId), q)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async update(user: UserRecord, options: { emailUnique: boolean }): Promise<void> {
    const { id, realm_id, ...changes } = this.toRow(user, options.emailUnique);
    await conflictAs(takenField, () =>
      this.db.updateTable('users').set(changes).where('realm_id', '=', realm_id).where('id', '=', id).execute(),
    );
  }

  async delete(realmId: string, id: string): Promise<void> {
    await this.db.deleteFrom('users').where('realm_id', '=', realmId).where('id', '=', id).execute();
  }

  async getAttributes(userId: string): Promise<Attributes> {
    const rows = this.batched
      ? await this.batched.attributes([userId])
      : await this.db.selectFrom('user_attributes').select(['name', 'value']).where('user_id', '=', userId).orderBy('name').orderBy('position').execute();
    const attributes: Attributes = {};
    for (const row of rows) (attributes[row.name] ??= []).push(row.value);
    return attributes;
  }

  async setAttributes(realmId: string, userId: string, attributes: Attributes): Promise<void> {
    await this.db.deleteFrom('user_attributes').where('user_id', '=', userId).execute();
    const rows = Object.entries(attributes).flatMap(([name, values]) =>
      values.map((value, position) => ({ id: newId(), realm_id: realmId, user_id: userId, name, value, position })),
    );
    if (rows.length > 0) await this.db.insertInto('user_attributes').values(rows).execute();
  }

  async createMany(realmId: string, users: BulkUser[]): Promise<void> {
    const rows = <T>(make: (u: BulkUser) => T[]): T[] => users.flatMap(make);
    const userRows = rows((u) => [this.toRow({ ...u.user, realmId, username: u.user.username, createdTimestamp: u.user.createdTimestamp ?? Date.now(), notBefore: u.notBefore }, u.user.emailUnique)]);
    for (const chunk of chunks(userRows)) await conflictAs(takenField, () => this.db.insertInto('users').values(chunk).execute());
    const attributeRows = rows((u) => Object.entries(u.attributes).flatMap(([name, values]) =>
      values.map((value, position) => ({ id: newId(), realm_id: realmId, user_id: u.user.id, name, value, position }))));
    for (const chunk of chunks(attributeRows)) await this.db.insertInto('user_attributes').values(chunk).execute();
    const actionRows = rows((u) => [...new Set(u.requiredActions)].map((action) => ({ user_id: u.user.id, action })));
    for (const chunk of chunks(actionRows)) await this.db.insertInto('user_required_actions').values(chunk).execute();
    const credentialRows = rows((u) => u.credentials.map((c) => ({
      id: c.id, realm_id: realmId, user_id: u.user.id, type: c.type, user_label: c.userLabel, secret_data: c.secretData,
      credential_data: c.credentialData, created_date: c.createdDate, priority: c.priority,
    })));
    for (const chunk of chunks(credentialRows)) await this.db.insertInto('credentials').values(chunk).execute();
    const roleRows = rows((u) => [...new Set(u.roleIds)].map((role_id) => ({ user_id: u.user.id, role_id })));
    for (const chunk of chunks(roleRows)) await this.db.insertInto('user_role_mappings').values(chunk).execute();
    const groupRows = rows((u) => [...new Set(u.groupIds)].map((group_id) => ({ user_id: u.user.id, group_id })));
    for (const chunk of chunks(groupRows)) await this.db.insertInto('user_group_memberships').values(chunk).execute();
    const extraRows = rows((u) => (Object.keys(u.extras).length > 0 ? [{ realm_id: realmId, owner_type: 'user', owner_id: u.user.id, data: JSON.stringify(u.extras) }] : []));
    for (const chunk of chunks(extraRows)) await this.db.insertInto('representation_extras').values(chunk).execute();
  }

  async getRequiredActions(userId: string): Promise<string[]> {
    const rows = this.batched ? await this.batched.requiredActions([userId]) : await this.db.selectFrom('user_required_actions').select('action').where('user_id', '=', userId).orderBy('action').execute();
    return rows.map((r) => r.action);
  }

  async addRequiredAction(userId: string, action: string): Promise<void> {
    await this.db
      .insertInto('user_required_actions')
      .values({ user_id: userId, action })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async removeRequiredAction(userId: string, action: string): Promise<void> {
    await this.db.deleteFrom('user_required_actions').where('user_id', '=', userId).where('action', '=', action).execute();
  }
}

/** Rows per insert statement: well under both dialects' limits on bound parameters (SQLite 32,766; PostgreSQL 65,535). */
const CHUNK_ROWS = 500;

function chunks<T>(rows: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) result.push(rows.slice(i, i + CHUNK_ROWS));
  return result;
}
