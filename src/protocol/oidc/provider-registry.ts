import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { Clock } from '../../kernel/clock.ts';
import type { Logger } from '../../kernel/logger.ts';
import { recordEvent } from '../../domain/events/service.ts';
import type { RealmRecord, Store } from '../../storage/ports.ts';
import { directGrant } from './direct-grant.ts';
import { loadRealmSnapshot, type RealmSnapshot } from './realm-snapshot.ts';

export interface RealmEngine {
  provider: Provider;
  snapshot: RealmSnapshot;
  realm: RealmRecord;
}

export interface RegistryOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  devMode: boolean;
  proxy: boolean;
  errorPage: (realm: RealmRecord, error: { error: string; error_description?: string }) => Promise<string>;
}

/** How often a cached engine's realm is compared with the stored realm. */
const STALENESS_CHECK_MS = 1_000;

/** What a successful token request records, by grant type (Keycloak's event types). */
const grantEvents: Record<string, string> = {
  authorization_code: 'CODE_TO_TOKEN',
  refresh_token: 'REFRESH_TOKEN',
  client_credentials: 'CLIENT_LOGIN',
};

/**
 * One OIDC engine per realm and public base URL, built on first use from the realm's
 * configuration and rebuilt after `invalidate` (a change to the realm, its clients, scopes
 * or keys). Concurrent first requests share one build.
 */
export class ProviderRegistry {
  private readonly engines = new Map<string, Promise<RealmEngine | undefined>>();
  /** When each engine's realm was last compared with the stored one. */
  private readonly checkedAt = new Map<string, number>();

  constructor(private readonly o: RegistryOptions) {}

  async get(realmName: string, baseUrl: string): Promise<RealmEngine | undefined> {
    const key = `${realmName}\u0000${baseUrl}`;
    await this.dropIfStale(key, realmName);
    let engine = this.engines.get(key);
    if (!engine) {
      engine = this.build(realmName, baseUrl);
      this.engines.set(key, engine);
      engine.then(
        (built) => built ?? this.engines.delete(key),
        () => this.engines.delete(key),
      );
    }
    return engine;
  }

  /**
   * Another node (or another process on the database) may have changed the realm: at most
   * once a second per engine, the stored realm is compared with the one the engine was built
   * from. Its revision is raised by every change to a client, client scope, mapper or key
   * (touchRealm), its settings and enabled flag by a change to the realm itself.
   */
  private async dropIfStale(key: string, realmName: string): Promise<void> {
    const now = this.o.clock.now();
    if (now - (this.checkedAt.get(key) ?? 0) < STALENESS_CHECK_MS) return;
    this.checkedAt.set(key, now);
    const cached = this.engines.get(key);
    if (!cached) return;
    const engine = await cached.catch(() => undefined);
    if (!engine) return;
    const stored = await this.o.store.realms.findByName(realmName);
    if (!stored || stored.revision !== engine.realm.revision || stored.enabled !== engine.realm.enabled || JSON.stringify(stored.settings) !== JSON.stringify(engine.realm.settings)) {
      if (this.engines.get(key) === cached) this.engines.delete(key);
    }
  }

  /** Drops the engines of one realm (or all); the next request builds them anew. */
  invalidate(realmName?: string): void {
    for (const key of [...this.engines.keys()]) if (realmName === undefined || key.startsWith(`${realmName}\u0000`)) this.engines.delete(key);
  }

  private async build(realmName: string, baseUrl: string): Promise<RealmEngine | undefined> {
    const { store, clock } = this.o;
    const realm = await store.realms.findByName(realmName);
    if (!realm || !realm.enabled) return undefined;
    const snapshot = await loadRealmSnapshot(store, realm);
    // The engine and its dependencies load with the first realm request, not at start-up.
    const { buildRealmProvider } = await import('./provider-factory.ts');
    const provider = buildRealmProvider({
      store,
      snapshot,
      baseUrl,
      clock,
      devMode: this.o.devMode,
      proxy: this.o.proxy,
      interactionUrl: (uid, clientId) =>
        `/realms/${encodeURIComponent(realm.name)}/login-actions/authenticate?${new URLSearchParams({ ...(clientId ? { client_id: clientId } : {}), tab_id: uid })}`,
      checkPassword: (ctx, username, password) =>
        directGrant(store, realm, clock, { clientId: ctx.oidc.client?.clientId ?? '', ip: ctx.ip ?? null, username, password }),
      errorPage: (error) => this.o.errorPage(realm, error),
      onEvent: (name, ctx, detail) => void this.record(realm, name, ctx, detail),
    });
    return { provider, snapshot, realm };
  }

  private async record(realm: RealmRecord, name: string, ctx: KoaContextWithOIDC, detail: unknown): Promise<void> {
    const params = (ctx.oidc?.params ?? {}) as Record<string, string | undefined>;
    const grantType = params.grant_type ?? '';
    const base = { clientId: ctx.oidc?.client?.clientId ?? params.client_id ?? null, ipAddress: ctx.ip ?? null };
    try {
      if (name === 'grant.success' && grantEvents[grantType]) {
        const token = ctx.oidc.entities.AccessToken ?? ctx.oidc.entities.ClientCredentials;
        const userId = (token as { accountId?: string } | undefined)?.accountId ?? null;
        await recordEvent(this.o.store, realm, { ...base, type: grantEvents[grantType]!, userId, details: { grant_type: grantType } }, this.o.clock);
      } else if (name === 'grant.error' && grantType !== 'password') {
        const type = `${grantEvents[grantType] ?? 'CODE_TO_TOKEN'}_ERROR`;
        const error = (detail as { error?: string } | undefined)?.error ?? 'invalid_request';
        await recordEvent(this.o.store, realm, { ...base, type, error: error === 'invalid_grant' ? 'invalid_code' : error, details: { grant_type: grantType } }, this.o.clock);
      } else if (name === 'end_session.success') {
        const userId = ctx.oidc.session?.accountId ?? null;
        await recordEvent(this.o.store, realm, { ...base, type: 'LOGOUT', userId, details: {} }, this.o.clock);
      }
    } catch (error) {
      this.o.logger.error({ err: error, event: name }, 'could not record an event');
    }
  }
}
