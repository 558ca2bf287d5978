/**
 * Changing users through the Admin API: `POST /users`, `PUT /users/{id}`, `DELETE /users/{id}`
 * and `PUT /users/{id}/reset-password`, validated by the realm's user profile (USER_API) and
 * password policy. Passwords are hashed before any transaction opens.
 */
import { preparePassword, storePassword } from '../domain/credentials/service.ts';
import { enforcePasswordPolicy } from '../domain/password-policy/enforce.ts';
import { passwordPolicyMessage } from '../domain/password-policy/messages.ts';
import { buildProfile, isRootAttribute, readProfileConfig, type ProfileInput, type ProfileValues } from '../domain/profile/index.ts';
import { createUser, updateUser } from '../domain/users/service.ts';
import { isGatehouseError } from '../kernel/errors.ts';
import type { Attributes, RealmRecord, UserRecord } from '../storage/ports.ts';
import { groupPaths, userOf } from './users-view.ts';
import { arrayBody, objectBody, optAttributes, optBool, optString, optStringArray } from './validate.ts';
import { AdminError, badRequest, noContent, realmUrl, type AdminCall, type AdminDeps, type AdminResponse, type AdminRoute } from './types.ts';

const UPDATE_PASSWORD = 'UPDATE_PASSWORD';

interface PasswordInput { value: string; temporary: boolean }

/** The password among `credentials` (CredentialRepresentation[]), type-checked. */
function passwordOf(body: Record<string, unknown>): PasswordInput | undefined {
  if (body.credentials === undefined || body.credentials === null) return undefined;
  let found: PasswordInput | undefined;
  for (const raw of arrayBody(body.credentials)) {
    const credential = objectBody(raw);
    const type = optString(credential, 'type') ?? 'password';
    const value = optString(credential, 'value');
    const temporary = optBool(credential, 'temporary') ?? false;
    if (type === 'password' && typeof value === 'string') found = { value, temporary };
  }
  return found;
}

/** Validates the profile input in the USER_API context; the first error is Keycloak's 400. */
async function validateProfile(deps: AdminDeps, realm: RealmRecord, input: ProfileInput, current?: UserRecord & { attributes: Attributes }): Promise<ProfileValues> {
  const config = await readProfileConfig(deps.store, realm);
  const { errors, values } = buildProfile({ config, realm, context: 'USER_API', current }).validate(input);
  for (const [field, list] of Object.entries(errors)) {
    const first = list[0];
    if (first) throw new AdminError(400, { field, errorMessage: first.key, params: first.params.map(String) });
  }
  return values;
}

/** Refuses a password the realm's policy rejects, with Keycloak's key and English text. */
async function checkPolicy(deps: AdminDeps, realm: RealmRecord, password: string, owner: { username?: string | null; email?: string | null; userId?: string }, onFailure: 'create' | 'reset'): Promise<void> {
  const failures = await enforcePasswordPolicy(deps.store, realm, password, owner, { now: deps.clock.now(), dataDir: deps.dataDir });
  const failure = failures[0];
  if (!failure) return;
  if (onFailure === 'create') throw badRequest('Password policy not met');
  throw new AdminError(400, { error: failure.key, error_description: passwordPolicyMessage(failure) });
}

const conflict = (error: unknown): never => {
  if (isGatehouseError(error, 'GH_CONFLICT')) throw new AdminError(409, { errorMessage: error.message });
  throw error;
};

const nonRoot = (attributes: Attributes): Attributes =>
  Object.fromEntries(Object.entries(attributes).filter(([name, values]) => !isRootAttribute(name) && values.length > 0));

async function postUser(call: AdminCall): Promise<AdminResponse> {
  const { deps, realm } = call;
  const body = objectBody(call.body);
  const root = { username: optString(body, 'username'), email: optString(body, 'email'), firstName: optString(body, 'firstName'), lastName: optString(body, 'lastName') };
  const enabled = optBool(body, 'enabled');
  const emailVerified = optBool(body, 'emailVerified');
  const attributes = optAttributes(body) ?? {};
  const requiredActions = optStringArray(body, 'requiredActions') ?? [];
  const groups = optStringArray(body, 'groups') ?? [];
  const password = passwordOf(body);
  const input: ProfileInput = { ...attributes };
  for (const [name, value] of Object.entries(root)) if (typeof value === 'string') input[name] = value;
  const values = await validateProfile(deps, realm, input);
  const paths = new Map([...(await groupPaths(deps.store, realm.id)).values()].map((g) => [g.path, g.group.id]));
  const groupIds = groups.map((path) => {
    const id = paths.get(path.startsWith('/') ? path : `/${path}`);
    if (!id) throw badRequest(`Group ${path} not found`);
    return id;
  });
  if (password) await checkPolicy(deps, realm, password.value, { username: values.username ?? root.username, email: values.email ?? root.email }, 'create');
  const credential = password ? await preparePassword(realm, password.value, deps.clock) : undefined;
  const actions = [...new Set([...requiredActions, ...(password?.temporary ? [UPDATE_PASSWORD] : [])])];
  const user = await deps.store
    .transaction(async (tx) => {
      // As Keycloak does for a user added through the Admin API: the realm's default actions first.
      const defaults = (await tx.requiredActions.list(realm.id)).filter((a) => a.enabled && a.defaultAction).map((a) => a.alias);
      const created = await createUser(
        tx,
        realm,
        { username: values.username ?? root.username ?? undefined, email: values.email, firstName: values.firstName, lastName: values.lastName, enabled: enabled ?? false, emailVerified, attributes: nonRoot(values.attributes), requiredActions: [...new Set([...defaults, ...actions])] },
        deps.clock,
      );
      if (credential) await storePassword(tx, realm.id, created.id, credential);
      for (const id of groupIds) await tx.groups.addMember(id, created.id);
      return created;
    })
    .catch(conflict);
  return { status: 201, location: `${realmUrl(call.baseUrl, realm.name)}/users/${user.id}` };
}

