import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { GatehouseError } from '../../kernel/errors.ts';
import type { Repositories, Store } from '../ports.ts';
import { SqlClientScopeStore } from './client-scope-store.ts';
import { SqlClientStore } from './client-store.ts';
import { SqlComponentStore } from './component-store.ts';
import { SqlCredentialStore } from './credential-store.ts';
import { SqlEventStore } from './event-store.ts';
import { SqlEmailOutboxStore } from './email-outbox-store.ts';
import { SqlAdminEventStore } from './admin-event-store.ts';
import { SqlOutboxStore } from './outbox-store.ts';
import { SqlWebhookStore } from './webhook-store.ts';
import { SqlRegistrationHookStore } from './registration-hook-store.ts';
import { SqlFlowStore } from './flow-store.ts';
import { SqlJourneyStore } from './journey-store.ts';
import { SqlOidcPayloadStore } from './oidc-payload-store.ts';
import { SqlRequiredActionStore } from './required-action-store.ts';
import { SqlGroupStore } from './group-store.ts';
import { SqlKeyStore } from './key-store.ts';
import { migrateToLatest, migrationsApplied } from './migrate.ts';
import { withPreparedStatements } from './pg-prepared.ts';
import { durabilityOf, registerDurability, WalDurability } from './wal-durability.ts';
import { cachingRepository, RealmConfigCache, type CachedReads } from './realm-config-cache.ts';
import { SqlRealmStore } from './realm-store.ts';
import { SqlRoleStore } from './role-store.ts';
import type { Database } from './schema.ts';
import { ImmediateSqliteDialect, withStatementCache } from './sqlite-dialect.ts';
import { SqlUserStore } from './user-store.ts';
import { SqlUsedActionTokenStore } from './used-action-token-store.ts';
import { SqlLoginFailureStore } from './login-failure-store.ts';
import { SqlRateLimitCounterStore } from './rate-limit-counter-store.ts';
import { SqlUsedChallengeStore } from './used-challenge-store.ts';
import { SqlEmailKeyStore } from './email-key-store.ts';
import { SqlIdentityProviderStore } from './identity-provider-store.ts';
import { SqlFederatedIdentityStore } from './federated-identity-store.ts';
import { SqlRepresentationExtrasStore } from './representation-extras-store.ts';

/** Where the data lives: an embedded SQLite file, or a PostgreSQL server. */
export type DatabaseOptions =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; connectionString: string; poolMax: number };

const byRealm = (name: string): CachedReads[string] => (args) => ({ realmId: args[0] as string, key: name });

/** The reads of a realm's authentication configuration that RealmConfigCache answers. */
const configReads = {
  flows: { listFlows: byRealm('flows'), listRealmExecutions: byRealm('executions'), listConfigs: byRealm('authenticatorConfigs') },
  requiredActions: { list: byRealm('requiredActions') },
  components: { list: (args: unknown[]) => ({ realmId: args[0] as string, key: `components ${JSON.stringify(args[1] ?? {})}` }) },
  registrationHooks: { list: byRealm('registrationHooks') },
} satisfies Record<string, CachedReads>;

/**
 * The repositories over `db`. Those of a realm's authentication configuration answer their
 * list reads from the cache `cache()` gives (none from a transaction that has changed that
 * configuration: it must see its own writes) and call `configWritten` after each of their writes.
 */
function repositories(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', cache: () => RealmConfigCache | undefined, configWritten: () => void): Repositories {
  // A transaction keeps its statements on its connection, in its order.
  const batch = db.isTransaction ? {} : { batchPerTick: dialect };
  const config = <R extends object>(repo: R, reads: CachedReads) => cachingRepository(db, repo, reads, cache, configWritten);
  return {
    // A realm created or deleted takes its configuration along.
    realms: config(new SqlRealmStore(db), {}),
    users: new SqlUserStore(db, batch),
    credentials: new SqlCredentialStore(db, batch),
    roles: new SqlRoleStore(db),
    groups: new SqlGroupStore(db),
    clients: new SqlClientStore(db),
    clientScopes: new SqlClientScopeStore(db),
    keys: new SqlKeyStore(db),
    components: config(new SqlComponentStore(db), configReads.components),
    flows: config(new SqlFlowStore(db), configReads.flows),
    requiredActions: config(new SqlRequiredActionStore(db), configReads.requiredActions),
    journeys: new SqlJourneyStore(db, dialect, batch),
    oidcPayloads: new SqlOidcPayloadStore(db, dialect, batch),
    events: new SqlEventStore(db),
    emailOutbox: new SqlEmailOutboxStore(db),
    adminEvents: new SqlAdminEventStore(db),
    outbox: new SqlOutboxStore(db),
    webhooks: new SqlWebhookStore(db),
    actionTokens: new SqlUsedActionTokenStore(db),
    loginFailures: new SqlLoginFailureStore(db),
    rateLimitCounters: new SqlRateLimitCounterStore(db),
    usedChallenges: new SqlUsedChallengeStore(db),
    emailKeys: new SqlEmailKeyStore(db),
    registrationHooks: config(new SqlRegistrationHookStore(db), configReads.registrationHooks),
    identityProviders: new SqlIdentityProviderStore(db),
    federatedIdentities: new SqlFederatedIdentityStore(db),
    representationExtras: new SqlRepresentationExtrasStore(db),
  };
}

