/**
 * The event listeners a realm may name in `eventsListeners`, as Keycloak's provider ids:
 * `jboss-logging` writes a structured log line per event (Keycloak's default listener),
 * `webhook` sends events to the realm's webhook endpoints (a Gatehouse extension).
 */
export const knownEventListeners: readonly string[] = ['jboss-logging', 'webhook'];
