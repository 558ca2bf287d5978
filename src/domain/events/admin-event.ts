import type { Clock } from '../../kernel/clock.ts';
import { newTimeOrderedId } from '../../kernel/ids.ts';
import type { AdminEventRecord, RealmRecord, Repositories } from '../../storage/ports.ts';
import { enqueueAdminEvent, goesToOutbox } from './outbox.ts';

/** One change made through the Admin API, as the code that saw it describes it. */
export interface AdminEvent {
  operationType: 'CREATE' | 'UPDATE' | 'DELETE' | 'ACTION';
  resourceType: string;
  resourcePath: string;
  authRealmId: string | null;
  authClientId: string | null;
  authUserId: string | null;
  authIpAddress: string | null;
  /** The request body with its secrets masked; kept only when the realm keeps details. */
  representation?: unknown;
}

/** Whether the realm keeps admin events (`adminEventsEnabled`). */
export const keepsAdminEvents = (realm: RealmRecord): boolean => realm.settings.adminEventsEnabled === true;

/**
 * Records an admin event in the caller's unit of work when the realm keeps admin events;
 * the representation only when the realm also keeps details (`adminEventsDetailsEnabled`),
 * as Keycloak does. The realm's listeners get it through the outbox, in the same unit of
 * work. Returns the stored record, or undefined when nothing was kept.
 */
export async function recordAdminEvent(tx: Repositories, realm: RealmRecord, event: AdminEvent, clock: Clock): Promise<AdminEventRecord | undefined> {
  const stored = keepsAdminEvents(realm);
  const queued = goesToOutbox(realm, stored, true);
  if (!stored && !queued) return undefined;
  const withDetails = realm.settings.adminEventsDetailsEnabled === true && event.representation !== undefined;
  const representation = withDetails ? (typeof event.representation === 'string' ? event.representation : JSON.stringify(event.representation)) : null;
  const now = clock.now();
  const record: AdminEventRecord = {
    id: newTimeOrderedId(now),
    realmId: realm.id,
    time: now,
    operationType: event.operationType,
    resourceType: event.resourceType,
    resourcePath: event.resourcePath,
    authRealmId: event.authRealmId,
    authClientId: event.authClientId,
    authUserId: event.authUserId,
    authIpAddress: event.authIpAddress,
    representation,
    error: null,
    details: {},
  };
  if (stored) await tx.adminEvents.append(record);
  if (queued) await enqueueAdminEvent(tx, record, clock);
  return stored ? record : undefined;
}
