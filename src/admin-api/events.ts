/**
 * Events through the Admin API, as Keycloak serves them: `GET|DELETE /events`,
 * `GET|PUT /events/config` and `GET|DELETE /admin-events`, with Keycloak's filters, paging
 * and representations (null fields left out, as Keycloak's JSON does).
 */
import { knownEventListeners } from '../domain/events/listeners.ts';
import { adminEventRepresentation, eventRepresentation } from '../domain/events/representations.ts';
import type { RealmRecord } from '../storage/ports.ts';
import { adminEventQueryOf, eventQueryOf } from './event-query.ts';
import { badRequest, noContent, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { objectBody, optBool, optStringArray } from './validate.ts';
import { realmChanged } from './realm-changed.ts';

/** Copies the fields that are not null: Keycloak's JSON leaves nulls out. */
function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}

/** Keycloak's RealmEventsConfigRepresentation of a realm (`eventsExpiration` only when set). */
export function eventsConfigOf(realm: RealmRecord): Record<string, unknown> {
  const s = realm.settings;
  const expiration = typeof s.eventsExpiration === 'number' && s.eventsExpiration !== 0 ? s.eventsExpiration : null;
  return withoutNulls({
    eventsEnabled: s.eventsEnabled === true,
    eventsExpiration: expiration,
    eventsListeners: Array.isArray(s.eventsListeners) ? s.eventsListeners : ['jboss-logging'],
    enabledEventTypes: Array.isArray(s.enabledEventTypes) ? s.enabledEventTypes : [],
    adminEventsEnabled: s.adminEventsEnabled === true,
    adminEventsDetailsEnabled: s.adminEventsDetailsEnabled === true,
  });
}

async function getEvents(call: AdminCall): Promise<AdminResponse> {
  const events = await call.deps.store.events.query(call.realm.id, eventQueryOf(call.query));
  return { status: 200, body: events.map(eventRepresentation) };
}

async function clearEvents(call: AdminCall): Promise<AdminResponse> {
  await call.deps.store.events.deleteAll(call.realm.id);
  return noContent;
}

async function getAdminEvents(call: AdminCall): Promise<AdminResponse> {
  const events = await call.deps.store.adminEvents.query(call.realm.id, adminEventQueryOf(call.query));
  return { status: 200, body: events.map(adminEventRepresentation) };
}

async function clearAdminEvents(call: AdminCall): Promise<AdminResponse> {
  await call.deps.store.adminEvents.deleteAll(call.realm.id);
  return noContent;
}

async function getEventsConfig(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: eventsConfigOf(call.realm) };
}

/** What a RealmEventsConfigRepresentation changes; absent (or null) fields stay as they are. */
function eventsConfigChanges(body: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of ['eventsEnabled', 'adminEventsEnabled', 'adminEventsDetailsEnabled'] as const) {
    const value = optBool(body, field);
    if (value !== undefined) changes[field] = value;
  }
  const expiration = body.eventsExpiration;
  if (expiration !== undefined && expiration !== null) {
    if (typeof expiration !== 'number' || !Number.isInteger(expiration) || expiration < 0) {
      throw badRequest("Invalid value for field 'eventsExpiration': expected a non-negative number of seconds", 'eventsExpiration');
    }
    changes.eventsExpiration = expiration;
  }
  const listeners = optStringArray(body, 'eventsListeners');
  if (listeners) {
    const unknown = listeners.find((id) => !knownEventListeners.includes(id));
    if (unknown !== undefined) throw badRequest(`Unknown event listener: ${unknown}`, 'eventsListeners');
    changes.eventsListeners = [...new Set(listeners)];
  }
  const types = optStringArray(body, 'enabledEventTypes');
  if (types) changes.enabledEventTypes = [...new Set(types)];
  return changes;
}

async function putEventsConfig(call: AdminCall): Promise<AdminResponse> {
  const changes = eventsConfigChanges(objectBody(call.body));
  const { deps } = call;
  await deps.store.transaction(async (tx) => {
    const fresh = await tx.realms.findById(call.realm.id);
    if (fresh) await tx.realms.update({ ...fresh, settings: { ...fresh.settings, ...changes } });
  });
  await realmChanged(deps, call.realm);
  return noContent;
}

/** The event routes. */
export const eventRoutes: AdminRoute[] = [
  { method: 'GET', path: '/events', permission: 'view-events', handler: getEvents },
  { method: 'DELETE', path: '/events', permission: 'manage-events', handler: clearEvents },
  { method: 'GET', path: '/events/config', permission: 'view-events', handler: getEventsConfig },
  { method: 'PUT', path: '/events/config', permission: 'manage-events', handler: putEventsConfig },
  { method: 'GET', path: '/admin-events', permission: 'view-events', handler: getAdminEvents },
  { method: 'DELETE', path: '/admin-events', permission: 'manage-events', handler: clearAdminEvents },
];
