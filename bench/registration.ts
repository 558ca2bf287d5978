/**
 * Registration figures: how many self-registrations per second the compiled server completes
 * through its HTML form, on SQLite and on PostgreSQL, next to the argon2id bound measured in the
 * same run (one registration hashes one password, so the hashes per second on every core bound it).
 *
 * One registration is the whole journey a browser makes, without the browser: GET
 * `/protocol/openid-connect/registrations`, following redirects to the registration page; POST its
 * form with a unique username and email; follow the redirects until the client's redirect URI
 * with a `code`. Every journey has its own cookie jar. N workers in this process run journeys back
 * to back with `fetch`, for each N in WORKERS; the faster N is reported.
 *
 * A run: the argon2id bound (bench/bounds-child.ts), then per database a fresh database seeded
 * with realm `signup` (registration allowed, public client `web`) and a server on it, warmed up
 * for WARMUP_S, then loaded in a window of 3 s (--quick, one run) or 10 s (three runs). The full
 * run also seeds a second fresh database with 100,000 users (plain rows, inserted in batches),
 * times `store.users.search` on it in this process, and starts a second server on it. Then the
 * two servers are loaded in turns, ABBA ABBA, in slices of SLICE_S, until each has had its 10 s:
 * the machine's other work drifts over minutes, and turns put both figures in the same weather.
 * Every slice starts with RAMP_S unmeasured, counts the journeys that end in the slice, and lets
 * the journeys still running end before the next slice starts.
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
import { round, summarize, type BenchOptions, type Figure, type FigureModule } from './figure.ts';
import { assertPostgresReachable, scratchDatabase, startLoadServer, WITHOUT_RATE_LIMITS, type Database } from './server.ts';
import { childLoops, startChild } from './tokens.ts';

const DATABASES: Database[] = ['sqlite', 'postgres'];
/** The numbers of concurrent journeys tried for every load; the one with the higher rate is reported. */
const WORKERS = [8, 32];
const WARMUP_S = 2;
/** Unmeasured seconds at the start of every slice, while the workers' journeys get going. */
const RAMP_S = 1;
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
/** A fixed PKCE challenge: every journey is its own authorization request, the code is never redeemed. */
const CODE_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const MAX_HOPS = 10;

const SEED: SeedRealm = {
  name: REALM,
  settings: { registrationAllowed: true, ...WITHOUT_RATE_LIMITS },
  clients: [{ clientId: CLIENT_ID, publicClient: true, redirectUris: [CALLBACK] }],
};

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
  /** Rate with EXISTING_USERS ÷ rate with none, within one run, in %. */
  existingRatio: number[];
  searchP50: number[];
  searchP99: number[];
  /** Seconds to insert EXISTING_USERS rows. */
  seedS: number[];
}

const emptyLoad = (): LoadSamples => ({ rate: [], p50: [], p99: [], workers: [], ratio: [], loadCpu: [], serverMainCpu: [], serverOtherCpu: [] });

