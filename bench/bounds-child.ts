/**
 * The child process behind the token bounds (bench/tokens.ts): each bound runs in a process of
 * its own, as the server does, so that it gets a core of its own and nothing of the bench process.
 *
 *   node --import tsx bench/bounds-child.ts loops            # CPU-bound loops, on command
 *   node --import tsx bench/bounds-child.ts oidc-provider    # a bare oidc-provider server
 *
 * Both print JSON lines on stdout. `loops` prints `{"up":true}`, then reads JSON commands on
 * stdin, one a line: `{"setup":"rs256"}` or `{"setup":"argon2","inFlight":n}` prepares and warms a
 * loop and answers `{"ready":true}`; `{"go":ms}` runs it for that long and answers
 * `{"ops":…,"ms":…}`. The parent starts several children's loops together that way, and starts
 * each child once per run: a Node process with tsx takes a second or two to start on a busy
 * machine. `oidc-provider` prints `{"port":…,"tokenPath":…}` and serves on 127.0.0.1 until SIGTERM.
 * Either ends when its stdin does, so that no child outlives a parent that died.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import type { Algorithm } from '@node-rs/argon2';
import type { JWTPayload } from 'jose';

/** Short enough not to cost the run much, long enough for the JIT and the thread pool to settle. */
const WARMUP_MS = 300;

// Keycloak 26's argon2id defaults. Algorithm is a const enum without a runtime object: 2 is Argon2id.
const ARGON2_OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 7168, timeCost: 5, parallelism: 1, outputLen: 32 };

type Step = () => Promise<unknown>;

function emit(value: object): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Runs `step` in `inFlight` loops for `ms` milliseconds and returns how many steps finished. */
async function loop(step: Step, ms: number, inFlight: number): Promise<{ ops: number; ms: number }> {
  let ops = 0;
  const start = performance.now();
  const end = start + ms;
  const worker = async () => {
    while (performance.now() < end) {
      await step();
      ops++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { ops, ms: performance.now() - start };
}

/** Claims shaped like a Keycloak 26 access token for a user with a few roles: about 1 KB of JSON. */
function accessTokenClaims(): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    exp: now + 300,
    iat: now,
    auth_time: now,
    jti: `onrtac:${randomUUID()}`,
    iss: 'http://127.0.0.1:8080/realms/bench',
    aud: ['account', 'svc-backend'],
    sub: randomUUID(),
    typ: 'Bearer',
    azp: 'svc',
    sid: randomUUID(),
    acr: '1',
    'allowed-origins': ['http://127.0.0.1:3000'],
    realm_access: { roles: ['default-roles-bench', 'offline_access', 'uma_authorization', 'bench-reader', 'bench-writer'] },
    resource_access: {
      account: { roles: ['manage-account', 'manage-account-links', 'view-profile'] },
      'svc-backend': { roles: ['orders:read', 'orders:write', 'invoices:read'] },
    },
    scope: 'openid profile email',
    email_verified: true,
    name: 'Bench User',
    preferred_username: 'bench-user',
    given_name: 'Bench',
    family_name: 'User',
    email: 'bench-user@example.test',
    tenant: randomBytes(96).toString('base64url'),
  };
}

/** One sequential RS256 signature of a fresh-looking access token, as the server signs each one. */
async function rs256Step(): Promise<Step> {
  const { generateKeyPair, SignJWT } = await import('jose');
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const claims = accessTokenClaims();
  const header = { alg: 'RS256', typ: 'JWT', kid: randomBytes(16).toString('base64url') };
  return () => new SignJWT(claims).setProtectedHeader(header).sign(privateKey);
}

/** One argon2id hash at Keycloak's parameters, on libuv's thread pool. */
async function argon2Step(): Promise<Step> {
  const { hash } = await import('@node-rs/argon2');
  return () => hash('bench-password-1', ARGON2_OPTIONS);
}

interface Command {
  setup?: 'rs256' | 'argon2';
  inFlight?: number;
  go?: number;
}

async function loops(): Promise<void> {
  const commands = readline.createInterface({ input: process.stdin });
  let step: Step | undefined;
  let inFlight = 1;
  emit({ up: true });
  for await (const line of commands) {
    const command = JSON.parse(line) as Command;
    if (command.setup !== undefined) {
      step = command.setup === 'rs256' ? await rs256Step() : await argon2Step();
      inFlight = command.inFlight ?? 1;
      await loop(step, WARMUP_MS, inFlight);
      emit({ ready: true });
    } else if (command.go !== undefined && step !== undefined) {
      emit(await loop(step, command.go, inFlight));
    } else {
      throw new Error(`bounds-child: unexpected command ${line}`);
    }
  }
}

async function oidcProvider(): Promise<void> {
  const { default: Provider } = await import('oidc-provider');
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [{ client_id: 'svc', client_secret: 'svc-secret', grant_types: ['client_credentials'], redirect_uris: [], response_types: [] }],
    features: { clientCredentials: { enabled: true } },
  });
  server.on('request', provider.callback());
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
  process.stdin.once('end', () => process.exit(0)).resume();
  emit({ port, tokenPath: '/token' });
}

const mode = process.argv[2];
if (mode === 'loops') {
  await loops();
  process.exit(0);
} else if (mode === 'oidc-provider') {
  await oidcProvider();
} else {
  process.stderr.write(`bounds-child: unknown mode ${mode}\n`);
  process.exit(2);
}
