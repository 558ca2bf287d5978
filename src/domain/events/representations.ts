/**
 * Keycloak's JSON for events, shared by the Admin API and the event listeners: nulls are left
 * out (as Keycloak's JSON does), `details` only when there are some.
 */
import type { AdminEventRecord, EventRecord } from '../../storage/ports.ts';

/** Copies the fields that are not null. */
function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}

/** Keycloak's EventRepresentation. */
export function eventRepresentation(e: EventRecord): Record<string, unknown> {
  return withoutNulls({
    id: e.id,
    time: e.time,
    type: e.type,
    realmId: e.realmId,
    clientId: e.clientId,
    userId: e.userId,
    sessionId: e.sessionId,
    ipAddress: e.ipAddress,
    error: e.error,
    details: Object.keys(e.details).length > 0 ? e.details : null,
  });
}

/** Keycloak's AdminEventRepresentation; `representation` is JSON text, as Keycloak sends it. */
export function adminEventRepresentation(e: AdminEventRecord): Record<string, unknown> {
  return withoutNulls({
    id: e.id,
    time: e.time,
    realmId: e.realmId,
    authDetails: withoutNulls({ realmId: e.authRealmId, clientId: e.authClientId, userId: e.authUserId, ipAddress: e.authIpAddress }),
    operationType: e.operationType,
    resourceType: e.resourceType,
    resourcePath: e.resourcePath,
    representation: e.representation,
    error: e.error,
    details: Object.keys(e.details).length > 0 ? e.details : null,
  });
}
