import { sql, type SelectQueryBuilder } from 'kysely';
import { paging } from './codec.ts';

/** What login and admin event queries share: a time range, Keycloak's paging and a direction. */
export interface EventWindow {
  dateFrom?: number;
  dateTo?: number;
  first?: number;
  max?: number;
  direction?: 'asc' | 'desc';
}

/**
 * Narrows an event-table query to `q`'s time range and page, newest first unless `q.direction`
 * is `asc`. Ordering by `id` after `time` keeps pages stable when events share a millisecond.
 */
export function inEventWindow<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, q: EventWindow): SelectQueryBuilder<DB, TB, O> {
  // Both event tables have `time` and `id`; a plain reference lets one function serve either.
  const time = sql.ref<number>('time');
  let windowed = query;
  if (q.dateFrom !== undefined) windowed = windowed.where(time, '>=', q.dateFrom);
  if (q.dateTo !== undefined) windowed = windowed.where(time, '<=', q.dateTo);
  const { offset, limit } = paging(q.first, q.max);
  const direction = q.direction === 'asc' ? 'asc' : 'desc';
  return windowed.orderBy(time, direction).orderBy(sql.ref('id'), direction).limit(limit).offset(offset);
}
