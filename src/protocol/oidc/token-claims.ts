import { effectiveRoles } from '../../domain/roles/effective-roles.ts';
import { scopeAllowedRoles } from '../../domain/roles/scope-allowed-roles.ts';
import type { ClientRecord, ClientScopeRecord, GroupRecord, Store, UserRecord } from '../../storage/ports.ts';
import { mapClaims, type ClaimTarget, type ProtocolMapper } from './claims.ts';
import type { RealmSnapshot } from './realm-snapshot.ts';
import { resolveRedirectPatterns } from './redirect-uris.ts';
import { keepRead, readOnce } from './request-hints.ts';

/**
 * The client scopes that apply to a request: the client's default scopes always, its
 * optional scopes when the `scope` parameter asks for them.
 */
export function appliedScopes(snapshot: RealmSnapshot, client: ClientRecord, requested: Iterable<string>): ClientScopeRecord[] {
  const wanted = new Set(requested);
  const applied: ClientScopeRecord[] = [];
  for (const link of snapshot.scopeLinks.get(client.id) ?? []) {
    const scope = snapshot.scopesById.get(link.scopeId);
    if (!scope || (scope.data.protocol ?? 'openid-connect') !== 'openid-connect') continue;
    if (link.defaultScope || wanted.has(scope.name)) applied.push(scope);
  }
  return applied;
}

/** The `scope` claim: `openid` when asked for, then every applied scope that says it goes into the token. */
export function tokenScope(applied: ClientScopeRecord[], requested: Iterable<string>): string {
  const names = new Set<string>();
  for (const scope of applied) {
    const attributes = (scope.data.attributes ?? {}) as Record<string, string>;
    if (attributes['include.in.token.scope'] !== 'false') names.add(scope.name);
  }
  const sorted = [...names].sort();
  return (new Set(requested).has('openid') ? ['openid', ...sorted] : sorted).join(' ');
}

function mappersOf(client: ClientRecord, applied: ClientScopeRecord[]): ProtocolMapper[] {
  const fromScopes = applied.flatMap((s) => (s.data.protocolMappers as ProtocolMapper[] | undefined) ?? []);
  const own = (client.data.protocolMappers as ProtocolMapper[] | undefined) ?? [];
  return [...fromScopes, ...own].filter((m) => m && typeof m.protocolMapper === 'string' && m.config);
}

function groupPath(group: GroupRecord, all: Map<string, GroupRecord>): string {
  const parts = [group.name];
  for (let parent = group.parentId ? all.get(group.parentId) : undefined; parent; parent = parent.parentId ? all.get(parent.parentId) : undefined) {
    parts.unshift(parent.name);
  }
  return `/${parts.join('/')}`;
}

export interface UserClaimsRequest {
  snapshot: RealmSnapshot;
  client: ClientRecord;
  userId: string;
  /** The user's record when the caller has just read it (a service account); read by `userId` otherwise. */
  user?: UserRecord;
  requestedScopes: Iterable<string>;
  target: ClaimTarget;
  session: { authTime?: number; acr?: string; notes?: Record<string, string> };
  authBaseUrl: string;
}

/**
 * The user of a token request by id, read once per engine request: the engine's account
 * lookup, the access token's claims and the ID token's all start from it.
 */
export function requestUser(store: Store, realmId: string, userId: string): Promise<UserRecord | undefined> {
  return readOnce(`user:${userId}`, () => store.users.findById(realmId, userId));
}

/** Hands the user a check has just read to the rest of the engine request (see `requestUser`). */
export function keepRequestUser(user: UserRecord): void {
  keepRead(`user:${user.id}`, user);
}

const clientIdMaps = new WeakMap<RealmSnapshot, Map<string, string>>();

/** Client ids by internal id, made once per realm snapshot (role mappers name client roles by client id). */
function clientIdsOf(snapshot: RealmSnapshot): Map<string, string> {
  let ids = clientIdMaps.get(snapshot);
  if (!ids) {
    ids = new Map([...snapshot.clientsById.values()].map((c) => [c.id, c.clientId]));
    clientIdMaps.set(snapshot, ids);
  }
  return ids;
}

/**
 * The claims Keycloak would put into a token for this user and client, with the audiences
 * the mappers resolved and the token's `scope`. Undefined when the user no longer exists or
 * is disabled.
 */
export async function userClaims(store: Store, req: UserClaimsRequest): Promise<{ claims: Record<string, unknown>; audiences: string[]; scope: string } | undefined> {
  const { snapshot, client } = req;
  const realmId = snapshot.realm.id;
  const user = req.user ?? (await requestUser(store, realmId, req.userId));
  if (!user || !user.enabled) return undefined;
  const applied = appliedScopes(snapshot, client, req.requestedScopes);
  const mappers = mappersOf(client, applied);
  const needsRoles = mappers.some((m) => /role|audience-resolve/.test(m.protocolMapper));
  const needsGroups = mappers.some((m) => m.protocolMapper === 'oidc-group-membership-mapper');
  const [attributes, allRoles, groups] = await Promise.all([
    readOnce(`attributes:${user.id}`, () => store.users.getAttributes(user.id)),
    needsRoles ? readOnce(`roles:${user.id}`, () => effectiveRoles(store, realmId, user.id)) : Promise.resolve([]),
    needsGroups ? readOnce(`groups:${user.id}`, () => store.groups.listUserGroups(user.id)) : Promise.resolve([]),
  ]);
  // Without full scope, a client sees only its own roles and those its scope mappings allow.
  const roles = await scopeAllowedRoles(store, client, applied.map((s) => s.id), allRoles);
  let groupPaths: string[] = [];
  if (groups.length > 0) {
    const all = new Map((await store.groups.listAll(realmId)).map((g) => [g.id, g]));
    groupPaths = groups.map((g) => groupPath(g, all));
  }
  const clientIds = clientIdsOf(snapshot);
  const redirectPatterns = resolveRedirectPatterns((client.data.redirectUris as string[] | undefined) ?? [], client.data.rootUrl as string | undefined, req.authBaseUrl);
  const { claims, audiences } = mapClaims(mappers, { user, attributes, roles, clientIds, groupPaths, client, redirectPatterns, session: req.session }, req.target);
  return { claims, audiences, scope: tokenScope(applied, req.requestedScopes) };
}
