/**
 * Registration and login figures: how many self-registrations per second the compiled server
 * completes through its HTML form, how many users per second it creates through the Admin API,
 * and how many logins per second it completes through its login form, on SQLite and on
 * PostgreSQL, next to the argon2id bound measured in the same run (each of the three hashes one
 * password, a login to verify it, so the hashes per second on every core bound them all).
 *
 * A form registration is the whole journey a browser makes, without the browser (the cookie
 * jar, redirects and form parsing are bench/journeys.ts): GET
 * `/protocol/openid-connect/registrations`, following redirects to the registration page; POST its
 * form with a unique username and email; follow the redirects until the client's redirect URI
 * with a `code`. Every journey has its own cookie jar. N workers in this process run journeys back
 * to back with `fetch`, for each N in WORKERS (one number now: of 8 and 32 tried in earlier full
 * runs, 32 was as fast or faster on both databases); the fastest N is reported.
 *
 * An Admin API registration is one `POST /admin/realms/signup/users` with a UserRepresentation
 * holding a unique username and email and a password credential, answered 201; the bearer token
 * is the bootstrap admin's (given on the server's command line), from one password grant of
 * `admin-cli` per server, checked to outlive the load. A form login is the code flow with no SSO
 * cookie: a fresh cookie jar, GET `/protocol/openid-connect/auth` (with PKCE) to the login page,
 * POST its form with the username, password and hidden inputs, follow the redirects to the client's
 * redirect URI, and exchange the code at the token endpoint as the client would. The logins take
 * LOGIN_USERS seeded users in turn (the realm has no rate limits and no brute-force detection).
 * These two run on the server without users after its form registrations, each with a warm-up
 * and one window per run (at most SINGLE_WINDOW_MAX_S) at one number of workers
 * (ADMIN_WORKERS, LOGIN_WORKERS): they add about 12 s per database and run to a full run. The server's resident memory is read after them, before it stops.
 *
 * A run: the argon2id bound (bench/bounds-child.ts), then per database a fresh database seeded
 * with realm `signup` (registration allowed, public client `web`, LOGIN_USERS users) and a server
 * on it, warmed up, then loaded in a window (FULL: three runs of 5 s windows after 2 s of warm-up,
 * with 3 s argon2id loops; the module takes about four minutes. QUICK, for --quick: one run of
 * 1 s windows after 0.5 s, about 20 s, a check that the loads still run rather than a figure). The full run also seeds a second fresh database with 100,000 users (plain rows, inserted
 * in batches), times `store.users.search` on it in this process, and starts a second server on
 * it. Then the two servers are loaded with form registrations in turns, ABBA ABBA, in slices of
 * SLICE_S, until each has had its 5 s: the machine's other work drifts over minutes, and turns
 * put both figures in the same weather. Every slice starts with a ramp unmeasured, counts the
 * operations that end in the slice, and lets the ones still running end before the next slice starts.
 *
 * Besides the rates, each window records the CPU used by this process (the load generator) and by
 * the server, split into its main thread (JavaScript) and its other threads (argon2 on libuv's
 * pool, GC helpers), read from /proc: on a small machine they share the cores. With
 * `--cpu-prof <dir>` the servers run under `--cpu-prof` and write their profiles there
 * (summarise one with `node --import tsx bench/cpu-top.ts <file>`); the profiler slows them.
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { newId } from '../src/kernel/ids.ts';
import { openSqlStore, type SqlStore } from '../src/storage/sql/sql-store.ts';
import { seedRealm, type SeedRealm } from '../test/support/seed.ts';
import { AFTER_LOAD_RSS_BOUND_MB, round, summarize, type BenchOptions, type Figure, type FigureModule } from './figure.ts';
import { assertPostgresReachable, scratchDatabase, startLoadServer, WITHOUT_RATE_LIMITS, type Database } from './server.ts';
import { childLoops, startChild } from './tokens.ts';
import { Browser, callbackCode, pageForm, PKCE_CHALLENGE, PKCE_VERIFIER } from './journeys.ts';

const DATABASES: Database[] = ['sqlite', 'postgres'];
/** The numbers of concurrent journeys tried for every load; the one with the higher rate is reported. */
const WORKERS = [32];
/**
 * The concurrent requests (Admin API) and journeys (form logins) of the other two loads, one
 * number each: of 8, 16 and 32 tried in quick runs on a 2-core machine, the one that was
 * fastest or within the noise of it. The Admin API's requests wait mostly for argon2 on
 * libuv's pool, so it takes more of them to keep the pool busy.
 */
