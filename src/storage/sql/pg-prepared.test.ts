import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { withPreparedStatements } from './pg-prepared.ts';

// A PostgreSQL-only module: tested on PostgreSQL in both test runs (CI starts it for both).
const adminUrl = process.env.GATEHOUSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `gh_test_prep_${randomBytes(6).toString('hex')}`;
let pool: pg.Pool;

function databaseUrl(): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

before(async () => {
  await admin(`create database ${name}`);
  pool = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
  await pool.query('create table t (id int primary key, label text)');
  await pool.query(`insert into t values (1, 'one'), (2, 'two')`);
});

after(async () => {
  await pool.end();
  // Connections released with `release(true)` close on their own, a moment later. Dropping the
  // database under one of them (`with (force)`) would terminate it, and node-postgres would throw
  // that error from a client nobody listens to any more.
  for (let i = 0; i < 50 && (await connectionsTo(name)) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await admin(`drop database if exists ${name} with (force)`);
});

async function connectionsTo(database: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [database]);
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

test('a recurring query is prepared once per connection and then reused', async () => {
  const prepared = withPreparedStatements(pool);
  const client = await prepared.connect();
  try {
    const first = await client.query<{ label: string }>('select label from t where id = $1', [1]);
    const second = await client.query<{ label: string }>('select label from t where id = $1', [2]);
    assert.deepEqual([first.rows[0]?.label, second.rows[0]?.label], ['one', 'two']);
    const statements = await client.query<{ statement: string }>('select statement from pg_prepared_statements where statement like $1', ['%from t where%']);
    assert.deepEqual(statements.rows.map((r) => r.statement), ['select label from t where id = $1']);
  } finally {
    client.release();
  }
});

test('texts beyond the capacity, and statements that cannot be prepared, run unnamed', async () => {
  const prepared = withPreparedStatements(pool, 1);
  const client = await prepared.connect();
  try {
    await client.query('deallocate all', []);
    await client.query('select 1 as a', []);
    await client.query('select 2 as b', []);
    await client.query('set local statement_timeout = 1000', []);
    const statements = await client.query<{ statement: string }>('select statement from pg_prepared_statements', []);
    // Capacity 1: the first text seen is named; the second, the `set` and this catalogue query run unnamed.
    assert.deepEqual(statements.rows.map((r) => r.statement), ['select 1 as a']);
  } finally {
    // node-postgres remembers what it prepared: this connection must not be reused after `deallocate all`.
    client.release(true);
  }
});

test('a prepared select * survives a schema change made elsewhere: it is retried unnamed', async () => {
  const prepared = withPreparedStatements(pool);
  const client = await prepared.connect();
  try {
    await client.query('select * from t where id = $1', [1]);
    // Another connection changes the table, as another node's migration would.
    const migrating = new pg.Client({ connectionString: databaseUrl() });
    await migrating.connect();
    await migrating.query(`alter table t add column extra text default 'x'`);
    await migrating.end();
    const row = (await client.query<{ id: number; extra: string }>('select * from t where id = $1', [1])).rows[0];
    assert.deepEqual(row, { id: 1, label: 'one', extra: 'x' });
  } finally {
    client.release(true);
  }
});
