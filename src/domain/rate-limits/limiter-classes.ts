import { createRequire } from 'node:module';
import type * as Flexible from 'rate-limiter-flexible';

const load = createRequire(import.meta.url);

/*
 * Only the classes Gatehouse uses, each from its own file: the package's index loads every
 * store it supports (Redis, Mongo, DynamoDB, Prisma, …), which held 11 MB of resident memory
 * in every server whether or not a limit was ever reached; these three take about 1 MB.
 */

/** Counters in this process's memory. */
export const RateLimiterMemory = load('rate-limiter-flexible/lib/RateLimiterMemory.js') as typeof Flexible.RateLimiterMemory;

/** The answer of a limiter: points left, and how long until the next one. */
export const RateLimiterRes = load('rate-limiter-flexible/lib/RateLimiterRes.js') as typeof Flexible.RateLimiterRes;
export type RateLimiterRes = Flexible.RateLimiterRes;

/** The base class the package's store-backed limiters extend: its extension point for other stores. */
export const RateLimiterStoreAbstract = load('rate-limiter-flexible/lib/RateLimiterStoreAbstract.js') as new (opts: Record<string, unknown>) => Flexible.RateLimiterAbstract;
