/**
 * The query parameters of `GET /events` and `GET /admin-events`, parsed as Keycloak reads
 * them: dates as `yyyy-MM-dd` or epoch milliseconds (and, leniently, any date text such as
 * the admin client's `Date.toString()`), `first`/`max` paging with `max` 100 by default, and
 * `direction`. A value that cannot be read is a 400 that names its parameter.
 */
import type { AdminEventQuery, EventQuery } from '../storage/ports.ts';
import { badRequest, queryOne, type Query } from './types.ts';

const DAY_MS = 86_400_000;

/** Every value of a repeatable parameter, blanks dropped. */
export function queryAll(query: Query, name: string): string[] {
  const value = query[name];
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((v) => v.trim()).filter((v) => v !== '');
}

/** A single non-blank text parameter. */
function text(query: Query, name: string): string | undefined {
  const value = queryOne(query, name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * A date parameter in epoch milliseconds. A bare `yyyy-MM-dd` is a UTC day: from its start
 * for `dateFrom`, through its last millisecond for `dateTo`, so that one day's events are
 * `dateFrom=d&dateTo=d`.
 */
export function queryDate(query: Query, name: string, end: 'from' | 'to'): number | undefined {
  const value = text(query, name);
  if (value === undefined) return undefined;
  if (/^-?\d+$/.test(value)) return Number(value);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const start = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    const check = new Date(start);
    if (check.getUTCMonth() + 1 === Number(day[2]) && check.getUTCDate() === Number(day[3])) return end === 'from' ? start : start + DAY_MS - 1;
  } else {
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw badRequest(`Invalid value for '${name}', expected format is yyyy-MM-dd or milliseconds since the epoch`, name);
}

/** A non-negative integer parameter; anything else given is a 400. */
export function queryCount(query: Query, name: string): number | undefined {
  const value = text(query, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw badRequest(`Invalid value for '${name}', expected a non-negative integer`, name);
  return Number(value);
}

function direction(query: Query): 'asc' | 'desc' | undefined {
  const value = text(query, 'direction')?.toLowerCase();
  if (value === undefined) return undefined;
  if (value !== 'asc' && value !== 'desc') throw badRequest("Invalid value for 'direction', expected asc or desc", 'direction');
  return value;
}

/** Paging and ordering shared by both queries. */
function page(query: Query): Pick<EventQuery, 'first' | 'max' | 'direction' | 'dateFrom' | 'dateTo'> {
  return {
    dateFrom: queryDate(query, 'dateFrom', 'from'),
    dateTo: queryDate(query, 'dateTo', 'to'),
    first: queryCount(query, 'first') ?? 0,
    max: queryCount(query, 'max') ?? 100,
    direction: direction(query),
  };
}

/** `GET /events?type&client&user&dateFrom&dateTo&ipAddress&first&max&direction`. */
export function eventQueryOf(query: Query): EventQuery {
  return { types: queryAll(query, 'type'), clientId: text(query, 'client'), userId: text(query, 'user'), ipAddress: text(query, 'ipAddress'), ...page(query) };
}

/** `GET /admin-events?operationTypes&resourceTypes&resourcePath&authRealm&authClient&authUser&authIpAddress&…`. */
export function adminEventQueryOf(query: Query): AdminEventQuery {
  return {
    operationTypes: queryAll(query, 'operationTypes'),
    resourceTypes: queryAll(query, 'resourceTypes'),
    resourcePath: text(query, 'resourcePath'),
    authRealmId: text(query, 'authRealm'),
    authClientId: text(query, 'authClient'),
    authUserId: text(query, 'authUser'),
    authIpAddress: text(query, 'authIpAddress'),
    ...page(query),
  };
}
