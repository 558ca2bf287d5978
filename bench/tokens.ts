/**
 * Token figures: how many token requests of each kind per second the compiled server answers at
 * saturation, with their p50/p99 latency, on SQLite and on PostgreSQL, each beside the bound
 * measured in the same run on the same machine:
 *
 * - client-credentials grants ÷ a bare oidc-provider issuing RS256 JWT client-credentials
 *   tokens, as Gatehouse (and Keycloak) signs its access tokens; the bare provider's opaque
 *   tokens (no signature) are printed beside it for context, not as a bound;
 * - password-grant logins ÷ argon2id hashes per second at Keycloak 26's parameters, on every core;
 * - refresh-token grants, userinfo and token introspection ÷ the same bare oidc-provider
 *   serving the same request;
 * - RS256 signatures per second with jose (a ~1 KB Keycloak-shaped access token), on 1 and 2
 *   cores, for reading the others;
 * - the server's resident memory after its load runs, before it stops.
 *
 * What each load repeats. Gatehouse: realm `bench` with confidential client `svc` (basic auth)
 * and user `bench-user`; one password grant with scope openid gives the refresh token and the
 * access token (its lifespan set to an hour, longer than any run). The refresh token is sent
 * again and again: Gatehouse keeps refresh tokens reusable, as Keycloak does by default
 * (revokeRefreshToken=false), and a refused refresh fails the load. The bare provider: one real
 * authorization-code flow per run (scope `openid offline_access profile email` with
 * prompt=consent, as the engine requires for a refresh token), through a sign-in page of the
 * child's that signs its one user in at once. Its refresh requests name the JWT resource, so
 * that each answer carries an RS256 JWT access token and an RS256 ID token, as Gatehouse's
 * does. Its userinfo and introspection take the opaque access token of that flow: the engine
 * refuses at userinfo the JWTs it issues for a resource, and introspects only the tokens it
 * stores, which JWTs are not (Gatehouse stores its JWTs too). Every answer of every load must
 * be a 2xx holding a token (userinfo: a `sub`; introspection: `"active":true`), or the load
 * fails, so that no rate counts refusals.
 *
 * Each bound runs in child processes (bench/bounds-child.ts), so that it gets a core as the
 * server does. Load comes from autocannon in this process; its own CPU use is reported, since
 * on a small machine the load generator and the server share the cores.
 *
 * A run: the bounds, then for each database a fresh scratch database seeded as above and a
 * server on it. Every load is a warm-up, then one fixed-duration load per concurrency tried,
 * of which the faster is reported. A full run loads the grants 4 s and the other operations
 * 3 s, each after 1 s of warm-up, at 64 connections (16 and 64 were tried in earlier full runs:
 * 64 was as fast or faster for every operation on both databases), with 3 s loops; the module
 * takes about four minutes, so that the whole benchmark stays under ten. Three runs, or one
 * with --quick (every load 0.5 s after 0.5 s of warm-up, 0.5 s loops; about 25 s, a check that
 * the script still runs): each figure is then the median and range over the runs, and each ratio
 * is taken within one run.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { seedDatabase } from '../test/support/seed.ts';
import type { BareProviderEndpoint } from './bounds-child.ts';
import { AFTER_LOAD_RSS_BOUND_MB, summarize, type BenchOptions, type Figure, type FigureModule } from './figure.ts';
import { assertPostgresReachable, scratchDatabase, startLoadServer, WITHOUT_RATE_LIMITS, type Database } from './server.ts';

const DATABASES: Database[] = ['sqlite', 'postgres'];
const CHILD = fileURLToPath(new URL('./bounds-child.ts', import.meta.url));
/** A child that has not answered by then is stuck; the bench fails rather than hangs. */
const CHILD_TIMEOUT_MS = 60_000;

const REALM = 'bench';
const CLIENT_ID = 'svc';
const CLIENT_SECRET = 'svc-secret';
const USERNAME = 'bench-user';
const PASSWORD = 'bench-password-1';
/** Seconds an access token lives on the server: longer than any run, so that the one token used under load stays valid. */
const ACCESS_TOKEN_LIFESPAN_S = 3600;

/** How one operation is loaded: the concurrencies tried (the faster is reported), for how long each, after a warm-up. */
interface LoadShape {
  connections: number[];
  seconds: number;
  warmupS: number;
}

