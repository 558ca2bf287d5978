import { ACTION, issueActionToken, sendResetPasswordEmail } from '../../../domain/action-tokens/index.ts';
import { recordEvent } from '../../../domain/events/service.ts';
import { isGatehouseError } from '../../../kernel/errors.ts';
import type { UserRecord } from '../../../storage/ports.ts';
import type { Page } from '../../engine/outcomes.ts';
import type { Authenticator, StepContext, StepResult } from '../../engine/step.ts';

/**
 * The page after "Forgot your password?", the same whatever was typed: Keycloak's
 * `emailSentMessage` and the way back to the sign-in page.
 */
function sentPage(): Page {
  return { template: 'info.liquid', data: { messageHeader: '${emailForgotTitle}', message: { type: 'success', key: 'emailSentMessage' }, backToLogin: true, skipLink: true } };
}

/** A stand-in user for the decoy link of an unknown account. */
const nobody = (ctx: StepContext): UserRecord => ({
  id: 'none',
  realmId: ctx.realm.id,
  username: ctx.journey.attemptedUsername ?? '',
  email: null,
  emailVerified: false,
  firstName: null,
  lastName: null,
  enabled: false,
  createdTimestamp: 0,
  serviceAccountClientLink: null,
  notBefore: 0,
});

/**
 * Sends the reset email once per journey, when the account exists, is enabled and has an
 * address (SEND_RESET_PASSWORD; RESET_PASSWORD_ERROR `invalid_email` when it has none).
 * Nothing on the page or in its timing tells whether it did: both ways write to the database
 * once and show the same page.
 */
async function sendOnce(ctx: StepContext): Promise<void> {
  if (ctx.stepState.sent) return;
  ctx.stepState.sent = true;
  const user = ctx.user;
  const base = { clientId: ctx.journey.clientId, ipAddress: ctx.request.ip };
  if (!user) {
    // No account: sign a link nobody receives, in a transaction of its own, so that this answer
    // costs about what a real one does (the error event was written by the step before).
    await ctx.repos.transaction((tx) => issueActionToken(tx, ctx.realm, { action: ACTION.resetCredentials, user: nobody(ctx), baseUrl: ctx.baseUrl ?? '', issuedBy: 'user' }, ctx.clock));
    return;
  }
  if (!user.email) {
    await recordEvent(ctx.repos, ctx.realm, { type: 'RESET_PASSWORD_ERROR', ...base, userId: user.id, error: 'invalid_email', details: { username: user.username } }, ctx.clock);
    return;
  }
  try {
    await ctx.repos.transaction(async (tx) => {
      await sendResetPasswordEmail(tx, ctx.realm, user, { baseUrl: ctx.baseUrl ?? '', issuedBy: 'user', clientId: ctx.journey.clientId, journeyId: ctx.journey.tabId }, ctx.clock);
      await recordEvent(tx, ctx.realm, { type: 'SEND_RESET_PASSWORD', ...base, userId: user.id, details: { auth_method: 'openid-connect', username: user.username, email: user.email ?? undefined } }, ctx.clock);
    });
  } catch (error) {
    // A stored address that cannot take mail: recorded, and the page still reads the same.
    if (!isGatehouseError(error, 'GH_INVALID_INPUT')) throw error;
    await recordEvent(ctx.repos, ctx.realm, { type: 'RESET_PASSWORD_ERROR', ...base, userId: user.id, error: 'email_send_failed', details: { username: user.username } }, ctx.clock);
  }
}

/**
 * Keycloak's `reset-credential-email`: sends the link and waits. The link (handled at
 * `login-actions/action-token`) marks this step done for the journey that asked, which then
 * goes on to the new-password page.
 */
export const resetCredentialEmail: Authenticator = {
  kind: 'authenticator',
  id: 'reset-credential-email',
  requiresUser: false,
  configuredFor: async () => true,

  async authenticate(ctx): Promise<StepResult> {
    await sendOnce(ctx);
    return { kind: 'challenge', page: sentPage() };
  },

  async action(): Promise<StepResult> {
    return { kind: 'challenge', page: sentPage() };
  },
};
