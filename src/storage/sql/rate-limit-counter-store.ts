import { sql, type Kysely } from 'kysely';
import type { RateLimitCounter, RateLimitCounterStore } from '../ports.ts';
import type { Database } from './schema.ts';

/**
 * Rate-limit counters in the `rate_limits` table. One upsert adds the points and restarts an
 * expired counter, so concurrent nodes never lose a hit.
 */
export class SqlRateLimitCounterStore implements RateLimitCounterStore {
  constructor(private readonly db: Kysely<Database>) {}

  async add(key: string, points: number, msDuration: number, forceExpire: boolean, now: number): Promise<RateLimitCounter> {
    const expire = msDuration > 0 ? now + msDuration : null;
    const restart = forceExpire ? sql<boolean>`1 = 1` : sql<boolean>`rate_limits.expire is not null and rate_limits.expire <= ${now}`;
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key, points, expire })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          points: sql`case when ${restart} then ${points} else rate_limits.points + ${points} end`,
          expire: sql`case when ${restart} then ${expire} else rate_limits.expire end`,
        }),
      )
      .returning(['points', 'expire'])
      .executeTakeFirstOrThrow();
    return { points: Number(row.points), expire: row.expire === null ? null : Number(row.expire) };
  }

  async get(key: string, now: number): Promise<RateLimitCounter | undefined> {
    const row = await this.db
      .selectFrom('rate_limits')
      .select(['points', 'expire'])
      .where('key', '=', key)
      .where((eb) => eb.or([eb('expire', 'is', null), eb('expire', '>', now)]))
      .executeTakeFirst();
    return row && { points: Number(row.points), expire: row.expire === null ? null : Number(row.expire) };
  }

  async delete(key: string): Promise<boolean> {
    const result = await this.db.deleteFrom('rate_limits').where('key', '=', key).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('rate_limits').where('expire', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
