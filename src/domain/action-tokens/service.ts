import { randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import type { KeyRecord, RealmRecord, Repositories, UserRecord } from '../../storage/ports.ts';
import { actionTokenLifespan } from './lifespan.ts';
import { actionIds, type ActionId, type ActionTokenClaims, type ActionTokenProblem } from './model.ts';

/** What a new link is for. */
export interface ActionTokenRequest {
  action: ActionId;
  user: UserRecord;
  /** The public base URL (scheme://host[:port]) the link is built on; the issuer is the realm's URL under it. */
  baseUrl: string;
  /** Who asked: a user's own links live `actionTokenGeneratedByUserLifespan`, an administrator's longer. */
  issuedBy: 'user' | 'admin';
  /** Overrides the realm's lifespan (the Admin API's `lifespan` parameter), in seconds. */
  lifespan?: number;
  clientId?: string | null;
  /** The journey that asked, so that the link continues it in the same browser. */
  journeyId?: string | null;
  redirectUri?: string | null;
  requiredActions?: string[];
  newEmail?: string;
}

/** A signed link token and what it says. */
export interface IssuedActionToken {
  token: string;
  claims: ActionTokenClaims;
  /** The lifespan it was issued with, in seconds. */
  lifespan: number;
}

export type ActionTokenCheck =
  | { ok: true; claims: ActionTokenClaims; user: UserRecord }
  | { ok: false; problem: ActionTokenProblem; claims?: ActionTokenClaims; user?: UserRecord };

const issuerOf = (baseUrl: string, realm: RealmRecord) => `${baseUrl}/realms/${encodeURIComponent(realm.name)}`;

/** The realm's HS512 keys that may verify, the active one with the highest priority first. */
async function hmacKeys(repos: Repositories, realm: RealmRecord): Promise<KeyRecord[]> {
  const keys = (await repos.keys.listForRealm(realm.id)).filter((k) => k.algorithm === 'HS512' && k.enabled && typeof k.privateJwk.k === 'string');
  return keys.sort((a, b) => Number(b.active) - Number(a.active) || b.priority - a.priority);
}

const secretOf = (key: KeyRecord): Uint8Array => Buffer.from(String(key.privateJwk.k), 'base64url');

/** Issues a signed, expiring action token for the user and their current email address. */
export async function issueActionToken(repos: Repositories, realm: RealmRecord, request: ActionTokenRequest, clock: Clock): Promise<IssuedActionToken> {
  const key = (await hmacKeys(repos, realm)).find((k) => k.active);
  if (!key) throw new Error(`realm ${realm.name} has no active HS512 key to sign action tokens`);
  const lifespan = request.lifespan && request.lifespan > 0 ? request.lifespan : actionTokenLifespan(realm, request.action, request.issuedBy);
  const iat = Math.floor(clock.now() / 1000);
  const issuer = issuerOf(request.baseUrl, realm);
  const claims: ActionTokenClaims = {
    typ: request.action,
    sub: request.user.id,
    eml: request.user.email ?? '',
    iat,
    exp: iat + lifespan,
    jti: newId(),
    iss: issuer,
    aud: issuer,
    nonce: randomBytes(12).toString('base64url'),
    ...(request.clientId ? { azp: request.clientId } : {}),
    ...(request.journeyId ? { asid: request.journeyId } : {}),
    ...(request.redirectUri ? { rdu: request.redirectUri } : {}),
    ...(request.requiredActions ? { rqac: request.requiredActions } : {}),
    ...(request.newEmail ? { newEmail: request.newEmail, oldEmail: request.user.email ?? '' } : {}),
  };
  const token = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS512', typ: 'JWT', kid: key.kid }).sign(secretOf(key));
  return { token, claims, lifespan };
}

/**
 * Checks a link's token: signed by this realm, an action Gatehouse knows, not expired, not
 * used, for a user who still exists, is enabled and still has the address it was issued for.
 * The token is not consumed here: the caller marks it used ({@link consumeActionToken}) in
 * the transaction that performs the action.
 */
export async function verifyActionToken(repos: Repositories, realm: RealmRecord, token: string, clock: Clock): Promise<ActionTokenCheck> {
  let claims: ActionTokenClaims | undefined;
  let expired = false;
  for (const key of await hmacKeys(repos, realm)) {
    try {
      const { payload } = await jwtVerify(token, secretOf(key), { algorithms: ['HS512'], currentDate: new Date(clock.now()) });
      claims = payload as unknown as ActionTokenClaims;
    } catch (error) {
      // jose checks the signature before the expiry: an expired token is a genuine one.
      if (error instanceof joseErrors.JWTExpired) {
        claims = error.payload as unknown as ActionTokenClaims;
        expired = true;
      }
    }
    if (claims) break;
  }
  if (!claims || !wellFormed(claims, realm)) return { ok: false, problem: 'invalid' };
  if (expired) return { ok: false, problem: 'expired', claims };
  if (await repos.actionTokens.isUsed(realm.id, claims.jti)) return { ok: false, problem: 'used', claims };
  const user = await repos.users.findById(realm.id, claims.sub);
  if (!user) return { ok: false, problem: 'user-not-found', claims };
  if (!user.enabled) return { ok: false, problem: 'user-disabled', claims, user };
  if ((user.email ?? '').toLowerCase() !== claims.eml.toLowerCase()) return { ok: false, problem: 'email-changed', claims, user };
  return { ok: true, claims, user };
}

/** Marks the token used, inside the transaction that performs its action; false when another request used it first. */
export async function consumeActionToken(tx: Repositories, realm: RealmRecord, claims: ActionTokenClaims): Promise<boolean> {
  return tx.actionTokens.markUsed(realm.id, claims.jti, claims.exp * 1000);
}

/** The claims every action token must carry, and an issuer of this realm (whatever host it was issued on). */
function wellFormed(claims: ActionTokenClaims, realm: RealmRecord): boolean {
  return (
    actionIds.includes(claims.typ) &&
    typeof claims.sub === 'string' &&
    typeof claims.eml === 'string' &&
    typeof claims.jti === 'string' &&
    claims.jti.length <= 64 &&
    typeof claims.exp === 'number' &&
    typeof claims.iss === 'string' &&
    claims.iss.endsWith(`/realms/${encodeURIComponent(realm.name)}`) &&
    (claims.rqac === undefined || (Array.isArray(claims.rqac) && claims.rqac.every((a) => typeof a === 'string')))
  );
}

/** The link a token travels in: Keycloak's `/login-actions/action-token?key=…&client_id=…&tab_id=…`. */
export function actionTokenLink(baseUrl: string, realm: RealmRecord, issued: IssuedActionToken): string {
  const query = new URLSearchParams({ key: issued.token });
  if (issued.claims.azp) query.set('client_id', issued.claims.azp);
  if (issued.claims.asid) query.set('tab_id', issued.claims.asid);
  return `${issuerOf(baseUrl, realm)}/login-actions/action-token?${query}`;
}
