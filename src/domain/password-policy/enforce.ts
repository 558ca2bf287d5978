import type { RealmRecord, Repositories } from '../../storage/ports.ts';
import { realmSetting } from '../realms/model.ts';
import { checkPassword } from './check.ts';
import { parsePasswordPolicy } from './parse.ts';
import type { PolicyFailure } from './types.ts';

/** Who the password is for: the names it must not contain, and (for a change) whose history counts. */
export interface PasswordOwner {
  username?: string | null;
  email?: string | null;
  /** An existing user, whose current and previous passwords the history policies compare against. */
  userId?: string;
}

/**
 * Checks a new password against the realm's policy, the way registration, password update
 * and admin reset all do; returns every failure (empty when the password is acceptable).
 */
export async function enforcePasswordPolicy(repos: Repositories, realm: RealmRecord, password: string, owner: PasswordOwner, options: { now: number; dataDir: string }): Promise<PolicyFailure[]> {
  const policy = parsePasswordPolicy(realmSetting(realm, 'passwordPolicy', ''));
  if (policy.entries.length === 0) return [];
  const history = owner.userId ? (await repos.credentials.listForUser(owner.userId)).filter((c) => c.type === 'password' || c.type === 'password-history') : [];
  return checkPassword(policy, password, {
    username: owner.username ?? undefined,
    email: owner.email ?? undefined,
    history,
    now: options.now,
    dataDir: options.dataDir,
  });
}
