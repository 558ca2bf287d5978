import type { Repositories } from '../../storage/ports.ts';
import { listUserSessions, type UserSession } from './user-sessions.ts';

/**
 * Every live session of a realm (browser sessions and the grants that stand for one), by
 * user. Reads each user with a session in turn: the engine's records are keyed by account,
 * and a realm-wide view (client session counts, logout of everyone) is an administrator's
 * occasional request, not a sign-in's.
 */
export async function listRealmSessions(repos: Repositories, realmId: string, now: number): Promise<UserSession[]> {
  const accounts = await repos.oidcPayloads.listAccounts(realmId, ['Session', 'Grant'], now);
  const sessions: UserSession[] = [];
  for (const accountId of accounts) sessions.push(...(await listUserSessions(repos, realmId, accountId, now)));
  return sessions.sort((a, b) => b.start - a.start);
}
