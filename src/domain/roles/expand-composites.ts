import type { Repositories, RoleRecord } from '../../storage/ports.ts';

/** The roles and everything their composites contain, each once. */
export async function expandComposites(tx: Repositories, roles: RoleRecord[]): Promise<RoleRecord[]> {
  const result = new Map<string, RoleRecord>();
  const pending = [...roles];
  while (pending.length > 0) {
    const role = pending.pop()!;
    if (result.has(role.id)) continue;
    result.set(role.id, role);
    pending.push(...(await tx.roles.listComposites(role.id)));
  }
  return [...result.values()];
}