/** The one SQL store; both dialects share every query. */
export class SqlStore implements Store {
  readonly realms;
  readonly users;
  readonly credentials;
  readonly roles;
  readonly groups;
  readonly clients;
  readonly clientScopes;
  readonly keys;
  readonly components;
  readonly flows;
  readonly requiredActions;
  readonly journeys;
  readonly oidcPayloads;
  readonly events;
  readonly emailOutbox;
  readonly adminEvents;
  readonly outbox;
  readonly webhooks;
  readonly actionTokens;
  readonly loginFailures;
  readonly rateLimitCounters;
  readonly usedChallenges;
  readonly emailKeys;
  readonly registrationHooks;
  readonly identityProviders;
  readonly federatedIdentities;
  readonly representationExtras;

  /** A realm's authentication configuration, kept between requests; a transaction's store shares its store's. */
  private readonly configCache: RealmConfigCache;
  /** On a transaction's store: whether the transaction has changed a realm's authentication configuration. */
  private configWritten = false;

  /** `outer`: the store whose transaction this store's `db` is. */
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    outer?: SqlStore,
  ) {
    const cache = (this.configCache = outer?.configCache ?? new RealmConfigCache());
    const written = outer ? () => (this.configWritten = true) : () => cache.invalidate();
    ({
      realms: this.realms,
      users: this.users,
      credentials: this.credentials,
      roles: this.roles,
      groups: this.groups,
      clients: this.clients,
      clientScopes: this.clientScopes,
      keys: this.keys,
      components: this.components,
      flows: this.flows,
      requiredActions: this.requiredActions,
      journeys: this.journeys,
      oidcPayloads: this.oidcPayloads,
      events: this.events,
      emailOutbox: this.emailOutbox,
      adminEvents: this.adminEvents,
      outbox: this.outbox,
      webhooks: this.webhooks,
      actionTokens: this.actionTokens,
      loginFailures: this.loginFailures,
      rateLimitCounters: this.rateLimitCounters,
      usedChallenges: this.usedChallenges,
      emailKeys: this.emailKeys,
      registrationHooks: this.registrationHooks,
      identityProviders: this.identityProviders,
      federatedIdentities: this.federatedIdentities,
      representationExtras: this.representationExtras,
    } = repositories(db, dialect, () => (this.configWritten ? undefined : cache), written));
  }

  /**
   * On SQLite a transaction that wrote resolves once its commit is on disk (see WalDurability).
   * One that changed a realm's authentication configuration drops the cached configuration
   * when it ends.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    let tx: SqlStore | undefined;
    const committed = this.db.transaction().execute((trx) => work((tx = new SqlStore(trx, this.dialect, this))));
    return committed.finally(() => tx?.configWritten && this.configCache.invalidate());
  }

  async ready(): Promise<boolean> {
    try {
      return await migrationsApplied(this.db);
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const durability = durabilityOf(this.db);
    await durability?.flush();
    await durability?.close();
    await this.db.destroy();
  }
}


function describeTarget(options: DatabaseOptions): string {
  if (options.kind === 'sqlite') return options.file;
  try {
    const url = new URL(options.connectionString);
    return `${url.hostname || '127.0.0.1'}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'the configured PostgreSQL URL';
  }
}

/** Turns a driver's connection failure into one line that names host and port. */
function unreachable(options: DatabaseOptions, cause: unknown): GatehouseError {
  const e = cause as { code?: string; message?: string };
  const reason =
    e.code === 'ECONNREFUSED' ? 'connection refused'
    : e.code === 'ENOTFOUND' ? 'host not found'
    : e.code === 'ETIMEDOUT' ? 'connection timed out'
    : e.code === '3D000' ? 'database does not exist'
    : e.code === '28P01' || e.code === '28000' ? 'authentication failed'
    : (e.message ?? String(cause));
  return new GatehouseError('GH_DB_UNREACHABLE', [`${describeTarget(options)} (${reason})`], { cause });
}

async function openKysely(options: DatabaseOptions): Promise<Kysely<Database>> {
  if (options.kind === 'sqlite') {
    mkdirSync(dirname(options.file), { recursive: true });
    const database = new BetterSqlite3(options.file, { timeout: 15_000 });
    const journal = database.pragma('journal_mode = WAL', { simple: true });
    database.pragma('foreign_keys = ON');
    // With a write-ahead log, commits do not sync it themselves: durable writes wait for
    // WalDurability's fsync, off the event loop, so a committed registration still survives a
    // power cut. Without one (':memory:', a file system without WAL), commits sync themselves.
    const wal = journal === 'wal' ? new WalDurability(`${options.file}-wal`) : undefined;
    database.pragma(wal ? 'synchronous = NORMAL' : 'synchronous = FULL');
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }, wal) });
    if (wal) registerDurability(db, wal);
    return db;
  }
  // Loaded only for PostgreSQL: an embedded SQLite start does not pay for the driver.
  const { default: pg } = await import('pg');
  // PostgreSQL returns bigint (int8) and count(*) as strings; every such value here fits a double.
  pg.types.setTypeParser(20, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolMax, connectionTimeoutMillis: 5_000 });
  // An idle client's error (the server restarting) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
}

/**
 * Opens the database, checks that it answers, and applies pending migrations. Returns the
 * store and the names of the migrations it applied.
 */
export async function openSqlStore(options: DatabaseOptions): Promise<{ store: SqlStore; applied: string[] }> {
  let db: Kysely<Database>;
  try {
    db = await openKysely(options);
    await sql`select 1`.execute(db);
  } catch (cause) {
    throw unreachable(options, cause);
  }
  const dialect = options.kind;
  try {
    const applied = await migrateToLatest(db, dialect);
    await durabilityOf(db)?.flush();
    return { store: new SqlStore(db, dialect), applied };
  } catch (cause) {
    await db.destroy().catch(() => undefined);
    if (cause instanceof GatehouseError) throw cause;
    throw new GatehouseError('GH_MIGRATION_FAILED', [(cause as Error).message], { cause });
  }
}
