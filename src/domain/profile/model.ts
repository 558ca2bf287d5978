/**
 * Keycloak's declarative user profile configuration (UPConfig), typed exactly as the JSON an
 * admin saves through `PUT /admin/realms/{realm}/users/profile` and a realm export carries in
 * its `org.keycloak.userprofile.UserProfileProvider` component. Nothing here is Gatehouse's
 * own shape, so that a Keycloak export reads back unchanged.
 */

/** What happens to attributes the configuration does not declare. Absent means `DISABLED`. */
export type UnmanagedAttributePolicy = 'DISABLED' | 'ENABLED' | 'ADMIN_VIEW' | 'ADMIN_EDIT';

/** The two pseudo-roles Keycloak knows: `user` for end-user contexts, `admin` for the Admin API. */
export type ProfileRole = 'user' | 'admin';

/** A validator's configuration, as free-form JSON (numbers may arrive as strings). */
export type ValidatorConfig = Record<string, unknown>;

/** `{}` (no roles, no scopes) means always required. */
export interface UPAttributeRequired {
  roles?: string[];
  scopes?: string[];
}

/** Edit implies view. */
export interface UPAttributePermissions {
  view?: string[];
  edit?: string[];
}

/** The attribute is only active when one of these client scopes is requested. */
export interface UPAttributeSelector {
  scopes?: string[];
}

export interface UPAttribute {
  name: string;
  /** Plain text or `${messageKey}`. */
  displayName?: string;
  group?: string | null;
  multivalued?: boolean;
  defaultValue?: string;
  required?: UPAttributeRequired;
  permissions?: UPAttributePermissions;
  selector?: UPAttributeSelector;
  /** Validator id → its configuration, in the order the admin listed them. */
  validations?: Record<string, ValidatorConfig>;
  annotations?: Record<string, unknown>;
}

export interface UPGroup {
  name: string;
  displayHeader?: string;
  displayDescription?: string;
  annotations?: Record<string, unknown>;
}

export interface UPConfig {
  unmanagedAttributePolicy?: UnmanagedAttributePolicy;
  attributes: UPAttribute[];
  groups?: UPGroup[];
}

/** The attributes stored as user fields rather than as attributes. */
export const ROOT_ATTRIBUTES = ['username', 'email', 'firstName', 'lastName'] as const;
export type RootAttribute = (typeof ROOT_ATTRIBUTES)[number];

export const isRootAttribute = (name: string): name is RootAttribute => (ROOT_ATTRIBUTES as readonly string[]).includes(name);

const everyone = (): UPAttributePermissions => ({ view: ['admin', 'user'], edit: ['admin', 'user'] });

function personName(name: 'firstName' | 'lastName', required: boolean): UPAttribute {
  return {
    name,
    displayName: `\${${name}}`,
    validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} },
    ...(required ? { required: { roles: ['user'] } } : {}),
    permissions: everyone(),
    multivalued: false,
  };
}

function builtinConfig(required: boolean): UPConfig {
  return {
    attributes: [
      {
        name: 'username',
        displayName: '${username}',
        validations: { length: { min: 3, max: 255 }, 'username-prohibited-characters': {}, 'up-username-not-idn-homograph': {} },
        permissions: everyone(),
        multivalued: false,
      },
      {
        name: 'email',
        displayName: '${email}',
        validations: { email: {}, length: { max: 255 } },
        ...(required ? { required: { roles: ['user'] } } : {}),
        permissions: everyone(),
        multivalued: false,
      },
      personName('firstName', required),
      personName('lastName', required),
    ],
    groups: [{ name: 'user-metadata', displayHeader: 'User metadata', displayDescription: 'Attributes, which refer to user metadata' }],
  };
}

/** Keycloak 24–26's configuration for a realm that never saved one (non-master realms). A fresh copy each call. */
export function defaultProfileConfig(): UPConfig {
  return builtinConfig(true);
}

/**
 * The master realm's default: the same attributes, none of email, firstName and lastName
 * required, because the bootstrap admin is created with a username and password only.
 */
export function masterProfileConfig(): UPConfig {
  return builtinConfig(false);
}
