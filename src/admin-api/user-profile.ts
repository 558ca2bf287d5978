/**
 * The realm's user profile: `GET|PUT /users/profile` (Keycloak's UPConfig; PUT validates,
 * saves and answers the saved configuration) and `GET /users/profile/metadata` (the
 * attributes and groups the admin context sees).
 */
import { buildProfile, profileMetadata, readProfileConfig, validateProfileConfig, writeProfileConfig, type UPConfig } from '../domain/profile/index.ts';
import type { RealmRecord, Repositories } from '../storage/ports.ts';
import { AdminError, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { realmChanged } from './realm-changed.ts';

/** Checks a UPConfig for saving; 400 with every problem named otherwise. */
export async function checkProfileConfig(repos: Repositories, realm: RealmRecord, config: unknown): Promise<UPConfig> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new AdminError(400, { errorMessage: 'The user profile configuration must be a JSON object' });
  const clientScopes = (await repos.clientScopes.list(realm.id)).map((s) => s.name);
  const problems = validateProfileConfig(config as UPConfig, { clientScopes });
  if (problems.length > 0) throw new AdminError(400, { errorMessage: `Invalid user profile configuration: ${problems.join('; ')}`, errors: problems });
  return config as UPConfig;
}

async function getProfile(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: await readProfileConfig(call.deps.store, call.realm) };
}

async function putProfile(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const config = await checkProfileConfig(store, call.realm, call.body);
  await store.transaction((tx) => writeProfileConfig(tx, call.realm, config));
  await realmChanged(call.deps, call.realm);
  return { status: 200, body: await readProfileConfig(store, call.realm) };
}

async function getMetadata(call: AdminCall): Promise<AdminResponse> {
  const config = await readProfileConfig(call.deps.store, call.realm);
  return { status: 200, body: profileMetadata(buildProfile({ config, realm: call.realm, context: 'USER_API' })) };
}

/** The user-profile routes; static paths, so they win over `/users/{id}`. */
export const userProfileRoutes: AdminRoute[] = [
  { method: 'GET', path: '/users/profile', permission: 'any', handler: getProfile },
  { method: 'PUT', path: '/users/profile', permission: 'manage-realm', handler: putProfile },
  { method: 'GET', path: '/users/profile/metadata', permission: 'any', handler: getMetadata },
];
