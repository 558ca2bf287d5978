/**
 * The composition root: configuration → storage → domain bootstrap → HTTP. The only place
 * that picks concrete implementations. `gatehouse start|start-dev` runs the server; every
 * failure a user can cause ends with one line naming what to change, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { bootstrapPasswordProblem, loadConfig, type GatehouseConfig } from './config/index.ts';
import { ensureMasterRealm } from './domain/realms/bootstrap.ts';
import { builtinSteps, seedBuiltinFlows } from './flows/index.ts';
import { DEMO_REALM, ensureDemoRealm } from './domain/realms/demo-realm.ts';
import { MASTER_REALM } from './domain/realms/model.ts';
import { realmLocalizationTexts } from './domain/realms/localization-texts.ts';
import { RateLimits } from './domain/rate-limits/rate-limits.ts';
import { systemClock } from './kernel/clock.ts';
import { GatehouseError, isGatehouseError } from './kernel/errors.ts';
import { pino } from 'pino';
import { openSqlStore } from './storage/sql/sql-store.ts';
import type { Store } from './storage/ports.ts';
import type { Logger } from './kernel/logger.ts';
import type { SmtpTlsTrust } from './notify/smtp-transport.ts';
import { expireEvents } from './domain/events/expire-events.ts';
import { startEventDelivery } from './notify/event-delivery.ts';
import { importAtStart, runImportExport } from './cli/run-import-export.ts';

/** Exit codes: 2 for a command line or configuration to correct, 1 for a failure at run time. */
const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;

function fail(message: string, code: number): never {
  process.stderr.write(`gatehouse: ${message}\n`);
  process.exit(code);
}

export async function main(argv: string[]): Promise<void> {
  let invocation;
  try {
    invocation = loadConfig(argv, process.env);
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFIG_INVALID')) fail(error.params[0] ?? error.message, EXIT_USAGE);
    throw error;
  }
  if (invocation.kind !== 'run') {
    process.stdout.write(`${invocation.text}\n`);
    return;
  }
  for (const warning of invocation.warnings) process.stderr.write(`WARNING: ${warning}\n`);
  if (invocation.command === 'import' || invocation.command === 'export') {
    try {
      await runImportExport(invocation.command, invocation.config);
    } catch (error) {
      if (isGatehouseError(error, 'GH_CONFIG_INVALID')) fail(error.params[0] ?? error.message, EXIT_USAGE);
      if (isGatehouseError(error)) fail(error.message, EXIT_FAILURE);
      throw error;
    }
    return;
  }
  await startServer(invocation.config);
}

