import { sendEmailUpdateConfirmation } from '../../../domain/action-tokens/index.ts';
import { recordEvent } from '../../../domain/events/service.ts';
import type { FieldError, ProfileInput, ProfileValues } from '../../../domain/profile/index.ts';
import { realmSetting } from '../../../domain/realms/model.ts';
import { updateUser } from '../../../domain/users/service.ts';
import { isGatehouseError } from '../../../kernel/errors.ts';
import type { Attributes, Repositories, UserRecord } from '../../../storage/ports.ts';
import { errorPage, type FieldErrors, type FormInput, type Page } from '../../engine/outcomes.ts';
import { realmPageData } from '../../engine/page-data.ts';
import type { JourneyContext } from '../../engine/step.ts';
import { profileIncomplete, updateProfileView } from '../profile-complete.ts';
import type { RequiredActionOutcome } from '../required-action.ts';

/** Keycloak's template for UPDATE_PROFILE and VERIFY_PROFILE. */
export const UPDATE_PROFILE_TEMPLATE = 'login-update-profile.liquid';

/** Fields of the form itself, never profile attributes (whatever the unmanaged-attribute policy). */
const FORM_ONLY = new Set(['csrf_token', 'stateChecker', 'cancel-aia']);

/** The submitted profile fields, without the form's own. */
export function profileInput(form: FormInput): ProfileInput {
  return Object.fromEntries(Object.entries(form).filter(([name]) => !FORM_ONLY.has(name)));
}

/** The profile engine's errors as a page shows them under the fields. */
export function pageFieldErrors(errors: Record<string, readonly FieldError[]>): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([field, list]) => [field, list.map((e) => ({ key: e.key, params: [...e.params] }))]));
}

/** Details every event of these actions carries (those of Keycloak's required-action events). */
export function authDetails(ctx: JourneyContext, user: UserRecord): Record<string, string | undefined> {
  return { auth_method: 'openid-connect', auth_type: 'code', redirect_uri: ctx.journey.redirectUri ?? undefined, username: user.username };
}

/**
 * The profile page: the realm's profile in the UPDATE_PROFILE context, filled with the user's
 * stored values, or with what they typed (`typed`) when the form comes back with errors.
 */
export async function profilePage(ctx: JourneyContext, user: UserRecord, fieldErrors: FieldErrors = {}, typed?: ProfileInput): Promise<Page> {
  const { profile } = await updateProfileView(ctx.repos, ctx.realm, user, ctx.journey.locale ?? undefined);
  return {
    template: UPDATE_PROFILE_TEMPLATE,
    data: {
      realm: realmPageData(ctx.realm),
      profile: { attributes: profile.attributes(typed), groups: profile.groups },
      user: { username: user.username, editUsernameAllowed: realmSetting(ctx.realm, 'editUsernameAllowed', false) },
      fieldErrors,
    },
  };
}

const joined = (values: readonly (string | null | undefined)[]): string | undefined => {
  const list = values.filter((v): v is string => typeof v === 'string' && v !== '');
  return list.length > 0 ? list.join('::') : undefined;
};

/** Keycloak's detail names (EventAuditingAttributeChangeListener): `previous_first_name`…, else `previous_<attribute>`. */
const DETAIL_NAMES: Record<string, string> = { firstName: 'first_name', lastName: 'last_name', email: 'email', username: 'username' };

/** `previous_*` / `updated_*` for every changed field and attribute. */
function changeDetails(before: UserRecord, after: UserRecord, was: Attributes, now: Attributes): Record<string, string | undefined> {
  const details: Record<string, string | undefined> = {};
  for (const name of ['username', 'email', 'firstName', 'lastName'] as const) {
    if ((before[name] ?? null) === (after[name] ?? null)) continue;
    details[`previous_${DETAIL_NAMES[name]}`] = joined([before[name]]);
    details[`updated_${DETAIL_NAMES[name]}`] = joined([after[name]]);
  }
  for (const name of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if ((was[name] ?? []).join('\u0000') === (now[name] ?? []).join('\u0000')) continue;
    details[`previous_${name}`] = joined(was[name] ?? []);
    details[`updated_${name}`] = joined(now[name] ?? []);
  }
  return details;
}

/** A taken username or email, found before saving (the database's unique index catches races). */
async function takenErrors(tx: Repositories, ctx: JourneyContext, user: UserRecord, values: ProfileValues, errors: FieldErrors): Promise<void> {
  const realm = ctx.realm;
  const emailAsUsername = realmSetting(realm, 'registrationEmailAsUsername', false);
  const others = (found: UserRecord | undefined) => found !== undefined && found.id !== user.id;
  if (values.email && values.email !== user.email && !errors.email && !realmSetting(realm, 'duplicateEmailsAllowed', false)) {
    const byEmail = (await tx.users.findByEmail(realm.id, values.email)).some(others);
    // Keycloak's EmailExistsAsUsernameValidator: an address that is someone's username would make sign-in ambiguous.
    const asUsername = !emailAsUsername && realmSetting(realm, 'loginWithEmailAllowed', true) && others(await tx.users.findByUsername(realm.id, values.email));
    if (byEmail || asUsername) errors.email = ['emailExistsMessage'];
  }
  if (values.username && values.username !== user.username) {
    const field = emailAsUsername ? 'email' : 'username';
    if (!errors[field] && others(await tx.users.findByUsername(realm.id, values.username))) errors[field] = [emailAsUsername ? 'emailExistsMessage' : 'usernameExistsMessage'];
  }
}

