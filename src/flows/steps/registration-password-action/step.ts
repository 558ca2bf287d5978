import { preparePassword, storePassword } from '../../../domain/credentials/service.ts';
import { recordEvent } from '../../../domain/events/service.ts';
import { enforcePasswordPolicy } from '../../../domain/password-policy/enforce.ts';
import { describeRules } from '../../../domain/password-policy/check.ts';
import { parsePasswordPolicy } from '../../../domain/password-policy/parse.ts';
import { realmSetting } from '../../../domain/realms/model.ts';
import type { CredentialRecord } from '../../../storage/ports.ts';
import type { JourneyState } from '../../engine/journey.ts';
import { formValue, type FieldErrors } from '../../engine/outcomes.ts';
import type { FormAction } from '../../engine/step.ts';

/**
 * The hashed password between `validate` and `success` of one request. Hashing takes
 * milliseconds of CPU, so it happens before the registration's transaction opens; the hash
 * is kept in memory only, never in the stored journey.
 */
const prepared = new WeakMap<JourneyState, Omit<CredentialRecord, 'userId'>>();

/** The checklist key shown beside the password field for each rule a browser can check. */
const checklistKeys: Record<string, string> = {
  length: 'passwordPolicyLength',
  maxLength: 'passwordPolicyMaxLength',
  digits: 'passwordPolicyDigits',
  lowerCase: 'passwordPolicyLowerCase',
  upperCase: 'passwordPolicyUpperCase',
  specialChars: 'passwordPolicySpecialChars',
  notUsername: 'passwordPolicyNotUsername',
  notEmail: 'passwordPolicyNotEmail',
};

/**
 * Keycloak's `registration-password-action`: the password and its confirmation, checked
 * against the realm's password policy (with the username, or the email where it is the
 * username), and stored hashed with the new user.
 */
export const registrationPasswordAction: FormAction = {
  kind: 'form-action',
  id: 'registration-password-action',

  async buildPage(ctx, data) {
    prepared.delete(ctx.journey);
    data.passwordRequired = true;
    const rules = describeRules(parsePasswordPolicy(realmSetting(ctx.realm, 'passwordPolicy', '')));
    data.passwordPolicies = rules.map((rule) => ({ id: rule.id, value: rule.value, key: checklistKeys[rule.id] ?? rule.key, params: rule.params }));
  },

  async validate(ctx, form) {
    const password = formValue(form, 'password');
    const errors: FieldErrors = {};
    if (password === '') errors.password = ['missingPasswordMessage'];
    else if (password !== formValue(form, 'password-confirm')) errors['password-confirm'] = ['invalidPasswordConfirmMessage'];
    else {
      const email = formValue(form, 'email');
      const username = realmSetting(ctx.realm, 'registrationEmailAsUsername', false) ? email : formValue(form, 'username');
      const failures = await enforcePasswordPolicy(ctx.repos, ctx.realm, password, { username, email }, { now: ctx.clock.now(), dataDir: ctx.dataDir ?? 'data' });
      if (failures.length > 0) errors.password = failures;
    }
    if (Object.keys(errors).length > 0) {
      const error = errors['password-confirm'] ? 'password_confirm_error' : password === '' ? 'password_missing' : 'password_rejected';
      await recordEvent(ctx.repos, ctx.realm, { type: 'REGISTER_ERROR', clientId: ctx.journey.clientId, ipAddress: ctx.request.ip, error, details: { register_method: 'form', auth_method: 'openid-connect' } }, ctx.clock);
      return errors;
    }
    prepared.set(ctx.journey, await preparePassword(ctx.realm, password, ctx.clock));
    return {};
  },

  async success(ctx, form, tx) {
    const credential = prepared.get(ctx.journey) ?? (await preparePassword(ctx.realm, formValue(form, 'password'), ctx.clock));
    prepared.delete(ctx.journey);
    if (!ctx.journey.userId) throw new Error('registration-password-action ran before a user was created');
    await storePassword(tx, ctx.realm.id, ctx.journey.userId, credential);
  },
};
