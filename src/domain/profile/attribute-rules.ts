import type { UnmanagedAttributePolicy, UPAttribute } from './model.ts';

/**
 * Where a profile is used, with Keycloak's UserProfileContext names. `USER_API` is the
 * Admin API; the others are end-user contexts.
 */
export type ProfileContext = 'REGISTRATION' | 'UPDATE_PROFILE' | 'ACCOUNT' | 'USER_API' | 'IDP_REVIEW';

/** What the rules need to know about the request, the realm and the user. */
export interface RuleSettings {
  readonly context: ProfileContext;
  readonly requestedScopes: readonly string[];
  readonly emailAsUsername: boolean;
  readonly editUsernameAllowed: boolean;
  /** No user exists yet (registration, or an admin creating one). */
  readonly newUser: boolean;
  readonly serviceAccount: boolean;
}

/** One attribute's standing in one context. Read-only is `!canEdit`. */
export interface AttributeRules {
  /** False when a `selector` scope is not requested: the attribute does not exist here. */
  readonly selected: boolean;
  readonly canView: boolean;
  readonly canEdit: boolean;
  readonly required: boolean;
}

const roleFor = (context: ProfileContext) => (context === 'USER_API' ? 'admin' : 'user');

// Keycloak's UPConfigUtils.canBeAuthFlowContext: scopes only mean something inside a sign-in.
const inAuthFlow = (context: ProfileContext) => context !== 'USER_API' && context !== 'ACCOUNT';

function scopeRequested(scopes: readonly string[], s: RuleSettings): boolean {
  // Every attribute is available when an admin manages the user.
  return s.context === 'USER_API' || scopes.some((scope) => s.requestedScopes.includes(scope));
}

function requiredByConfig(attribute: UPAttribute, s: RuleSettings): boolean {
  const rc = attribute.required;
  if (!rc || s.serviceAccount) return false;
  const roles = rc.roles ?? [];
  const scopes = rc.scopes ?? [];
  if ((roles.length === 0 && scopes.length === 0) || roles.includes(roleFor(s.context))) {
    if (scopes.length === 0) return true;
    return inAuthFlow(s.context) && scopeRequested(scopes, s);
  }
  return inAuthFlow(s.context) && scopes.length > 0 && scopeRequested(scopes, s);
}

/** [read, edit] granted by `permissions`; username and email without permissions are open to all. */
function permitted(attribute: UPAttribute, s: RuleSettings): [boolean, boolean] {
  const view = attribute.permissions?.view ?? [];
  const edit = attribute.permissions?.edit ?? [];
  if ((attribute.name === 'username' || attribute.name === 'email') && view.length === 0 && edit.length === 0) return [true, true];
  const canEdit = edit.includes(roleFor(s.context));
  return [view.includes(roleFor(s.context)) || canEdit, canEdit];
}

// Keycloak's DeclarativeUserProfileProviderFactory username/email conditions, which the realm's
// registrationEmailAsUsername and editUsernameAllowed impose on top of the configuration.
function usernameConditions(s: RuleSettings): [boolean, boolean] {
  const fresh = s.context === 'REGISTRATION' || s.context === 'IDP_REVIEW';
  const edit = fresh || s.newUser ? !s.emailAsUsername : !s.emailAsUsername && s.editUsernameAllowed;
  const read = fresh ? !s.emailAsUsername : s.context === 'UPDATE_PROFILE' ? !s.emailAsUsername && s.editUsernameAllowed : true;
  return [read, edit];
}

function emailConditions(s: RuleSettings): [boolean, boolean] {
  if (s.context === 'REGISTRATION' || s.context === 'USER_API') return [true, true];
  const edit = s.newUser || !s.emailAsUsername || s.editUsernameAllowed;
  const read = s.context === 'UPDATE_PROFILE' && s.emailAsUsername ? s.editUsernameAllowed : true;
  return [read, edit];
}

/** How one configured attribute behaves in the given context, following Keycloak's rules. */
export function attributeRules(attribute: UPAttribute, s: RuleSettings): AttributeRules {
  const { name } = attribute;
  const builtIn = name === 'username' || name === 'email';
  const selectorScopes = attribute.selector?.scopes ?? [];
  const selected = builtIn || !inAuthFlow(s.context) || selectorScopes.length === 0 || scopeRequested(selectorScopes, s);

  let required = requiredByConfig(attribute, s);
  if (name === 'username') required = !s.emailAsUsername;
  if (name === 'email') required = !s.serviceAccount && (required || s.emailAsUsername);

  let [read, edit] = permitted(attribute, s);
  if (builtIn) {
    const [readCondition, editCondition] = name === 'username' ? usernameConditions(s) : emailConditions(s);
    read &&= readCondition;
    edit &&= editCondition;
  }
  // Registration must be able to set the identifier the user signs in with, whatever the permissions say.
  if (s.context === 'REGISTRATION' && required && (name === 'username' || (name === 'email' && s.emailAsUsername))) {
    read = edit = true;
  }
  if (!selected) return { selected, canView: false, canEdit: false, required: false };
  return { selected, canView: read || edit, canEdit: edit, required };
}

/** How attributes the configuration does not declare behave under the realm's policy. */
export function unmanagedRules(policy: UnmanagedAttributePolicy | undefined, context: ProfileContext): { canView: boolean; canEdit: boolean } {
  const admin = context === 'USER_API';
  switch (policy) {
    case 'ENABLED':
      return { canView: true, canEdit: true };
    case 'ADMIN_EDIT':
      return { canView: admin, canEdit: admin };
    case 'ADMIN_VIEW':
      return { canView: admin, canEdit: false };
    default:
      return { canView: false, canEdit: false };
  }
}
