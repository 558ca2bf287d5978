import type { UPAttribute, UPConfig } from './model.ts';
import type { ValidatorRegistry } from './validators/index.ts';
import { defaultValidatorRegistry } from './validators/index.ts';

export interface ConfigValidationOptions {
  validators?: ValidatorRegistry;
  /** The realm's client scope names; when given, `required.scopes` and `selector.scopes` must name one. */
  clientScopes?: readonly string[];
}

// Keycloak's UPConfigUtils.isValidAttributeName: no `:` or `/`, which would let a name escape
// into another namespace (`user.attributes.`, LDAP paths).
const ATTRIBUTE_NAME = /^[a-zA-Z0-9._-]+$/;
const ROLES = new Set(['user', 'admin']);
const POLICIES = new Set(['DISABLED', 'ENABLED', 'ADMIN_VIEW', 'ADMIN_EDIT']);

function roleProblems(roles: unknown, field: string, name: string): string[] {
  if (roles === undefined) return [];
  if (!Array.isArray(roles)) return [`'${field}' of attribute '${name}' must be a list`];
  return roles.filter((r) => !ROLES.has(r)).map((r) => `'${field}' of attribute '${name}' contains unsupported role '${String(r)}'`);
}

function scopeProblems(scopes: unknown, field: string, name: string, known: readonly string[] | undefined): string[] {
  if (scopes === undefined) return [];
  if (!Array.isArray(scopes)) return [`'${field}' of attribute '${name}' must be a list`];
  if (!known) return [];
  return scopes.filter((s) => !known.includes(s)).map((s) => `'${field}' of attribute '${name}' contains unsupported scope '${String(s)}'`);
}

function attributeProblems(attribute: UPAttribute, options: ConfigValidationOptions, groups: Set<string>): string[] {
  const name = attribute.name;
  const registry = options.validators ?? defaultValidatorRegistry;
  const problems: string[] = [];
  if (typeof name === 'string' && name !== '' && !ATTRIBUTE_NAME.test(name)) {
    problems.push(`Invalid attribute name (only letters, numbers and '.' '_' '-' special characters allowed): '${name}'`);
  }
  for (const [id, config] of Object.entries(attribute.validations ?? {})) {
    const validator = registry.get(id);
    if (!validator) {
      problems.push(`Validator '${id}' defined for attribute '${name}' doesn't exist`);
      continue;
    }
    const configProblems = validator.validateConfig?.(config ?? {}) ?? [];
    if (configProblems.length > 0) problems.push(`Validator '${id}' defined for attribute '${name}' has incorrect configuration: ${configProblems.join(', ')}`);
  }
  problems.push(...roleProblems(attribute.permissions?.view, 'permissions.view', name));
  problems.push(...roleProblems(attribute.permissions?.edit, 'permissions.edit', name));
  problems.push(...roleProblems(attribute.required?.roles, 'required.roles', name));
  problems.push(...scopeProblems(attribute.required?.scopes, 'required.scopes', name, options.clientScopes));
  problems.push(...scopeProblems(attribute.selector?.scopes, 'selector.scopes', name, options.clientScopes));
  if (attribute.group && !groups.has(attribute.group)) problems.push(`Attribute '${name}' references unknown group '${attribute.group}'`);
  // Chosen, not Keycloak's wording: the sign-in identifiers are single user fields.
  if ((name === 'username' || name === 'email') && attribute.multivalued) problems.push(`Attribute '${name}' cannot be multivalued`);
  return problems;
}

/**
 * The problems that make a configuration unusable, for an admin saving one; empty when it is
 * fine. Follows Keycloak's UPConfigUtils.validate: names present, unique and free of `:` and
 * `/`, known validators with valid configuration, only the `user` and `admin` roles, username
 * and email declared.
 */
export function validateProfileConfig(config: UPConfig, options: ConfigValidationOptions = {}): string[] {
  if (typeof config !== 'object' || config === null || !Array.isArray(config.attributes)) {
    return ["UserProfile configuration without 'attributes' section is not allowed"];
  }
  const problems: string[] = [];
  if (config.unmanagedAttributePolicy !== undefined && !POLICIES.has(config.unmanagedAttributePolicy)) {
    problems.push(`Unknown unmanagedAttributePolicy '${String(config.unmanagedAttributePolicy)}'`);
  }
  const groups = new Set<string>();
  for (const group of config.groups ?? []) {
    if (typeof group?.name !== 'string' || group.name.trim() === '') problems.push("Group configuration without 'name' is not allowed");
    else if (groups.has(group.name)) problems.push(`Group configuration already exists with 'name':'${group.name}'`);
    else groups.add(group.name);
  }
  const names = new Set<string>();
  for (const attribute of config.attributes) {
    const name: unknown = attribute?.name;
    if (typeof name !== 'string' || name.trim() === '') {
      problems.push("Attribute configuration without 'name' is not allowed");
      continue;
    }
    if (names.has(name)) {
      problems.push(`Attribute configuration already exists with 'name':'${name}'`);
      continue;
    }
    names.add(name);
    problems.push(...attributeProblems(attribute, options, groups));
  }
  for (const required of ['username', 'email']) {
    if (!names.has(required)) problems.push(`The attribute '${required}' cannot be removed`);
  }
  return problems;
}
