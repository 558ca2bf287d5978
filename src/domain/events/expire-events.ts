import type { RealmRecord, Repositories } from '../../storage/ports.ts';

/** A positive number of seconds from a setting that may be a number or a numeric string. */
function seconds(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The realm's user-event lifetime (`eventsExpiration`, seconds), if it sets one. */
export const eventsExpiration = (realm: RealmRecord): number | undefined => seconds(realm.settings.eventsExpiration);

/** The realm's admin-event lifetime (the realm attribute `adminEventsExpiration`, seconds), if it sets one. */
export const adminEventsExpiration = (realm: RealmRecord): number | undefined =>
  seconds((realm.settings.attributes as Record<string, unknown> | undefined)?.adminEventsExpiration);

/**
 * Removes every realm's user events older than its `eventsExpiration` and admin events older
 * than its `adminEventsExpiration`. Idempotent, so any node may run it at any time. Returns
 * how many of each were removed.
 */
export async function expireEvents(repos: Repositories, now: number): Promise<{ events: number; adminEvents: number }> {
  let events = 0;
  let adminEvents = 0;
  for (const realm of await repos.realms.list()) {
    const user = eventsExpiration(realm);
    if (user !== undefined) events += await repos.events.deleteBefore(realm.id, now - user * 1000);
    const admin = adminEventsExpiration(realm);
    if (admin !== undefined) adminEvents += await repos.adminEvents.deleteBefore(realm.id, now - admin * 1000);
  }
  return { events, adminEvents };
}
