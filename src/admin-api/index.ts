/**
 * Keycloak's Admin REST API (first slice): realms, users, role mappings, realm roles and
 * server info. `http/admin-routes.ts` mounts {@link adminApiRoutes}.
 */
import { realmRoutes } from './realms.ts';
import { roleMappingRoutes } from './role-mappings.ts';
import { roleRoutes } from './roles.ts';
import { serverInfoRoutes } from './server-info.ts';
import { userViewRoutes } from './users-view.ts';
import { userWriteRoutes } from './users.ts';
import type { AdminRoute } from './types.ts';
import { identityProviderRoutes } from './identity-providers.ts';
import { partialImportRoutes } from './partial-import.ts';

export { authenticate, Caller, forbidden, unauthorized, type Permission } from './auth.ts';
export { AdminError, type AdminCall, type AdminDeps, type AdminResponse, type AdminRoute, type Query } from './types.ts';

/** Every Admin API route; realm routes' paths are relative to `/admin/realms/:realm`. */
export const adminApiRoutes: AdminRoute[] = [...realmRoutes, ...userViewRoutes, ...userWriteRoutes, ...roleMappingRoutes, ...roleRoutes, ...serverInfoRoutes,
  ...identityProviderRoutes, ...partialImportRoutes];
