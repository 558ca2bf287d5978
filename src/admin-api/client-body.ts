/**
 * Checks a ClientRepresentation sent to the Admin API: every field of the type Keycloak
 * gives it (a 400 naming the field otherwise), string attributes, well-formed mappers, and
 * Keycloak's URL rules.
 */
import { clientDefaults } from '../domain/clients/defaults.ts';
import { clientUrlProblems } from '../domain/clients/url-validation.ts';
import { AdminError, badRequest } from './types.ts';
import { checkSettingTypes, objectBody, optString, optStringArray } from './validate.ts';

const wrongType = (field: string, expected: string) => badRequest(`Invalid value for field '${field}': expected ${expected}`, field);

/** Client `attributes`: name → string (Keycloak's client attributes are single strings). */
function checkAttributes(value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType('attributes', 'an object');
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (raw !== null && typeof raw !== 'string') throw wrongType(`attributes.${name}`, 'a string');
  }
}

/** A ProtocolMapperRepresentation: a name, a mapper type and string config values. */
export function checkMapper(raw: unknown, field = 'protocolMappers'): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw wrongType(field, 'an object');
  const mapper = raw as Record<string, unknown>;
  const name = optString(mapper, 'name');
  const type = optString(mapper, 'protocolMapper');
  if (!name || name.trim() === '') throw badRequest('Protocol mapper name is missing', 'name');
  if (!type) throw badRequest('Protocol mapper type is missing', 'protocolMapper');
  optString(mapper, 'protocol');
  optString(mapper, 'id');
  const config = mapper.config ?? {};
  if (typeof config !== 'object' || Array.isArray(config)) throw wrongType(`${field}.config`, 'an object');
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    if (typeof value !== 'string') throw wrongType(`${field}.config.${key}`, 'a string');
  }
  return mapper;
}

/** The checked ClientRepresentation of a request body. */
export function clientBody(body: unknown): Record<string, unknown> {
  const rep = objectBody(body);
  checkSettingTypes(rep, { ...clientDefaults, attributes: undefined, authenticationFlowBindingOverrides: undefined });
  for (const field of ['id', 'clientId', 'name', 'description', 'rootUrl', 'adminUrl', 'baseUrl', 'secret', 'protocol', 'clientAuthenticatorType']) optString(rep, field);
  for (const field of ['redirectUris', 'webOrigins', 'defaultClientScopes', 'optionalClientScopes']) optStringArray(rep, field);
  checkAttributes(rep.attributes);
  if (rep.protocolMappers !== undefined && rep.protocolMappers !== null) {
    if (!Array.isArray(rep.protocolMappers)) throw wrongType('protocolMappers', 'an array');
    rep.protocolMappers.forEach((m) => checkMapper(m));
  }
  return rep;
}

/** Keycloak's 400 for a client whose URLs break its rules. */
export function checkClientUrls(data: Record<string, unknown>): void {
  const problems = clientUrlProblems(data);
  if (problems.length > 0) throw new AdminError(400, { error: 'invalid_input', error_description: problems.join(', ') });
}
