/**
 * The account as JSON for a bearer token (`GET /realms/{realm}/account` with
 * `Accept: application/json`, what keycloak-js `loadUserProfile()` sends): Keycloak's
 * account UserRepresentation.
 */
import { jwtVerify, type JWTPayload } from 'jose';
import { isRootAttribute, profileMetadata, type ProfileMetadata } from '../domain/profile/index.ts';
import type { RealmEngine } from '../protocol/oidc/provider-registry.ts';
import type { Attributes, Store, UserRecord } from '../storage/ports.ts';
import type { AccountUrls } from './deps.ts';
import { accountProfile } from './personal-info.ts';
import { realmKeySet } from '../protocol/oidc/realm-snapshot.ts';

/** Keycloak's account UserRepresentation. */
export interface AccountRepresentation {
  id: string;
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  emailVerified: boolean;
  attributes?: Attributes;
  userProfileMetadata?: ProfileMetadata;
}

/** A bearer token's verdict: its user and claims, or why it is refused (for the log only). */
export type BearerCheck = { ok: true; user: UserRecord; claims: JWTPayload } | { ok: false; reason: string };

/**
 * Checks an `Authorization: Bearer …` header: an access token (`typ` Bearer, never an ID
 * token) signed with one of the realm's RS256 keys, issued by the realm at this base URL, not
 * expired, still known to the engine (not revoked, its session not ended), for an enabled
 * user whose not-before it passes.
 */
export async function checkBearer(store: Store, engine: RealmEngine, urls: AccountUrls, authorization: string | undefined): Promise<BearerCheck> {
  const token = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) return { ok: false, reason: 'no bearer token' };
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, realmKeySet(engine.snapshot), { issuer: urls.issuer, algorithms: ['RS256'] }));
  } catch (error) {
    return { ok: false, reason: `token rejected: ${(error as Error).message}` };
  }
  if (claims.typ !== 'Bearer' || typeof claims.sub !== 'string') return { ok: false, reason: 'not a user access token' };
  const stored = await engine.provider.AccessToken.find(token);
  if (!stored || stored.accountId !== claims.sub) return { ok: false, reason: 'token revoked or unknown' };
  const user = await store.users.findById(engine.realm.id, claims.sub);
  if (!user || !user.enabled) return { ok: false, reason: 'user disabled or removed' };
  if (user.notBefore > 0 && (claims.iat ?? 0) < user.notBefore) return { ok: false, reason: 'token issued before the user\'s not-before' };
  return { ok: true, user, claims };
}

/**
 * Whether the token carries one of the `account` client roles that let its holder read the
 * profile (Keycloak's `manage-account` or `view-profile`).
 */
export function mayViewProfile(claims: JWTPayload): boolean {
  const access = claims.resource_access as Record<string, { roles?: unknown }> | undefined;
  const roles = access?.account?.roles;
  return Array.isArray(roles) && (roles.includes('view-profile') || roles.includes('manage-account'));
}

/**
 * The user as Keycloak's account API returns it: root fields, `attributes` (the other
 * attributes the ACCOUNT context may see) and, when asked, `userProfileMetadata`.
 */
export async function accountRepresentation(store: Store, engine: RealmEngine, user: UserRecord, withMetadata: boolean): Promise<AccountRepresentation> {
  const profile = await accountProfile(store, engine.realm, user);
  const visible = profile.attributes();
  const attributes: Attributes = {};
  for (const attribute of visible) if (!isRootAttribute(attribute.name) && attribute.values.length > 0) attributes[attribute.name] = attribute.values;
  Object.assign(attributes, profile.unmanagedAttributes());
  const shown = new Set(visible.map((a) => a.name));
  return {
    id: user.id,
    username: user.username,
    ...(shown.has('email') && user.email ? { email: user.email } : {}),
    ...(shown.has('firstName') && user.firstName ? { firstName: user.firstName } : {}),
    ...(shown.has('lastName') && user.lastName ? { lastName: user.lastName } : {}),
    emailVerified: user.emailVerified,
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    ...(withMetadata ? { userProfileMetadata: profileMetadata(profile) } : {}),
  };
}
