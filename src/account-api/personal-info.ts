/**
 * "Personal info": the signed-in user's profile in Keycloak's ACCOUNT context, shown as a form
 * and saved with the realm's user-profile rules, as Keycloak's account console does.
 */
import { sendEmailUpdateConfirmation } from '../domain/action-tokens/index.ts';
import { recordEvent } from '../domain/events/service.ts';
import { buildProfile, readProfileConfig, type Profile, type ProfileInput } from '../domain/profile/index.ts';
import { realmSetting } from '../domain/realms/model.ts';
import { updateUser } from '../domain/users/service.ts';
import type { Clock } from '../kernel/clock.ts';
import { isGatehouseError } from '../kernel/errors.ts';
import type { Attributes, RealmRecord, Repositories, Store, UserRecord } from '../storage/ports.ts';
import { ACCOUNT_CONSOLE } from './deps.ts';

/** An error under a field: a message key, with parameters when it has some. */
export type FieldErrors = Record<string, ({ key: string; params: string[] } | string)[]>;

/**
 * Gatehouse's own key, from before email confirmation existed (a change of address was
 * refused); kept for themes that still show it.
 */
export const EMAIL_CHANGE_NEEDS_VERIFICATION = 'emailChangeNeedsVerificationMessage';

/** The realm's user profile in the ACCOUNT context, bound to the user (read through `repos`: the transaction inside one). */
export async function accountProfile(repos: Repositories, realm: RealmRecord, user: UserRecord): Promise<Profile> {
  const config = await readProfileConfig(repos, realm);
  const attributes = await repos.users.getAttributes(user.id);
  return buildProfile({ config, realm, context: 'ACCOUNT', current: { ...user, attributes } });
}

/** Never a profile attribute, whatever the unmanaged-attribute policy: the form's own fields. */
const FORM_ONLY = new Set(['csrf_token', 'stateChecker']);

