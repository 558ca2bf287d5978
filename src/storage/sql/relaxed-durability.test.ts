import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openSqlStore, type SqlStore } from './sql-store.ts';
import { withRelaxedDurability } from './relaxed-durability.ts';
import { durabilityOf, type WalDurability } from './wal-durability.ts';

/** Counts the fsyncs of the store's write-ahead log. */
function countSyncs(durability: WalDurability): { count: () => number } {
  let syncs = 0;
  const target = durability as unknown as { syncOnce: () => Promise<void> };
  const original = target.syncOnce.bind(durability);
  target.syncOnce = async () => {
    syncs++;
    await original();
  };
  return { count: () => syncs };
}

async function withStore(test: (store: SqlStore, syncs: { count: () => number }) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-durability-'));
  const { store } = await openSqlStore({ kind: 'sqlite', file: join(dir, 'g.db') });
  try {
    await sql`create table t (id integer primary key, v text)`.execute(store.db);
    await test(store, countSyncs(durabilityOf(store.db)!));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SQLite durability', () => {
  it('runs the connection at synchronous = NORMAL: commits never fsync on the event loop', async () => {
    await withStore(async (store) => {
      assert.equal((await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db)).rows[0]?.synchronous, 1);
    });
  });

  it('a write outside a transaction resolves after an fsync of the log; a read does not wait for one', async () => {
    await withStore(async (store, syncs) => {
      await sql`insert into t (v) values ('a')`.execute(store.db);
      assert.equal(syncs.count(), 1);
      await sql`select * from t`.execute(store.db);
      assert.equal(syncs.count(), 1);
    });
  });

  it('a transaction is synced once after its commit, and not at all when it wrote nothing', async () => {
    await withStore(async (store, syncs) => {
      await store.transaction(async (tx) => {
        const db = (tx as unknown as { db: typeof store.db }).db;
        await sql`insert into t (v) values ('a')`.execute(db);
        await sql`insert into t (v) values ('b')`.execute(db);
        assert.equal(syncs.count(), 0, 'nothing synced before the commit');
      });
      assert.equal(syncs.count(), 1);
      await store.transaction(async (tx) => void (await tx.realms.list()));
      assert.equal(syncs.count(), 1);
    });
  });

  it('relaxed writes do not wait for the disk; the next durable write syncs them with its own', async () => {
    await withStore(async (store, syncs) => {
      await withRelaxedDurability(store.db, 'sqlite', (db) => sql`insert into t (v) values ('relaxed')`.execute(db));
      await withRelaxedDurability(store.db, 'sqlite', (db) => sql`update t set v = 'still relaxed'`.execute(db));
      assert.equal(syncs.count(), 0);
      await assert.rejects(withRelaxedDurability(store.db, 'sqlite', () => Promise.reject(new Error('write failed'))), /write failed/);
      await sql`insert into t (v) values ('durable')`.execute(store.db);
      assert.equal(syncs.count(), 1, 'durable again after a failed relaxed write');
    });
  });

  it('writers waiting at the same time share fsyncs', async () => {
    await withStore(async (store, syncs) => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.transaction(async (tx) => {
        await sql`insert into t (v) values (${`row ${i}`})`.execute((tx as unknown as { db: typeof store.db }).db);
      })));
      assert.equal((await sql<{ n: number }>`select count(*) as n from t`.execute(store.db)).rows[0]?.n, 20);
      assert.ok(syncs.count() < 20, `20 transactions, ${syncs.count()} fsyncs`);
    });
  });

  it('an in-memory database, which has no write-ahead log, commits with full synchronous writes instead', async () => {
    const { store } = await openSqlStore({ kind: 'sqlite', file: ':memory:' });
    try {
      assert.equal(durabilityOf(store.db), undefined);
      await sql`create table t (v text)`.execute(store.db);
      await withRelaxedDurability(store.db, 'sqlite', (db) => sql`insert into t values ('relaxed')`.execute(db));
      await store.transaction(async (tx) => void (await sql`insert into t values ('durable')`.execute((tx as unknown as { db: typeof store.db }).db)));
      assert.equal((await sql<{ n: number }>`select count(*) as n from t`.execute(store.db)).rows[0]?.n, 2);
    } finally {
      await store.close();
    }
  });
});
