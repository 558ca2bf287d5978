import { recordEvent } from '../../../domain/events/service.ts';
import { buildProfile, readProfileConfig, type Profile } from '../../../domain/profile/index.ts';
import { realmSetting } from '../../../domain/realms/model.ts';
import { createUser } from '../../../domain/users/service.ts';
import { isGatehouseError } from '../../../kernel/errors.ts';
import { FormFieldError } from '../../engine/form-field-error.ts';
import { formValue, type FieldErrors, type FormInput } from '../../engine/outcomes.ts';
import { checkSignUp, HONEYPOT_FIELD, signUpHygiene } from '../../../domain/sign-up-hygiene/sign-up-hygiene.ts';
import { normalizeEmail } from '../../../domain/sign-up-hygiene/normalize-email.ts';
import type { FormAction, StepContext } from '../../engine/step.ts';
import type { Repositories } from '../../../storage/ports.ts';
import { joinHookGroups } from '../../../domain/registration-hooks/hook-enrichment.ts';
import { ENRICHMENT_KEY, preRegistrationCheck, type HookEnrichment } from './hook-refusal.ts';

/** Profiles read outside a transaction, once per step context: validation and the hook check of one submission share one read. */
const profilesRead = new WeakMap<StepContext, Promise<Profile>>();

/** The realm's profile in the REGISTRATION context, read through `repos` (the transaction, inside `success`). */
async function registrationProfile(ctx: StepContext, repos?: Repositories): Promise<Profile> {
  const read = async (from: Repositories) =>
    buildProfile({ config: await readProfileConfig(from, ctx.realm), realm: ctx.realm, context: 'REGISTRATION', locale: ctx.journey.locale ?? undefined });
  if (repos !== undefined) return read(repos);
  let profile = profilesRead.get(ctx);
  if (!profile) {
    profile = read(ctx.repos);
    profilesRead.set(ctx, profile);
  }
  return profile;
}

/** The form values a person typed, to show again after an error (never a password). */
function formData(form: FormInput | undefined): Record<string, string | string[]> {
  const data: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(form ?? {})) {
    if (value === undefined || name === 'password' || name === 'password-confirm' || name === 'csrf_token' || name === HONEYPOT_FIELD) continue;
    data[name] = value;
  }
  return data;
}

function eventDetails(ctx: StepContext, form: FormInput): Record<string, string | undefined> {
  const first = (name: string) => {
    const v = form[name];
    return (Array.isArray(v) ? v[0] : v) || undefined;
  };
  const email = first('email');
  return {
    auth_method: 'openid-connect',
    auth_type: 'code',
    register_method: 'form',
    redirect_uri: ctx.journey.redirectUri ?? undefined,
    code_id: ctx.journey.tabId,
    username: realmSetting(ctx.realm, 'registrationEmailAsUsername', false) ? email : first('username'),
    email,
    first_name: first('firstName'),
    last_name: first('lastName'),
  };
}

/** Keycloak's event error for what is wrong with the form. */
function eventError(errors: FieldErrors): string {
  const keys = Object.values(errors).flat().map((m) => (typeof m === 'string' ? m : m.key));
  if (keys.includes('emailExistsMessage')) return 'email_in_use';
  if (keys.includes('usernameExistsMessage')) return 'username_in_use';
  return 'invalid_registration';
}

/**
 * Keycloak's `registration-user-creation`: validates the submitted profile against the realm's
 * user profile in the REGISTRATION context, and creates the user (with the realm's default
 * roles and groups) in the registration's transaction. A username or email that is taken —
 * found now, or by the database's unique index when two sign-ups race — is an error under
 * its field, never a failed request.
 */
