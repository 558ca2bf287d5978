/**
 * A user's sessions as Keycloak shows them, read from the OpenID Connect engine's records: a
 * browser sign-in is a `Session` (with the grants of the clients it signed in to); a password
 * grant has no browser session, so its `Grant` stands for one, as Keycloak keeps a user
 * session for it.
 */
import type { OidcPayloadRecord, Repositories } from '../../storage/ports.ts';

/** One session: its id, when it started and was last used, and the clients in it (by clientId). */
export interface UserSession {
  /** The browser session's `uid` (never its cookie value), or the grant's id. */
  id: string;
  kind: 'browser' | 'grant';
  userId: string;
  start: number;
  lastAccess: number;
  rememberMe: boolean;
  clientIds: string[];
  /** The grants to revoke when the session ends. */
  grantIds: string[];
  offline: boolean;
}

const seconds = (value: unknown): number | undefined => (typeof value === 'number' ? value * 1000 : undefined);

const live = (now: number) => (r: OidcPayloadRecord): boolean => r.expiresAt === null || r.expiresAt > now;

/** The grant ids a browser session holds, by client. */
function authorizations(session: OidcPayloadRecord): Map<string, string | undefined> {
  const entries = Object.entries((session.payload.authorizations ?? {}) as Record<string, { grantId?: unknown }>);
  return new Map(entries.map(([clientId, a]) => [clientId, typeof a.grantId === 'string' ? a.grantId : undefined]));
}

/** Every live session of a user in a realm, newest first. */
export async function listUserSessions(repos: Repositories, realmId: string, userId: string, now: number): Promise<UserSession[]> {
  const oidc = repos.oidcPayloads;
  const [sessions, grants, accessTokens, refreshTokens] = await Promise.all(
    ['Session', 'Grant', 'AccessToken', 'RefreshToken'].map(async (model) => (await oidc.listByAccount(realmId, model, userId)).filter(live(now))),
  ) as [OidcPayloadRecord[], OidcPayloadRecord[], OidcPayloadRecord[], OidcPayloadRecord[]];
  const lastUse = new Map<string, number>();
  for (const token of [...accessTokens, ...refreshTokens]) {
    const at = seconds(token.payload.iat);
    if (token.grantId && at !== undefined) lastUse.set(token.grantId, Math.max(lastUse.get(token.grantId) ?? 0, at));
  }
  const offlineGrants = new Set(refreshTokens.filter((t) => String(t.payload.scope ?? '').split(' ').includes('offline_access')).map((t) => t.grantId));
  const result: UserSession[] = [];
  const inBrowserSessions = new Set<string>();
  for (const session of sessions) {
    if (typeof session.payload.uid !== 'string' || typeof session.payload.loginTs !== 'number') continue;
    const granted = authorizations(session);
    const grantIds = [...granted.values()].filter((g): g is string => g !== undefined);
    for (const id of grantIds) inBrowserSessions.add(id);
    const start = seconds(session.payload.loginTs)!;
    const used = Math.max(seconds(session.payload.iat) ?? start, ...grantIds.map((g) => lastUse.get(g) ?? 0));
    result.push({ id: session.payload.uid, kind: 'browser', userId, start, lastAccess: used, rememberMe: session.payload.transient !== true, clientIds: [...granted.keys()], grantIds, offline: false });
  }
  for (const grant of grants) {
    if (inBrowserSessions.has(grant.id)) continue;
    const start = seconds(grant.payload.iat) ?? now;
    const clientId = typeof grant.payload.clientId === 'string' ? [grant.payload.clientId] : [];
    result.push({ id: grant.id, kind: 'grant', userId, start, lastAccess: Math.max(start, lastUse.get(grant.id) ?? 0), rememberMe: false, clientIds: clientId, grantIds: [grant.id], offline: offlineGrants.has(grant.id) });
  }
  return result.sort((a, b) => b.start - a.start);
}

/**
 * Ends one session: removes the browser session record and revokes its grants, so that its
 * refresh tokens stop working. Call inside a transaction.
 */
export async function endUserSession(tx: Repositories, realmId: string, session: UserSession): Promise<void> {
  if (session.kind === 'browser') {
    const record = await tx.oidcPayloads.findByUid(realmId, 'Session', session.id);
    if (record) await tx.oidcPayloads.destroy(realmId, 'Session', record.id);
  }
  for (const grantId of session.grantIds) await revokeGrant(tx, realmId, grantId);
}

/** Removes a grant and everything issued under it (its own record carries no grant id, so it goes separately). */
export async function revokeGrant(tx: Repositories, realmId: string, grantId: string): Promise<void> {
  await tx.oidcPayloads.revokeByGrantId(realmId, grantId);
  await tx.oidcPayloads.destroy(realmId, 'Grant', grantId);
}
