import type { Kysely } from 'kysely';

/**
 * A per-realm revision, raised by every change to what a realm's OIDC engine is built from
 * (the realm, its clients, client scopes, protocol mappers and keys): each node compares it
 * with the revision its cached engine was built at, so a change made on one node reaches the
 * others within the staleness-check interval.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('realms').addColumn('revision', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
}
