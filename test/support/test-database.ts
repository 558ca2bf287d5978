import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseOptions } from '../../src/storage/sql/sql-store.ts';

/**
 * The database the test run uses: `GATEHOUSE_TEST_DB=postgres` runs every test against the
 * PostgreSQL server at `GATEHOUSE_TEST_PG_URL` (default: the machine's local one), anything
 * else against SQLite files. CI runs the whole suite once with each. A missing PostgreSQL
 * server fails the tests; it never skips them.
 */
export const testDatabaseKind: 'sqlite' | 'postgres' = process.env.GATEHOUSE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

const adminUrl = process.env.GATEHOUSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  options: DatabaseOptions;
  /** For starting a server process on this database: the `--db …` flags. */
  flags: string[];
  drop(): Promise<void>;
}

/** A fresh, empty database of the configured kind; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
    const file = join(dir, 'gatehouse.db');
    return {
      options: { kind: 'sqlite', file },
      flags: ['--db', 'sqlite', '--data-dir', dir],
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `gh_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  return {
    options: { kind: 'postgres', connectionString, poolMax: 8 },
    flags: ['--db', 'postgres', '--db-url', connectionString],
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${adminUrl} (GATEHOUSE_TEST_DB=postgres): ${(error as Error).message}`);
  }
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
