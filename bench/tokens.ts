/**
 * Token figures: how many client-credentials grants and password-grant logins per second the
 * compiled server issues at saturation, with their p50/p99 latency, on SQLite and on PostgreSQL,
 * next to the bounds measured in the same run on the same machine:
 *
 * - RS256 signatures per second with jose (a ~1 KB Keycloak-shaped access token), on 1 and 2 cores;
 * - argon2id hashes per second at Keycloak 26's parameters, on every core (the bound for logins);
 * - a bare oidc-provider issuing opaque client-credentials tokens (the bound for client credentials).
 *
 * Each bound runs in child processes (bench/bounds-child.ts), so that it gets a core as the server
 * does. Load comes from autocannon in this process; its own CPU use is reported, since on a
 * small machine the load generator and the server share the cores.
 *
 * A run: the bounds, then for each database a fresh scratch database seeded with realm `bench`
 * (confidential client `svc`, user `bench-user`) and a server on it. Every load is a 2 s warm-up,
 * then one fixed-duration load per concurrency in CONNECTIONS, of which the faster is reported.
 * Three runs (10 s loads and loops), or one with --quick (3 s loads, 2 s loops): each figure is
 * then the median and range over the runs, and each ratio is taken within one run.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { seedDatabase } from '../test/support/seed.ts';
import { summarize, type BenchOptions, type Figure, type FigureModule } from './figure.ts';
import { assertPostgresReachable, scratchDatabase, startLoadServer, WITHOUT_RATE_LIMITS, type Database } from './server.ts';

const DATABASES: Database[] = ['sqlite', 'postgres'];
/** The concurrencies tried for every load; the one with the higher rate is reported. */
const CONNECTIONS = [16, 64];
const WARMUP_S = 2;
const CHILD = fileURLToPath(new URL('./bounds-child.ts', import.meta.url));
/** A child that has not answered by then is stuck; the bench fails rather than hangs. */
const CHILD_TIMEOUT_MS = 60_000;

const REALM = 'bench';
const CLIENT_ID = 'svc';
const CLIENT_SECRET = 'svc-secret';
const USERNAME = 'bench-user';
const PASSWORD = 'bench-password-1';

