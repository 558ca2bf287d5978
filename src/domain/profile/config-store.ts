import { GatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Attributes, ComponentRecord, ComponentStore, RealmRecord } from '../../storage/ports.ts';
import { MASTER_REALM } from '../realms/model.ts';
import type { UPConfig } from './model.ts';
import { defaultProfileConfig, masterProfileConfig } from './model.ts';

/** Where Keycloak keeps a realm's user profile: a component of this type and provider. */
export const PROFILE_PROVIDER_TYPE = 'org.keycloak.userprofile.UserProfileProvider';
export const PROFILE_PROVIDER_ID = 'declarative-user-profile';
/** The config key holding the whole JSON (Keycloak 23+). */
export const PROFILE_CONFIG_KEY = 'kc.user.profile.config';
/** The older layout (up to 22): the JSON cut into `config-piece-0…N-1`. */
export const PIECES_COUNT_KEY = 'config-pieces-count';
export const PIECE_KEY_PREFIX = 'config-piece-';

/** Just the port this module needs, so a transaction's repositories or a test double both fit. */
export interface ProfileRepositories {
  readonly components: ComponentStore;
}

/** The realm's default when it never saved a configuration. */
export const defaultConfigFor = (realm: RealmRecord): UPConfig => (realm.name === MASTER_REALM ? masterProfileConfig() : defaultProfileConfig());

/** The stored JSON of a component, from either layout; undefined when it holds none. */
export function profileConfigJson(config: Attributes): string | undefined {
  const whole = config[PROFILE_CONFIG_KEY]?.[0];
  if (whole !== undefined && whole.trim() !== '') return whole;
  const count = Number(config[PIECES_COUNT_KEY]?.[0] ?? 0);
  if (!Number.isInteger(count) || count < 1) return undefined;
  // Keycloak 23's migration joins the pieces in order and skips missing ones; so do we.
  const json = Array.from({ length: count }, (_, i) => config[`${PIECE_KEY_PREFIX}${i}`]?.[0] ?? '').join('');
  return json.trim() === '' ? undefined : json;
}

/** Parses stored or submitted JSON; a broken configuration fails loudly rather than falling back to the looser default. */
export function parseProfileConfig(json: string, realmName: string): UPConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (cause) {
    throw new GatehouseError('GH_CONFIG_INVALID', [`user profile of realm ${realmName} is not JSON`], { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as UPConfig).attributes)) {
    throw new GatehouseError('GH_CONFIG_INVALID', [`user profile of realm ${realmName} has no attributes list`]);
  }
  return parsed as UPConfig;
}

async function findComponent(repos: ProfileRepositories, realm: RealmRecord): Promise<ComponentRecord | undefined> {
  const components = await repos.components.list(realm.id, { providerType: PROFILE_PROVIDER_TYPE });
  return components.find((c) => c.providerId === PROFILE_PROVIDER_ID);
}

/** The realm's user profile configuration, or Keycloak's default when it never saved one. */
export async function readProfileConfig(repos: ProfileRepositories, realm: RealmRecord): Promise<UPConfig> {
  const component = await findComponent(repos, realm);
  const json = component ? profileConfigJson(component.config) : undefined;
  return json === undefined ? defaultConfigFor(realm) : parseProfileConfig(json, realm.name);
}

/**
 * Saves the configuration as Keycloak 23+ does: the whole JSON under `kc.user.profile.config`,
 * creating the component if needed and dropping an older piece layout. Validate it first with
 * `validateProfileConfig`.
 */
export async function writeProfileConfig(repos: ProfileRepositories, realm: RealmRecord, config: UPConfig): Promise<void> {
  const json = JSON.stringify(config);
  const existing = await findComponent(repos, realm);
  if (!existing) {
    await repos.components.create({
      id: newId(),
      realmId: realm.id,
      parentId: realm.id,
      name: PROFILE_PROVIDER_ID,
      providerId: PROFILE_PROVIDER_ID,
      providerType: PROFILE_PROVIDER_TYPE,
      subType: null,
      config: { [PROFILE_CONFIG_KEY]: [json] },
    });
    return;
  }
  const kept = Object.entries(existing.config).filter(([key]) => key !== PIECES_COUNT_KEY && !key.startsWith(PIECE_KEY_PREFIX));
  await repos.components.update({ ...existing, config: { ...Object.fromEntries(kept), [PROFILE_CONFIG_KEY]: [json] } });
}
