import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** Statements PostgreSQL can prepare; anything else (DDL, `begin`, `set`) runs unnamed. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/** "cached plan must not change result type": a prepared `select *` outlived a schema change. */
const STALE_PLAN = '0A000';

/**
 * PostgreSQL parses and plans every unnamed statement anew, and Kysely sends every query
 * unnamed: with a few dozen primary-key lookups per sign-in, parsing and planning were most of
 * the database's CPU on the cores it shares with the server. Here each recurring SQL text gets a
 * name, so every connection parses it once and reuses the statement (node-postgres keeps track
 * of which connection has prepared which name).
 *
 * At most `capacity` distinct texts are named, the first ones seen: texts that vary without end
 * (an `in` list of every length) then run unnamed instead of filling every connection's memory.
 * A named statement that a schema change has made stale (another node migrating) fails once
 * with 0A000; its text is then run unnamed from then on, and the query is retried.
 */
export function withPreparedStatements(pool: pg.Pool, capacity = 500): PostgresPool {
  const names = new Map<string, string | null>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined) return known ?? undefined;
    if (names.size >= capacity || !PREPARABLE.test(text)) return undefined;
    const name = `gh_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
    return name;
  };
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    async function run<R>(text: string, values: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
      const name = nameOf(text);
      try {
        return (await client.query({ text, values: [...values], ...(name ? { name } : {}) })) as unknown as PostgresQueryResult<R>;
      } catch (error) {
        if (name === undefined || (error as { code?: string }).code !== STALE_PLAN) throw error;
        names.set(text, null);
        return (await client.query({ text, values: [...values] })) as unknown as PostgresQueryResult<R>;
      }
    }
    function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
    function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
    function query<R>(textOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
      if (typeof textOrCursor === 'string') return run<R>(textOrCursor, parameters ?? []);
      return client.query(textOrCursor as never) as unknown as PostgresCursor<R>;
    }
    return { query, release: (destroy?: boolean) => client.release(destroy) };
  };

  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = wrap(client);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}