async function putUser(call: AdminCall): Promise<AdminResponse> {
  const { deps, realm } = call;
  const user = await userOf(deps.store, realm, call.params.id);
  const body = objectBody(call.body);
  const root = { username: optString(body, 'username'), email: optString(body, 'email'), firstName: optString(body, 'firstName'), lastName: optString(body, 'lastName') };
  const enabled = optBool(body, 'enabled');
  const emailVerified = optBool(body, 'emailVerified');
  const attributes = optAttributes(body);
  const requiredActions = optStringArray(body, 'requiredActions');
  const password = passwordOf(body);
  const before = await deps.store.users.getAttributes(user.id);
  const input: ProfileInput = { username: user.username, email: user.email ?? undefined, firstName: user.firstName ?? undefined, lastName: user.lastName ?? undefined };
  // With `attributes` the map is replaced: a stored attribute it leaves out is cleared.
  if (attributes) {
    for (const name of Object.keys(before)) if (!isRootAttribute(name)) input[name] = [];
    Object.assign(input, attributes);
  }
  for (const [name, value] of Object.entries(root)) if (typeof value === 'string') input[name] = value;
  const values = await validateProfile(deps, realm, input, { ...user, attributes: before });
  if (password) await checkPolicy(deps, realm, password.value, { username: user.username, email: user.email, userId: user.id }, 'reset');
  const credential = password ? await preparePassword(realm, password.value, deps.clock) : undefined;
  await deps.store
    .transaction(async (tx) => {
      const updated: UserRecord = {
        ...user,
        ...(values.username ? { username: values.username } : {}),
        ...(values.email !== undefined ? { email: values.email } : {}),
        ...(values.firstName !== undefined ? { firstName: values.firstName } : {}),
        ...(values.lastName !== undefined ? { lastName: values.lastName } : {}),
        enabled: enabled ?? user.enabled,
        emailVerified: emailVerified ?? user.emailVerified,
      };
      await updateUser(tx, realm, updated);
      if (attributes) {
        const after: Attributes = { ...before };
        for (const [name, list] of Object.entries(values.attributes)) {
          if (isRootAttribute(name)) continue;
          if (list.length === 0) delete after[name];
          else after[name] = list;
        }
        await tx.users.setAttributes(realm.id, user.id, after);
      }
      if (requiredActions) {
        const current = await tx.users.getRequiredActions(user.id);
        for (const action of current) if (!requiredActions.includes(action)) await tx.users.removeRequiredAction(user.id, action);
        for (const action of requiredActions) if (!current.includes(action)) await tx.users.addRequiredAction(user.id, action);
      }
      if (credential) await storePassword(tx, realm.id, user.id, credential);
      if (password?.temporary && !(requiredActions ?? []).includes(UPDATE_PASSWORD)) {
        if (!(await tx.users.getRequiredActions(user.id)).includes(UPDATE_PASSWORD)) await tx.users.addRequiredAction(user.id, UPDATE_PASSWORD);
      }
    })
    .catch(conflict);
  return noContent;
}

async function deleteUser(call: AdminCall): Promise<AdminResponse> {
  const user = await userOf(call.deps.store, call.realm, call.params.id);
  await call.deps.store.users.delete(call.realm.id, user.id);
  return noContent;
}

async function resetPassword(call: AdminCall): Promise<AdminResponse> {
  const { deps, realm } = call;
  const user = await userOf(deps.store, realm, call.params.id);
  const body = objectBody(call.body);
  const value = optString(body, 'value');
  const temporary = optBool(body, 'temporary') ?? false;
  optString(body, 'type');
  if (typeof value !== 'string') throw new AdminError(400, { error: 'No password provided' });
  if (value.trim() === '') throw new AdminError(400, { error: 'Empty password not allowed' });
  await checkPolicy(deps, realm, value, { username: user.username, email: user.email, userId: user.id }, 'reset');
  const credential = await preparePassword(realm, value, deps.clock);
  await deps.store.transaction(async (tx) => {
    await storePassword(tx, realm.id, user.id, credential);
    if (temporary && !(await tx.users.getRequiredActions(user.id)).includes(UPDATE_PASSWORD)) await tx.users.addRequiredAction(user.id, UPDATE_PASSWORD);
  });
  return noContent;
}

/** The user-changing routes. */
export const userWriteRoutes: AdminRoute[] = [
  { method: 'POST', path: '/users', permission: 'manage-users', handler: postUser },
  { method: 'PUT', path: '/users/:id', permission: 'manage-users', handler: putUser },
  { method: 'DELETE', path: '/users/:id', permission: 'manage-users', handler: deleteUser },
  { method: 'PUT', path: '/users/:id/reset-password', permission: 'manage-users', handler: resetPassword },
];
