import { preparePassword, storePassword } from '../../../domain/credentials/service.ts';
import { recordEvent } from '../../../domain/events/service.ts';
import { enforcePasswordPolicy } from '../../../domain/password-policy/enforce.ts';
import type { UserRecord } from '../../../storage/ports.ts';
import { formValue, type FieldErrors, type FormInput, type Page, type PageMessage } from '../../engine/outcomes.ts';
import { realmPageData } from '../../engine/page-data.ts';
import type { JourneyContext } from '../../engine/step.ts';
import type { RequiredAction, RequiredActionOutcome } from '../required-action.ts';

const ALIAS = 'UPDATE_PASSWORD';

/** What the action adds to the page: the account name for password managers, and its errors. */
function page(ctx: JourneyContext, user: UserRecord, fieldErrors: FieldErrors = {}): Page {
  const message: PageMessage | undefined = Object.keys(fieldErrors).length === 0 ? { type: 'warning', key: 'updatePasswordMessage' } : undefined;
  return {
    template: 'login-update-password.liquid',
    data: { realm: realmPageData(ctx.realm), login: { username: user.username }, username: user.username, fieldErrors, ...(message ? { message } : {}) },
  };
}

/** The field errors of the form, with the event error code Keycloak records for each. */
async function validate(ctx: JourneyContext, user: UserRecord, form: FormInput): Promise<{ fieldErrors: FieldErrors; error: string } | undefined> {
  const password = formValue(form, 'password-new');
  if (password === '') return { fieldErrors: { password: ['missingPasswordMessage'] }, error: 'password_missing' };
  if (password !== formValue(form, 'password-confirm')) return { fieldErrors: { 'password-confirm': ['notMatchPasswordMessage'] }, error: 'password_confirm_error' };
  const failures = await enforcePasswordPolicy(ctx.repos, ctx.realm, password, { username: user.username, email: user.email, userId: user.id }, { now: ctx.clock.now(), dataDir: ctx.dataDir ?? 'data' });
  if (failures.length > 0) return { fieldErrors: { password: failures }, error: 'password_rejected' };
  return undefined;
}

function eventDetails(ctx: JourneyContext, user: UserRecord) {
  return {
    clientId: ctx.journey.clientId,
    userId: user.id,
    ipAddress: ctx.request.ip,
    details: { auth_method: 'openid-connect', auth_type: 'code', redirect_uri: ctx.journey.redirectUri ?? undefined, username: user.username },
  };
}

/** Keycloak's UPDATE_PASSWORD: choose a new password, typed twice. */
export const updatePassword: RequiredAction = {
  providerId: ALIAS,

  async challenge(ctx, user) {
    return page(ctx, user);
  },

  async process(ctx, user, form): Promise<RequiredActionOutcome> {
    const problem = await validate(ctx, user, form);
    if (problem) {
      await recordEvent(ctx.repos, ctx.realm, { type: 'UPDATE_PASSWORD_ERROR', error: problem.error, ...eventDetails(ctx, user) }, ctx.clock);
      return { kind: 'page', page: page(ctx, user, problem.fieldErrors) };
    }
    // Hashing is slow: done before the transaction, so that it holds no lock meanwhile.
    const credential = await preparePassword(ctx.realm, formValue(form, 'password-new'), ctx.clock);
    await ctx.repos.transaction(async (tx) => {
      await storePassword(tx, ctx.realm.id, user.id, credential);
      await tx.users.removeRequiredAction(user.id, ALIAS);
      await recordEvent(tx, ctx.realm, { type: 'UPDATE_PASSWORD', ...eventDetails(ctx, user) }, ctx.clock);
    });
    return { kind: 'done' };
  },
};
