import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Calls made in the same turn of the event loop, answered together.
 *
 * Under load, much of a statement's cost does not depend on its rows. On PostgreSQL each is a
 * round trip over the socket, a write on the JavaScript thread and an executor start in the
 * database; on SQLite each takes its turn through the one connection's queue, a few promise
 * hops and a query build. A token request looks up its refresh token, grant and user by key and
 * stores its access token; sixty-four such requests in flight make as many statements of each
 * kind. Batched, the calls of one turn (every request whose bytes arrived in it) go to the
 * database as one statement over all their keys, and each caller gets its own answer. A lone
 * call waits for no one: its batch is flushed at the end of the same turn (`setImmediate`).
 *
 * Only for reads and writes outside a transaction: a transaction's statements must stay on its
 * own connection, in its order.
 */
export function batchPerTick<A, R>(answer: (calls: readonly A[]) => Promise<R[]>, maxBatch = 200): (call: A) => Promise<R> {
  type Pending = { call: A; resolve: (result: R) => void; reject: (error: unknown) => void };
  let queue: Pending[] = [];
  const settle = (part: Pending[]) => {
    answer(part.map((p) => p.call)).then(
      (results) => part.forEach((p, i) => p.resolve(results[i]!)),
      (error: unknown) => {
        if (part.length === 1) part[0]!.reject(error);
        // One call the database refuses (a record of a realm deleted meanwhile) must not fail
        // the others that happened to share its turn: each is answered alone.
        else for (const p of part) settle([p]);
      },
    );
  };
  const flush = () => {
    const batch = queue;
    queue = [];
    for (let start = 0; start < batch.length; start += maxBatch) settle(batch.slice(start, start + maxBatch));
  };
  return (call) =>
    new Promise<R>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ call, resolve, reject });
    });
}

/** How a repository batches: for which database, or (in a transaction) not at all. */
export interface BatchOptions {
  batchPerTick?: 'sqlite' | 'postgres';
}

/**
 * The rows of `table` whose key columns equal a key, for keys asked for in the same turn, in one
 * statement whose text (and so its prepared form) is the same for any number of keys. PostgreSQL
 * joins the table to the keys as arrays (`unnest`); SQLite to a JSON array of them (`json_each`),
 * looking each key up by the table's index as a lone query would. Rows come in `orderBy` order
 * within each key.
 */
export function batchedRowsByKey<Row extends Record<string, unknown>>(
  db: Kysely<Database>,
  table: keyof Database,
  keyColumns: readonly string[],
  orderBy: readonly string[],
  dialect: 'sqlite' | 'postgres',
): (key: readonly string[]) => Promise<Row[]> {
  const groupKey = (values: readonly unknown[]) => values.join('\u0000');
  return batchPerTick(async (keys) => {
    const distinct = [...new Map(keys.map((k) => [groupKey(k), k])).values()];
    const order = orderBy.length === 0 ? sql`` : sql`order by ${sql.join(orderBy.map((column) => sql`t.${sql.ref(column)}`))}`;
    let statement;
    if (dialect === 'sqlite') {
      const on = keyColumns.map((column, i) => sql`t.${sql.ref(column)} = k.value ->> ${sql.raw(String(i))}`);
      statement = sql<Row>`select t.* from json_each(${JSON.stringify(distinct)}) k
        join ${sql.table(table)} t on ${sql.join(on, sql` and `)} ${order}`;
    } else {
      const arrays = keyColumns.map((_, i) => sql`${distinct.map((k) => k[i])}::text[]`);
      const names = keyColumns.map((_, i) => sql.raw(`k${i}`));
      const on = keyColumns.map((column, i) => sql`t.${sql.ref(column)} = k.${names[i]}`);
      statement = sql<Row>`select t.* from ${sql.table(table)} t
        join unnest(${sql.join(arrays)}) as k(${sql.join(names)}) on ${sql.join(on, sql` and `)} ${order}`;
    }
    const { rows } = await statement.execute(db);
    const byKey = new Map<string, Row[]>();
    for (const row of rows) {
      const key = groupKey(keyColumns.map((column) => row[column]));
      const group = byKey.get(key);
      if (group) group.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((k) => byKey.get(groupKey(k)) ?? []);
  });
}
