/**
 * Who calls the Admin API and what they may do, as Keycloak decides it: a Bearer access token
 * of the master realm or of the target realm, checked against that realm's keys, for an
 * enabled user whose roles are read from the store (admin-cli tokens are "lightweight" and
 * may carry no role claims).
 */
import { decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { effectiveRoles } from '../domain/roles/effective-roles.ts';
import { MASTER_REALM } from '../domain/realms/model.ts';
import { realmKeySet } from '../protocol/oidc/realm-snapshot.ts';
import type { RealmRecord, RoleRecord, UserRecord } from '../storage/ports.ts';
import { AdminError, type AdminDeps } from './types.ts';

/** Keycloak's `realm-management` client roles (in master: the `{realm}-realm` clients' roles). */
export type Permission =
  | 'view-realm' | 'manage-realm' | 'query-realms'
  | 'view-users' | 'manage-users' | 'query-users' | 'query-groups'
  | 'view-clients' | 'manage-clients' | 'query-clients' | 'create-client'
  | 'view-events' | 'manage-events'
  | 'view-identity-providers' | 'manage-identity-providers'
  | 'view-authorization' | 'manage-authorization' | 'impersonation';

/** 401 as Keycloak answers it. */
export const unauthorized = (): AdminError => new AdminError(401, { error: 'HTTP 401 Unauthorized' });
/** 403 as Keycloak answers it. */
export const forbidden = (): AdminError => new AdminError(403, { error: 'HTTP 403 Forbidden' });

/** The authenticated caller: the token's realm and user, and their effective roles. */
export class Caller {
  constructor(
    readonly realm: RealmRecord,
    readonly user: UserRecord,
    readonly claims: JWTPayload,
    private readonly roles: RoleRecord[],
    private readonly deps: AdminDeps,
  ) {}

  private readonly cache = new Map<string, Set<string>>();

  /** A master-realm user with the realm role `admin`: everything, in every realm. */
  get masterAdmin(): boolean {
    return this.realm.name === MASTER_REALM && this.roles.some((r) => r.clientId === null && r.name === 'admin');
  }

  /** A master-realm user with `create-realm` (which `admin` includes). */
  get mayCreateRealm(): boolean {
    return this.realm.name === MASTER_REALM && this.roles.some((r) => r.clientId === null && (r.name === 'create-realm' || r.name === 'admin'));
  }

  /** The caller's management roles for a realm: master's `{realm}-realm` client, or the realm's own `realm-management`. */
  async rolesIn(target: RealmRecord): Promise<Set<string>> {
    const cached = this.cache.get(target.id);
    if (cached) return cached;
    let clientUuid: string | undefined;
    if (this.realm.name === MASTER_REALM) clientUuid = (await this.deps.store.clients.findByClientId(this.realm.id, `${target.name}-realm`))?.id;
    else if (this.realm.id === target.id) clientUuid = (await this.deps.store.clients.findByClientId(target.id, 'realm-management'))?.id;
    const names = new Set(clientUuid ? this.roles.filter((r) => r.clientId === clientUuid).map((r) => r.name) : []);
    this.cache.set(target.id, names);
    return names;
  }

  /** Whether the caller holds a permission in a realm (`manage-x` implies `view-x`, `realm-admin` everything). */
  async can(target: RealmRecord, permission: Permission | 'any'): Promise<boolean> {
    if (this.masterAdmin) return true;
    const roles = await this.rolesIn(target);
    if (permission === 'any') return roles.size > 0;
    if (roles.has('realm-admin') || roles.has(permission)) return true;
    const [verb, ...rest] = permission.split('-');
    const subject = rest.join('-');
    if (verb === 'view' && roles.has(`manage-${subject}`)) return true;
    if (verb === 'query') {
      const base = subject === 'groups' ? 'users' : subject === 'realms' ? 'realm' : subject;
      return roles.has(`view-${base}`) || roles.has(`manage-${base}`);
    }
    return false;
  }

  /** Throws 403 unless the caller holds the permission in the realm. */
  async require(target: RealmRecord, permission: Permission | 'any'): Promise<void> {
    if (!(await this.can(target, permission))) throw forbidden();
  }
}

/**
 * Checks `Authorization: Bearer …`: an RS256 access token (`typ` Bearer) whose issuer is
 * `{baseUrl}/realms/{name}` for this request, signed by that realm, not expired, for an
 * enabled user. Throws 401 otherwise.
 */
export async function authenticate(deps: AdminDeps, authorization: string | undefined, baseUrl: string): Promise<Caller> {
  const token = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) throw unauthorized();
  let issuer: string;
  try {
    const iss = decodeJwt(token).iss;
    if (typeof iss !== 'string') throw unauthorized();
    issuer = iss;
  } catch {
    throw unauthorized();
  }
  const prefix = `${baseUrl}/realms/`;
  const encoded = issuer.startsWith(prefix) ? issuer.slice(prefix.length) : '';
  if (encoded === '' || encoded.includes('/')) throw unauthorized();
  let realmName: string;
  try {
    realmName = decodeURIComponent(encoded);
  } catch {
    throw unauthorized();
  }
  const engine = await deps.registry.get(realmName, baseUrl);
  if (!engine || !engine.realm.enabled) throw unauthorized();
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, realmKeySet(engine.snapshot), { issuer, algorithms: ['RS256'], requiredClaims: ['exp', 'sub'] }));
  } catch {
    throw unauthorized();
  }
  if (claims.typ !== 'Bearer' || typeof claims.sub !== 'string') throw unauthorized();
  const user = await deps.store.users.findById(engine.realm.id, claims.sub);
  if (!user || !user.enabled) throw unauthorized();
  if (user.notBefore > 0 && (claims.iat ?? 0) < user.notBefore) throw unauthorized();
  // The realm's not-before (set by logout-all) holds for every token it issued.
  if ((claims.iat ?? 0) < Number(engine.realm.settings.notBefore ?? 0)) throw unauthorized();
  const roles = await effectiveRoles(deps.store, engine.realm.id, user.id);
  return new Caller(engine.realm, user, claims, roles, deps);
}
