import { newTimeOrderedId } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { EventRecord, RealmRecord, Repositories } from '../../storage/ports.ts';
import { enqueueUserEvent, goesToOutbox } from './outbox.ts';

/** A user event as the code that causes it describes it (Keycloak's EventRepresentation without id and time). */
export interface UserEvent {
  type: string;
  clientId?: string | null;
  userId?: string | null;
  sessionId?: string | null;
  ipAddress?: string | null;
  /** Keycloak's error code (`invalid_user_credentials`, …) for an `*_ERROR` type. */
  error?: string | null;
  details?: Record<string, string | undefined>;
}

/**
 * The types Keycloak stores when a realm enables events without choosing types; the others
 * (token refreshes, introspection, userinfo…) are too frequent to keep by default.
 */
const notSavedByDefault = new Set([
  'REFRESH_TOKEN',
  'VALIDATE_ACCESS_TOKEN',
  'INTROSPECT_TOKEN',
  'INVALID_SIGNATURE',
  'REGISTER_NODE',
  'UNREGISTER_NODE',
  'USER_INFO_REQUEST',
  'IDENTITY_PROVIDER_LOGIN',
  'IDENTITY_PROVIDER_RESPONSE',
  'IDENTITY_PROVIDER_RETRIEVE_TOKEN',
  'CLIENT_INFO',
  'PUSHED_AUTHORIZATION_REQUEST',
]);

/** Whether the realm's event settings keep events of this type. */
export function isStored(realm: RealmRecord, type: string): boolean {
  if (realm.settings.eventsEnabled !== true) return false;
  return isWantedType(realm, type);
}

/** Whether the type is one the realm keeps when it keeps events (`enabledEventTypes`, or the default set). */
function isWantedType(realm: RealmRecord, type: string): boolean {
  const enabled = realm.settings.enabledEventTypes;
  if (Array.isArray(enabled) && enabled.length > 0) return enabled.includes(type);
  const base = type.endsWith('_ERROR') ? type.slice(0, -'_ERROR'.length) : type;
  return !notSavedByDefault.has(base);
}

/**
 * Records a user event in the caller's unit of work, when the realm keeps that type. Called
 * inside the transaction of the change it reports, so that an event never outlives a
 * rolled-back change. Returns the stored record, or undefined when the realm does not keep it.
 */
export async function recordEvent(tx: Repositories, realm: RealmRecord, event: UserEvent, clock: Clock): Promise<EventRecord | undefined> {
  const stored = isStored(realm, event.type);
  const queued = goesToOutbox(realm, stored, isWantedType(realm, event.type));
  if (!stored && !queued) return undefined;
  const details: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.details ?? {})) if (value !== undefined) details[key] = value;
  const record: EventRecord = {
    id: newTimeOrderedId(clock.now()),
    realmId: realm.id,
    time: clock.now(),
    type: event.type,
    clientId: event.clientId ?? null,
    userId: event.userId ?? null,
    sessionId: event.sessionId ?? null,
    ipAddress: event.ipAddress ?? null,
    error: event.error ?? null,
    details,
  };
  if (stored) await tx.events.append(record);
  // The realm's listeners see it after commit, through the outbox written in this same unit of work.
  if (queued) await enqueueUserEvent(tx, record, clock);
  return stored ? record : undefined;
}
