import type { UserRecord } from '../../storage/ports.ts';

/**
 * The fields of Keycloak's UserRepresentation that come from the user row itself, in
 * Keycloak's order, leaving out names and email that are not set. The Admin API's brief
 * representation is exactly this; the full one and a realm export add to it.
 */
export function userCoreRepresentation(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    ...(user.firstName !== null ? { firstName: user.firstName } : {}),
    ...(user.lastName !== null ? { lastName: user.lastName } : {}),
    ...(user.email !== null ? { email: user.email } : {}),
    emailVerified: user.emailVerified,
    createdTimestamp: user.createdTimestamp,
    enabled: user.enabled,
  };
}