const ADMIN_WORKERS = 32;
const LOGIN_WORKERS = 16;
/**
 * The Admin API and login windows last at most this many seconds: one number of workers on one
 * server needs no turns, and the median over the runs carries the figure; the full run stays shorter.
 */
const SINGLE_WINDOW_MAX_S = 4;
/** How long a run loads, and how many runs: FULL by default, QUICK with --quick. */
interface Pace {
  runs: number;
  /** Measured seconds of each form-registration load; the other loads take at most SINGLE_WINDOW_MAX_S. */
  windowS: number;
  /** Seconds each load runs unmeasured first. */
  warmupS: number;
  /** Unmeasured seconds at the start of every slice, while the workers' journeys get going. */
  rampS: number;
  /** Milliseconds of each argon2id loop of the bound. */
  loopMs: number;
}
const FULL: Pace = { runs: 3, windowS: 5, warmupS: 2, rampS: 1, loopMs: 3_000 };
const QUICK: Pace = { runs: 1, windowS: 1, warmupS: 0.5, rampS: 0.25, loopMs: 500 };
/** With two servers to compare, each gets its window in slices of this many seconds. */
const SLICE_S = 2.5;
/** Users in the database for the "existing users" figures, inserted in batches of BATCH. */
const EXISTING_USERS = 100_000;
const BATCH = 1_000;
const SEARCH_CALLS = 1_000;
const SEARCH = { search: 'user-12', max: 100 };
/** Goal: registrations with 100,000 users are at most this much slower than with none, in %. */
const SLOWDOWN_BOUND = 10;

const REALM = 'signup';
const CLIENT_ID = 'web';
const CALLBACK = 'http://127.0.0.1:1/cb';
const PASSWORD = 'bench-password-1';
/** The master realm's administrator every server starts with, given on its command line. */
const ADMIN_USERNAME = 'admin';
const ADMIN_PASSWORD = 'bench-admin-password';
/** Users that log in, in turn: concurrent logins of one user would be a case of their own. */
const LOGIN_USERS = 50;
const loginUser = (i: number) => `login-${i % LOGIN_USERS}`;

const SEED: SeedRealm = {
  name: REALM,
  settings: { registrationAllowed: true, ...WITHOUT_RATE_LIMITS },
  clients: [{ clientId: CLIENT_ID, publicClient: true, redirectUris: [CALLBACK] }],
};
const SEED_WITH_LOGINS: SeedRealm = { ...SEED, users: Array.from({ length: LOGIN_USERS }, (_, i) => ({ username: loginUser(i), password: PASSWORD })) };

/** What one load at the reported number of workers gave. */
interface LoadResult {
  /** Journeys completed inside the window, per second. */
  rate: number;
  p50: number;
  p99: number;
  workers: number;
  /** CPU time per wall time over the window, in % of one core. */
  loadCpu: number;
  serverMainCpu: number;
  serverOtherCpu: number;
}

interface LoadSamples {
  rate: number[];
  p50: number[];
  p99: number[];
  workers: number[];
  ratio: number[];
  loadCpu: number[];
  serverMainCpu: number[];
  serverOtherCpu: number[];
}

interface DbSamples {
  none: LoadSamples;
  existing: LoadSamples;
  adminApi: LoadSamples;
  logins: LoadSamples;
  /** The resident memory of the server without users after all its loads, in MB. */
  rssMb: number[];
  /** Rate with EXISTING_USERS ÷ rate with none, within one run, in %. */
  existingRatio: number[];
  searchP50: number[];
  searchP99: number[];
  /** Seconds to insert EXISTING_USERS rows. */
  seedS: number[];
}