/** Grants are the module's headline figures; the other operations get one concurrency and shorter loads. */
interface LoadPlan {
  grants: LoadShape;
  others: LoadShape;
  loopMs: number;
  runs: number;
}

const FULL: LoadPlan = {
  grants: { connections: [64], seconds: 4, warmupS: 1 },
  others: { connections: [64], seconds: 3, warmupS: 1 },
  loopMs: 3_000,
  runs: 3,
};

/** A check that every load still runs, as CI makes it: one short load each, no figure to quote. */
const QUICK: LoadPlan = {
  grants: { connections: [64], seconds: 0.5, warmupS: 0.5 },
  others: { connections: [64], seconds: 0.5, warmupS: 0.5 },
  loopMs: 500,
  runs: 1,
};

/** One HTTP request to repeat under load, and what every good answer holds. */
interface Target {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** A piece of every good answer's body, e.g. `"active":true`: an answer without it fails the load. */
  expect: string;
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

/** The operations measured on the server and on the bare provider alike, each against its own bound. */
const OPERATIONS = ['refresh', 'userinfo', 'introspection'] as const;
type Operation = (typeof OPERATIONS)[number];

/** Figure names of the operations. */
const OPERATION_LABELS: Record<Operation, string> = {
  refresh: 'refresh-token grants',
  userinfo: 'userinfo',
  introspection: 'introspection',
};

interface ServerSamples extends Record<Operation, LoadSamples> {
  clientCredentials: LoadSamples;
  password: LoadSamples;
  /** Resident memory after the load runs, in MB. */
  rssMb: number[];
}

interface BoundSamples extends Record<Operation, LoadSamples> {
  /** The machine's 1-minute load average as a run starts: other work on the cores shows here. */
  loadAverage: number[];
  rs256OneCore: number[];
  rs256TwoCores: number[];
  argon2: number[];
  /** The bare provider's RS256 JWT client-credentials tokens: the bound for client credentials. */
  clientCredentials: LoadSamples;
  /** The bare provider's opaque client-credentials tokens, for context. */
  opaqueClientCredentials: LoadSamples;
}

/** The rates of one run that the server's rates are divided by. */
interface BoundRates extends Record<Operation, number> {
  argon2: number;
  clientCredentials: number;
}

const emptyLoad = (): LoadSamples => ({ rate: [], p50: [], p99: [], connections: [], ratio: [], loadCpu: [] });

/** The token figure module: requests per second at saturation, per database, and their bounds. */
export const tokenFigures: FigureModule = {
  name: 'tokens',
  async run(opts: BenchOptions): Promise<Figure[]> {
    began = performance.now();
    await assertPostgresReachable();
    const plan = opts.quick ? QUICK : FULL;
    const describe = (shape: LoadShape) => `${shape.seconds} s at ${shape.connections.join(' and ')} connections after ${shape.warmupS} s of warm-up`;
    progress(`${plan.runs} run(s); grants ${describe(plan.grants)}; other operations ${describe(plan.others)}`);

    const bounds: BoundSamples = {
      loadAverage: [],
      rs256OneCore: [],
      rs256TwoCores: [],
      argon2: [],
      clientCredentials: emptyLoad(),
      opaqueClientCredentials: emptyLoad(),
      refresh: emptyLoad(),
      userinfo: emptyLoad(),
      introspection: emptyLoad(),
    };
    const emptyServer = (): ServerSamples => ({
      clientCredentials: emptyLoad(),
      password: emptyLoad(),
      refresh: emptyLoad(),
      userinfo: emptyLoad(),
      introspection: emptyLoad(),
      rssMb: [],
    });
    const servers = new Map<Database, ServerSamples>(DATABASES.map((db) => [db, emptyServer()]));
    for (let run = 1; run <= plan.runs; run++) {
      progress(`run ${run}/${plan.runs}: bounds`);
      bounds.loadAverage.push(round1(os.loadavg()[0]!));
      const rates = await measureBounds(plan, bounds);

      for (const db of DATABASES) {
        progress(`run ${run}/${plan.runs}: ${db}`);
        const samples = servers.get(db)!;
        const result = await measureServer(db, plan, opts.cpuProfDir);
        addLoad(samples.clientCredentials, result.clientCredentials, rates.clientCredentials);
        addLoad(samples.password, result.password, rates.argon2);
        for (const operation of OPERATIONS) addLoad(samples[operation], result[operation], rates[operation]);
        samples.rssMb.push(round1(result.rssMb));
      }
    }
    progress('done');

    // Figure-major order, so that the table puts SQLite and PostgreSQL side by side.
    const figures: Figure[] = [];
    const perDb = (name: string, unit: string, pick: (s: ServerSamples) => number[], bound?: number) => {
      for (const db of DATABASES) figures.push(summarize(name, unit, pick(servers.get(db)!), bound === undefined ? { database: db } : { database: db, bound }));
    };
    const loadRows = (label: string, pick: (s: ServerSamples) => LoadSamples, bound: string) => {
      perDb(label, 'req/s', (s) => pick(s).rate);
      perDb(`${label} p50`, 'ms', (s) => pick(s).p50);
      perDb(`${label} p99`, 'ms', (s) => pick(s).p99);
      perDb(`${label} connections`, 'conn', (s) => pick(s).connections);
      perDb(`${label} ÷ ${bound}`, '%', (s) => pick(s).ratio);
      perDb(`${label}, load generator CPU`, '%', (s) => pick(s).loadCpu);
    };
    const bareRows = (label: string, samples: LoadSamples) => {
      figures.push(
        summarize(label, 'req/s', samples.rate),
        summarize(`${label} p50`, 'ms', samples.p50),
        summarize(`${label} p99`, 'ms', samples.p99),
        summarize(`${label} connections`, 'conn', samples.connections),
        summarize(`${label}, load generator CPU`, '%', samples.loadCpu),
      );
    };
    loadRows('client credentials', (s) => s.clientCredentials, 'bare oidc-provider (RS256 JWT)');
    loadRows('password logins', (s) => s.password, 'argon2id hashes');
    for (const operation of OPERATIONS) loadRows(OPERATION_LABELS[operation], (s) => s[operation], 'bare oidc-provider');
    perDb('RSS after token load runs', 'MB', (s) => s.rssMb, AFTER_LOAD_RSS_BOUND_MB);
    figures.push(
      summarize('bound: RS256 signatures, 1 core', 'sig/s', bounds.rs256OneCore),
      summarize('bound: RS256 signatures, 2 cores', 'sig/s', bounds.rs256TwoCores),
      summarize('bound: argon2id hashes, all cores', 'hash/s', bounds.argon2),
    );
    bareRows('bound: bare oidc-provider, client credentials (RS256 JWT)', bounds.clientCredentials);
    for (const operation of OPERATIONS) bareRows(`bound: bare oidc-provider, ${OPERATION_LABELS[operation]}`, bounds[operation]);
    bareRows('bare oidc-provider, opaque tokens', bounds.opaqueClientCredentials);
    // Unitless, like uptime's; two cores busy with nothing else read as about 2.
    figures.push(summarize('machine load average (1 min) as a run starts', 'load', bounds.loadAverage));
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

type ServerResult = Record<Operation | 'clientCredentials' | 'password', LoadResult> & { rssMb: number };

/** A fresh, seeded database and a server on it; every operation is measured on the same server. */
async function measureServer(db: Database, plan: LoadPlan, cpuProfDir?: string): Promise<ServerResult> {
  const scratch = await scratchDatabase(db);
  progress(`  ${db}: seeding and starting the server`);
  try {
    await seedDatabase(scratch.options, [
      {
        name: REALM,
        settings: { ...WITHOUT_RATE_LIMITS, accessTokenLifespan: ACCESS_TOKEN_LIFESPAN_S },
        clients: [{ clientId: CLIENT_ID, secret: CLIENT_SECRET, publicClient: false, serviceAccountsEnabled: true, directAccessGrantsEnabled: true }],
        users: [{ username: USERNAME, password: PASSWORD }],
      },
    ]);
    const nodeArgs = cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', cpuProfDir];
    const server = await startLoadServer(scratch.args, nodeArgs);
    progress(`  ${db}: server ready`);
    try {
      const protocol = `http://127.0.0.1:${server.port}/realms/${REALM}/protocol/openid-connect`;
      const tokenUrl = `${protocol}/token`;
      const measure = async (label: string, target: Target, shape: LoadShape) => {
        const result = await saturate(target, shape);
        progress(`  ${db}, ${label}: ${result.rate.toFixed(1)}/s at ${result.connections} connections, p50 ${result.p50} ms, p99 ${result.p99} ms`);
        return result;
      };
      const clientCredentials = await measure('client credentials', tokenRequest(tokenUrl, { grant_type: 'client_credentials' }), plan.grants);
      const password = await measure('password logins', tokenRequest(tokenUrl, { grant_type: 'password', username: USERNAME, password: PASSWORD }), plan.grants);
      const tokens = await issuedTokens(tokenRequest(tokenUrl, { grant_type: 'password', username: USERNAME, password: PASSWORD, scope: 'openid' }));
      const refresh = await measure('refresh-token grants', tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken }), plan.others);
      const userinfo = await measure('userinfo', userinfoRequest(`${protocol}/userinfo`, tokens.accessToken), plan.others);
      const introspection = await measure('introspection', introspectionRequest(`${tokenUrl}/introspect`, tokens.accessToken), plan.others);
      // After every load, before the stop: what the process holds once it has served them all.
      const rssMb = await server.rssMb();
      return { clientCredentials, password, refresh, userinfo, introspection, rssMb };
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
 * The bare provider's loads run one after another, after the loops.
 */
async function measureBounds(plan: LoadPlan, bounds: BoundSamples): Promise<BoundRates> {
  const children = [startChild(['loops']), startChild(['loops']), startChild(['oidc-provider'])] as const;
  try {
    const [a, b] = children;
    const [, , endpoint] = (await Promise.all(children.map((c) => c.next()))) as [unknown, unknown, BareProviderEndpoint];
    bounds.rs256OneCore.push(round1(await childLoops([a], { setup: 'rs256' }, plan.loopMs)));
    bounds.rs256TwoCores.push(round1(await childLoops([a, b], { setup: 'rs256' }, plan.loopMs)));
    // Twice as many hashes in flight as cores, on libuv's thread pool: every core stays busy.
    const argon2 = await childLoops([a], { setup: 'argon2', inFlight: 2 * os.availableParallelism() }, plan.loopMs);
    bounds.argon2.push(round1(argon2));

    const origin = `http://127.0.0.1:${endpoint.port}`;
    const tokenUrl = `${origin}${endpoint.tokenPath}`;
    const measure = async (samples: LoadSamples, target: Target, shape: LoadShape) => {
      const result = await saturate(target, shape);
      addLoad(samples, result);
      return result.rate;
    };
    const clientCredentials = await measure(bounds.clientCredentials, tokenRequest(tokenUrl, { grant_type: 'client_credentials' }), plan.grants);
    await measure(bounds.opaqueClientCredentials, tokenRequest(tokenUrl, { grant_type: 'client_credentials' }, endpoint.clients.opaque), plan.others);
    const tokens = await bareProviderTokens(endpoint);
    const refreshRequest = tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken, resource: endpoint.jwtResource });
    const refresh = await measure(bounds.refresh, refreshRequest, plan.others);
    const userinfo = await measure(bounds.userinfo, userinfoRequest(`${origin}${endpoint.userinfoPath}`, tokens.accessToken), plan.others);
    const introspection = await measure(bounds.introspection, introspectionRequest(`${origin}${endpoint.introspectionPath}`, tokens.accessToken), plan.others);
    return { argon2, clientCredentials, refresh, userinfo, introspection };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

/** The tokens of one sign-in: a refresh token to repeat, and an access token to present. */
interface SignInTokens {
  refreshToken: string;
  accessToken: string;
}

/** Sends a token request once and reads its refresh and access tokens. */
async function issuedTokens(request: Target): Promise<SignInTokens> {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  const text = await response.text();
  const body = (response.status === 200 ? JSON.parse(text) : {}) as { refresh_token?: unknown; access_token?: unknown };
  if (typeof body.refresh_token !== 'string' || typeof body.access_token !== 'string') {
    throw new Error(`${request.url} answered ${response.status} without a refresh and an access token: ${text.slice(0, 300)}`);
  }
  return { refreshToken: body.refresh_token, accessToken: body.access_token };
}

/**
 * Signs in at the bare provider through an authorization-code flow, as a browser would: follow
 * the redirects with the provider's cookies (its sign-in page signs in at once), stop at the
 * redirect URI, and exchange the code there for the tokens.
 */
async function bareProviderTokens(endpoint: BareProviderEndpoint): Promise<SignInTokens> {
  const origin = `http://127.0.0.1:${endpoint.port}`;
  const query = new URLSearchParams({
    client_id: endpoint.clients.jwt,
    response_type: 'code',
    redirect_uri: endpoint.redirectUri,
    scope: 'openid offline_access profile email',
    prompt: 'consent',
  });
  const cookies = new Map<string, string>();
  let url = `${origin}${endpoint.authorizationPath}?${query}`;
  // authorization → sign-in page → authorization again → redirect URI; a few more hops are slack.
  for (let hop = 0; hop < 8; hop++) {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') } });
    await response.arrayBuffer();
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0]!;
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = response.headers.get('location');
    if (location === null) throw new Error(`the bare provider's authorization flow stopped at ${url} with ${response.status}`);
    const next = new URL(location, url);
    const code = next.searchParams.get('code');
    if (next.href.startsWith(endpoint.redirectUri) && code !== null) {
      return issuedTokens(tokenRequest(`${origin}${endpoint.tokenPath}`, { grant_type: 'authorization_code', code, redirect_uri: endpoint.redirectUri }));
    }
    url = next.href;
  }
  throw new Error(`the bare provider's authorization flow did not reach ${endpoint.redirectUri}`);
}

/** Client authentication as Keycloak's adapters send it: HTTP basic with the client's id and secret. */
function basicAuth(clientId: string): string {
  return `Basic ${Buffer.from(`${clientId}:${CLIENT_SECRET}`).toString('base64')}`;
}

function tokenRequest(url: string, form: Record<string, string>, clientId = CLIENT_ID): Target {
  return {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(clientId) },
    body: new URLSearchParams(form).toString(),
    expect: '"access_token"',
  };
}

function userinfoRequest(url: string, accessToken: string): Target {
  return { url, method: 'GET', headers: { authorization: `Bearer ${accessToken}` }, expect: '"sub"' };
}

function introspectionRequest(url: string, token: string): Target {
  return {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(CLIENT_ID) },
    body: new URLSearchParams({ token }).toString(),
    expect: '"active":true',
  };
}

/** Checks that the request is answered as expected, warms up, and loads at each concurrency; the faster wins. */
async function saturate(target: Target, shape: LoadShape): Promise<LoadResult> {
  await requestOnce(target);
  await load(target, shape.connections[0]!, shape.warmupS);
  let best: LoadResult | undefined;
  for (const connections of shape.connections) {
    // The requests the previous load left in flight are still being served (a queue of password
    // hashes takes about a second on a slow machine); one request more returns behind them, so
    // that the next window starts on a server with nothing left over.
    await requestOnce(target);
    const result = await load(target, connections, shape.seconds);
    if (best === undefined || result.rate > best.rate) best = result;
  }
  return best!;
}

/** One request to the target, which must succeed. */
async function requestOnce(target: Target): Promise<void> {
  const response = await fetch(target.url, { method: target.method, headers: target.headers, body: target.body });
  const text = await response.text();
  if (response.status !== 200 || !text.includes(target.expect)) {
    throw new Error(`${target.url} answered ${response.status} without ${target.expect}: ${text.slice(0, 300)}`);
  }
}

/**
 * One autocannon load; fails if any response is not a 2xx, lacks the expected piece, or a
 * request errs, so that no rate counts failures.
 */
async function load(target: Target, connections: number, durationS: number): Promise<LoadResult> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await autocannon({
    url: target.url,
    method: target.method,
    headers: target.headers,
    ...(target.body === undefined ? {} : { body: target.body }),
    verifyBody: (body) => body !== undefined && body.includes(target.expect),
    connections,
    duration: durationS,
    // autocannon notices that the duration is over only when it takes a sample: at the default of
    // one sample a second, a 0.5 s load would last a second.
    sampleInt: 250,
  });
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  if (result.non2xx > 0 || result.errors > 0 || result.mismatches > 0) {
    throw new Error(
      `${target.url} at ${connections} connections: ${result.non2xx} non-2xx responses, ${result.mismatches} without ${target.expect} and ${result.errors} errors of ${result.requests.total}`,
    );
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
