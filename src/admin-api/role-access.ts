/**
 * Who may read and change a role, as Keycloak decides it: a realm role is read by any admin
 * of the realm and changed with `manage-realm`; a client role is read with `view-clients` and
 * changed with `manage-clients`.
 */
import type { RoleRecord } from '../storage/ports.ts';
import { forbidden } from './auth.ts';
import type { AdminCall } from './types.ts';

/** Throws 403 unless the caller may view (or manage) roles of this container (`clientId` null: the realm). */
export async function requireRoleContainer(call: AdminCall, clientId: string | null, action: 'view' | 'manage'): Promise<void> {
  const permission = clientId === null ? (action === 'view' ? 'any' : 'manage-realm') : action === 'view' ? 'view-clients' : 'manage-clients';
  if (!(await call.caller.can(call.realm, permission))) throw forbidden();
}

/** Throws 403 unless the caller may view (or manage) the role. */
export function requireRole(call: AdminCall, role: RoleRecord, action: 'view' | 'manage'): Promise<void> {
  return requireRoleContainer(call, role.clientId, action);
}
