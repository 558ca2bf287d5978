import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { withStatementCache } from './sqlite-dialect.ts';

describe('the SQLite statement cache', () => {
  it('compiles a statement once, keeps the most recently used, and follows schema changes', () => {
    const raw = new BetterSqlite3(':memory:');
    let compiled = 0;
    const counting = { prepare: (sql: string) => (compiled++, raw.prepare(sql)), close: () => raw.close() };
    const db = withStatementCache(counting, 2);
    db.prepare('create table t (a integer)').run([]);
    const insert = 'insert into t (a) values (?)';
    for (let i = 0; i < 5; i++) db.prepare(insert).run([i]);
    assert.equal(compiled, 2, 'the insert was compiled once for five runs');
    assert.deepEqual(db.prepare('select count(*) as n from t').all([]), [{ n: 5 }]);
    db.prepare(insert).run([5]);
    db.prepare('alter table t add column b text').run([]);
    assert.equal(compiled, 4, 'the recently used insert stayed while other statements came and went');
    db.prepare('select a from t where a = ?').all([1]);
    db.prepare(insert).run([6]);
    assert.equal(compiled, 6, 'the insert had become the least recently used and was compiled again');
    assert.deepEqual(db.prepare('select count(*) as n, count(b) as nb from t').all([]), [{ n: 7, nb: 0 }]);
    db.close();
  });
});
