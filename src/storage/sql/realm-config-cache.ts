import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** How often a realm's cached configuration is compared with the realm's stored revision. */
export const CONFIG_STALENESS_CHECK_MS = 1_000;

interface RealmEntry {
  revision: number;
  checkedAt: number;
  /** The revision check under way, which concurrent reads share. */
  checking: Promise<void> | undefined;
  values: Map<string, Promise<unknown>>;
}

/**
 * A realm's authentication configuration (its flows, executions, authenticator configs,
 * required actions, components and pre-registration hooks) kept in memory: every sign-in and
 * sign-up reads it several times, and it changes only when an administrator changes it.
 *
 * A write through this process's store drops everything cached at once (after its
 * transaction commits). A write by another process on the database raises the realm's
 * revision (the database's triggers do it, see migration 0013), and a realm's revision is
 * compared at most once a second: another node's change shows here within a second, as a
 * change to a client does.
 *
 * Callers get their own copy of what is cached, so that changing a record read from the cache
 * can never change the cache.
 */
export class RealmConfigCache {
  private realms = new Map<string, RealmEntry>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async read<T>(realmId: string, key: string, load: () => Promise<T>): Promise<T> {
    const entry = await this.current(realmId);
    if (entry === undefined) return load();
    let value = entry.values.get(key) as Promise<T> | undefined;
    if (value === undefined) {
      value = load();
      entry.values.set(key, value);
      value.catch(() => entry.values.get(key) === value && entry.values.delete(key));
    }
    return structuredClone(await value);
  }

  /** Forgets every realm's configuration: the next read of each loads it again. */
  invalidate(): void {
    this.realms = new Map();
  }

  /** The realm's entry, checked against its stored revision when the last check is a second old; undefined for a realm that is not stored. */
  private async current(realmId: string): Promise<RealmEntry | undefined> {
    const realms = this.realms;
    let entry = realms.get(realmId);
    if (entry !== undefined && this.now() - entry.checkedAt < CONFIG_STALENESS_CHECK_MS) return entry;
    if (entry?.checking) {
      await entry.checking;
      return this.realms === realms ? realms.get(realmId) : this.current(realmId);
    }
    const check = this.db.selectFrom('realms').select('revision').where('id', '=', realmId).executeTakeFirst();
    if (entry !== undefined) entry.checking = check.then(() => undefined, () => undefined);
    const row = await check.finally(() => entry !== undefined && (entry.checking = undefined));
    if (row === undefined) {
      realms.delete(realmId);
      return undefined;
    }
    const revision = Number(row.revision);
    // An invalidation while the revision was read: the entry belongs to the map it replaced.
    if (this.realms !== realms) return this.current(realmId);
    entry = realms.get(realmId);
    if (entry === undefined || entry.revision !== revision) {
      entry = { revision, checkedAt: this.now(), checking: undefined, values: new Map() };
      realms.set(realmId, entry);
    } else {
      entry.checkedAt = this.now();
    }
    return entry;
  }
}

/** Which reads of a repository the cache answers: method name → its realm id and cache key from the arguments. */
export type CachedReads = Record<string, (args: unknown[]) => { realmId: string; key: string }>;

/** Whether a repository method only reads: those of these repositories are all named so. */
const isRead = (name: string) => /^(find|list|get|count|search)/.test(name);

/**
 * The repository with `reads` answered from the cache `cache()` gives (none: from the
 * database) and every other method (they all write) followed by `written()` once it has
 * settled.
 */
export function cachingRepository<R extends object>(repo: R, reads: CachedReads, cache: () => RealmConfigCache | undefined, written: () => void): R {
  return new Proxy(repo, {
    get(target, name, receiver) {
      const member = Reflect.get(target, name, receiver) as unknown;
      if (typeof member !== 'function' || typeof name !== 'string') return member;
      const method = member as (...args: unknown[]) => Promise<unknown>;
      const cached = reads[name];
      if (cached) {
        return (...args: unknown[]) => {
          const from = cache();
          if (from === undefined) return method.apply(target, args);
          const { realmId, key } = cached(args);
          return from.read(realmId, key, () => method.apply(target, args));
        };
      }
      if (isRead(name)) return method.bind(target);
      return async (...args: unknown[]) => {
        try {
          return await method.apply(target, args);
        } finally {
          written();
        }
      };
    },
  });
}
