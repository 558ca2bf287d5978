/**
 * The event listeners a realm may name in `eventsListeners`, as Keycloak's provider ids:
 * `jboss-logging` writes a structured log line per event (Keycloak's default listener).
 */
export const knownEventListeners: readonly string[] = ['jboss-logging'];
