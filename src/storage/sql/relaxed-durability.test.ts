import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openSqlStore } from './sql-store.ts';
import { withRelaxedDurability } from './relaxed-durability.ts';

describe('writes with relaxed durability on SQLite', () => {
  it('commit the row, then put the connection back to full synchronous commits, also after a failed write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-relaxed-'));
    const { store } = await openSqlStore({ kind: 'sqlite', file: join(dir, 'g.db') });
    try {
      const synchronous = async () => (await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db)).rows[0]?.synchronous;
      const seen: number[] = [];
      await withRelaxedDurability(store.db, 'sqlite', async (db) => {
        seen.push((await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]!.synchronous);
      });
      assert.deepEqual(seen, [1], 'NORMAL (1) while the work runs');
      assert.equal(await synchronous(), 2, 'FULL (2) afterwards');
      await assert.rejects(withRelaxedDurability(store.db, 'sqlite', () => Promise.reject(new Error('write failed'))), /write failed/);
      assert.equal(await synchronous(), 2, 'FULL again after a failure');
      await store.transaction(async (tx) => {
        const inner = tx as unknown as { db: typeof store.db };
        await withRelaxedDurability(inner.db, 'sqlite', async () => undefined);
      });
      assert.equal(await synchronous(), 2);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
