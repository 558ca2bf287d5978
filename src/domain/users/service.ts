import { GatehouseError, isGatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Attributes, RealmRecord, Repositories, UserRecord } from '../../storage/ports.ts';
import { realmDefaultRoleName, realmSetting } from '../realms/model.ts';

export interface NewUserInput {
  username?: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  enabled?: boolean;
  emailVerified?: boolean;
  attributes?: Attributes;
  requiredActions?: string[];
  /** A client's internal id, for the client's service-account user. */
  serviceAccountClientLink?: string | null;
  id?: string;
  createdTimestamp?: number;
}

const blankToNull = (value: string | null | undefined): string | null => (value === undefined || value === null || value.trim() === '' ? null : value.trim());

/** Keycloak's 409 messages, whichever unique index the database reported. */
function userExists(error: GatehouseError): GatehouseError {
  const field = error.params[0] === 'email' ? 'email' : 'username';
  return new GatehouseError('GH_CONFLICT', [`User exists with same ${field}`], { field, cause: error });
}

/**
 * Creates a user with Keycloak's onboarding defaults: the realm's default role, its default
 * groups, and the given attributes and required actions, in the caller's transaction. A taken
 * username or email is a `GH_CONFLICT` whose field names which, decided by the database's
 * unique indexes so that concurrent sign-ups cannot both win.
 */
export async function createUser(tx: Repositories, realm: RealmRecord, input: NewUserInput, clock: Clock): Promise<UserRecord> {
  const email = blankToNull(input.email);
  const emailAsUsername = realmSetting(realm, 'registrationEmailAsUsername', false);
  const username = blankToNull(input.username) ?? (emailAsUsername ? email : null);
  if (!username) throw new GatehouseError('GH_INVALID_INPUT', ['User name is missing'], { field: 'username' });

  let user: UserRecord;
  try {
    user = await tx.users.create({
      id: input.id ?? newId(),
      realmId: realm.id,
      username,
      email,
      emailVerified: input.emailVerified ?? false,
      firstName: blankToNull(input.firstName),
      lastName: blankToNull(input.lastName),
      enabled: input.enabled ?? true,
      createdTimestamp: input.createdTimestamp ?? clock.now(),
      serviceAccountClientLink: input.serviceAccountClientLink ?? null,
      emailUnique: !realmSetting(realm, 'duplicateEmailsAllowed', false),
    });
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT')) throw userExists(error);
    throw error;
  }

  if (input.attributes && Object.keys(input.attributes).length > 0) await tx.users.setAttributes(realm.id, user.id, input.attributes);
  for (const action of input.requiredActions ?? []) await tx.users.addRequiredAction(user.id, action);

  const defaultRole = await tx.roles.findRealmRole(realm.id, realmDefaultRoleName(realm));
  if (defaultRole) await tx.roles.grantToUser(user.id, [defaultRole.id]);
  if (!input.serviceAccountClientLink) {
    for (const group of await tx.groups.listDefaultGroups(realm.id)) await tx.groups.addMember(group.id, user.id);
  }
  return user;
}

/** Saves changed user fields; a taken username or email becomes Keycloak's 409 message. */
export async function updateUser(tx: Repositories, realm: RealmRecord, user: UserRecord): Promise<void> {
  try {
    await tx.users.update(user, { emailUnique: !realmSetting(realm, 'duplicateEmailsAllowed', false) });
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT')) throw userExists(error);
    throw error;
  }
}

/**
 * Finds the user a person typed into a login form: by username, or by email where the realm
 * allows login with email and the address belongs to exactly one user.
 */
export async function findUserForLogin(tx: Repositories, realm: RealmRecord, login: string): Promise<UserRecord | undefined> {
  const typed = login.trim();
  if (typed === '') return undefined;
  const byName = await tx.users.findByUsername(realm.id, typed);
  if (byName) return byName;
  if (!typed.includes('@') || !realmSetting(realm, 'loginWithEmailAllowed', true)) return undefined;
  const byEmail = await tx.users.findByEmail(realm.id, typed);
  return byEmail.length === 1 ? byEmail[0] : undefined;
}