async function startServer(config: GatehouseConfig): Promise<void> {
  const smtpTrust = smtpTlsTrust(config);
  let opened;
  try {
    opened = await openSqlStore(config.db);
  } catch (error) {
    if (isGatehouseError(error)) fail(error.message, EXIT_FAILURE);
    throw error;
  }
  const { store, applied } = opened;
  // A first start creates the master realm while the modules below load, instead of after them:
  // its key generation and password hash run on the thread pool, and on PostgreSQL its
  // transaction mostly waits for the database.
  const masterMissing = !(await store.realms.findByName(MASTER_REALM));
  if (masterMissing) {
    const problem = bootstrapPasswordProblem(config);
    if (problem) {
      await store.close();
      fail(problem, EXIT_USAGE);
    }
  }
  const masterCreation = masterMissing
    ? ensureMasterRealm(
        store,
        { username: config.bootstrapAdminUsername!, password: config.bootstrapAdminPassword! },
        systemClock,
        (tx, realm) => seedBuiltinFlows(tx, realm.id),
      )
    : undefined;
  // Awaited below; until then a failure must not count as unhandled.
  masterCreation?.catch(() => undefined);

  const logger = pino({
    level: config.logLevel,
    // Never a credential in a log line, whatever a handler logs.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.client_secret'],
  });
  quietEngineNotice();
  // Loaded here rather than at the top so that `--help` and configuration errors answer at once.
  const [{ buildServer }, { ProviderRegistry }] = await Promise.all([import('./http/server.ts'), import('./protocol/oidc/provider-registry.ts')]);
  // Templates load with the first page, not at start-up.
  const loadThemes = () => import('./themes/render.ts');
  const registry = new ProviderRegistry({
    store,
    clock: systemClock,
    logger,
    devMode: config.devMode,
    proxy: config.proxyHeaders !== undefined,
    errorPage: async (realm, error) => {
      try {
        return await (await loadThemes()).renderPage({
          theme: typeof realm.settings.loginTheme === 'string' ? realm.settings.loginTheme : undefined,
          type: 'login',
          template: 'error.liquid',
          locale: 'en',
          realmOverrides: realmLocalizationTexts(realm).en,
          data: { realm: { name: realm.name, displayName: realm.settings.displayName ?? realm.name }, message: { type: 'error', key: error.error_description ?? error.error } },
        });
      } catch {
        return plainErrorPage(error);
      }
    },
  });
  // Counters in memory on one node; in the database when several nodes share it (PostgreSQL).
  const sharedCounters = config.rateLimitStore === 'database' || (config.rateLimitStore === undefined && store.dialect === 'postgres');
  const rateLimits = new RateLimits(sharedCounters ? { kind: 'database', store: store.rateLimitCounters } : { kind: 'memory' }, logger);
  const app = buildServer({
    registry,
    rateLimits,
    loginActions: {
      rateLimits,
      steps: builtinSteps,
      dataDir: config.dataDir,
      store,
      clock: systemClock,
      logger,
      render: async (realm, page, data, locale, locales) =>
        (await loadThemes()).renderPage({
          supportedLocales: locales,
          theme: typeof realm.settings.loginTheme === 'string' ? realm.settings.loginTheme : undefined,
          type: 'login',
          template: page.template,
          locale,
          data,
          realmOverrides: realmLocalizationTexts(realm)[locale],
        }),
    },
    resolveResource: async (theme, type, path) => (await loadThemes()).resolveResource(theme, type, path),
    store,
    devMode: config.devMode,
    logger,
    hostname: config.hostname,
    proxyHeaders: config.proxyHeaders,
    smtpTrust,
  });
  const log = app.log;
  if (applied.length > 0) log.info({ migrations: applied }, 'database schema migrated');

  let createDemo = false;
  if (masterCreation) {
    const { created } = await masterCreation;
    if (created) log.info({ realm: MASTER_REALM, username: config.bootstrapAdminUsername }, 'created the master realm and its bootstrap admin user');
    createDemo = created && config.devMode;
  }

  if (config.importRealm) {
    try {
      await importAtStart(store, config.dataDir, (line, fields) => log.info(fields, line));
    } catch (error) {
      await store.close();
      if (isGatehouseError(error)) fail(`--import-realm: ${error.message}`, EXIT_FAILURE);
      throw error;
    }
  }

  try {
    await app.listen({ port: config.httpPort, host: config.httpHost });
  } catch (error) {
    await store.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') fail(`port ${config.httpPort} is already in use on ${config.httpHost}; choose another with --http-port`, EXIT_FAILURE);
    if (code === 'EACCES') fail(`no permission to listen on port ${config.httpPort}; choose another with --http-port`, EXIT_FAILURE);
    if (code === 'EADDRNOTAVAIL') fail(`cannot listen on ${config.httpHost}: no such address on this machine (--http-host)`, EXIT_FAILURE);
    throw error;
  }
  const shown = config.httpHost === '0.0.0.0' || config.httpHost === '::' ? 'localhost' : config.httpHost;
  log.info(
    { mode: config.devMode ? 'development' : 'production', database: store.dialect, startupMs: Math.round(performance.now()) },
    `Gatehouse is ready on http://${shown}:${config.httpPort}`,
  );

  const sweeper = sweepExpired(store, log);
  const emailSender = await startEmailSender(config, store, log, smtpTrust);
  // Listeners and webhooks run after commit, from the outbox, on every node.
  const delivery = startEventDelivery(store, systemClock, log);

  if (createDemo) {
    // After the server is ready: the demo realm is a welcome, not something readiness waits for.
    const base = (config.hostname ?? `http://${shown}:${config.httpPort}`).replace(/\/+$/, '');
    ensureDemoRealm(store, systemClock, (tx, realm) => seedBuiltinFlows(tx, realm.id)).then(
      ({ created }) => created && log.info({ realm: DEMO_REALM }, `Try signing up: ${base}/realms/${DEMO_REALM}/account`),
      (error: unknown) => log.error({ err: error }, 'could not create the demo realm'),
    );
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    clearInterval(sweeper);
    void Promise.all([emailSender.stop(), delivery.stop()])
      .then(() => app.close())
      .then(() => store.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** How long dispatched outbox records and finished webhook deliveries (the delivery log) are kept. */
const OUTBOX_KEPT_MS = 86_400_000;
const DELIVERIES_KEPT_MS = 30 * 86_400_000;

/** How often expired sessions, codes, tokens and journeys are removed. */
const SWEEP_INTERVAL_MS = 5 * 60_000;

/** Removes expired OIDC artefacts, journeys and events past their realm's expiration now and then; any node may do it, the deletes are idempotent. */
function sweepExpired(store: Awaited<ReturnType<typeof openSqlStore>>['store'], log: { warn(o: object, m: string): void }): NodeJS.Timeout {
  const timer = setInterval(() => {
    const now = Date.now();
    Promise.all([
      store.oidcPayloads.deleteExpired(now),
      store.journeys.deleteExpired(now),
      expireEvents(store, now),
      store.outbox.deleteDispatchedBefore(now - OUTBOX_KEPT_MS),
      store.webhooks.deleteFinishedBefore(now - DELIVERIES_KEPT_MS),
      store.actionTokens.deleteExpired(now),
      store.usedChallenges.deleteExpired(now),
      store.rateLimitCounters.deleteExpired(now),
    ]).catch((error: unknown) =>
      log.warn({ err: error }, 'could not remove expired sessions and tokens'),
    );
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return timer;
}

/** Trust for SMTP servers' TLS certificates from `--smtp-tls-*`; an unreadable CA file stops the start. */
function smtpTlsTrust(config: GatehouseConfig): SmtpTlsTrust {
  if (!config.smtpTlsCaFile) return { rejectUnauthorized: config.smtpTlsRejectUnauthorized };
  try {
    return { rejectUnauthorized: config.smtpTlsRejectUnauthorized, ca: readFileSync(config.smtpTlsCaFile, 'utf8') };
  } catch (error) {
    fail(`cannot read --smtp-tls-ca-file ${config.smtpTlsCaFile}: ${(error as Error).message}`, EXIT_USAGE);
  }
}

/** Starts the outbox worker that delivers emails, with the `--email-retry-*` options. */
async function startEmailSender(config: GatehouseConfig, store: Store, logger: Logger, trust: SmtpTlsTrust) {
  const { EmailSender } = await import('./notify/email-sender.ts');
  const sender = new EmailSender({
    store,
    clock: systemClock,
    logger,
    devMode: config.devMode,
    retry: { initialDelayMs: config.emailRetryInitialDelay * 1000, maxDelayMs: config.emailRetryMaxDelay * 1000, periodMs: config.emailRetryPeriod * 1000 },
    trust,
  });
  sender.start();
  return sender;
}

/**
 * The OIDC engine warns once when it gets a body that was already read; Gatehouse does that
 * on purpose for introspection and revocation (see http/oidc-routes.ts), so the line is noise.
 */
function quietEngineNotice(): void {
  /* eslint-disable no-console -- the one place that filters another library's console output */
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('already parsed request body detected')) return;
    warn(...args);
  };
  /* eslint-enable no-console */
}

function plainErrorPage(error: { error: string; error_description?: string }): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><h1>${escape(error.error)}</h1><p>${escape(error.error_description ?? '')}</p></body></html>`;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof GatehouseError ? error.message : `unexpected failure: ${(error as Error)?.message ?? String(error)}`;
  fail(message, EXIT_FAILURE);
});