const emptyLoad = (): LoadSamples => ({ rate: [], p50: [], p99: [], workers: [], ratio: [], loadCpu: [], serverMainCpu: [], serverOtherCpu: [] });

/** The registration figure module: registrations per second through the form and the Admin API, and form logins, per database. */
export const registrationFigures: FigureModule = {
  name: 'registration',
  async run(opts: BenchOptions): Promise<Figure[]> {
    began = performance.now();
    await assertPostgresReachable();
    const pace = opts.quick ? QUICK : FULL;
    const withExisting = !opts.quick;
    progress(
      `${pace.runs} run(s) of ${pace.windowS} s windows: form registrations at ${WORKERS.join(' and ')} workers${withExisting ? `, with and without ${EXISTING_USERS} users` : ''}; ` +
        `Admin API registrations at ${ADMIN_WORKERS}, form logins at ${LOGIN_WORKERS} in ${Math.min(pace.windowS, SINGLE_WINDOW_MAX_S)} s windows; each after ${pace.warmupS} s of warm-up`,
    );

    const loadAverage: number[] = [];
    const argon2: number[] = [];
    const measured = new Map<Database, DbSamples>(
      DATABASES.map((db) => [db, { none: emptyLoad(), existing: emptyLoad(), adminApi: emptyLoad(), logins: emptyLoad(), rssMb: [], existingRatio: [], searchP50: [], searchP99: [], seedS: [] }]),
    );
    for (let run = 1; run <= pace.runs; run++) {
      loadAverage.push(round(os.loadavg()[0]!));
      progress(`run ${run}/${pace.runs}: argon2id bound`);
      const argon2Rate = await argon2Bound(pace.loopMs);
      argon2.push(round(argon2Rate));
      for (const db of DATABASES) {
        progress(`run ${run}/${pace.runs}: ${db}`);
        await measureDatabase(db, pace, opts, withExisting, measured.get(db)!, argon2Rate);
      }
    }

    // Figure-major order, so that the table puts SQLite and PostgreSQL side by side.
    const figures: Figure[] = [];
    const perDb = (name: string, unit: string, pick: (s: DbSamples) => number[], bound?: number) => {
      for (const db of DATABASES) {
        figures.push(summarize(name, unit, pick(measured.get(db)!), bound === undefined ? { database: db } : { database: db, bound }));
      }
    };
    const loadRows = (label: string, pick: (s: DbSamples) => LoadSamples, unit = 'reg/s') => {
      perDb(label, unit, (s) => pick(s).rate);
      perDb(`${label} p50`, 'ms', (s) => pick(s).p50);
      perDb(`${label} p99`, 'ms', (s) => pick(s).p99);
      perDb(`${label} workers`, 'conn', (s) => pick(s).workers);
      perDb(`${label} ÷ argon2id hashes`, '%', (s) => pick(s).ratio);
      perDb(`${label}, load generator CPU`, '%', (s) => pick(s).loadCpu);
      perDb(`${label}, server main thread CPU`, '%', (s) => pick(s).serverMainCpu);
      perDb(`${label}, server other threads CPU`, '%', (s) => pick(s).serverOtherCpu);
    };
    loadRows('registrations', (s) => s.none);
    loadRows('registrations through the Admin API', (s) => s.adminApi);
    loadRows('logins through the form', (s) => s.logins, 'login/s');
    if (withExisting) {
      const label = `registrations, ${EXISTING_USERS.toLocaleString('en')} users`;
      loadRows(label, (s) => s.existing);
      perDb(`${label} ÷ no users`, '%', (s) => s.existingRatio);
      perDb(`${label}: slowdown vs no users`, '%', (s) => s.existingRatio.map((r) => round(100 - r)), SLOWDOWN_BOUND);
      perDb(`store search '${SEARCH.search}' max ${SEARCH.max}, ${EXISTING_USERS.toLocaleString('en')} users p50`, 'ms', (s) => s.searchP50);
      perDb(`store search '${SEARCH.search}' max ${SEARCH.max}, ${EXISTING_USERS.toLocaleString('en')} users p99`, 'ms', (s) => s.searchP99);
      perDb(`insert ${EXISTING_USERS.toLocaleString('en')} users, batches of ${BATCH}`, 's', (s) => s.seedS);
    }
    perDb('RSS after registration/login load runs', 'MB', (s) => s.rssMb, AFTER_LOAD_RSS_BOUND_MB);
    figures.push(
      summarize('bound: argon2id hashes, all cores (registration module)', 'hash/s', argon2),
      summarize('machine load average (1 min) as a registration run starts', 'load', loadAverage),
    );
    return figures;
  },
};

