import { recordEvent } from '../../../domain/events/service.ts';
import { PASSWORD } from '../../../domain/credentials/service.ts';
import type { Page } from '../../engine/outcomes.ts';
import type { Authenticator, StepResult } from '../../engine/step.ts';
import { updatePassword } from '../../required-actions/update-password/action.ts';

/** UPDATE_PASSWORD's page with Keycloak's reset wording above it. */
function resetPage(page: Page): Page {
  const errors = page.data.fieldErrors as Record<string, unknown> | undefined;
  const hasErrors = errors !== undefined && Object.keys(errors).length > 0;
  return hasErrors ? page : { ...page, data: { ...page.data, message: { type: 'warning', key: 'resetPasswordMessage' } } };
}

/**
 * Keycloak's `reset-password`: the new-password page, through UPDATE_PASSWORD's form and
 * checks (the realm's password policy, the history), then RESET_PASSWORD.
 */
export const resetPassword: Authenticator = {
  kind: 'authenticator',
  id: 'reset-password',
  requiresUser: true,
  configuredFor: async () => true,

  async authenticate(ctx): Promise<StepResult> {
    return { kind: 'challenge', page: resetPage(await updatePassword.challenge(ctx, ctx.user!)) };
  },

  async action(ctx, form): Promise<StepResult> {
    const user = ctx.user!;
    const outcome = await updatePassword.process(ctx, user, form);
    if (outcome.kind === 'page') return { kind: 'failure', retry: true, page: resetPage(outcome.page) };
    if (outcome.kind === 'error') return { kind: 'failure', retry: false, page: outcome.page };
    await recordEvent(
      ctx.repos,
      ctx.realm,
      { type: 'RESET_PASSWORD', clientId: ctx.journey.clientId, userId: user.id, ipAddress: ctx.request.ip, details: { auth_method: 'openid-connect', redirect_uri: ctx.journey.redirectUri ?? undefined, username: user.username } },
      ctx.clock,
    );
    return { kind: 'success', credentialType: PASSWORD };
  },
};
