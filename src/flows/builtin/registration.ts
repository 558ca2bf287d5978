import { defineFlow, step, subFlow, type FlowDefinition } from '../engine/define-flow.ts';

/** Keycloak 26's `registration` flow: one form page whose parts are form actions. */
export function registrationFlow(): FlowDefinition {
  const form = defineFlow(
    'registration form',
    'Registration form',
    [
      step('registration-user-creation', 'REQUIRED', 20),
      step('registration-password-action', 'REQUIRED', 50),
      step('registration-recaptcha-action', 'DISABLED', 60),
      step('registration-terms-and-conditions', 'DISABLED', 70),
    ],
    'form-flow',
  );
  return defineFlow('registration', 'Registration flow', [subFlow(form, 'REQUIRED', 10, 'registration-page-form')]);
}
