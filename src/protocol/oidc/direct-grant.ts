import type { Clock } from '../../kernel/clock.ts';
import { isTemporarilyDisabled, recordLoginFailure, recordLoginSuccess } from '../../domain/brute-force/brute-force-protector.ts';
import { checkPassword } from '../../domain/credentials/service.ts';
import { recordEvent } from '../../domain/events/service.ts';
import { findUserForLogin } from '../../domain/users/service.ts';
import { profileIncomplete } from '../../flows/required-actions/profile-complete.ts';
import type { RealmRecord, Store } from '../../storage/ports.ts';
import type { PasswordCheck } from './password-grant.ts';
import { keepRequestUser } from './token-claims.ts';

/**
 * Keycloak's `direct grant` flow for the password grant: the user by username (or email),
 * the password, an enabled account, and no pending required action. Failures say as little
 * as the login page does, and each outcome is recorded as LOGIN or LOGIN_ERROR.
 */
export async function directGrant(
  store: Store,
  realm: RealmRecord,
  clock: Clock,
  request: { clientId: string; ip: string | null; username: string; password: string },
): Promise<PasswordCheck> {
  const details = { auth_method: 'openid-connect', grant_type: 'password', username: request.username, client_auth_method: 'client-secret' };
  const event = { clientId: request.clientId, ipAddress: request.ip };
  const user = await findUserForLogin(store, realm, request.username);
  if (!user) {
    await recordEvent(store, realm, { ...event, type: 'LOGIN_ERROR', error: 'user_not_found', details }, clock);
    return { ok: false, reason: 'invalid_user_credentials' };
  }
  if (await isTemporarilyDisabled(store, realm, user.id, clock)) {
    // Locked out by brute-force detection: answered like a wrong password, as Keycloak does.
    await recordEvent(store, realm, { ...event, type: 'LOGIN_ERROR', userId: user.id, error: 'user_temporarily_disabled', details }, clock);
    return { ok: false, reason: 'invalid_user_credentials' };
  }
  if (!(await checkPassword(store, realm, user, request.password))) {
    await recordLoginFailure(store, realm, user, request.ip, clock);
    await recordEvent(store, realm, { ...event, type: 'LOGIN_ERROR', userId: user.id, error: 'invalid_user_credentials', details }, clock);
    return { ok: false, reason: 'invalid_user_credentials' };
  }
  if (!user.enabled) {
    await recordEvent(store, realm, { ...event, type: 'LOGIN_ERROR', userId: user.id, error: 'user_disabled', details }, clock);
    return { ok: false, reason: 'user_disabled' };
  }
  const pending = await store.users.getRequiredActions(user.id);
  const enabled = new Set((await store.requiredActions.list(realm.id)).filter((a) => a.enabled).map((a) => a.alias));
  // Before the realm has required-action providers (an old realm), every stored action counts;
  // a profile the realm's user profile would send to VERIFY_PROFILE counts too, as in Keycloak.
  const incomplete = enabled.has('VERIFY_PROFILE') && (await profileIncomplete(store, realm, user));
  if (incomplete || pending.some((action) => enabled.size === 0 || enabled.has(action))) {
    await recordEvent(store, realm, { ...event, type: 'LOGIN_ERROR', userId: user.id, error: 'resolve_required_actions', details }, clock);
    return { ok: false, reason: 'not_fully_set_up' };
  }
  await recordLoginSuccess(store, realm, user.id);
  await recordEvent(store, realm, { ...event, type: 'LOGIN', userId: user.id, details }, clock);
  keepRequestUser(user);
  return { ok: true, userId: user.id };
}
