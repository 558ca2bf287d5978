import { randomUUID } from 'node:crypto';

/** A new random identifier in Keycloak's format (a version 4 UUID). */
export function newId(): string {
  return randomUUID();
}
