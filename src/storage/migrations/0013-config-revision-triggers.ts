import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../sql/dialect-of.ts';

/** The tables of a realm's authentication configuration, each with its realm_id column. */
const CONFIG_TABLES = ['authentication_flows', 'authentication_executions', 'authenticator_configs', 'required_action_providers', 'components', 'registration_hooks'];

/**
 * Every write to a realm's authentication configuration raises the realm's revision, whoever
 * makes it (the Admin API, an import, another node or another version of Gatehouse): each node
 * keeps that configuration in memory and compares the revision at most once a second
 * (RealmConfigCache), as it does for the realm's OIDC engine.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`
      create function gatehouse_raise_realm_revision() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          update realms set revision = revision + 1 where id = old.realm_id;
        else
          update realms set revision = revision + 1 where id = new.realm_id;
        end if;
        return null;
      end $$`.execute(db);
    for (const table of CONFIG_TABLES) {
      await sql`create trigger ${sql.raw(`${table}_raise_realm_revision`)} after insert or update or delete on ${sql.table(table)}
        for each row execute function gatehouse_raise_realm_revision()`.execute(db);
    }
    return;
  }
  for (const table of CONFIG_TABLES) {
    for (const [operation, row] of [['insert', 'new'], ['update', 'new'], ['delete', 'old']] as const) {
      await sql`create trigger ${sql.raw(`${table}_${operation}_raises_realm_revision`)} after ${sql.raw(operation)} on ${sql.table(table)}
        begin update realms set revision = revision + 1 where id = ${sql.raw(row)}.realm_id; end`.execute(db);
    }
  }
}
