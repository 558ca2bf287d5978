import { errorPage } from '../../engine/outcomes.ts';
import { messageKeys } from '../../engine/message-keys.ts';
import type { Authenticator } from '../../engine/step.ts';
import { otpForm } from '../auth-otp-form/step.ts';

/**
 * Keycloak's `reset-otp` (the reset flow's conditional OTP sub-flow). Gatehouse has no
 * one-time codes yet: a user without an `otp` credential never reaches it; one with such a
 * credential (imported) is stopped with the page that says so, as at sign-in.
 */
export const resetOtp: Authenticator = {
  kind: 'authenticator',
  id: 'reset-otp',
  requiresUser: true,
  configuredFor: (ctx, user) => otpForm.configuredFor(ctx, user),
  authenticate: async () => ({ kind: 'failure', retry: false, page: errorPage(messageKeys.otpNotAvailable) }),
  action: async () => ({ kind: 'failure', retry: false, page: errorPage(messageKeys.otpNotAvailable) }),
};
