import { recordEvent } from '../../../domain/events/service.ts';
import { findUserForLogin } from '../../../domain/users/service.ts';
import { formValue, type FieldErrors, type FormInput, type Page } from '../../engine/outcomes.ts';
import { realmPageData } from '../../engine/page-data.ts';
import type { Authenticator, StepContext, StepResult } from '../../engine/step.ts';

function page(ctx: StepContext, fieldErrors: FieldErrors = {}): Page {
  return { template: 'login-reset-password.liquid', data: { realm: realmPageData(ctx.realm), fieldErrors } };
}

/**
 * Keycloak's `reset-credentials-choose-user`: "Forgot your password?" asks for a username or
 * email. An unknown or disabled account is recorded (RESET_PASSWORD_ERROR) but the step
 * succeeds without a user, so that the next page reads the same whether the account exists.
 */
export const resetCredentialsChooseUser: Authenticator = {
  kind: 'authenticator',
  id: 'reset-credentials-choose-user',
  requiresUser: false,
  configuredFor: async () => true,

  async authenticate(ctx) {
    return { kind: 'challenge', page: page(ctx) };
  },

  async action(ctx, form: FormInput): Promise<StepResult> {
    const username = formValue(form, 'username').trim();
    const base = { clientId: ctx.journey.clientId, ipAddress: ctx.request.ip, details: { auth_method: 'openid-connect', auth_type: 'code', redirect_uri: ctx.journey.redirectUri ?? undefined, username: username || undefined } };
    if (username === '') {
      await recordEvent(ctx.repos, ctx.realm, { type: 'RESET_PASSWORD_ERROR', ...base, error: 'username_missing' }, ctx.clock);
      return { kind: 'failure', retry: true, page: page(ctx, { username: ['missingUsernameMessage'] }) };
    }
    // Each accepted request sends an email: a limit per address keeps the form from mailing on a loop.
    const verdict = await ctx.rateLimit?.('reset-password');
    if (verdict && !verdict.allowed) {
      return { kind: 'failure', retry: true, page: page(ctx, { username: [{ key: 'tooManyRequestsMessage', params: [String(verdict.retryAfterSeconds)] }] }) };
    }
    ctx.journey.attemptedUsername = username;
    const found = await findUserForLogin(ctx.repos, ctx.realm, username);
    const user = found?.serviceAccountClientLink ? undefined : found;
    if (!user || !user.enabled) {
      await recordEvent(ctx.repos, ctx.realm, { type: 'RESET_PASSWORD_ERROR', ...base, userId: user?.id ?? null, error: user ? 'user_disabled' : 'user_not_found' }, ctx.clock);
      ctx.journey.userId = null;
      return { kind: 'success' };
    }
    return { kind: 'success', userId: user.id };
  },
};
