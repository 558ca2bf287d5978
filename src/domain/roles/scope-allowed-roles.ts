import type { ClientRecord, Repositories, RoleRecord } from '../../storage/ports.ts';
import { expandComposites } from './expand-composites.ts';

/**
 * The user's roles a client may put into its tokens, as Keycloak decides it: all of them with
 * full scope; otherwise only the client's own roles and those its scope mappings, and the
 * scope mappings of its applied client scopes, name (directly or through composites).
 */
export async function scopeAllowedRoles(tx: Repositories, client: ClientRecord, appliedScopeIds: string[], roles: RoleRecord[]): Promise<RoleRecord[]> {
  if (client.data.fullScopeAllowed !== false) return roles;
  const mapped = [...(await tx.roles.listClientRoles(client.realmId, client.id)), ...(await tx.clients.listScopeMappings(client.id))];
  for (const scopeId of appliedScopeIds) mapped.push(...(await tx.clientScopes.listScopeMappings(scopeId)));
  const allowed = new Set((await expandComposites(tx, mapped)).map((r) => r.id));
  return roles.filter((r) => allowed.has(r.id));
}
