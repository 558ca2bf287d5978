/**
 * Startup figures: how long until the compiled server answers ready, on a fresh database
 * (first start: schema and master realm are created) and on an existing one (second start),
 * and how much memory it holds when idle. Measured on SQLite and on PostgreSQL.
 *
 * Memory is read twice. Two seconds after ready, the heap still holds what startup allocated: V8
 * grows its young generation while modules load and gives the space back only when its memory
 * reducer runs, about half a minute into idling. The idle figure is therefore read from servers
 * left alone for SETTLE_MS: in a full run, SETTLED_SERVERS servers per database, started on existing
 * databases and idling together (idle processes do not disturb each other's memory). `--quick`
 * skips that wait and reports only the early reading.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { round, summarize, type BenchOptions, type Figure, type FigureModule } from './figure.ts';
import { assertPostgresReachable, scratchDatabase, startServer, type Database, type RunningServer, type ScratchDatabase } from './server.ts';

/** Goal for time to ready, from spawn to the first 200 from `/health/ready`. */
const READY_BOUND_MS = 1000;
/** Goal for resident memory once idle after startup. */
const IDLE_BOUND_MB = 100;
/** The early reading: just after startup, before V8 has given startup garbage back. */
const EARLY_WAIT_MS = 2000;
/** Past the point where V8's memory reducer has run on an idle server (seen at 30–35 s). */
const SETTLE_MS = 45_000;
/** Idle servers per database for the settled reading; they idle together, so more cost only their start. */
const SETTLED_SERVERS = 3;

const DATABASES: Database[] = ['sqlite', 'postgres'];

interface Samples {
  readyFresh: number[];
  readyExisting: number[];
  serverFresh: number[];
  serverExisting: number[];
  earlyRss: number[];
  idleRss: number[];
}

/** The startup figure module: time to ready and idle memory, per database. */
export const startupFigures: FigureModule = {
  name: 'startup',
  async run(opts: BenchOptions): Promise<Figure[]> {
    // Checked before anything is measured, so an unreachable PostgreSQL fails fast.
    await assertPostgresReachable();
    const measured = new Map<Database, Samples>();
    for (const db of DATABASES) measured.set(db, await measure(db, opts.repeats));
    if (!opts.quick) await measureSettled(SETTLED_SERVERS, measured);

    // Figure-major order, so that the table puts SQLite and PostgreSQL side by side.
    const figures: Figure[] = [];
    const add = (name: string, unit: string, pick: (s: Samples) => number[], bound?: number) => {
      for (const db of DATABASES) {
        const extra = bound === undefined ? { database: db } : { database: db, bound };
        figures.push(summarize(name, unit, pick(measured.get(db)!), extra));
      }
    };
    add('ready, fresh database', 'ms', (s) => s.readyFresh, READY_BOUND_MS);
    add('ready, existing database', 'ms', (s) => s.readyExisting, READY_BOUND_MS);
    add('server startupMs, fresh database', 'ms', (s) => s.serverFresh);
    add('server startupMs, existing database', 'ms', (s) => s.serverExisting);
    add(`RSS ${EARLY_WAIT_MS / 1000} s after ready`, 'MB', (s) => s.earlyRss);
    if (!opts.quick) add(`idle RSS (after ${SETTLE_MS / 1000} s idle)`, 'MB', (s) => s.idleRss, IDLE_BOUND_MB);
    return figures;
  },
};

/** Each repetition gets its own scratch database: one fresh start, then one on the same data. */
async function measure(db: Database, repeats: number): Promise<Samples> {
  const samples: Samples = { readyFresh: [], readyExisting: [], serverFresh: [], serverExisting: [], earlyRss: [], idleRss: [] };
  for (let i = 0; i < repeats; i++) {
    const scratch = await scratchDatabase(db);
    try {
      const first = await startServer(scratch.args);
      await first.stop();
      samples.readyFresh.push(round(first.readyMs));
      samples.serverFresh.push(first.startupMs);

      const second = await startServer(scratch.args);
      try {
        samples.readyExisting.push(round(second.readyMs));
        samples.serverExisting.push(second.startupMs);
        // Memory is taken on the existing database: that is the state a server restarts into.
        await sleep(EARLY_WAIT_MS);
        samples.earlyRss.push(round(await second.rssMb()));
      } finally {
        await second.stop();
      }
    } finally {
      await scratch.dispose();
    }
  }
  return samples;
}

/** Starts `count` servers per database on existing databases, lets them all idle, then reads their memory. */
async function measureSettled(count: number, measured: Map<Database, Samples>): Promise<void> {
  const scratches: { db: Database; scratch: ScratchDatabase }[] = [];
  const servers: { db: Database; server: RunningServer }[] = [];
  try {
    for (const db of DATABASES) {
      for (let i = 0; i < count; i++) {
        const scratch = await scratchDatabase(db);
        scratches.push({ db, scratch });
        // A first start creates the schema and realms, so that the idling server starts as a restart does.
        await (await startServer(scratch.args)).stop();
      }
    }
    for (const { db, scratch } of scratches) servers.push({ db, server: await startServer(scratch.args) });
    await sleep(SETTLE_MS);
    for (const { db, server } of servers) measured.get(db)!.idleRss.push(round(await server.rssMb()));
  } finally {
    await Promise.all(servers.map(({ server }) => server.stop()));
    await Promise.all(scratches.map(({ scratch }) => scratch.dispose()));
  }
}
