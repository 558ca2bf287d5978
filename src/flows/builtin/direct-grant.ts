import { defineFlow, step, subFlow, type FlowDefinition } from '../engine/define-flow.ts';

/** Keycloak 26's `direct grant` flow (the resource owner password grant). */
export function directGrantFlow(): FlowDefinition {
  const otp = defineFlow('Direct Grant - Conditional OTP', 'Flow to determine if the OTP is required for the authentication', [
    step('conditional-user-configured', 'REQUIRED', 10),
    step('direct-grant-validate-otp', 'REQUIRED', 20),
  ]);
  return defineFlow('direct grant', 'OpenID Connect Resource Owner Grant', [
    step('direct-grant-validate-username', 'REQUIRED', 10),
    step('direct-grant-validate-password', 'REQUIRED', 20),
    subFlow(otp, 'CONDITIONAL', 30),
  ]);
}