/** One HTTP request to repeat under load. */
interface Target {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What one load at the reported concurrency gave. */
interface LoadResult {
  /** Successful (2xx) responses per second. */
  rate: number;
  p50: number;
  p99: number;
  connections: number;
  /** CPU time of this process (the load generator) per wall time, in % of one core. */
  loadCpu: number;
}

interface LoadSamples {
  rate: number[];
  p50: number[];
  p99: number[];
  connections: number[];
  ratio: number[];
  loadCpu: number[];
}

interface ServerSamples {
  clientCredentials: LoadSamples;
  password: LoadSamples;
}

interface BoundSamples {
  /** The machine's 1-minute load average as a run starts: other work on the cores shows here. */
  loadAverage: number[];
  rs256OneCore: number[];
  rs256TwoCores: number[];
  argon2: number[];
  oidcProvider: LoadSamples;
}

const emptyLoad = (): LoadSamples => ({ rate: [], p50: [], p99: [], connections: [], ratio: [], loadCpu: [] });

/** The token figure module: grants per second at saturation, per database, and their bounds. */
export const tokenFigures: FigureModule = {
  name: 'tokens',
  async run(opts: BenchOptions): Promise<Figure[]> {
    began = performance.now();
    await assertPostgresReachable();
    const runs = opts.quick ? 1 : 3;
    const durationS = opts.quick ? 3 : 10;
    // CPU-bound loops settle within a second; they get the load duration, less in --quick.
    const loopMs = opts.quick ? 2_000 : durationS * 1000;
    progress(`${runs} run(s) of ${durationS} s loads at ${CONNECTIONS.join(' and ')} connections, after ${WARMUP_S} s of warm-up`);

    const bounds: BoundSamples = { loadAverage: [], rs256OneCore: [], rs256TwoCores: [], argon2: [], oidcProvider: emptyLoad() };
    const servers = new Map<Database, ServerSamples>(DATABASES.map((db) => [db, { clientCredentials: emptyLoad(), password: emptyLoad() }]));
    for (let run = 1; run <= runs; run++) {
      progress(`run ${run}/${runs}: bounds`);
      bounds.loadAverage.push(round1(os.loadavg()[0]!));
      const { argon2Rate, oidcRate } = await measureBounds(loopMs, durationS, bounds);

      for (const db of DATABASES) {
        progress(`run ${run}/${runs}: ${db}`);
        const samples = servers.get(db)!;
        const { clientCredentials, password } = await measureServer(db, durationS, opts.cpuProfDir);
        addLoad(samples.clientCredentials, clientCredentials, oidcRate);
        addLoad(samples.password, password, argon2Rate);
      }
    }

    // Figure-major order, so that the table puts SQLite and PostgreSQL side by side.
    const figures: Figure[] = [];
    const perDb = (name: string, unit: string, pick: (s: ServerSamples) => number[]) => {
      for (const db of DATABASES) figures.push(summarize(name, unit, pick(servers.get(db)!), { database: db }));
    };
    const loadRows = (label: string, pick: (s: ServerSamples) => LoadSamples, bound: string) => {
      perDb(label, 'req/s', (s) => pick(s).rate);
      perDb(`${label} p50`, 'ms', (s) => pick(s).p50);
      perDb(`${label} p99`, 'ms', (s) => pick(s).p99);
      perDb(`${label} connections`, 'conn', (s) => pick(s).connections);
      perDb(`${label} ÷ ${bound}`, '%', (s) => pick(s).ratio);
      perDb(`${label}, load generator CPU`, '%', (s) => pick(s).loadCpu);
    };
    loadRows('client credentials', (s) => s.clientCredentials, 'bare oidc-provider');
    loadRows('password logins', (s) => s.password, 'argon2id hashes');
    const op = bounds.oidcProvider;
    figures.push(
      summarize('bound: RS256 signatures, 1 core', 'sig/s', bounds.rs256OneCore),
      summarize('bound: RS256 signatures, 2 cores', 'sig/s', bounds.rs256TwoCores),
      summarize('bound: argon2id hashes, all cores', 'hash/s', bounds.argon2),
      summarize('bound: bare oidc-provider', 'req/s', op.rate),
      summarize('bound: bare oidc-provider p50', 'ms', op.p50),
      summarize('bound: bare oidc-provider p99', 'ms', op.p99),
      summarize('bound: bare oidc-provider connections', 'conn', op.connections),
      summarize('bound: bare oidc-provider, load generator CPU', '%', op.loadCpu),
      // Unitless, like uptime's; two cores busy with nothing else read as about 2.
      summarize('machine load average (1 min) as a run starts', 'load', bounds.loadAverage),
    );
    return figures;
  },
};

/** When the module's run began, for the progress lines. */
let began = performance.now();

function progress(message: string): void {
  process.stderr.write(`bench: tokens: ${message} (at ${((performance.now() - began) / 1000).toFixed(0)} s)\n`);
}

function addLoad(samples: LoadSamples, result: LoadResult, bound?: number): void {
  samples.rate.push(round1(result.rate));
  samples.p50.push(result.p50);
  samples.p99.push(result.p99);
  samples.connections.push(result.connections);
  samples.loadCpu.push(round1(result.loadCpu));
  if (bound !== undefined) samples.ratio.push(round1((100 * result.rate) / bound));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A fresh, seeded database and a server on it; both grants are measured on the same server. */
async function measureServer(db: Database, durationS: number, cpuProfDir?: string): Promise<{ clientCredentials: LoadResult; password: LoadResult }> {
  const scratch = await scratchDatabase(db);
  try {
    await seedDatabase(scratch.options, [
      {
        name: REALM,
        settings: { ...WITHOUT_RATE_LIMITS },
        clients: [{ clientId: CLIENT_ID, secret: CLIENT_SECRET, publicClient: false, serviceAccountsEnabled: true, directAccessGrantsEnabled: true }],
        users: [{ username: USERNAME, password: PASSWORD }],
      },
    ]);
    const nodeArgs = cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', cpuProfDir];
    const server = await startLoadServer(scratch.args, nodeArgs);
    try {
      const url = `http://127.0.0.1:${server.port}/realms/${REALM}/protocol/openid-connect/token`;
      const clientCredentials = await saturate(tokenRequest(url, { grant_type: 'client_credentials' }), durationS);
      const password = await saturate(tokenRequest(url, { grant_type: 'password', username: USERNAME, password: PASSWORD }), durationS);
      return { clientCredentials, password };
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.dispose();
  }
}

/**
 * The bounds of one run. The loops run in two children and the bare oidc-provider in a third,
 * all started together so that their start-up overlaps; a child waiting for its turn is idle.
 */
async function measureBounds(loopMs: number, durationS: number, bounds: BoundSamples): Promise<{ argon2Rate: number; oidcRate: number }> {
  const children = [startChild(['loops']), startChild(['loops']), startChild(['oidc-provider'])] as const;
  try {
    const [a, b] = children;
    const [, , endpoint] = (await Promise.all(children.map((c) => c.next()))) as [unknown, unknown, { port: number; tokenPath: string }];
    bounds.rs256OneCore.push(round1(await childLoops([a], { setup: 'rs256' }, loopMs)));
    bounds.rs256TwoCores.push(round1(await childLoops([a, b], { setup: 'rs256' }, loopMs)));
    // Twice as many hashes in flight as cores, on libuv's thread pool: every core stays busy.
    const argon2Rate = await childLoops([a], { setup: 'argon2', inFlight: 2 * os.availableParallelism() }, loopMs);
    bounds.argon2.push(round1(argon2Rate));
    const request = tokenRequest(`http://127.0.0.1:${endpoint.port}${endpoint.tokenPath}`, { grant_type: 'client_credentials' });
    const result = await saturate(request, durationS);
    addLoad(bounds.oidcProvider, result);
    return { argon2Rate, oidcRate: result.rate };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

function tokenRequest(url: string, form: Record<string, string>): Target {
  return {
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
    },
    body: new URLSearchParams(form).toString(),
  };
}

/** Checks that the request issues a token, warms up, and loads at each concurrency; the faster wins. */
async function saturate(target: Target, durationS: number): Promise<LoadResult> {
  const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('"access_token"')) {
    throw new Error(`${target.url} answered ${response.status} instead of a token: ${text.slice(0, 300)}`);
  }
  await load(target, CONNECTIONS[0]!, WARMUP_S);
  let best: LoadResult | undefined;
  for (const connections of CONNECTIONS) {
    const result = await load(target, connections, durationS);
    if (best === undefined || result.rate > best.rate) best = result;
  }
  return best!;
}

/** One autocannon load; fails if any response is not a 2xx or a request errs, so no rate counts failures. */
async function load(target: Target, connections: number, durationS: number): Promise<LoadResult> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: target.body,
    connections,
    duration: durationS,
  });
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${target.url} at ${connections} connections: ${result.non2xx} non-2xx responses and ${result.errors} errors of ${result.requests.total}`);
  }
  return {
    rate: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    connections,
    loadCpu: (100 * (cpu.user + cpu.system)) / 1000 / wallMs,
  };
}

/** A bounds child process, read as JSON lines. */
export interface Child {
  /** The next JSON line the child prints. */
  next(): Promise<unknown>;
  /** Writes one JSON command line to the child's stdin. */
  send(command: object): void;
  stop(): Promise<void>;
}

export function startChild(args: string[]): Child {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS'));
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
  // A failed spawn also ends in 'exit'; the rejection of once() for its 'error' is not the news.
  const exited = once(proc, 'exit').catch(() => undefined);
  // A child that died shows in next(); a write to its closed stdin must not crash the bench.
  proc.stdin!.on('error', () => undefined);
  let stderr = '';
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  const lines = readline.createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<unknown> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`bounds child ${args[0]} did not answer: ${stderr.trim()}`)), CHILD_TIMEOUT_MS);
    });
    try {
      for (;;) {
        const line = await Promise.race([lines.next(), timeout]);
        if (line.done) throw new Error(`bounds child ${args[0]} exited early: ${stderr.trim()}`);
        if (line.value.startsWith('{')) return JSON.parse(line.value) as unknown;
      }
    } finally {
      clearTimeout(timer);
    }
  };
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const kill = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(kill);
  };
  const send = (command: object) => void proc.stdin!.write(`${JSON.stringify(command)}\n`);
  return { next, send, stop };
}

/**
 * Sets the same loop up in each child, starts them together once all are warm, and returns
 * their summed rate in operations per second.
 */
export async function childLoops(children: Child[], setup: { setup: 'rs256' | 'argon2'; inFlight?: number }, ms: number): Promise<number> {
  for (const c of children) c.send(setup);
  await Promise.all(children.map((c) => c.next()));
  for (const c of children) c.send({ go: ms });
  const results = (await Promise.all(children.map((c) => c.next()))) as { ops: number; ms: number }[];
  return results.reduce((sum, r) => sum + (r.ops * 1000) / r.ms, 0);
}
