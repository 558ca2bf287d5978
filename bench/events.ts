/**
 * Event queries at 1,000,000 events: fills one realm of a scratch database (each dialect)
 * with a million user events spread over 90 days, 10,000 users, 20 clients and Keycloak's
 * common types, then times the Admin API's filtered pages at the store (`store.events.query`,
 * 100 rows, newest first) and prints each query's plan (PostgreSQL `EXPLAIN`, SQLite
 * `EXPLAIN QUERY PLAN`), so that a missing index shows.
 *
 *   node --import tsx bench/events.ts             # both databases, prints a table and plans
 *   npm run bench -- --only events                # the same figures through the runner
 *
 * The fill takes minutes per database, so the runner measures this module only when `--only events` names it.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CompiledQuery, sql } from 'kysely';
import { newId, newTimeOrderedId } from '../src/kernel/ids.ts';
import type { EventQuery } from '../src/storage/ports.ts';
import { openSqlStore, type SqlStore } from '../src/storage/sql/sql-store.ts';
import { round, summarize, type BenchOptions, type Figure, type FigureModule } from './figure.ts';
import { assertPostgresReachable, scratchDatabase, type Database } from './server.ts';

const EVENTS = 1_000_000;
const USERS = 10_000;
const CLIENTS = 20;
const SPAN_MS = 90 * 86_400_000;
const BATCH = 1_000;
const CALLS = 200;
/** The type mix of a busy realm: mostly sign-ins and token exchanges. */
const TYPES: [string, number][] = [['LOGIN', 0.45], ['CODE_TO_TOKEN', 0.3], ['LOGIN_ERROR', 0.1], ['LOGOUT', 0.08], ['REGISTER', 0.05], ['UPDATE_PROFILE', 0.02]];

/** A deterministic pseudo-random sequence, so that both databases hold the same rows. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function pickType(r: number): string {
  let sum = 0;
  for (const [type, share] of TYPES) if (r < (sum += share)) return type;
  return TYPES[0]![0];
}

/** Writes the events as a realm accumulates them: oldest first, ids in time order. */
async function fill(store: SqlStore, realmId: string, now: number): Promise<void> {
  const next = random(42);
  const start = now - SPAN_MS;
  const step = SPAN_MS / EVENTS;
  // The fill is setup, not a measured figure: SQLite need not sync each batch to disk.
  if (store.dialect === 'sqlite') await sql`pragma synchronous = off`.execute(store.db);
  for (let done = 0; done < EVENTS; done += BATCH * 20) {
    await store.db.transaction().execute(async (trx) => {
      for (let b = 0; b < 20 && done + b * BATCH < EVENTS; b++) {
        const rows = Array.from({ length: BATCH }, (_, i) => {
          const type = pickType(next());
          const time = Math.floor(start + (done + b * BATCH + i) * step);
          return {
            id: newTimeOrderedId(time), realm_id: realmId, time, type,
            client_id: `client-${Math.floor(next() * CLIENTS)}`, user_id: `user-${Math.floor(next() * USERS)}`, session_id: null,
            ip_address: `10.0.${Math.floor(next() * 250)}.${Math.floor(next() * 250)}`, error: type === 'LOGIN_ERROR' ? 'invalid_user_credentials' : null,
            details: '{"auth_method":"openid-connect"}',
          };
        });
        await trx.insertInto('events').values(rows).execute();
      }
    });
  }
  await sql`analyze`.execute(store.db);
}

/** The filtered pages the Admin API serves most. */
function queries(now: number): [string, EventQuery][] {
  return [
    ['newest page', { max: 100 }],
    ['type=LOGIN_ERROR', { types: ['LOGIN_ERROR'], max: 100 }],
    ['user', { userId: 'user-4242', max: 100 }],
    ['client', { clientId: 'client-7', max: 100 }],
    ['type=LOGIN&REGISTER, one day', { types: ['LOGIN', 'REGISTER'], dateFrom: now - 7 * 86_400_000, dateTo: now - 6 * 86_400_000, max: 100 }],
    ['user, type=LOGIN_ERROR', { userId: 'user-4242', types: ['LOGIN_ERROR'], max: 100 }],
    ['page 11 (first=1000)', { first: 1000, max: 100 }],
  ];
}

/** The plan of the store's query, as the database will run it. */
async function plan(store: SqlStore, realmId: string, q: EventQuery): Promise<string> {
  let query = store.db.selectFrom('events').selectAll().where('realm_id', '=', realmId);
  if (q.types?.length) query = query.where('type', 'in', q.types);
  if (q.clientId !== undefined) query = query.where('client_id', '=', q.clientId);
  if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
  if (q.dateFrom !== undefined) query = query.where('time', '>=', q.dateFrom);
  if (q.dateTo !== undefined) query = query.where('time', '<=', q.dateTo);
  const compiled = query.orderBy('time', 'desc').orderBy('id', 'desc').limit(q.max ?? 100).offset(q.first ?? 0).compile();
  const prefix = store.dialect === 'postgres' ? 'explain ' : 'explain query plan ';
  const result = await store.db.executeQuery(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
  return result.rows.map((row) => String(Object.values(row as Record<string, unknown>).at(-1))).join('\n      ');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** Fills one scratch database and times every query; prints the plans as it goes. */
async function measure(db: Database, log: (line: string) => void): Promise<Figure[]> {
  if (db === 'postgres') await assertPostgresReachable();
  const scratch = await scratchDatabase(db);
  try {
    const { store } = await openSqlStore(scratch.options);
    try {
      const realmId = newId();
      const now = Date.now();
      await store.realms.create({ id: realmId, name: 'events-bench', enabled: true, settings: {}, createdAt: now });
      const started = performance.now();
      await fill(store, realmId, now);
      log(`${db}: ${EVENTS.toLocaleString('en')} events written in ${round((performance.now() - started) / 1000)} s`);
      const figures: Figure[] = [];
      for (const [name, q] of queries(now)) {
        for (let i = 0; i < 10; i++) await store.events.query(realmId, q);
        const times: number[] = [];
        for (let i = 0; i < CALLS; i++) {
          const t = performance.now();
          await store.events.query(realmId, q);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        const p50 = round(percentile(times, 0.5), 2);
        const p99 = round(percentile(times, 0.99), 2);
        log(`  ${name}: p50 ${p50} ms, p99 ${p99} ms\n      ${await plan(store, realmId, q)}`);
        figures.push(summarize(`events query '${name}', 1M events p50`, 'ms', [p50], { database: db }));
        figures.push(summarize(`events query '${name}', 1M events p99`, 'ms', [p99], { database: db }));
      }
      return figures;
    } finally {
      await store.close();
    }
  } finally {
    await scratch.dispose();
  }
}

/** The runner's module; measured only when `--only events` names it (the fill alone takes minutes). */
export const eventFigures: FigureModule = {
  name: 'events',
  async run(opts: BenchOptions): Promise<Figure[]> {
    if (opts.quick) return [];
    const figures: Figure[] = [];
    for (const db of ['sqlite', 'postgres'] as const) figures.push(...(await measure(db, (line) => process.stderr.write(`${line}\n`))));
    return figures;
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2).filter((a): a is Database => a === 'sqlite' || a === 'postgres');
  for (const db of only.length > 0 ? only : (['sqlite', 'postgres'] as const)) await measure(db, (line) => process.stdout.write(`${line}\n`));
}
