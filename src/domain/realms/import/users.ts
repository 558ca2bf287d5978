import { isGatehouseError } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import { realmSetting } from '../model.ts';
import type { ImportContext } from './import-context.ts';
import { readCredential } from './credentials.ts';
import { arrayAt, attributesAt, boolAt, importProblem, objectAt, requiredStringAt, SKIPPED, stringAt, stringsAt, unknownFields } from './import-problem.ts';
import { resolveRoleRefs } from './roles.ts';

/** UserRepresentation fields the import stores; the others are kept as they are (`totp`, `origin`, …). */
const KNOWN = new Set([
  'id', 'username', 'email', 'emailVerified', 'firstName', 'lastName', 'enabled', 'createdTimestamp', 'attributes', 'credentials',
  'requiredActions', 'realmRoles', 'clientRoles', 'groups', 'serviceAccountClientId', 'federatedIdentities', 'notBefore',
]);

/** The path of the `i`th user in the representation. */
export const userPath = (i: number): string => `users[${i}]`;

/**
 * One user with attributes, required actions, credentials (hashes as they are; plain
 * passwords hashed beforehand, `temporary` adding UPDATE_PASSWORD), realm and client role
 * mappings, group memberships by path, its service-account link and federated identities.
 * Keycloak's import grants exactly the listed roles and groups, not the realm's defaults.
 */
export async function importUser(ctx: ImportContext, raw: unknown, path: string): Promise<string> {
  const rep = objectAt(raw, path);
  const email = stringAt(rep.email, `${path}.email`) ?? null;
  const username = stringAt(rep.username, `${path}.username`) ?? (realmSetting(ctx.realm, 'registrationEmailAsUsername', false) ? (email ?? undefined) : undefined);
  if (username === undefined || username.trim() === '') throw importProblem(`${path}.username`, 'is missing');
  let serviceAccountClientLink: string | null = null;
  const serviceClient = stringAt(rep.serviceAccountClientId, `${path}.serviceAccountClientId`);
  if (serviceClient !== undefined) {
    serviceAccountClientLink = ctx.clients.get(serviceClient) ?? null;
    if (!serviceAccountClientLink) throw importProblem(`${path}.serviceAccountClientId`, `client "${serviceClient}" not found`);
  }
  const given = stringAt(rep.id, `${path}.id`);
  const blank = (value: string | undefined) => (value === undefined || value.trim() === '' ? null : value.trim());
  let userId: string;
  try {
    const user = await ctx.tx.users.create({
      id: given && given !== '' ? given : newId(),
      realmId: ctx.realm.id,
      username: username.trim(),
      email: blank(email ?? undefined),
      emailVerified: boolAt(rep.emailVerified, `${path}.emailVerified`) ?? false,
      firstName: blank(stringAt(rep.firstName, `${path}.firstName`)),
      lastName: blank(stringAt(rep.lastName, `${path}.lastName`)),
      enabled: boolAt(rep.enabled, `${path}.enabled`) ?? false,
      createdTimestamp: typeof rep.createdTimestamp === 'number' ? rep.createdTimestamp : ctx.clock.now(),
      serviceAccountClientLink,
      emailUnique: !realmSetting(ctx.realm, 'duplicateEmailsAllowed', false),
    });
    userId = user.id;
    const notBefore = Number(rep.notBefore ?? 0);
    if (Number.isFinite(notBefore) && notBefore > 0) await ctx.tx.users.update({ ...user, notBefore }, { emailUnique: !realmSetting(ctx.realm, 'duplicateEmailsAllowed', false) });
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT')) throw importProblem(path, `User exists with same ${error.params[0] === 'email' ? 'email' : 'username'}`);
    throw error;
  }

  const attributes = attributesAt(rep.attributes, `${path}.attributes`);
  if (Object.keys(attributes).length > 0) await ctx.tx.users.setAttributes(ctx.realm.id, userId, attributes);
  const actions = new Set(stringsAt(rep.requiredActions, `${path}.requiredActions`));

  for (const [j, rawCredential] of arrayAt(rep.credentials, `${path}.credentials`).entries()) {
    const credentialPath = `${path}.credentials[${j}]`;
    const credential = readCredential(rawCredential, credentialPath);
    if (credential.kind === 'stored') {
      await ctx.tx.credentials.create(ctx.realm.id, { ...credential.credential, userId });
      continue;
    }
    const hashed = ctx.prepared.passwords.get(credentialPath);
    if (!hashed) throw importProblem(credentialPath, 'the password was not prepared');
    await ctx.tx.credentials.create(ctx.realm.id, { ...hashed, userId });
    if (credential.temporary) actions.add('UPDATE_PASSWORD');
  }
  for (const action of actions) await ctx.tx.users.addRequiredAction(userId, action);

  const roles = resolveRoleRefs(ctx, rep.realmRoles, rep.clientRoles, `${path}.realmRoles`, `${path}.clientRoles`);
  if (roles.length > 0) await ctx.tx.roles.grantToUser(userId, [...new Set(roles)]);
  for (const [j, groupPath] of stringsAt(rep.groups, `${path}.groups`).entries()) {
    const groupId = ctx.groups.get(groupPath.startsWith('/') ? groupPath : `/${groupPath}`);
    if (!groupId) throw importProblem(`${path}.groups[${j}]`, `group "${groupPath}" not found`);
    await ctx.tx.groups.addMember(groupId, userId);
  }
  for (const [j, rawLink] of arrayAt(rep.federatedIdentities, `${path}.federatedIdentities`).entries()) {
    const linkPath = `${path}.federatedIdentities[${j}]`;
    const link = objectAt(rawLink, linkPath);
    await ctx.tx.federatedIdentities.create({
      realmId: ctx.realm.id,
      userId,
      identityProvider: requiredStringAt(link.identityProvider, `${linkPath}.identityProvider`),
      federatedUserId: requiredStringAt(link.userId, `${linkPath}.userId`),
      federatedUsername: stringAt(link.userName, `${linkPath}.userName`) ?? null,
    });
  }
  const extras = unknownFields(rep, KNOWN);
  if (Object.keys(extras).length > 0) await ctx.tx.representationExtras.put(ctx.realm.id, 'user', userId, extras);
  return userId;
}

/** `users`: every user of the representation, service accounts included. */
export async function importUsers(ctx: ImportContext): Promise<void> {
  for (const [i, raw] of arrayAt(ctx.rep.users, 'users').entries()) if (raw !== SKIPPED) await importUser(ctx, raw, userPath(i));
}