/** When the module's run began, for the progress lines. */
let began = performance.now();

function progress(message: string): void {
  process.stderr.write(`bench: registration: ${message} (at ${((performance.now() - began) / 1000).toFixed(0)} s)\n`);
}

function addLoad(samples: LoadSamples, result: LoadResult, bound: number): void {
  samples.rate.push(round(result.rate));
  samples.p50.push(round(result.p50));
  samples.p99.push(round(result.p99));
  samples.workers.push(result.workers);
  samples.ratio.push(round((100 * result.rate) / bound));
  samples.loadCpu.push(round(result.loadCpu));
  samples.serverMainCpu.push(round(result.serverMainCpu));
  samples.serverOtherCpu.push(round(result.serverOtherCpu));
}

/** argon2id hashes per second at Keycloak's parameters on every core, in a child as tokens.ts measures it. */
async function argon2Bound(loopMs: number): Promise<number> {
  const child = startChild(['loops']);
  try {
    await child.next();
    return await childLoops([child], { setup: 'argon2', inFlight: 2 * os.availableParallelism() }, loopMs);
  } finally {
    await child.stop();
  }
}

/** A server under test: its database, the server, and how its users are named. */
interface Subject {
  label: string;
  base: string;
  pid: number;
  rssMb(): Promise<number>;
  nextUser(): string;
}

/** One unit of load on a subject: a journey or a request, which fails unless it succeeds as a client expects. */
type Operation = (subject: Subject) => Promise<void>;

const formRegistration: Operation = (subject) => register(subject.base, subject.nextUser());

/**
 * A fresh database seeded with `seed` (and, with `existing`, EXISTING_USERS users, with the
 * store search timed on them) and a server on it, which `use` loads; both are gone afterwards.
 */
async function withServer<T>(
  db: Database,
  label: string,
  opts: BenchOptions,
  seed: SeedRealm,
  existing: DbSamples | undefined,
  use: (subject: Subject) => Promise<T>,
): Promise<T> {
  const scratch = await scratchDatabase(db);
  try {
    const { store } = await openSqlStore(scratch.options);
    try {
      const realm = await seedRealm(store, seed);
      if (existing) {
        const seedStart = performance.now();
        await insertUsers(store, realm.id);
        existing.seedS.push(round((performance.now() - seedStart) / 1000));
        const { p50, p99 } = await timeSearch(store, realm.id);
        existing.searchP50.push(round(p50, 2));
        existing.searchP99.push(round(p99, 2));
      }
    } finally {
      await store.close();
    }
    const nodeArgs = opts.cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir];
    const admin = ['--bootstrap-admin-username', ADMIN_USERNAME, '--bootstrap-admin-password', ADMIN_PASSWORD];
    const server = await startLoadServer([...scratch.args, ...admin], nodeArgs);
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const tag = `${randomBytes(3).toString('hex')}-${db}-${label.replace(/[^a-z0-9]+/gi, '')}`;
      let seq = 0;
      const subject: Subject = { label, base, pid: server.pid, rssMb: () => server.rssMb(), nextUser: () => `reg-${tag}-${seq++}` };
      // One journey first: a server that cannot register fails here, with its reason.
      await register(base, subject.nextUser());
      return await use(subject);
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.dispose();
  }
}

