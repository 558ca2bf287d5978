/**
 * `/admin/realms/{realm}/attack-detection/brute-force/users[/{userId}]`: a user's brute-force
 * status, and clearing it for one user or the whole realm (Keycloak's AttackDetectionResource).
 */
import { bruteForceSettings } from '../domain/brute-force/brute-force-protector.ts';
import { noContent, notFound, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

async function userStatus(call: AdminCall): Promise<AdminResponse> {
  const { store, clock } = call.deps;
  const user = await store.users.findById(call.realm.id, call.params.userId!);
  if (!user) throw notFound('User not found');
  const settings = bruteForceSettings(call.realm);
  const record = settings.protected ? await store.loginFailures.find(call.realm.id, user.id) : undefined;
  const temporarily = record !== undefined && record.failedLoginNotBefore > clock.now();
  // A user that permanent lockout disabled counts as disabled by brute-force detection.
  const permanently = settings.permanentLockout && !user.enabled && record !== undefined && record.numFailures > 0;
  return {
    status: 200,
    body: {
      numFailures: record?.numFailures ?? 0,
      numTemporaryLockouts: record?.numTemporaryLockouts ?? 0,
      disabled: temporarily || permanently,
      lastIPFailure: record?.lastIpFailure ?? 'n/a',
      lastFailure: record?.lastFailure ?? 0,
      failedLoginNotBefore: record?.failedLoginNotBefore ?? 0,
    },
  };
}

async function clearUser(call: AdminCall): Promise<AdminResponse> {
  await call.deps.store.loginFailures.delete(call.realm.id, call.params.userId!);
  return noContent;
}

async function clearAll(call: AdminCall): Promise<AdminResponse> {
  await call.deps.store.loginFailures.deleteAll(call.realm.id);
  return noContent;
}

export const attackDetectionRoutes: AdminRoute[] = [
  { method: 'GET', path: '/attack-detection/brute-force/users/:userId', permission: 'view-users', handler: userStatus },
  { method: 'DELETE', path: '/attack-detection/brute-force/users/:userId', permission: 'manage-users', handler: clearUser },
  { method: 'DELETE', path: '/attack-detection/brute-force/users', permission: 'manage-users', handler: clearAll },
];
