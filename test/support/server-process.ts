import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './repo-root.ts';

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface GatehouseProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/**
 * How a test starts the server: from the same kind of code the test runs from. `npm test` runs
 * the tests' build in `dist-test/`, where the compiled server sits beside them (it starts about
 * 1.4 s sooner than through tsx); a test file run with `node --import tsx --test` starts the
 * TypeScript sources.
 */
const compiled = import.meta.url.endsWith('.js');
const entry = compiled
  ? ['--enable-source-maps', fileURLToPath(new URL('../../src/main.js', import.meta.url))]
  : ['--import', 'tsx', fileURLToPath(new URL('../../src/main.ts', import.meta.url))];

/** Runs `gatehouse <args>` as a user would run the CLI. */
export function runGatehouse(args: string[], env: NodeJS.ProcessEnv = {}): GatehouseProcess {
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}

/** GETs a path on 127.0.0.1 and returns status and body. */
export function httpGet(port: number, path: string): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    request.on('error', reject);
  });
}

/** Waits until /health/ready answers 200, or the process exits, or the time runs out. */
export async function waitReady(proc: GatehouseProcess, port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void proc.exited.then(() => (ended = true));
  while (Date.now() < deadline) {
    if (ended) throw new Error(`gatehouse exited before it was ready:\n${proc.stderr()}\n${proc.stdout()}`);
    try {
      if ((await httpGet(port, '/health/ready')).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gatehouse was not ready within ${timeoutMs} ms:\n${proc.stderr()}\n${proc.stdout()}`);
}