/**
 * One database in one run. Form registrations on the server without users (and, with
 * `withExisting`, on the one with EXISTING_USERS, loaded in turns with it) at each number of
 * workers, the faster recorded; then, on the server without users alone, registrations through
 * the Admin API and logins through the form, and the server's resident memory after them all.
 */
async function measureDatabase(db: Database, pace: Pace, opts: BenchOptions, withExisting: boolean, samples: DbSamples, argon2Rate: number): Promise<void> {
  const measure = async (subjects: Subject[]) => {
    for (const subject of subjects) await slice(subject, formRegistration, WORKERS[0]!, pace.warmupS, 0);
    const perWorkers: LoadResult[][] = [];
    for (const workers of WORKERS) {
      const results = await turns(subjects, formRegistration, workers, pace.windowS, pace.rampS);
      for (const [i, result] of results.entries()) report(`${subjects[i]!.label}, form registrations`, result);
      perWorkers.push(results);
    }
    return perWorkers;
  };
  const best = (perWorkers: LoadResult[][], i: number) => perWorkers.reduce((b, results) => (results[i]!.rate > b.rate ? results[i]! : b), perWorkers[0]![i]!);
  // Warm-up and one window, at one number of workers.
  const windowS = Math.min(pace.windowS, SINGLE_WINDOW_MAX_S);
  const once = async (subject: Subject, label: string, operation: Operation, workers: number) => {
    await slice(subject, operation, workers, pace.warmupS, 0);
    const [result] = await turns([subject], operation, workers, windowS, pace.rampS);
    report(`${subject.label}, ${label}`, result!);
    return result!;
  };

  await withServer(db, 'no users', opts, SEED_WITH_LOGINS, undefined, async (none) => {
    if (!withExisting) {
      addLoad(samples.none, best(await measure([none]), 0), argon2Rate);
    } else {
      const perWorkers = await withServer(db, `${EXISTING_USERS} users`, opts, SEED, samples, (existing) => measure([none, existing]));
      const fastest = best(perWorkers, 0);
      addLoad(samples.none, fastest, argon2Rate);
      addLoad(samples.existing, best(perWorkers, 1), argon2Rate);
      // Compared at the same number of workers, in the same turns: the one where no users was faster.
      const paired = perWorkers.find((results) => results[0] === fastest)!;
      samples.existingRatio.push(round((100 * paired[1]!.rate) / fastest.rate));
    }
    // The warm-up, the ramp and the window, with a minute to spare.
    const token = await adminToken(none.base, pace.warmupS + pace.rampS + windowS + 60);
    const adminApi: Operation = (subject) => registerThroughAdminApi(subject.base, token, subject.nextUser());
    addLoad(samples.adminApi, await once(none, 'Admin API registrations', adminApi, ADMIN_WORKERS), argon2Rate);
    let logins = 0;
    const formLogin: Operation = (subject) => logIn(subject.base, loginUser(logins++));
    addLoad(samples.logins, await once(none, 'form logins', formLogin, LOGIN_WORKERS), argon2Rate);
    samples.rssMb.push(round(await none.rssMb()));
  });
}

function report(label: string, result: LoadResult): void {
  progress(`  ${label}, ${result.workers} workers: ${result.rate.toFixed(1)}/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms; CPU: server main ${result.serverMainCpu.toFixed(0)} %, other threads ${result.serverOtherCpu.toFixed(0)} %, load generator ${result.loadCpu.toFixed(0)} %`);
}

/**
 * EXISTING_USERS plain user rows (distinct usernames and emails, no credentials), in one
 * transaction of batches. PostgreSQL then gets the statistics autovacuum would have gathered
 * by the time a real database held that many users; SQLite gathers none unless told (Gatehouse doesn't).
 */
