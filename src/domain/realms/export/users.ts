import type { UserRecord } from '../../../storage/ports.ts';
import { userCoreRepresentation } from '../../users/representation.ts';
import { roleNames, type ExportContext } from './export-context.ts';

/** One UserRepresentation as Keycloak's export writes it, credentials (hashes) included. */
export async function exportUser(ctx: ExportContext, user: UserRecord, extras?: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { repos } = ctx;
  const roles = roleNames(ctx, await repos.roles.listUserRoles(user.id));
  const groups = (await repos.groups.listUserGroups(user.id)).map((g) => ctx.groupPaths.get(g.id)!).filter(Boolean).sort();
  const links = await repos.federatedIdentities.listForUser(user.id);
  const credentials = (await repos.credentials.listForUser(user.id)).map((c) => ({
    id: c.id,
    type: c.type,
    ...(c.userLabel !== null ? { userLabel: c.userLabel } : {}),
    createdDate: c.createdDate,
    secretData: c.secretData,
    credentialData: c.credentialData,
    priority: c.priority,
  }));
  return {
    ...extras,
    ...userCoreRepresentation(user),
    ...(user.serviceAccountClientLink ? { serviceAccountClientId: ctx.clientIds.get(user.serviceAccountClientLink) } : {}),
    attributes: await repos.users.getAttributes(user.id),
    credentials,
    requiredActions: await repos.users.getRequiredActions(user.id),
    ...(links.length > 0 ? { federatedIdentities: links.map((l) => ({ identityProvider: l.identityProvider, userId: l.federatedUserId, userName: l.federatedUsername ?? '' })) } : {}),
    realmRoles: roles.realmRoles,
    clientRoles: roles.clientRoles,
    notBefore: user.notBefore,
    groups,
  };
}

/** Every user of the realm, service accounts included, by username. */
export async function exportUsers(ctx: ExportContext): Promise<Record<string, unknown>[]> {
  const users = await ctx.repos.users.search(ctx.realm.id, { includeServiceAccounts: true });
  const extras = new Map((await ctx.repos.representationExtras.list(ctx.realm.id, 'user')).map((e) => [e.ownerId, e.data]));
  const result = [];
  for (const user of users) result.push(await exportUser(ctx, user, extras.get(user.id)));
  return result;
}
