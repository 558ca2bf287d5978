import { isGatehouseError } from '../../../kernel/errors.ts';
import { parsePasswordPolicy } from '../../password-policy/parse.ts';
import { defaultRealmSettings } from '../defaults.ts';
import { importProblem, objectAt } from './import-problem.ts';

/** RealmRepresentation fields that the import parts read themselves; everything else is a setting. */
export const REALM_COLLECTIONS: ReadonlySet<string> = new Set([
  'id', 'realm', 'enabled', 'users', 'clients', 'roles', 'groups', 'clientScopes', 'components', 'authenticationFlows',
  'authenticatorConfig', 'requiredActions', 'identityProviders', 'identityProviderMappers', 'defaultDefaultClientScopes',
  'defaultOptionalClientScopes', 'defaultGroups', 'defaultRoles', 'defaultRole', 'keycloakVersion',
  // Kept as they are (see realmExtras) until Gatehouse reads them.
  'scopeMappings', 'clientScopeMappings', 'federatedUsers',
]);

/** Realm-level collections Gatehouse does not read yet; kept and exported again. */
const KEPT_COLLECTIONS: ReadonlySet<string> = new Set(['scopeMappings', 'clientScopeMappings', 'federatedUsers']);

/**
 * The realm's settings from a representation: every field that is not a collection, checked
 * against the type of its default (a boolean stays a boolean), the password policy parsed
 * and SMTP settings an object. Unknown settings are kept as they are.
 */
export function realmSettingsOf(rep: Record<string, unknown>): Record<string, unknown> {
  const defaults = defaultRealmSettings();
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rep)) {
    if (REALM_COLLECTIONS.has(key) || value === undefined || value === null) continue;
    const expected = defaults[key];
    if (expected !== undefined && expected !== null && (Array.isArray(expected) ? !Array.isArray(value) : typeof value !== typeof expected)) {
      throw importProblem(key, Array.isArray(expected) ? 'expected an array' : typeof expected === 'object' ? 'expected an object' : `expected a ${typeof expected}`);
    }
    settings[key] = value;
  }
  if (settings.smtpServer !== undefined) objectAt(settings.smtpServer, 'smtpServer');
  if (typeof settings.passwordPolicy === 'string') {
    try {
      parsePasswordPolicy(settings.passwordPolicy);
    } catch (error) {
      if (isGatehouseError(error, 'GH_INVALID_INPUT')) throw importProblem('passwordPolicy', error.message);
      throw error;
    }
  }
  return settings;
}

/** The realm-level collections kept without being read (scope mappings, federated users). */
export function realmExtras(rep: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of KEPT_COLLECTIONS) if (rep[key] !== undefined && rep[key] !== null) kept[key] = rep[key];
  return kept;
}