export const registrationUserCreation: FormAction = {
  kind: 'form-action',
  id: 'registration-user-creation',

  async buildPage(ctx, data, form) {
    // When the form was first shown, for the realm's least time before a submission.
    ctx.stepState.renderedAt ??= ctx.clock.now();
    if (signUpHygiene(ctx.realm).honeypot) data.honeypot = { name: HONEYPOT_FIELD };
    const profile = await registrationProfile(ctx);
    data.profile = { attributes: profile.attributes(form ? formData(form) : undefined), groups: profile.groups };
    data.register = { formData: formData(form) };
  },

  async validate(ctx, form) {
    const hygiene = signUpHygiene(ctx.realm);
    const refusal = checkSignUp(hygiene, {
      email: formValue(form, 'email'),
      honeypotValue: formValue(form, HONEYPOT_FIELD),
      renderedAt: typeof ctx.stepState.renderedAt === 'number' ? ctx.stepState.renderedAt : undefined,
      now: ctx.clock.now(),
      dataDir: ctx.dataDir ?? 'data',
    });
    if (refusal) {
      await recordEvent(ctx.repos, ctx.realm, { type: 'REGISTER_ERROR', clientId: ctx.journey.clientId, ipAddress: ctx.request.ip, error: refusal.error, details: eventDetails(ctx, form) }, ctx.clock);
      return { [refusal.field]: [refusal.message] };
    }
    const profile = await registrationProfile(ctx);
    const { errors, values } = profile.validate(form);
    const fieldErrors: FieldErrors = {};
    for (const [field, messages] of Object.entries(errors)) fieldErrors[field] = messages.map((m) => ({ key: m.key, params: [...m.params] }));
    const emailAsUsername = realmSetting(ctx.realm, 'registrationEmailAsUsername', false);
    const username = emailAsUsername ? values.email : values.username;
    if (username && !fieldErrors.username && !fieldErrors.email && (await ctx.repos.users.findByUsername(ctx.realm.id, username))) {
      (fieldErrors[emailAsUsername ? 'email' : 'username'] ??= []).push(emailAsUsername ? 'emailExistsMessage' : 'usernameExistsMessage');
    }
    if (values.email && !fieldErrors.email && !realmSetting(ctx.realm, 'duplicateEmailsAllowed', false)) {
      if ((await ctx.repos.users.findByEmail(ctx.realm.id, values.email)).length > 0) (fieldErrors.email ??= []).push('emailExistsMessage');
      else if (hygiene.normalizeEmail && (await ctx.repos.emailKeys.findUserId(ctx.realm.id, normalizeEmail(values.email)))) (fieldErrors.email ??= []).push('emailExistsMessage');
    }
    if (Object.keys(fieldErrors).length > 0) {
      await recordEvent(ctx.repos, ctx.realm, { type: 'REGISTER_ERROR', clientId: ctx.journey.clientId, ipAddress: ctx.request.ip, error: eventError(fieldErrors), details: eventDetails(ctx, form) }, ctx.clock);
    }
    return fieldErrors;
  },

  async beforeSave(ctx, form) {
    const profile = await registrationProfile(ctx);
    const { values } = profile.validate(form);
    const fields = [...profile.attributes().map((a) => a.name), 'password', 'password-confirm'];
    const refused = await preRegistrationCheck(ctx, values, fields);
    if (!refused) return undefined;
    await recordEvent(ctx.repos, ctx.realm, { type: 'REGISTER_ERROR', clientId: ctx.journey.clientId, ipAddress: ctx.request.ip, error: refused.error, details: eventDetails(ctx, form) }, ctx.clock);
    return refused.refusal;
  },

  async success(ctx, form, tx) {
    // Inside the transaction every read goes through `tx`: on SQLite the store's one
    // connection belongs to the transaction until it ends.
    const profile = await registrationProfile(ctx, tx);
    const { values } = profile.validate(form);
    const enrichment = ctx.stepState[ENRICHMENT_KEY] as HookEnrichment | undefined;
    delete ctx.stepState[ENRICHMENT_KEY];
    let user;
    try {
      user = await createUser(
        tx,
        ctx.realm,
        { username: values.username ?? undefined, email: values.email, firstName: values.firstName, lastName: values.lastName, attributes: { ...values.attributes, ...enrichment?.attributes } },
        ctx.clock,
      );
      // The realm compares sign-ups on the normalised address: keep it, unique per realm.
      if (user.email && signUpHygiene(ctx.realm).normalizeEmail && !realmSetting(ctx.realm, 'duplicateEmailsAllowed', false)) {
        await tx.emailKeys.add(ctx.realm.id, normalizeEmail(user.email), user.id);
      }
    } catch (error) {
      if (!isGatehouseError(error, 'GH_CONFLICT')) throw error;
      const field = error.field === 'email' || realmSetting(ctx.realm, 'registrationEmailAsUsername', false) ? 'email' : 'username';
      const errors: FieldErrors = { [field]: [field === 'email' ? 'emailExistsMessage' : 'usernameExistsMessage'] };
      throw new FormFieldError(errors, async () => {
        await recordEvent(ctx.repos, ctx.realm, { type: 'REGISTER_ERROR', clientId: ctx.journey.clientId, ipAddress: ctx.request.ip, error: eventError(errors), details: eventDetails(ctx, form) }, ctx.clock);
      });
    }
    const unknownGroups = await joinHookGroups(tx, ctx.realm.id, user.id, enrichment?.groups ?? []);
    if (unknownGroups.length > 0) ctx.logger?.warn({ realm: ctx.realm.name, groups: unknownGroups }, 'pre-registration hook groups ignored: no such group');
    for (const action of await tx.requiredActions.list(ctx.realm.id)) {
      if (action.enabled && action.defaultAction) await tx.users.addRequiredAction(user.id, action.alias);
    }
    ctx.journey.userId = user.id;
    ctx.journey.attemptedUsername = user.username;
    await recordEvent(tx, ctx.realm, { type: 'REGISTER', clientId: ctx.journey.clientId, userId: user.id, ipAddress: ctx.request.ip, details: eventDetails(ctx, form) }, ctx.clock);
  },
};
