import type { Attributes, ClientRecord, RoleRecord, UserRecord } from '../../storage/ports.ts';
import { allowedOrigins } from './redirect-uris.ts';

/** Which token a claim is computed for; each mapper says per target whether it contributes. */
export type ClaimTarget = 'access' | 'id' | 'userinfo' | 'introspection';

const targetFlag: Record<ClaimTarget, string> = {
  access: 'access.token.claim',
  id: 'id.token.claim',
  userinfo: 'userinfo.token.claim',
  introspection: 'introspection.token.claim',
};

export interface ProtocolMapper {
  name: string;
  protocolMapper: string;
  config: Record<string, string>;
}

/** Everything the mappers may read about the user and the sign-in, loaded once per token. */
export interface ClaimSources {
  user: UserRecord;
  attributes: Attributes;
  /** Effective roles, already limited to what the client's scope allows. */
  roles: RoleRecord[];
  /** clientId by internal id, for client roles. */
  clientIds: Map<string, string>;
  /** Group paths (`/a/b`). */
  groupPaths: string[];
  client: ClientRecord;
  /** Resolved redirect patterns of the client, for `+` in web origins. */
  redirectPatterns: string[];
  session: { authTime?: number; acr?: string; notes?: Record<string, string> };
}

/** Root attributes of the user profile, read from the user record rather than attributes. */
function userValue(sources: ClaimSources, name: string): string[] {
  const { user } = sources;
  const fields: Record<string, unknown> = {
    username: user.username,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    emailVerified: user.emailVerified,
    enabled: user.enabled,
    id: user.id,
    createdTimestamp: user.createdTimestamp,
  };
  if (name in fields) {
    const value = fields[name];
    return value === null || value === undefined ? [] : [String(value)];
  }
  return sources.attributes[name] ?? [];
}

function convert(value: string, jsonType: string | undefined): unknown {
  switch (jsonType) {
    case 'boolean':
      return value === 'true';
    case 'int':
    case 'long': {
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    case 'JSON':
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    default:
      return value;
  }
}

/** Sets `a.b.c` as nested objects, as Keycloak's claim names do (`\.` keeps a literal dot). */
function setClaim(claims: Record<string, unknown>, name: string, value: unknown): void {
  const path = name.split(/(?<!\\)\./).map((part) => part.replace(/\\\./g, '.'));
  let target = claims;
  for (const part of path.slice(0, -1)) {
    const next = target[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  target[path[path.length - 1]!] = value;
}

function valuesClaim(claims: Record<string, unknown>, mapper: ProtocolMapper, values: string[]): void {
  const name = mapper.config['claim.name'];
  if (!name || values.length === 0) return;
  const jsonType = mapper.config['jsonType.label'];
  const converted = values.map((v) => convert(v, jsonType));
  setClaim(claims, name, mapper.config.multivalued === 'true' ? converted : converted[0]);
}

/** What one mapper adds. Unknown mapper types add nothing (they come from custom providers). */
function applyMapper(claims: Record<string, unknown>, mapper: ProtocolMapper, s: ClaimSources, audiences: Set<string>): void {
  const c = mapper.config;
  switch (mapper.protocolMapper) {
    case 'oidc-usermodel-attribute-mapper':
    case 'oidc-usermodel-property-mapper':
      return valuesClaim(claims, mapper, userValue(s, c['user.attribute'] ?? ''));
    case 'oidc-full-name-mapper': {
      const name = [s.user.firstName, s.user.lastName].filter(Boolean).join(' ');
      if (name) claims.name = name;
      return;
    }
    case 'oidc-usermodel-realm-role-mapper': {
      const prefix = c['usermodel.realmRoleMapping.rolePrefix'] ?? '';
      const names = s.roles.filter((r) => r.clientId === null).map((r) => prefix + r.name);
      return valuesClaim(claims, { ...mapper, config: { ...c, multivalued: 'true' } }, [...new Set(names)].sort());
    }
    case 'oidc-usermodel-client-role-mapper': {
      const only = c['usermodel.clientRoleMapping.clientId'];
      const byClient = new Map<string, string[]>();
      for (const role of s.roles) {
        if (role.clientId === null) continue;
        const clientId = s.clientIds.get(role.clientId);
        if (!clientId || (only && only !== clientId)) continue;
        byClient.set(clientId, [...(byClient.get(clientId) ?? []), role.name]);
      }
      for (const [clientId, names] of byClient) {
        const name = (c['claim.name'] ?? 'resource_access.${client_id}.roles').replace('${client_id}', clientId.replace(/\./g, '\\.'));
        setClaim(claims, name, [...new Set(names)].sort());
      }
      return;
    }
    case 'oidc-audience-resolve-mapper':
      for (const role of s.roles) {
        const clientId = role.clientId ? s.clientIds.get(role.clientId) : undefined;
        if (clientId && clientId !== s.client.clientId) audiences.add(clientId);
      }
      return;
    case 'oidc-audience-mapper':
      if (c['included.client.audience']) audiences.add(c['included.client.audience']);
      if (c['included.custom.audience']) audiences.add(c['included.custom.audience']);
      return;
    case 'oidc-allowed-origins-mapper': {
      const origins = allowedOrigins((s.client.data.webOrigins as string[] | undefined) ?? [], s.redirectPatterns);
      if (origins.length > 0) claims['allowed-origins'] = origins;
      return;
    }
    case 'oidc-acr-mapper':
      claims.acr = s.session.acr ?? '1';
      return;
    case 'oidc-sub-mapper':
      claims.sub = s.user.id;
      return;
    case 'oidc-usersessionmodel-note-mapper': {
      const note = c['user.session.note'] ?? '';
      const value = note === 'AUTH_TIME' ? (s.session.authTime === undefined ? undefined : String(s.session.authTime)) : s.session.notes?.[note];
      if (value !== undefined) valuesClaim(claims, mapper, [value]);
      return;
    }
    case 'oidc-hardcoded-claim-mapper':
      if (c['claim.value'] !== undefined) valuesClaim(claims, mapper, [c['claim.value']]);
      return;
    case 'oidc-group-membership-mapper': {
      const full = c['full.path'] !== 'false';
      const groups = s.groupPaths.map((p) => (full ? p : p.split('/').pop() ?? p));
      if (c['claim.name']) setClaim(claims, c['claim.name'], groups);
      return;
    }
    case 'oidc-address-mapper': {
      const address: Record<string, string> = {};
      for (const part of ['formatted', 'street', 'locality', 'region', 'postal_code', 'country']) {
        const value = userValue(s, c[`user.attribute.${part}`] ?? part)[0];
        if (value !== undefined) address[part === 'street' ? 'street_address' : part] = value;
      }
      if (Object.keys(address).length > 0) claims.address = address;
      return;
    }
    default:
      return;
  }
}

/**
 * The claims Keycloak's protocol mappers put into one kind of token, from the mappers of the
 * client's applied scopes and of the client itself. `aud` holds the audiences the mappers
 * resolved (possibly none).
 */
export function mapClaims(mappers: readonly ProtocolMapper[], sources: ClaimSources, target: ClaimTarget): { claims: Record<string, unknown>; audiences: string[] } {
  const claims: Record<string, unknown> = {};
  const audiences = new Set<string>();
  for (const mapper of mappers) {
    const flag = mapper.config[targetFlag[target]];
    // Keycloak's defaults: a mapper without the flag contributes to access and ID tokens.
    const enabled = flag === undefined ? target === 'access' || target === 'id' || target === 'introspection' : flag === 'true';
    if (enabled) applyMapper(claims, mapper, sources, audiences);
  }
  return { claims, audiences: [...audiences] };
}
