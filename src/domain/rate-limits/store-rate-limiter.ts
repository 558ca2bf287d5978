import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterRes, RateLimiterStoreAbstract } from './limiter-classes.ts';
import type { RateLimitCounter, RateLimitCounterStore } from '../../storage/ports.ts';

interface StoreOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  store: RateLimitCounterStore;
}

/**
 * A `rate-limiter-flexible` limiter whose counters live in Gatehouse's database (the
 * `rate_limits` table), so that every node on one PostgreSQL shares them.
 */
export function storeRateLimiter(options: StoreOptions): RateLimiterAbstract {
  class StoreRateLimiter extends RateLimiterStoreAbstract {
    constructor() {
      super({ keyPrefix: options.keyPrefix, points: options.points, duration: options.duration, storeClient: options.store });
    }

    _getRateLimiterRes(_key: string, changedPoints: number, result: RateLimitCounter): RateLimiterRes {
      const res = new RateLimiterRes();
      const mutable = res as unknown as Record<string, unknown>;
      mutable.isFirstInDuration = changedPoints === result.points;
      mutable.consumedPoints = result.points;
      mutable.remainingPoints = Math.max(this.points - result.points, 0);
      mutable.msBeforeNext = result.expire === null ? -1 : Math.max(result.expire - Date.now(), 0);
      return res;
    }

    _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<RateLimitCounter> {
      return options.store.add(key, points, msDuration, forceExpire, Date.now());
    }

    _get(key: string): Promise<RateLimitCounter | null> {
      return options.store.get(key, Date.now()).then((row) => row ?? null);
    }

    _delete(key: string): Promise<boolean> {
      return options.store.delete(key);
    }
  }
  return new StoreRateLimiter();
}