async function insertUsers(store: SqlStore, realmId: string): Promise<void> {
  const now = Date.now();
  await store.db.transaction().execute(async (trx) => {
    for (let start = 0; start < EXISTING_USERS; start += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, EXISTING_USERS - start) }, (_, k) => {
        const i = start + k;
        const email = `user-${i}@example.test`;
        return {
          id: newId(),
          realm_id: realmId,
          username: `user-${i}`,
          email,
          email_constraint: email,
          email_verified: 0,
          first_name: 'Bench',
          last_name: `User ${i}`,
          enabled: 1,
          created_timestamp: now,
          service_account_client_link: null,
          not_before: 0,
        };
      });
      await trx.insertInto('users').values(rows).execute();
    }
  });
  if (store.dialect === 'postgres') await sql`ANALYZE users`.execute(store.db);
}

/** SEARCH_CALLS sequential `store.users.search` calls after a few unmeasured ones; p50 and p99 in ms. */
async function timeSearch(store: SqlStore, realmId: string): Promise<{ p50: number; p99: number }> {
  const first = await store.users.search(realmId, SEARCH);
  if (first.length !== SEARCH.max) throw new Error(`store search '${SEARCH.search}' found ${first.length} users, expected ${SEARCH.max}`);
  for (let i = 0; i < 10; i++) await store.users.search(realmId, SEARCH);
  const times: number[] = [];
  for (let i = 0; i < SEARCH_CALLS; i++) {
    const start = performance.now();
    await store.users.search(realmId, SEARCH);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** What one slice of load measured. */
interface Slice {
  seconds: number;
  latencies: number[];
  selfMicros: number;
  serverMainTicks: number;
  serverAllTicks: number;
}

/**
 * Loads the subjects with `operation` in turns (ABBA ABBA… for two, one window for one) at
 * `workers` workers until each has had `durationS` measured seconds, each slice after `rampS`
 * unmeasured, and sums each one's slices.
 */
async function turns(subjects: Subject[], operation: Operation, workers: number, durationS: number, rampS: number): Promise<LoadResult[]> {
  const sliceS = subjects.length === 1 ? durationS : SLICE_S;
  const rounds = Math.ceil(durationS / sliceS);
  const slices: Slice[][] = subjects.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? subjects.map((_, i) => i) : subjects.map((_, i) => subjects.length - 1 - i);
    for (const i of order) slices[i]!.push(await slice(subjects[i]!, operation, workers, rampS, Math.min(sliceS, durationS - r * sliceS)));
  }
  return slices.map((list) => {
    const seconds = list.reduce((sum, s) => sum + s.seconds, 0);
    const latencies = list.flatMap((s) => s.latencies).sort((a, b) => a - b);
    if (latencies.length === 0) throw new Error(`nothing completed within ${seconds} s at ${workers} workers`);
    const sum = (pick: (s: Slice) => number) => list.reduce((total, s) => total + pick(s), 0);
    const mainTicks = sum((s) => s.serverMainTicks);
    return {
      rate: latencies.length / seconds,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      workers,
      loadCpu: (100 * sum((s) => s.selfMicros)) / 1e6 / seconds,
      serverMainCpu: (100 * mainTicks) / CLOCK_TICKS / seconds,
      serverOtherCpu: (100 * (sum((s) => s.serverAllTicks) - mainTicks)) / CLOCK_TICKS / seconds,
    };
  });
}

/**
 * `workers` loops of `operation` for `rampS` + `seconds`; records the operations that end in the
 * last `seconds` and the CPU used meanwhile, then waits for the ones still running. Fails on the
 * first failed operation. With `seconds` 0 it is a warm-up.
 */
async function slice(subject: Subject, operation: Operation, workers: number, rampS: number, seconds: number): Promise<Slice> {
  const start = performance.now();
  const windowStart = start + rampS * 1000;
  const end = windowStart + seconds * 1000;
  const latencies: number[] = [];
  let failure: unknown;
  const sample = async () => ({ at: performance.now(), self: process.cpuUsage(), server: await serverTicks(subject.pid) });
  const at = (time: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, time - performance.now())));
  // The CPU readings, taken when the window opens and closes, while the workers run.
  const window = at(windowStart)
    .then(sample)
    .then(async (first) => {
      await at(end);
      return [first, await sample()] as const;
    });
  const worker = async () => {
    while (failure === undefined && performance.now() < end) {
      const t0 = performance.now();
      try {
        await operation(subject);
      } catch (error) {
        failure ??= error;
        return;
      }
      const t1 = performance.now();
      if (t1 >= windowStart && t1 <= end) latencies.push(t1 - t0);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const [first, last] = await window;
  if (failure !== undefined) throw failure;
  return {
    seconds,
    latencies,
    selfMicros: last.self.user - first.self.user + (last.self.system - first.self.system),
    serverMainTicks: last.server.main - first.server.main,
    serverAllTicks: last.server.all - first.server.all,
  };
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ThreadTicks {
  /** utime + stime of the main thread, in clock ticks. */
  main: number;
  /** utime + stime of the whole process. */
  all: number;
}

async function serverTicks(pid: number): Promise<ThreadTicks> {
  const ticks = async (file: string) => {
    // The command name in parentheses may hold spaces; the fields after it are fixed.
    const text = await readFile(file, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  return { main: await ticks(`/proc/${pid}/task/${pid}/stat`), all: await ticks(`/proc/${pid}/stat`) };
}

/** The authorization request a journey starts with, at `endpoint`; `state` tells the journeys apart. */
function authorizationUrl(base: string, endpoint: 'auth' | 'registrations', state: string): string {
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid',
    state,
    code_challenge: PKCE_CHALLENGE,
    code_challenge_method: 'S256',
  });
  return `${base}/realms/${REALM}/protocol/openid-connect/${endpoint}?${query}`;
}

/**
 * One whole registration journey for `username`; resolves once the client's callback carries a
 * code. The code is not redeemed: the figure is about signing up, and logIn measures the exchange.
 */
export async function register(base: string, username: string): Promise<void> {
  const browser = new Browser(CALLBACK);
  const page = await browser.open(authorizationUrl(base, 'registrations', username));
  const done = await browser.submit(pageForm(page, 'registration'), {
    username,
    email: `${username}@example.test`,
    firstName: 'Bench',
    lastName: 'Registrant',
    password: PASSWORD,
    'password-confirm': PASSWORD,
  });
  callbackCode(done, `registering ${username}`);
}

/** One login through the form for `username`, without an SSO cookie, ending as the client's code exchange does. */
export async function logIn(base: string, username: string): Promise<void> {
  const browser = new Browser(CALLBACK);
  const page = await browser.open(authorizationUrl(base, 'auth', username));
  const done = await browser.submit(pageForm(page, 'login'), { username, password: PASSWORD });
  const code = callbackCode(done, `logging in ${username}`);
  const response = await fetch(`${base}/realms/${REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK, client_id: CLIENT_ID, code_verifier: PKCE_VERIFIER }),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('"access_token"')) {
    throw new Error(`the code of ${username}'s login was exchanged with ${response.status} instead of tokens: ${text.slice(0, 300)}`);
  }
}

/**
 * An access token of the bootstrap admin, from `admin-cli`'s password grant in the master realm,
 * that lives at least `seconds` more: one token serves a whole Admin API load.
 */
async function adminToken(base: string, seconds: number): Promise<string> {
  const response = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: ADMIN_USERNAME, password: ADMIN_PASSWORD }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`the bootstrap admin's password grant answered ${response.status}: ${text.slice(0, 300)}`);
  const token = JSON.parse(text) as { access_token: string; expires_in: number };
  if (token.expires_in < seconds) throw new Error(`the admin token lives ${token.expires_in} s, less than the ${seconds} s of the Admin API load`);
  return token.access_token;
}

/** One user with a password created through the Admin API, as a back office would: 201 or a failure. */
export async function registerThroughAdminApi(base: string, token: string, username: string): Promise<void> {
  const response = await fetch(`${base}/admin/realms/${REALM}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      username,
      email: `${username}@example.test`,
      firstName: 'Bench',
      lastName: 'Registrant',
      enabled: true,
      credentials: [{ type: 'password', value: PASSWORD, temporary: false }],
    }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`creating ${username} through the Admin API answered ${response.status}: ${text.slice(0, 300)}`);
}
