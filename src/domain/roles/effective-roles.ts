import type { Repositories, RoleRecord } from '../../storage/ports.ts';

/**
 * Every role a user holds: direct mappings, the mappings of their groups and of those groups'
 * ancestors, expanded through composites. This is what goes into `realm_access` and
 * `resource_access`, and what the Admin API checks. One query: it runs for every token.
 */
export async function effectiveRoles(tx: Repositories, _realmId: string, userId: string): Promise<RoleRecord[]> {
  return tx.roles.listEffectiveUserRoles(userId);
}
