import { buildProfile, readProfileConfig, type FieldError, type Profile, type ProfileInput } from '../../domain/profile/index.ts';
import type { Attributes, RealmRecord, Repositories, UserRecord } from '../../storage/ports.ts';

/** What reading a user's profile needs: the realm's profile configuration and the user's attributes. */
export type ProfileReadRepositories = Pick<Repositories, 'components' | 'users'>;

/** A user's profile in Keycloak's UPDATE_PROFILE context, with the attributes it was bound to. */
export interface UserProfileView {
  profile: Profile;
  attributes: Attributes;
}

/**
 * The realm's user profile in the UPDATE_PROFILE context, bound to the user as stored. Reads
 * through `repos`: inside a transaction, pass its `tx`.
 */
export async function updateProfileView(repos: ProfileReadRepositories, realm: RealmRecord, user: UserRecord, locale?: string): Promise<UserProfileView> {
  const config = await readProfileConfig(repos, realm);
  const attributes = await repos.users.getAttributes(user.id);
  return { profile: buildProfile({ config, realm, context: 'UPDATE_PROFILE', current: { ...user, attributes }, locale }), attributes };
}

/** The user's stored values as profile input: what the profile would see if the user submitted the form unchanged. */
export function storedProfileInput(user: UserRecord, attributes: Attributes): ProfileInput {
  return {
    ...attributes,
    username: user.username,
    email: user.email ?? undefined,
    firstName: user.firstName ?? undefined,
    lastName: user.lastName ?? undefined,
  };
}

/**
 * What is wrong with the user's stored data under the realm's profile in the UPDATE_PROFILE
 * context (Keycloak's `VerifyUserProfile` check), by field; empty when it passes.
 */
export async function profileErrors(repos: ProfileReadRepositories, realm: RealmRecord, user: UserRecord, locale?: string): Promise<Record<string, FieldError[]>> {
  const { profile, attributes } = await updateProfileView(repos, realm, user, locale);
  return profile.validate(storedProfileInput(user, attributes)).errors;
}

/**
 * Whether the user's current data fails the realm's user profile in the UPDATE_PROFILE
 * context: a required attribute missing (users imported from older exports), a value a
 * validator refuses. Keycloak then asks for VERIFY_PROFILE at sign-in, and the password grant
 * answers "Account is not fully set up".
 */
export async function profileIncomplete(repos: ProfileReadRepositories, realm: RealmRecord, user: UserRecord): Promise<boolean> {
  return Object.keys(await profileErrors(repos, realm, user)).length > 0;
}
