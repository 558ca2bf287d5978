import { defineFlow, step, type FlowDefinition } from '../engine/define-flow.ts';

/**
 * Keycloak 26's second-factor sub-flow, shared by the browser and first-broker-login flows:
 * it runs when the user has a second factor configured and did not sign in with a passkey
 * (`conditional-credential` on `webauthn-passwordless`, each flow with its own config).
 */
export function conditional2fa(alias: string, credentialConfigAlias: string): FlowDefinition {
  return defineFlow(alias, 'Flow to determine if any 2FA is required for the authentication', [
    step('conditional-user-configured', 'REQUIRED', 10),
    step('conditional-credential', 'REQUIRED', 20, { alias: credentialConfigAlias, config: { credentials: 'webauthn-passwordless' } }),
    step('auth-otp-form', 'ALTERNATIVE', 30),
    step('webauthn-authenticator', 'DISABLED', 40),
    step('auth-recovery-authn-code-form', 'DISABLED', 50),
  ]);
}
