import { isGatehouseError } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import type { BulkUser, FederatedIdentityRecord } from '../../../storage/ports.ts';
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

/** One user read and resolved, ready to insert. */
interface ReadUser {
  path: string;
  bulk: BulkUser;
  links: FederatedIdentityRecord[];
}

const blank = (value: string | undefined | null): string | null => (value === undefined || value === null || value.trim() === '' ? null : value.trim());

/**
 * Reads one user: attributes, required actions, credentials (hashes as they are; plain
 * passwords hashed beforehand, `temporary` adding UPDATE_PASSWORD), realm and client role
 * mappings, group memberships by path, its service-account link and federated identities.
 * Keycloak's import grants exactly the listed roles and groups, not the realm's defaults.
 * Nothing is written here; every problem names its part.
 */
function readUser(ctx: ImportContext, raw: unknown, path: string): ReadUser {
  const rep = objectAt(raw, path);
  const email = blank(stringAt(rep.email, `${path}.email`));
  const username = stringAt(rep.username, `${path}.username`) ?? (realmSetting(ctx.realm, 'registrationEmailAsUsername', false) ? (email ?? undefined) : undefined);
  if (username === undefined || username.trim() === '') throw importProblem(`${path}.username`, 'is missing');
  let serviceAccountClientLink: string | null = null;
  const serviceClient = stringAt(rep.serviceAccountClientId, `${path}.serviceAccountClientId`);
  if (serviceClient !== undefined) {
    serviceAccountClientLink = ctx.clients.get(serviceClient) ?? null;
    if (!serviceAccountClientLink) throw importProblem(`${path}.serviceAccountClientId`, `client "${serviceClient}" not found`);
  }
  const given = stringAt(rep.id, `${path}.id`);
  const id = given && given !== '' ? given : newId();
  const notBefore = Number(rep.notBefore ?? 0);
  const requiredActions = stringsAt(rep.requiredActions, `${path}.requiredActions`);
  const credentials: BulkUser['credentials'] = [];
  for (const [j, rawCredential] of arrayAt(rep.credentials, `${path}.credentials`).entries()) {
    const credentialPath = `${path}.credentials[${j}]`;
    const credential = readCredential(rawCredential, credentialPath);
    if (credential.kind === 'stored') {
      credentials.push(credential.credential);
      continue;
    }
    const hashed = ctx.prepared.passwords.get(credentialPath);
    if (!hashed) throw importProblem(credentialPath, 'the password was not prepared');
    credentials.push(hashed);
    if (credential.temporary) requiredActions.push('UPDATE_PASSWORD');
  }
  const groupIds = stringsAt(rep.groups, `${path}.groups`).map((groupPath, j) => {
    const groupId = ctx.groups.get(groupPath.startsWith('/') ? groupPath : `/${groupPath}`);
    if (!groupId) throw importProblem(`${path}.groups[${j}]`, `group "${groupPath}" not found`);
    return groupId;
  });
  const links = arrayAt(rep.federatedIdentities, `${path}.federatedIdentities`).map((rawLink, j) => {
    const linkPath = `${path}.federatedIdentities[${j}]`;
    const link = objectAt(rawLink, linkPath);
    return {
      realmId: ctx.realm.id,
      userId: id,
      identityProvider: requiredStringAt(link.identityProvider, `${linkPath}.identityProvider`),
      federatedUserId: requiredStringAt(link.userId, `${linkPath}.userId`),
      federatedUsername: stringAt(link.userName, `${linkPath}.userName`) ?? null,
    };
  });
  return {
    path,
    links,
    bulk: {
      user: {
        id,
        realmId: ctx.realm.id,
        username: username.trim(),
        email,
        emailVerified: boolAt(rep.emailVerified, `${path}.emailVerified`) ?? false,
        firstName: blank(stringAt(rep.firstName, `${path}.firstName`)),
        lastName: blank(stringAt(rep.lastName, `${path}.lastName`)),
        // Keycloak's import leaves a user without `enabled` disabled.
        enabled: boolAt(rep.enabled, `${path}.enabled`) ?? false,
        createdTimestamp: typeof rep.createdTimestamp === 'number' ? rep.createdTimestamp : ctx.clock.now(),
        serviceAccountClientLink,
        emailUnique: !realmSetting(ctx.realm, 'duplicateEmailsAllowed', false),
      },
      notBefore: Number.isFinite(notBefore) && notBefore > 0 ? notBefore : 0,
      attributes: attributesAt(rep.attributes, `${path}.attributes`),
      requiredActions,
      credentials,
      roleIds: resolveRoleRefs(ctx, rep.realmRoles, rep.clientRoles, `${path}.realmRoles`, `${path}.clientRoles`),
      groupIds,
      extras: unknownFields(rep, KNOWN),
    },
  };
}

/** Writes read users in a few statements per table; a taken username or email names the user when there is one. */
async function writeUsers(ctx: ImportContext, users: ReadUser[]): Promise<void> {
  try {
    await ctx.tx.users.createMany(ctx.realm.id, users.map((u) => u.bulk));
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT') && users.length === 1) throw importProblem(users[0]!.path, `User exists with same ${error.params[0] === 'email' ? 'email' : 'username'}`);
    throw error;
  }
  for (const user of users) for (const link of user.links) await ctx.tx.federatedIdentities.create(link);
}

/** Imports one user (partial import); returns its id. */
export async function importUser(ctx: ImportContext, raw: unknown, path: string): Promise<string> {
  const user = readUser(ctx, raw, path);
  await writeUsers(ctx, [user]);
  return user.bulk.user.id;
}

/**
 * `users`: every user of the representation, service accounts included, read and checked
 * first and then inserted together, so that thousands of users take seconds. Two users of
 * one username (or email, where the realm wants them unique) name the second.
 */
export async function importUsers(ctx: ImportContext): Promise<void> {
  const users: ReadUser[] = [];
  const usernames = new Set<string>();
  const emails = new Set<string>();
  for (const [i, raw] of arrayAt(ctx.rep.users, 'users').entries()) {
    if (raw === SKIPPED) continue;
    const user = readUser(ctx, raw, userPath(i));
    const { username, email, emailUnique } = user.bulk.user;
    if (usernames.has(username.toLowerCase())) throw importProblem(user.path, 'User exists with same username');
    usernames.add(username.toLowerCase());
    if (email && emailUnique) {
      if (emails.has(email.toLowerCase())) throw importProblem(user.path, 'User exists with same email');
      emails.add(email.toLowerCase());
    }
    users.push(user);
  }
  if (users.length > 0) await writeUsers(ctx, users);
}
