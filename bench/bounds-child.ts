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
 * machine. `oidc-provider` prints its endpoint (`BareProviderEndpoint`: port, paths, client ids)
 * and serves on 127.0.0.1 until SIGTERM. Either ends when its stdin does, so that no child
 * outlives a parent that died.
 *
 * The bare provider is the bound for Gatehouse's token endpoints, so it does what they do at
 * the least cost the engine allows: client `svc` gets RS256 JWT access tokens by default (a
 * resource server of `features.resourceIndicators` with `accessTokenFormat: 'jwt'`), as
 * Gatehouse's and Keycloak's are; `svc-opaque` gets the engine's opaque ones, for comparison.
 * For refresh tokens, userinfo and introspection, `svc` also runs the authorization-code flow:
 * the child serves its own sign-in page at `/interaction/<uid>`, which signs the one user in and
 * grants the request at once through the engine's interaction API, so that the tokens the bench
 * repeats come out of a real flow. The user's claims are Keycloak's default profile and email.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import type { Algorithm } from '@node-rs/argon2';
import type { JWTPayload } from 'jose';
import type Provider from 'oidc-provider';

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

/** The resource server whose access tokens are RS256 JWTs, as Gatehouse's (and Keycloak's) are. */
const JWT_RESOURCE = 'urn:gatehouse-bench:api';
/** Where the authorization-code flow ends: nothing listens there, the bench reads the code off the redirect. */
const REDIRECT_URI = 'http://127.0.0.1/callback';
/** The one user of the bare provider; every interaction signs them in. */
const ACCOUNT_ID = 'bench-user';
/** Long enough for any run: the bench obtains the tokens once, at start. */
const TOKEN_TTL_S = 3600;

/** What a bare provider serves the bench: its paths and clients. Printed as one JSON line. */
export interface BareProviderEndpoint {
  port: number;
  tokenPath: string;
  authorizationPath: string;
  userinfoPath: string;
  introspectionPath: string;
  redirectUri: string;
  /** The resource to name in a refresh request for an RS256 JWT access token, as the client credentials get by default. */
  jwtResource: string;
  /** Client ids, all with the secret of `svc`: `jwt` gets RS256 JWT access tokens by default, `opaque` opaque ones. */
  clients: { jwt: string; opaque: string };
}

async function oidcProvider(): Promise<void> {
  const { default: Provider } = await import('oidc-provider');
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // An RSA key of Gatehouse's size: the JWT access tokens and ID tokens are RS256, as Gatehouse's are.
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const secret = 'svc-secret';
  const endpoint: BareProviderEndpoint = {
    port,
    tokenPath: '/token',
    authorizationPath: '/auth',
    userinfoPath: '/me',
    introspectionPath: '/token/introspection',
    redirectUri: REDIRECT_URI,
    jwtResource: JWT_RESOURCE,
    clients: { jwt: 'svc', opaque: 'svc-opaque' },
  };
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [
      {
        client_id: endpoint.clients.jwt,
        client_secret: secret,
        grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
        redirect_uris: [REDIRECT_URI],
        response_types: ['code'],
      },
      { client_id: endpoint.clients.opaque, client_secret: secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
    ],
    jwks: { keys: [{ ...signingKey, kid: randomUUID(), alg: 'RS256', use: 'sig' }] as never },
    routes: {
      authorization: endpoint.authorizationPath,
      token: endpoint.tokenPath,
      userinfo: endpoint.userinfoPath,
      introspection: endpoint.introspectionPath,
    },
    // The engine issues a refresh token only for offline_access, and grants that only with prompt=consent.
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    // Keycloak's default profile and email scopes, in userinfo and (as Keycloak and Gatehouse do) in ID tokens.
    claims: { profile: ['name', 'family_name', 'given_name', 'preferred_username'], email: ['email', 'email_verified'] },
    conformIdTokenClaims: false,
    ttl: { AccessToken: TOKEN_TTL_S, ClientCredentials: TOKEN_TTL_S, IdToken: TOKEN_TTL_S },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // `svc` gets the JWT resource unless it names another; `svc-opaque` gets none, hence opaque tokens.
        defaultResource: async (_ctx, client, oneOf) => oneOf ?? (client.clientId === endpoint.clients.jwt ? JWT_RESOURCE : undefined),
        getResourceServerInfo: async () => ({ scope: 'api', accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    // A Keycloak-like user, so that userinfo answers about as much as Gatehouse's does.
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({
        sub,
        name: 'Bench User',
        email: 'bench-user@example.test',
        email_verified: false,
        family_name: 'User',
        given_name: 'Bench',
        preferred_username: 'bench-user',
      }),
    }),
  });
  const engine = provider.callback();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url?.startsWith('/interaction/')) {
      signInAtOnce(provider, req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    } else {
      void engine(req, res);
    }
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
  process.stdin.once('end', () => process.exit(0)).resume();
  emit(endpoint);
}

/**
 * The bare provider's login and consent page, without a page: it signs the fixed user in and
 * grants what the client asked for (and the JWT resource), through the engine's own
 * interaction API, so that the tokens come out of a real authorization-code flow.
 */
async function signInAtOnce(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { params } = await provider.interactionDetails(req, res);
  const grant = new provider.Grant({ accountId: ACCOUNT_ID, clientId: String(params.client_id) });
  grant.addOIDCScope(String(params.scope));
  grant.addResourceScope(JWT_RESOURCE, 'api');
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId: ACCOUNT_ID }, consent: { grantId } }, { mergeWithLastSubmission: false });
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