/** The registration figure module: registrations per second through the form, per database. */
export const registrationFigures: FigureModule = {
  name: 'registration',
  async run(opts: BenchOptions): Promise<Figure[]> {
    began = performance.now();
    await assertPostgresReachable();
    const runs = opts.quick ? 1 : 3;
    const durationS = opts.quick ? 3 : 10;
    const loopMs = opts.quick ? 2_000 : durationS * 1000;
    const withExisting = !opts.quick;
    progress(`${runs} run(s) of ${durationS} s windows at ${WORKERS.join(' and ')} workers, after ${WARMUP_S} s of warm-up${withExisting ? `, with and without ${EXISTING_USERS} users` : ''}`);

    const loadAverage: number[] = [];
    const argon2: number[] = [];
    const measured = new Map<Database, DbSamples>(
      DATABASES.map((db) => [db, { none: emptyLoad(), existing: emptyLoad(), existingRatio: [], searchP50: [], searchP99: [], seedS: [] }]),
    );
    for (let run = 1; run <= runs; run++) {
      loadAverage.push(round(os.loadavg()[0]!));
      progress(`run ${run}/${runs}: argon2id bound`);
      const argon2Rate = await argon2Bound(loopMs);
      argon2.push(round(argon2Rate));
      for (const db of DATABASES) {
        progress(`run ${run}/${runs}: ${db}`);
        await measureDatabase(db, durationS, opts, withExisting, measured.get(db)!, argon2Rate);
      }
    }

    // Figure-major order, so that the table puts SQLite and PostgreSQL side by side.
    const figures: Figure[] = [];
    const perDb = (name: string, unit: string, pick: (s: DbSamples) => number[], bound?: number) => {
      for (const db of DATABASES) {
        figures.push(summarize(name, unit, pick(measured.get(db)!), bound === undefined ? { database: db } : { database: db, bound }));
      }
    };
    const loadRows = (label: string, pick: (s: DbSamples) => LoadSamples) => {
      perDb(label, 'reg/s', (s) => pick(s).rate);
      perDb(`${label} p50`, 'ms', (s) => pick(s).p50);
      perDb(`${label} p99`, 'ms', (s) => pick(s).p99);
      perDb(`${label} workers`, 'conn', (s) => pick(s).workers);
      perDb(`${label} ÷ argon2id hashes`, '%', (s) => pick(s).ratio);
      perDb(`${label}, load generator CPU`, '%', (s) => pick(s).loadCpu);
      perDb(`${label}, server main thread CPU`, '%', (s) => pick(s).serverMainCpu);
      perDb(`${label}, server other threads CPU`, '%', (s) => pick(s).serverOtherCpu);
    };
    loadRows('registrations', (s) => s.none);
    if (withExisting) {
      const label = `registrations, ${EXISTING_USERS.toLocaleString('en')} users`;
      loadRows(label, (s) => s.existing);
      perDb(`${label} ÷ no users`, '%', (s) => s.existingRatio);
      perDb(`${label}: slowdown vs no users`, '%', (s) => s.existingRatio.map((r) => round(100 - r)), SLOWDOWN_BOUND);
      perDb(`store search '${SEARCH.search}' max ${SEARCH.max}, ${EXISTING_USERS.toLocaleString('en')} users p50`, 'ms', (s) => s.searchP50);
      perDb(`store search '${SEARCH.search}' max ${SEARCH.max}, ${EXISTING_USERS.toLocaleString('en')} users p99`, 'ms', (s) => s.searchP99);
      perDb(`insert ${EXISTING_USERS.toLocaleString('en')} users, batches of ${BATCH}`, 's', (s) => s.seedS);
    }
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
  nextUser(): string;
}

/**
 * A fresh database seeded with the realm (and, with `existing`, EXISTING_USERS users, with the
 * store search timed on them) and a server on it, which `use` loads; both are gone afterwards.
 */
async function withServer<T>(
  db: Database,
  label: string,
  opts: BenchOptions,
  existing: DbSamples | undefined,
  use: (subject: Subject) => Promise<T>,
): Promise<T> {
  const scratch = await scratchDatabase(db);
  try {
    const { store } = await openSqlStore(scratch.options);
    try {
      const realm = await seedRealm(store, SEED);
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
    const server = await startLoadServer(scratch.args, nodeArgs);
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const tag = `${randomBytes(3).toString('hex')}-${db}-${label.replace(/[^a-z0-9]+/gi, '')}`;
      let seq = 0;
      const subject: Subject = { label, base, pid: server.pid, nextUser: () => `reg-${tag}-${seq++}` };
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
 * One database in one run: the server without users (and, with `withExisting`, the one with
 * EXISTING_USERS, loaded in turns with it) at each number of workers; the faster is recorded.
 */
async function measureDatabase(db: Database, durationS: number, opts: BenchOptions, withExisting: boolean, samples: DbSamples, argon2Rate: number): Promise<void> {
  const measure = async (subjects: Subject[]) => {
    for (const subject of subjects) await slice(subject, WORKERS[0]!, WARMUP_S, 0);
    const perWorkers: LoadResult[][] = [];
    for (const workers of WORKERS) {
      const results = await turns(subjects, workers, durationS);
      for (const [i, result] of results.entries()) {
        progress(`  ${subjects[i]!.label}, ${workers} workers: ${result.rate.toFixed(1)} reg/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms; CPU: server main ${result.serverMainCpu.toFixed(0)} %, other threads ${result.serverOtherCpu.toFixed(0)} %, load generator ${result.loadCpu.toFixed(0)} %`);
      }
      perWorkers.push(results);
    }
    return perWorkers;
  };
  const best = (perWorkers: LoadResult[][], i: number) => perWorkers.reduce((b, results) => (results[i]!.rate > b.rate ? results[i]! : b), perWorkers[0]![i]!);

  if (!withExisting) {
    const perWorkers = await withServer(db, 'no users', opts, undefined, (none) => measure([none]));
    addLoad(samples.none, best(perWorkers, 0), argon2Rate);
    return;
  }
  const perWorkers = await withServer(db, 'no users', opts, undefined, (none) =>
    withServer(db, `${EXISTING_USERS} users`, opts, samples, (existing) => measure([none, existing])),
  );
  const none = best(perWorkers, 0);
  addLoad(samples.none, none, argon2Rate);
  addLoad(samples.existing, best(perWorkers, 1), argon2Rate);
  // Compared at the same number of workers, in the same turns: the one where no users was faster.
  const paired = perWorkers.find((results) => results[0] === none)!;
  samples.existingRatio.push(round((100 * paired[1]!.rate) / none.rate));
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
 * Loads the subjects in turns (ABBA ABBA… for two, one window for one) at `workers` workers until
 * each has had `durationS` measured seconds, and sums each one's slices.
 */
async function turns(subjects: Subject[], workers: number, durationS: number): Promise<LoadResult[]> {
  const sliceS = subjects.length === 1 ? durationS : SLICE_S;
  const rounds = Math.ceil(durationS / sliceS);
  const slices: Slice[][] = subjects.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? subjects.map((_, i) => i) : subjects.map((_, i) => subjects.length - 1 - i);
    for (const i of order) slices[i]!.push(await slice(subjects[i]!, workers, RAMP_S, Math.min(sliceS, durationS - r * sliceS)));
  }
  return slices.map((list) => {
    const seconds = list.reduce((sum, s) => sum + s.seconds, 0);
    const latencies = list.flatMap((s) => s.latencies).sort((a, b) => a - b);
    if (latencies.length === 0) throw new Error(`no registration completed within ${seconds} s at ${workers} workers`);
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
 * `workers` loops of journeys for `rampS` + `seconds`; records the journeys that end in the last
 * `seconds` and the CPU used meanwhile, then waits for the journeys still running. Fails on the
 * first failed journey. With `seconds` 0 it is a warm-up.
 */
async function slice(subject: Subject, workers: number, rampS: number, seconds: number): Promise<Slice> {
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
        await register(subject.base, subject.nextUser());
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

/** A per-journey cookie jar: name → value, as one host sets them. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }
}

interface Answer {
  url: string;
  status: number;
  location: string | undefined;
  body: string;
}

async function request(jar: CookieJar, url: string, form?: URLSearchParams): Promise<Answer> {
  const headers: Record<string, string> = { cookie: jar.header() };
  if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(url, { method: form ? 'POST' : 'GET', redirect: 'manual', headers, body: form });
  jar.keep(response);
  const location = response.headers.get('location');
  // Read to the end in every case, so that the connection goes back to the pool.
  const body = await response.text();
  return { url, status: response.status, location: location === null ? undefined : new URL(location, url).href, body };
}

/** Follows redirects from `answer` until a page answers or the next stop is the client's callback. */
async function follow(jar: CookieJar, answer: Answer): Promise<Answer> {
  for (let hops = 0; answer.location !== undefined && !answer.location.startsWith(`${CALLBACK}?`); hops++) {
    if (hops === MAX_HOPS) throw new Error(`more than ${MAX_HOPS} redirects from ${answer.url}`);
    answer = await request(jar, answer.location);
  }
  return answer;
}

const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The action and hidden inputs of the page's form that carries the CSRF token. */
function registrationForm(page: Answer): { action: string; hidden: Record<string, string> } {
  for (const form of page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    if (!form[2]!.includes('csrf_token')) continue;
    const action = /\baction="([^"]*)"/i.exec(form[1]!)?.[1];
    if (action === undefined) continue;
    const hidden: Record<string, string> = {};
    for (const input of form[2]!.matchAll(/<input\b[^>]*type="hidden"[^>]*>/gi)) {
      const name = /\bname="([^"]*)"/.exec(input[0])?.[1];
      if (name !== undefined) hidden[name] = unescape(/\bvalue="([^"]*)"/.exec(input[0])?.[1] ?? '');
    }
    return { action: new URL(unescape(action), page.url).href, hidden };
  }
  throw new Error(`no registration form on ${page.url} (status ${page.status}): ${page.body.slice(0, 300)}`);
}

/** One whole registration journey for `username`; resolves once the client's callback carries a code. */
export async function register(base: string, username: string): Promise<void> {
  const jar = new CookieJar();
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid',
    state: username,
    code_challenge: CODE_CHALLENGE,
    code_challenge_method: 'S256',
  });
  const page = await follow(jar, await request(jar, `${base}/realms/${REALM}/protocol/openid-connect/registrations?${query}`));
  if (page.status !== 200) throw new Error(`the registration page answered ${page.status} at ${page.url}: ${page.body.slice(0, 300)}`);
  const form = registrationForm(page);
  const fields = new URLSearchParams({
    ...form.hidden,
    username,
    email: `${username}@example.test`,
    firstName: 'Bench',
    lastName: 'Registrant',
    password: PASSWORD,
    'password-confirm': PASSWORD,
  });
  const done = await follow(jar, await request(jar, form.action, fields));
  const code = done.location === undefined ? null : new URL(done.location).searchParams.get('code');
  if (code === null) {
    const error = /id="input-error[^"]*"[^>]*>([\s\S]*?)</.exec(done.body)?.[1]?.trim();
    throw new Error(`registering ${username} ended with ${done.status} at ${done.url}${error ? `: ${error}` : ''}${done.location ? ` → ${done.location}` : ''}`);
  }
}
