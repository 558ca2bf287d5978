/** Keycloak's RoleRepresentation of stored roles. */
import type { RealmRecord, Repositories, RoleRecord } from '../storage/ports.ts';

/** Keycloak's RoleRepresentation; the brief one has no attributes. */
export async function roleRepresentation(repos: Repositories, realm: RealmRecord, role: RoleRecord, brief = false): Promise<Record<string, unknown>> {
  return {
    id: role.id,
    name: role.name,
    ...(role.description !== null ? { description: role.description } : {}),
    composite: (await repos.roles.listComposites(role.id)).length > 0,
    clientRole: role.clientId !== null,
    containerId: role.clientId ?? realm.id,
    ...(brief ? {} : { attributes: role.attributes }),
  };
}

/** The roles' representations, by name. */
export async function roleRepresentations(repos: Repositories, realm: RealmRecord, roles: RoleRecord[], brief = true): Promise<Record<string, unknown>[]> {
  const result = [];
  for (const role of [...roles].sort((a, b) => a.name.localeCompare(b.name))) result.push(await roleRepresentation(repos, realm, role, brief));
  return result;
}

