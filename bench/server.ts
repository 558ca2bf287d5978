/**
 * Starting and stopping the compiled server against a scratch database, for figure modules.
 * Everything talks to 127.0.0.1 only, and every scratch directory or database is removed again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { DatabaseOptions } from '../src/storage/sql/sql-store.ts';
import { BenchSetupError } from './figure.ts';

/** The database vendors the server supports, as spelled by `--db`. */
export type Database = 'sqlite' | 'postgres';

const BIN = fileURLToPath(new URL('../bin/gatehouse.js', import.meta.url));
const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const POLL_MS = 5;
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/** A free TCP port on 127.0.0.1: the kernel picks one for port 0, and we release it at once. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Fails with a one-line reason when PostgreSQL does not answer, so no figure is skipped silently. */
export async function assertPostgresReachable(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new BenchSetupError(
      `PostgreSQL is not reachable at 127.0.0.1:5432 as user postgres (${(error as Error).message}); start it and run the benchmark again`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty database for one run: the `--db…` arguments that select it, and how to remove it. */
export interface ScratchDatabase {
  args: string[];
  /** The same database for opening a store in the bench process, e.g. to seed it before a start. */
  options: DatabaseOptions;
  dispose(): Promise<void>;
}

/** Creates an empty SQLite data directory or PostgreSQL database. */
export async function scratchDatabase(db: Database): Promise<ScratchDatabase> {
  if (db === 'sqlite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gh-bench-'));
    return {
      args: ['--db', 'sqlite', '--data-dir', dir],
      options: { kind: 'sqlite', file: path.join(dir, 'gatehouse.db') },
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  }
  // The name is generated here, never user input, so interpolating it into DDL is safe.
  const name = `gh_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  return {
    args: ['--db', 'postgres', '--db-url', url],
    options: { kind: 'postgres', connectionString: url, poolMax: 2 },
    // FORCE ends connections a killed server may have left behind, so the drop cannot hang.
    dispose: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A running server, ready to serve. */
export interface RunningServer {
  pid: number;
  port: number;
  /** Milliseconds from just before `spawn` to the first 200 from `/health/ready`. */
  readyMs: number;
  /** The server's own figure: process uptime when it logged that it was ready. */
  startupMs: number;
  /** Resident set size now, in MB (MiB: /proc reports KiB). */
  rssMb(): Promise<number>;
  /** SIGTERM, then SIGKILL if the process is still there after 5 s. */
  stop(): Promise<void>;
}

/** A server started for load: it logs warnings only, so it has no `startupMs` line to report. */
export type LoadServer = Omit<RunningServer, 'startupMs'>;

/** A spawned server process, not yet known to be ready. */
interface Spawned {
  child: ChildProcess;
  port: number;
  started: number;
  exited: Promise<void>;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Spawns `gatehouse start-dev` from dist/ on a free port. The environment's GATEHOUSE_* and
 * KC_* variables (and NODE_OPTIONS) are dropped so that they cannot change the figures.
 */
async function spawnServer(dbArgs: string[], serverArgs: string[] = [], nodeArgs: string[] = []): Promise<Spawned> {
  const port = await freePort();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(GATEHOUSE_|KC_)/.test(key) && key !== 'NODE_OPTIONS'),
  );
  const args = [...nodeArgs, BIN, 'start-dev', '--http-port', String(port), '--http-host', '127.0.0.1', ...serverArgs, ...dbArgs];
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { child, port, started, exited, stderr: () => stderr, stop: () => stopChild(child, exited) };
}

/** Starts the server on a free port and waits until it is ready and has logged its startup time. */
export async function startServer(dbArgs: string[]): Promise<RunningServer> {
  const { child, port, started, stderr, stop } = await spawnServer(dbArgs);
  const startupMs = readyLogLine(child);
  // Marked as handled: if readiness fails first, that is the error worth reporting.
  startupMs.catch(() => undefined);
  try {
    const readyMs = await waitUntilReady(port, started, child, stderr);
    const pid = child.pid!;
    return { pid, port, readyMs, startupMs: await startupMs, rssMb: () => residentMb(pid), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts the server for a load test: `--log-level warn`, so that request logging costs nothing
 * the figures would show, and `nodeArgs` (e.g. `--cpu-prof`) before the script.
 */
export async function startLoadServer(dbArgs: string[], nodeArgs: string[] = []): Promise<LoadServer> {
  const { child, port, started, stderr, stop } = await spawnServer(dbArgs, ['--log-level', 'warn'], nodeArgs);
  // Drained, keeping the end: warnings under load must neither block the server nor pile up here.
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout = (stdout + chunk).slice(-4096)));
  try {
    const readyMs = await waitUntilReady(port, started, child, () => stderr() || stdout);
    const pid = child.pid!;
    return { pid, port, readyMs, rssMb: () => residentMb(pid), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves with `startupMs` from the JSON log line the server writes once it is ready. */
function readyLogLine(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const missing = () => reject(new Error('the server logged no line with startupMs'));
    // unref: a server that never logs the line must not keep the benchmark alive on its own.
    const timer = setTimeout(missing, READY_TIMEOUT_MS).unref();
    child.once('exit', () => {
      clearTimeout(timer);
      missing();
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as { startupMs?: unknown };
          if (typeof entry.startupMs === 'number') {
            clearTimeout(timer);
            resolve(entry.startupMs);
          }
        } catch {
          // Not every line needs to be JSON; only the ready line matters here.
        }
      }
    });
  });
}

async function waitUntilReady(port: number, started: number, child: ChildProcess, stderr: () => string): Promise<number> {
  while (performance.now() - started < READY_TIMEOUT_MS) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited before it was ready: ${stderr().trim().split('\n').pop() ?? ''}`);
    }
    if ((await readyStatus(port)) === 200) return performance.now() - started;
    await sleep(POLL_MS);
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

/** The status of one `GET /health/ready`, or undefined while nothing listens yet. */
function readyStatus(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    // No keep-alive agent: each probe is a fresh connection, as a load balancer's would be.
    const request = http.get({ host: '127.0.0.1', port, path: '/health/ready', agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.setTimeout(2_000, () => request.destroy());
    request.once('error', () => resolve(undefined));
  });
}

async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kib) / 1024;
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Realm settings that switch off the per-address rate limits: every benchmark request comes
 * from 127.0.0.1, and a limit would turn a throughput figure into a count of 429 answers.
 */
export const WITHOUT_RATE_LIMITS = {
  attributes: { rateLimits: JSON.stringify({ registration: { enabled: false }, login: { enabled: false }, token: { enabled: false } }) },
} as const;