/** The submitted profile fields, without the form's own. */
export function profileInput(form: Record<string, unknown>): ProfileInput {
  const input: ProfileInput = {};
  for (const [name, value] of Object.entries(form)) {
    if (FORM_ONLY.has(name)) continue;
    if (typeof value === 'string') input[name] = value;
    else if (Array.isArray(value)) input[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return input;
}

/** What the page shows: the profile's fields with the stored values, or with what was typed after an error. */
export function personalInfoView(profile: Profile, typed?: ProfileInput): Record<string, unknown> {
  return { attributes: profile.attributes(typed), groups: profile.groups };
}

/** Who saved, for the event. */
export interface SaveContext {
  ip: string | null;
  sessionId?: string;
  clock: Clock;
  /** The public base URL, for the link that confirms a new address. */
  baseUrl?: string;
}

/** `pendingEmail`: the new address waits for its confirmation link; the old one stays meanwhile. */
export type SaveResult = { kind: 'saved'; pendingEmail?: string } | { kind: 'invalid'; errors: FieldErrors } | { kind: 'gone' };

const joined = (values: readonly (string | null | undefined)[]): string | undefined => {
  const list = values.filter((v): v is string => typeof v === 'string' && v !== '');
  return list.length > 0 ? list.join('::') : undefined;
};

/** Keycloak's detail names (EventAuditingAttributeChangeListener): `previous_first_name`…, else `previous_<attribute>`. */
const detailName: Record<string, string> = { firstName: 'first_name', lastName: 'last_name', email: 'email' };

/**
 * Validates and saves the submitted profile in one transaction, with the event
 * UPDATE_PROFILE (`context` ACCOUNT and `previous_*` / `updated_*` for each changed field).
 * Nothing is written when a field is invalid; a taken username or email is an error under it.
 */
export async function savePersonalInfo(store: Store, realm: RealmRecord, userId: string, input: ProfileInput, ctx: SaveContext): Promise<SaveResult> {
  try {
    // Inside the transaction every read goes through `tx`: on SQLite the store's one connection is the transaction's.
    return await store.transaction(async (tx): Promise<SaveResult> => {
      const user = await tx.users.findById(realm.id, userId);
      if (!user || !user.enabled) return { kind: 'gone' };
      const before = await tx.users.getAttributes(user.id);
      const profile = buildProfile({ config: await readProfileConfig(tx, realm), realm, context: 'ACCOUNT', current: { ...user, attributes: before } });
      const { errors: invalid, values } = profile.validate(input);
      const errors: FieldErrors = {};
      for (const [field, list] of Object.entries(invalid)) errors[field] = list.map((e) => ({ key: e.key, params: e.params.map(String) }));

      const emailChanged = values.email !== undefined && (values.email ?? null) !== (user.email ?? null);
      if (emailChanged && !errors.email && values.email && !realmSetting(realm, 'duplicateEmailsAllowed', false)) {
        if ((await tx.users.findByEmail(realm.id, values.email)).some((u) => u.id !== user.id)) errors.email = ['emailExistsMessage'];
      }
      const usernameChanged = typeof values.username === 'string' && values.username !== '' && values.username !== user.username;
      if (usernameChanged && !errors.username && (await tx.users.findByUsername(realm.id, values.username!))) {
        (errors[realmSetting(realm, 'registrationEmailAsUsername', false) ? 'email' : 'username'] ??= []).push('usernameExistsMessage');
      }
      if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };

      // With `verifyEmail` on, a new address replaces the old one only once its link is followed (Keycloak's UPDATE_EMAIL).
      const pendingEmail = emailChanged && values.email && user.email && realmSetting(realm, 'verifyEmail', false) ? values.email : undefined;
      const updated: UserRecord = {
        ...user,
        ...(usernameChanged ? { username: values.username! } : {}),
        ...(values.email !== undefined && !pendingEmail ? { email: values.email } : {}),
        ...(values.firstName !== undefined ? { firstName: values.firstName } : {}),
        ...(values.lastName !== undefined ? { lastName: values.lastName } : {}),
        // Keycloak's ACCOUNT context: a new address is not verified.
        emailVerified: emailChanged && !pendingEmail ? false : user.emailVerified,
      };
      const after: Attributes = { ...before };
      for (const [name, list] of Object.entries(values.attributes)) {
        if (list.length === 0) delete after[name];
        else after[name] = list;
      }

      const details: Record<string, string | undefined> = { context: 'ACCOUNT' };
      for (const name of ['username', 'firstName', 'lastName', 'email'] as const) {
        if ((user[name] ?? null) === (updated[name] ?? null)) continue;
        const key = detailName[name] ?? name;
        details[`previous_${key}`] = joined([user[name]]);
        details[`updated_${key}`] = joined([updated[name]]);
      }
      const attributesChanged = Object.keys(values.attributes).filter((name) => (before[name] ?? []).join('\u0000') !== (after[name] ?? []).join('\u0000'));
      for (const name of attributesChanged) {
        details[`previous_${name}`] = joined(before[name] ?? []);
        details[`updated_${name}`] = joined(after[name] ?? []);
      }

      await updateUser(tx, realm, updated);
      if (attributesChanged.length > 0) await tx.users.setAttributes(realm.id, user.id, after);
      await recordEvent(tx, realm, { type: 'UPDATE_PROFILE', clientId: ACCOUNT_CONSOLE, userId: user.id, sessionId: ctx.sessionId ?? null, ipAddress: ctx.ip, details }, ctx.clock);
      if (!pendingEmail) return { kind: 'saved' };
      await sendEmailUpdateConfirmation(tx, realm, updated, { baseUrl: ctx.baseUrl ?? '', issuedBy: 'user', clientId: ACCOUNT_CONSOLE, newEmail: pendingEmail }, ctx.clock);
      await recordEvent(tx, realm, { type: 'SEND_VERIFY_EMAIL', clientId: ACCOUNT_CONSOLE, userId: user.id, sessionId: ctx.sessionId ?? null, ipAddress: ctx.ip, details: { email: pendingEmail, previous_email: user.email ?? undefined } }, ctx.clock);
      return { kind: 'saved', pendingEmail };
    });
  } catch (error) {
    // The database's unique index caught a username or email taken since the check above.
    if (!isGatehouseError(error, 'GH_CONFLICT')) throw error;
    const field = error.field === 'email' ? 'email' : 'username';
    return { kind: 'invalid', errors: { [field]: [field === 'email' ? 'emailExistsMessage' : 'usernameExistsMessage'] } };
  }
}
