/**
 * The event outbox: an event for the realm's listeners is written in the transaction of the
 * change it reports and dispatched after commit, so that a listener never sees a change that
 * was rolled back and a crash between commit and dispatch loses nothing.
 */
import type { Clock } from '../../kernel/clock.ts';
import { newTimeOrderedId } from '../../kernel/ids.ts';
import type { AdminEventRecord, EventRecord, OutboxRecord, RealmRecord, Repositories } from '../../storage/ports.ts';
import { adminEventRepresentation, eventRepresentation } from './representations.ts';

/** The listener that sends events to the realm's webhook endpoints. */
export const WEBHOOK_LISTENER = 'webhook';

/** The realm's `eventsListeners`. */
export function listenersOf(realm: RealmRecord): string[] {
  const listeners = realm.settings.eventsListeners;
  return Array.isArray(listeners) ? listeners.filter((l): l is string => typeof l === 'string') : ['jboss-logging'];
}

/**
 * Whether an event goes to the outbox: when the realm stores it and has a listener (so that
 * the log listener sees what the realm keeps), and always for a realm with the webhook
 * listener (a webhook must not miss a sign-up because the realm does not store events).
 * `wanted` says whether the event's type is one the realm cares about at all.
 */
export function goesToOutbox(realm: RealmRecord, stored: boolean, wanted: boolean): boolean {
  const listeners = listenersOf(realm);
  if (listeners.includes(WEBHOOK_LISTENER)) return wanted;
  return stored && listeners.length > 0;
}

/** The type an admin event has for listeners and webhook filters: `ADMIN:<resourceType>:<operationType>`. */
export const adminEventType = (e: Pick<AdminEventRecord, 'resourceType' | 'operationType'>): string => `ADMIN:${e.resourceType}:${e.operationType}`;

/** Writes a user event to the outbox, in the caller's transaction. */
export async function enqueueUserEvent(tx: Repositories, event: EventRecord, clock: Clock): Promise<void> {
  await tx.outbox.append(outboxRecord(event.realmId, 'user', event.type, `user:${event.userId ?? ''}`, eventRepresentation(event), clock));
}

/** Writes an admin event to the outbox, in the caller's transaction. */
export async function enqueueAdminEvent(tx: Repositories, event: AdminEventRecord, clock: Clock): Promise<void> {
  await tx.outbox.append(outboxRecord(event.realmId, 'admin', adminEventType(event), `admin:${event.resourcePath}`, adminEventRepresentation(event), clock));
}

function outboxRecord(realmId: string, kind: OutboxRecord['kind'], type: string, orderKey: string, payload: Record<string, unknown>, clock: Clock): OutboxRecord {
  const now = clock.now();
  return { id: newTimeOrderedId(now), realmId, kind, type, orderKey, payload, createdAt: now, dispatchedAt: null };
}

/**
 * Whether an endpoint wants an event: no types means every event; otherwise a user event's
 * type, `*`, or for admin events `ADMIN`, `ADMIN:<resourceType>` or the full admin type.
 */
export function wantsEvent(eventTypes: readonly string[], record: Pick<OutboxRecord, 'kind' | 'type'>): boolean {
  if (eventTypes.length === 0 || eventTypes.includes('*') || eventTypes.includes(record.type)) return true;
  if (record.kind !== 'admin') return false;
  const [, resourceType] = record.type.split(':');
  return eventTypes.includes('ADMIN') || eventTypes.includes(`ADMIN:${resourceType}`);
}
