import type { RealmRecord } from '../../storage/ports.ts';

/**
 * The built-in limiters. `reset-password` and `resend-verification` are for the email flows:
 * their routes call `RateLimits.consume('reset-password', …)` before sending anything.
 */
export const limiterNames = ['registration', 'login', 'token', 'reset-password', 'resend-verification'] as const;
export type LimiterName = (typeof limiterNames)[number];

/** At most `points` requests per `duration` seconds. */
export interface Window {
  points: number;
  duration: number;
}

/** One limiter of a realm: per client address, and for the whole realm. */
export interface LimiterSettings {
  enabled: boolean;
  ip: Window;
  realm: Window;
}

/**
 * Defaults: generous for people (a campus or a carrier's shared address signs up many people
 * an hour, an office logs in many times a minute) and for machine clients at the token
 * endpoint, tight enough that a script from one address is slowed within seconds.
 */
export const defaultRateLimits: Readonly<Record<LimiterName, LimiterSettings>> = {
  registration: { enabled: true, ip: { points: 60, duration: 600 }, realm: { points: 600, duration: 60 } },
  login: { enabled: true, ip: { points: 60, duration: 60 }, realm: { points: 6000, duration: 60 } },
  token: { enabled: true, ip: { points: 1200, duration: 60 }, realm: { points: 60000, duration: 60 } },
  'reset-password': { enabled: true, ip: { points: 10, duration: 900 }, realm: { points: 300, duration: 60 } },
  'resend-verification': { enabled: true, ip: { points: 10, duration: 900 }, realm: { points: 300, duration: 60 } },
};

const positive = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback);

function window(given: unknown, fallback: Window): Window {
  if (!given || typeof given !== 'object') return fallback;
  const w = given as Record<string, unknown>;
  return { points: positive(w.points, fallback.points), duration: positive(w.duration, fallback.duration) };
}

/**
 * A realm's settings for one limiter: the realm attribute `rateLimits` (a JSON string, as
 * realm attributes are strings) over the defaults, e.g.
 * `{"registration":{"ip":{"points":5,"duration":600}},"token":{"enabled":false}}`.
 * A value that does not parse keeps the default, so a typo never switches a limit off.
 */
export function rateLimitSettings(realm: RealmRecord, name: LimiterName): LimiterSettings {
  const fallback = defaultRateLimits[name];
  const attributes = realm.settings.attributes as Record<string, unknown> | undefined;
  const raw = attributes?.rateLimits;
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    return fallback;
  }
  const entry = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[name] : undefined;
  if (!entry || typeof entry !== 'object') return fallback;
  const e = entry as Record<string, unknown>;
  return { enabled: e.enabled !== false, ip: window(e.ip, fallback.ip), realm: window(e.realm, fallback.realm) };
}
