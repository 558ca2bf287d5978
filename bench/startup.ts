/**
 * Startup figures: how long until the compiled server answers ready, on a fresh database
 * (first start: schema and master realm are created) and on an existing one (second start),
 * and how much memory it holds when idle. Measured on SQLite and on PostgreSQL.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { round, summarize, type BenchOptions, type Figure, type FigureModule } from './figure.ts';
import { assertPostgresReachable, scratchDatabase, startServer, type Database } from './server.ts';

/** Goal for time to ready, from spawn to the first 200 from `/health/ready`. */
const READY_BOUND_MS = 1000;
/** Goal for resident memory once idle after startup. */
const IDLE_BOUND_MB = 100;
/** Long enough for startup garbage to be collected or settle, short enough for `--quick`. */
const IDLE_WAIT_MS = 2000;

const DATABASES: Database[] = ['sqlite', 'postgres'];

interface Samples {
  readyFresh: number[];
  readyExisting: number[];
  serverFresh: number[];
  serverExisting: number[];
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
    add('idle RSS', 'MB', (s) => s.idleRss, IDLE_BOUND_MB);
    return figures;
  },
};

/** Each repetition gets its own scratch database: one fresh start, then one on the same data. */
async function measure(db: Database, repeats: number): Promise<Samples> {
  const samples: Samples = { readyFresh: [], readyExisting: [], serverFresh: [], serverExisting: [], idleRss: [] };
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
        // Idle memory is taken on the existing database: that is the state a server restarts into.
        await sleep(IDLE_WAIT_MS);
        samples.idleRss.push(round(await second.rssMb()));
      } finally {
        await second.stop();
      }
    } finally {
      await scratch.dispose();
    }
  }
  return samples;
}
