import { errorPage } from '../../engine/outcomes.ts';
import { messageKeys } from '../../engine/message-keys.ts';
import type { Authenticator } from '../../engine/step.ts';

/** The credential type Keycloak stores one-time-password secrets under. */
export const OTP = 'otp';

/**
 * Keycloak's `auth-otp-form`. Gatehouse cannot check one-time codes yet, so a user who has an
 * `otp` credential (imported from Keycloak) is stopped with a page that says so, instead of
 * being let in on the password alone.
 */
export const otpForm: Authenticator = {
  kind: 'authenticator',
  id: 'auth-otp-form',
  requiresUser: true,
  async configuredFor(ctx, user) {
    if (!user) return false;
    return (await ctx.repos.credentials.listForUser(user.id)).some((c) => c.type === OTP);
  },
  authenticate: async () => ({ kind: 'failure', retry: false, page: errorPage(messageKeys.otpNotAvailable) }),
  action: async () => ({ kind: 'failure', retry: false, page: errorPage(messageKeys.otpNotAvailable) }),
};
