import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterMemory, RateLimiterRes } from './limiter-classes.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { RateLimitCounterStore, RealmRecord } from '../../storage/ports.ts';
import { rateLimitSettings, type LimiterName, type Window } from './rate-limit-settings.ts';
import { storeRateLimiter } from './store-rate-limiter.ts';

/** Whether a request may go on; when not, how long the client should wait. */
export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: 'ip' | 'realm' };

/** Where counters live: this process's memory (one node), or the database (shared by every node). */
export type RateLimitBackend = { kind: 'memory' } | { kind: 'database'; store: RateLimitCounterStore };

/**
 * The per-realm rate limits of the sign-in surfaces: each named limiter counts per client
 * address and per realm. Limiters are built on first use and rebuilt when a realm's
 * settings change.
 */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(
    private readonly backend: RateLimitBackend,
    private readonly logger?: Logger,
  ) {}

  /** Counts one request of `ip` against the realm's `name` limiter. */
  async consume(name: LimiterName, realm: RealmRecord, ip: string | null): Promise<RateLimitVerdict> {
    const settings = rateLimitSettings(realm, name);
    if (!settings.enabled) return { allowed: true };
    const checks: ['ip' | 'realm', Window, string][] = [['realm', settings.realm, realm.id]];
    if (ip) checks.unshift(['ip', settings.ip, `${realm.id}:${ip}`]);
    for (const [scope, window, key] of checks) {
      const limiter = this.limiter(`${name}:${scope}`, window);
      try {
        await limiter.consume(key);
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) return { allowed: false, scope, retryAfterSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)) };
        // The counter store failed: let the request through rather than lock everyone out; say so.
        this.logger?.warn({ err: outcome, limiter: name }, 'rate-limit counters unavailable; request allowed');
      }
    }
    return { allowed: true };
  }

  private limiter(prefix: string, window: Window): RateLimiterAbstract {
    const id = `${prefix}:${window.points}:${window.duration}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const options = { keyPrefix: `${prefix}:${window.points}:${window.duration}`, points: window.points, duration: window.duration };
      limiter = this.backend.kind === 'memory' ? new RateLimiterMemory(options) : storeRateLimiter({ ...options, store: this.backend.store });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
