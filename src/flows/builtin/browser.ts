import { defineFlow, step, subFlow, type FlowDefinition } from '../engine/define-flow.ts';
import { conditional2fa } from './conditional-2fa.ts';

/**
 * Keycloak 26.6's `browser` flow. Keycloak leaves the Organization sub-flow out of the
 * master realm, and so does `withOrganization: false`.
 */
export function browserFlow(withOrganization: boolean): FlowDefinition {
  const organization = defineFlow('Organization', null, [
    subFlow(
      defineFlow('Browser - Conditional Organization', 'Flow to determine if the organization identity-first login is to be used', [
        step('conditional-user-configured', 'REQUIRED', 10),
        step('organization', 'ALTERNATIVE', 20),
      ]),
      'CONDITIONAL',
      10,
    ),
  ]);
  const forms = defineFlow('forms', 'Username, password, otp and other auth forms.', [
    step('auth-username-password-form', 'REQUIRED', 10),
    subFlow(conditional2fa('Browser - Conditional 2FA', 'browser-conditional-credential'), 'CONDITIONAL', 20),
  ]);
  return defineFlow('browser', 'Browser based authentication', [
    step('auth-cookie', 'ALTERNATIVE', 10),
    step('auth-spnego', 'DISABLED', 20),
    step('identity-provider-redirector', 'ALTERNATIVE', 25),
    ...(withOrganization ? [subFlow(organization, 'ALTERNATIVE', 26)] : []),
    subFlow(forms, 'ALTERNATIVE', 30),
  ]);
}
