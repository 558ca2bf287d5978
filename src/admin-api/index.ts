/**
 * Keycloak's Admin REST API, one file per resource. `http/admin-routes.ts` mounts {@link adminApiRoutes}.
 */
import { attackDetectionRoutes } from './attack-detection.ts';
import { authenticationConfigRoutes } from './authentication-configs.ts';
import { authenticationExecutionRoutes } from './authentication-executions.ts';
import { authenticationFlowRoutes } from './authentication-flows.ts';
import { clientScopeLinkRoutes } from './client-scope-links.ts';
import { clientScopeRoutes } from './client-scopes.ts';
import { clientSecretRoutes } from './client-secrets.ts';
import { clientSessionRoutes } from './client-sessions.ts';
import { clientRoutes } from './clients.ts';
import { componentRoutes } from './components.ts';
import { defaultGroupRoutes } from './default-groups.ts';
import { eventRoutes } from './events.ts';
import { groupRoleMappingRoutes } from './group-role-mappings.ts';
import { groupRoutes } from './groups.ts';
import { identityProviderRoutes } from './identity-providers.ts';
import { keyRoutes } from './keys.ts';
import { localizationRoutes } from './localization.ts';
import { managementPermissionRoutes } from './management-permissions.ts';
import { partialImportRoutes } from './partial-import.ts';
import { realmRoutes } from './realms.ts';
import { registrationHookRoutes } from './registration-hooks.ts';
import { requiredActionRoutes } from './required-actions.ts';
import { roleMappingRoutes } from './role-mappings.ts';
import { roleByIdRoutes } from './roles-by-id.ts';
import { roleRoutes } from './roles.ts';
import { scopeMappingRoutes } from './scope-mappings.ts';
import { serverInfoRoutes } from './server-info.ts';
import { smtpTestRoutes } from './smtp-test.ts';
import type { AdminRoute } from './types.ts';
import { userCredentialRoutes } from './user-credentials.ts';
import { userEmailRoutes } from './user-emails.ts';
import { userExtraRoutes } from './user-extras.ts';
import { userGroupRoutes } from './user-groups.ts';
import { userProfileRoutes } from './user-profile.ts';
import { userSessionRoutes } from './user-sessions.ts';
import { userViewRoutes } from './users-view.ts';
import { userWriteRoutes } from './users.ts';
import { webhookRoutes } from './webhooks.ts';

export { recordAdminCall } from './admin-events.ts';
export { authenticate, Caller, forbidden, unauthorized, type Permission } from './auth.ts';
export { roleMappingRoutesFor, type RoleMappingHolder } from './role-mappings.ts';
export { AdminError, type AdminCall, type AdminDeps, type AdminResponse, type AdminRoute, type Query } from './types.ts';

/** Every Admin API route; realm routes' paths are relative to `/admin/realms/:realm`. */
export const adminApiRoutes: AdminRoute[] = [
  ...[...realmRoutes, ...smtpTestRoutes, ...partialImportRoutes],
  ...identityProviderRoutes,
  ...serverInfoRoutes,
  ...[...userViewRoutes, ...userWriteRoutes, ...userGroupRoutes, ...userProfileRoutes, ...userSessionRoutes, ...userCredentialRoutes, ...userEmailRoutes],
  ...[...roleRoutes, ...roleByIdRoutes, ...roleMappingRoutes, ...scopeMappingRoutes],
  ...[...clientRoutes, ...clientSecretRoutes, ...clientScopeLinkRoutes, ...clientScopeRoutes],
  ...[...groupRoutes, ...groupRoleMappingRoutes, ...defaultGroupRoutes],
  ...[...authenticationFlowRoutes, ...authenticationExecutionRoutes, ...authenticationConfigRoutes, ...requiredActionRoutes],
  ...[...componentRoutes, ...keyRoutes, ...localizationRoutes],
  ...[...eventRoutes, ...webhookRoutes],
  ...attackDetectionRoutes,
  ...registrationHookRoutes,
  ...[...clientSessionRoutes, ...managementPermissionRoutes, ...userExtraRoutes],
];
