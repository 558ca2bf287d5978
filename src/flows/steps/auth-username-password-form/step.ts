import { hashPassword } from '../../../domain/credentials/password-hashing.ts';
import { checkPassword, hashPolicyOf, PASSWORD } from '../../../domain/credentials/service.ts';
import { recordEvent } from '../../../domain/events/service.ts';
import { isTemporarilyDisabled, recordLoginFailure, recordLoginSuccess } from '../../../domain/brute-force/brute-force-protector.ts';
import { realmSetting } from '../../../domain/realms/model.ts';
import { findUserForLogin } from '../../../domain/users/service.ts';
import type { UserRecord } from '../../../storage/ports.ts';
import { formValue, type FieldErrors, type FormInput, type Page, type PageMessage } from '../../engine/outcomes.ts';
import { realmPageData } from '../../engine/page-data.ts';
import type { Authenticator, StepContext, StepResult } from '../../engine/step.ts';
import { captchaPageData, checkCaptcha } from '../captcha/captcha-check.ts';

/** What went wrong, as the page shows it and as the LOGIN_ERROR event records it. */
interface Problem {
  fieldErrors?: FieldErrors;
  message?: PageMessage;
  error: 'user_not_found' | 'invalid_user_credentials' | 'user_disabled' | 'user_temporarily_disabled';
  userId?: string;
}

/**
 * An unknown account and a wrong password read the same, on the same field: the page must
 * not tell whether an account exists.
 */
const invalidCredentials: FieldErrors = { username: ['invalidUserMessage'] };

/** What the step adds to the page: the login form with the username kept, never the password. */
async function loginPage(ctx: StepContext, username: string, rememberMe: boolean, problem?: Problem): Promise<Page> {
  const data: Record<string, unknown> = {
    realm: realmPageData(ctx.realm),
    login: { username, rememberMe },
    fieldErrors: problem?.fieldErrors ?? {},
  };
  if (problem?.message) data.message = problem.message;
  if (loginCaptcha(ctx)) Object.assign(data, await captchaPageData(ctx, stepConfig(ctx), 'recaptcha'));
  return { template: 'login.liquid', data };
}

/**
 * Gatehouse's addition: a captcha on the login form when this execution's config names one
 * (`captcha.provider` and the provider's keys, as on the registration form's captcha).
 */
const loginCaptcha = (ctx: StepContext): boolean => (stepConfig(ctx)['captcha.provider'] ?? '') !== '';

/** The execution's config; a step called outside a flow (a direct call) has none. */
const stepConfig = (ctx: StepContext): Record<string, string> => ctx.execution?.config ?? {};

/**
 * Checks the submitted credentials (Keycloak's validateUserAndPassword): the password first,
 * then whether the account is enabled, so that only someone who knows the password learns
 * that an account is disabled.
 */
async function validate(ctx: StepContext, username: string, password: string): Promise<{ user: UserRecord } | Problem> {
  // A client's service-account user has no interactive sign-in.
  const found = username === '' ? undefined : await findUserForLogin(ctx.repos, ctx.realm, username);
  const user = found?.serviceAccountClientLink ? undefined : found;
  if (!user) {
    // Hash anyway, so that the response time does not tell an unknown account from a wrong password.
    if (username !== '') await hashPassword(password, hashPolicyOf(ctx.realm));
    return { fieldErrors: invalidCredentials, error: 'user_not_found' };
  }
  if (await isTemporarilyDisabled(ctx.repos, ctx.realm, user.id, ctx.clock)) {
    // Locked out by brute-force detection: the page reads as a wrong password (as Keycloak's
    // does), the password is not checked, and the time taken is the same.
    await hashPassword(password, hashPolicyOf(ctx.realm));
    return { fieldErrors: invalidCredentials, error: 'user_temporarily_disabled', userId: user.id };
  }
  if (password === '' || !(await checkPassword(ctx.repos, ctx.realm, user, password))) {
    await recordLoginFailure(ctx.repos, ctx.realm, user, ctx.request.ip, ctx.clock);
    return { fieldErrors: invalidCredentials, error: 'invalid_user_credentials', userId: user.id };
  }
  if (!user.enabled) return { message: { type: 'error', key: 'accountDisabledMessage' }, error: 'user_disabled', userId: user.id };
  await recordLoginSuccess(ctx.repos, ctx.realm, user.id);
  return { user };
}

async function recordLoginError(ctx: StepContext, username: string, problem: Problem): Promise<void> {
  await recordEvent(
    ctx.repos,
    ctx.realm,
    {
      type: 'LOGIN_ERROR',
      clientId: ctx.journey.clientId,
      userId: problem.userId ?? null,
      ipAddress: ctx.request.ip,
      error: problem.error,
      details: { auth_method: 'openid-connect', auth_type: 'code', redirect_uri: ctx.journey.redirectUri ?? undefined, username: username || undefined },
    },
    ctx.clock,
  );
}

/** Keycloak's `auth-username-password-form`: the login page with username (or email) and password. */
export const usernamePasswordForm: Authenticator = {
  kind: 'authenticator',
  id: 'auth-username-password-form',
  requiresUser: false,
  configuredFor: async () => true,

  async authenticate(ctx) {
    const username = ctx.journey.attemptedUsername ?? ctx.journey.loginHint ?? '';
    return { kind: 'challenge', page: await loginPage(ctx, username, ctx.journey.rememberMe) };
  },

  async action(ctx, form: FormInput): Promise<StepResult> {
    const username = formValue(form, 'username').trim();
    const rememberMe = realmSetting(ctx.realm, 'rememberMe', false) && formValue(form, 'rememberMe').toLowerCase() === 'on';
    ctx.journey.attemptedUsername = username;
    ctx.journey.rememberMe = rememberMe;

    if (loginCaptcha(ctx)) {
      // Before the password is looked at: a script without a solved captcha learns nothing about credentials.
      const captchaErrors = await checkCaptcha(ctx, stepConfig(ctx), 'recaptcha', form, 'LOGIN_ERROR', {
        auth_method: 'openid-connect',
        auth_type: 'code',
        redirect_uri: ctx.journey.redirectUri ?? undefined,
        username: username || undefined,
      });
      if (Object.keys(captchaErrors).length > 0) return { kind: 'failure', retry: true, page: await loginPage(ctx, username, rememberMe, { fieldErrors: captchaErrors, error: 'invalid_user_credentials' }) };
    }
    const result = await validate(ctx, username, formValue(form, 'password'));
    if (!('user' in result)) {
      await recordLoginError(ctx, username, result);
      return { kind: 'failure', retry: true, page: await loginPage(ctx, username, rememberMe, result) };
    }
    return { kind: 'success', userId: result.user.id, user: result.user, credentialType: PASSWORD };
  },
};
