/**
 * Keycloak's GroupRepresentation and the group tree it is read from: paths (`/a/b`), sub-group
 * counts, the role names a full representation carries, and Keycloak's 404s.
 */
import type { GroupRecord, RealmRecord, Repositories } from '../storage/ports.ts';
import type { Caller } from './auth.ts';
import { notFound } from './types.ts';

/** A realm's groups loaded once: by id, children by parent, and each group's path. */
export class GroupTree {
  readonly byId: Map<string, GroupRecord>;
  private readonly children = new Map<string | null, GroupRecord[]>();
  private readonly paths = new Map<string, string>();

  constructor(groups: GroupRecord[]) {
    this.byId = new Map(groups.map((g) => [g.id, g]));
    for (const group of groups) {
      const parent = group.parentId && this.byId.has(group.parentId) ? group.parentId : null;
      this.children.set(parent, [...(this.children.get(parent) ?? []), group]);
    }
    for (const list of this.children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Loads every group of the realm. */
  static async load(repos: Repositories, realmId: string): Promise<GroupTree> {
    return new GroupTree(await repos.groups.listAll(realmId));
  }

  /** The direct sub-groups of a group (`null`: the top-level groups), by name. */
  childrenOf(id: string | null): GroupRecord[] {
    return this.children.get(id) ?? [];
  }

  /** The group and its ancestors, root first; a loop in hand-edited data is cut where it repeats. */
  lineage(group: GroupRecord): GroupRecord[] {
    const chain: GroupRecord[] = [];
    const seen = new Set<string>();
    for (let g: GroupRecord | undefined = group; g && !seen.has(g.id); g = g.parentId ? this.byId.get(g.parentId) : undefined) {
      seen.add(g.id);
      chain.unshift(g);
    }
    return chain;
  }

  /** Keycloak's group path: `/` and the names from the root down. */
  pathOf(group: GroupRecord): string {
    let path = this.paths.get(group.id);
    if (path === undefined) {
      path = `/${this.lineage(group).map((g) => g.name).join('/')}`;
      this.paths.set(group.id, path);
    }
    return path;
  }

  /** The group a path names (`/a/b`, leading slash optional), if any. */
  byPath(path: string): GroupRecord | undefined {
    const names = path.replace(/^\/+/, '').split('/');
    let parent: string | null = null;
    let found: GroupRecord | undefined;
    for (const name of names) {
      found = this.childrenOf(parent).find((g) => g.name === name);
      if (!found) return undefined;
      parent = found.id;
    }
    return found;
  }

  /** Whether `candidate` is `group` or lies below it. */
  isWithin(candidate: GroupRecord, group: GroupRecord): boolean {
    return this.lineage(candidate).some((g) => g.id === group.id);
  }
}

/** The group named in the path, or Keycloak's 404 (its text differs by resource). */
export async function groupOf(repos: Repositories, realm: RealmRecord, id: string | undefined, message = 'Could not find group by id'): Promise<GroupRecord> {
  const group = id ? await repos.groups.findById(realm.id, id) : undefined;
  if (!group) throw notFound(message);
  return group;
}

/** What the caller may do with groups (GroupRepresentation `access`). */
export async function groupAccess(caller: Caller, realm: RealmRecord): Promise<Record<string, boolean>> {
  const manage = await caller.can(realm, 'manage-users');
  const view = manage || (await caller.can(realm, 'view-users'));
  return { view, viewMembers: view, manageMembers: manage, manage, manageMembership: manage };
}

/** Options of {@link groupRepresentation}. */
export interface GroupViewOptions {
  /** Leave out attributes and role names. */
  brief: boolean;
  /** The sub-groups to nest (already represented); empty when not asked for. */
  subGroups?: Record<string, unknown>[];
  access?: Record<string, boolean>;
}

/** Keycloak's GroupRepresentation of one group. */
export async function groupRepresentation(repos: Repositories, tree: GroupTree, group: GroupRecord, options: GroupViewOptions): Promise<Record<string, unknown>> {
  const representation: Record<string, unknown> = {
    id: group.id,
    name: group.name,
    ...(group.description !== null ? { description: group.description } : {}),
    path: tree.pathOf(group),
    ...(group.parentId ? { parentId: group.parentId } : {}),
    subGroupCount: tree.childrenOf(group.id).length,
    subGroups: options.subGroups ?? [],
  };
  if (!options.brief) {
    representation.attributes = group.attributes;
    const roles = await repos.roles.listGroupRoles(group.id);
    representation.realmRoles = roles.filter((r) => r.clientId === null).map((r) => r.name).sort();
    const clientRoles: Record<string, string[]> = {};
    for (const role of roles) {
      if (!role.clientId) continue;
      const client = await repos.clients.findById(group.realmId, role.clientId);
      if (client) clientRoles[client.clientId] = [...(clientRoles[client.clientId] ?? []), role.name].sort();
    }
    representation.clientRoles = clientRoles;
  }
  if (options.access) representation.access = options.access;
  return representation;
}