type Saved = { kind: 'saved' } | { kind: 'invalid'; errors: FieldErrors } | { kind: 'gone' };

/** Validates and saves in one transaction, reading only through its `tx`; nothing is written when a field is invalid. */
async function save(ctx: JourneyContext, userId: string, input: ProfileInput, providerId: string): Promise<Saved> {
  return ctx.repos.transaction(async (tx): Promise<Saved> => {
    const user = await tx.users.findById(ctx.realm.id, userId);
    if (!user) return { kind: 'gone' };
    const { profile, attributes: was } = await updateProfileView(tx, ctx.realm, user, ctx.journey.locale ?? undefined);
    const { errors, values } = profile.validate(input);
    const fieldErrors = pageFieldErrors(errors);
    await takenErrors(tx, ctx, user, values, fieldErrors);
    if (Object.keys(fieldErrors).length > 0) return { kind: 'invalid', errors: fieldErrors };

    const after: UserRecord = { ...user };
    if (values.username) after.username = values.username;
    for (const name of ['email', 'firstName', 'lastName'] as const) if (values[name] !== undefined) after[name] = values[name] ?? null;
    // A verified address is not swapped for an unproven one while the realm verifies email:
    // the new one gets a confirmation link and replaces it once followed (Keycloak's UPDATE_EMAIL).
    const pendingEmail = after.email && user.email && user.emailVerified && after.email !== user.email && realmSetting(ctx.realm, 'verifyEmail', false) ? after.email : undefined;
    if (pendingEmail) after.email = user.email;
    // Keycloak's UPDATE_PROFILE context resets the verification of a changed address.
    if ((after.email ?? null) !== (user.email ?? null)) after.emailVerified = false;
    const now: Attributes = { ...was };
    for (const [name, list] of Object.entries(values.attributes)) {
      if (list.length === 0) delete now[name];
      else now[name] = list;
    }
    const same = (name: string) => (was[name] ?? []).join('\u0000') === (now[name] ?? []).join('\u0000');

    await updateUser(tx, ctx.realm, after);
    if (!Object.keys(values.attributes).every(same)) await tx.users.setAttributes(ctx.realm.id, user.id, now);
    for (const name of new Set([providerId, ctx.journey.challenged ?? providerId])) await tx.users.removeRequiredAction(user.id, name);
    const details = { ...authDetails(ctx, user), context: 'UPDATE_PROFILE', ...changeDetails(user, after, was, now) };
    await recordEvent(tx, ctx.realm, { type: 'UPDATE_PROFILE', clientId: ctx.journey.clientId, userId: user.id, ipAddress: ctx.request.ip, details }, ctx.clock);
    if (pendingEmail) {
      await sendEmailUpdateConfirmation(tx, ctx.realm, after, { baseUrl: ctx.baseUrl ?? '', issuedBy: 'user', clientId: ctx.journey.clientId, newEmail: pendingEmail }, ctx.clock);
      await recordEvent(tx, ctx.realm, { type: 'SEND_VERIFY_EMAIL', clientId: ctx.journey.clientId, userId: user.id, ipAddress: ctx.request.ip, details: { email: pendingEmail, previous_email: user.email ?? undefined } }, ctx.clock);
    }
    return { kind: 'saved' };
  });
}

/**
 * VERIFY_PROFILE asks nothing more once the profile passes: marked done in this journey so that
 * it does not show the page again right after UPDATE_PROFILE saved a complete profile.
 */
async function settleVerifyProfile(ctx: JourneyContext, userId: string): Promise<void> {
  const user = await ctx.repos.users.findById(ctx.realm.id, userId);
  if (!user || (await profileIncomplete(ctx.repos, ctx.realm, user))) return;
  for (const record of await ctx.repos.requiredActions.list(ctx.realm.id)) {
    if (record.providerId !== 'VERIFY_PROFILE' && record.alias !== 'VERIFY_PROFILE') continue;
    if (!ctx.journey.requiredActionsDone.includes(record.alias)) ctx.journey.requiredActionsDone.push(record.alias);
  }
}

/**
 * The profile form POSTed (Keycloak's `UpdateProfile.processAction`): validates it in the
 * UPDATE_PROFILE context and saves it with the UPDATE_PROFILE event (`context` and
 * `previous_*` / `updated_*` for each change), removing the action (`providerId` and the alias
 * it ran under). Errors come back under their fields; a taken email is `emailExistsMessage`.
 */
export async function submitProfile(ctx: JourneyContext, user: UserRecord, form: FormInput, providerId: string): Promise<RequiredActionOutcome> {
  const input = profileInput(form);
  let saved: Saved;
  try {
    saved = await save(ctx, user.id, input, providerId);
  } catch (error) {
    // The database's unique index caught a username or email taken since the check.
    if (!isGatehouseError(error, 'GH_CONFLICT')) throw error;
    const field = error.field === 'email' || realmSetting(ctx.realm, 'registrationEmailAsUsername', false) ? 'email' : 'username';
    saved = { kind: 'invalid', errors: { [field]: [field === 'email' ? 'emailExistsMessage' : 'usernameExistsMessage'] } };
  }
  if (saved.kind === 'gone') return { kind: 'error', page: errorPage('invalidUserMessage') };
  if (saved.kind === 'invalid') return { kind: 'page', page: await profilePage(ctx, user, saved.errors, input) };
  await settleVerifyProfile(ctx, user.id);
  return { kind: 'done' };
}
