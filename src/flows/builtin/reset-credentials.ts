import { defineFlow, step, subFlow, type FlowDefinition } from '../engine/define-flow.ts';

/** Keycloak 26's `reset credentials` flow (forgotten password). */
export function resetCredentialsFlow(): FlowDefinition {
  const otp = defineFlow('Reset - Conditional OTP', 'Flow to determine if the OTP should be reset or not. Set to REQUIRED to force.', [
    step('conditional-user-configured', 'REQUIRED', 10),
    step('reset-otp', 'REQUIRED', 20),
  ]);
  return defineFlow('reset credentials', 'Reset credentials for a user if they forgot their password or something', [
    step('reset-credentials-choose-user', 'REQUIRED', 10),
    step('reset-credential-email', 'REQUIRED', 20),
    step('reset-password', 'REQUIRED', 30),
    subFlow(otp, 'CONDITIONAL', 40),
  ]);
}
