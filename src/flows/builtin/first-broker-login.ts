import { defineFlow, step, subFlow, type FlowDefinition } from '../engine/define-flow.ts';
import { conditional2fa } from './conditional-2fa.ts';

/** Keycloak 26.6's `first broker login` flow; master gets no Organization sub-flow, as in Keycloak. */
export function firstBrokerLoginFlow(withOrganization: boolean): FlowDefinition {
  const reauthentication = defineFlow('Verify Existing Account by Re-authentication', 'Reauthentication of existing account', [
    step('idp-username-password-form', 'REQUIRED', 10),
    subFlow(conditional2fa('First broker login - Conditional 2FA', 'first-broker-login-conditional-credential'), 'CONDITIONAL', 20),
  ]);
  const verification = defineFlow('Account verification options', 'Method with which to verify the existing account', [
    step('idp-email-verification', 'ALTERNATIVE', 10),
    subFlow(reauthentication, 'ALTERNATIVE', 20),
  ]);
  const existing = defineFlow(
    'Handle Existing Account',
    'Handle what to do if there is existing account with same email/username like authenticated identity provider',
    [step('idp-confirm-link', 'REQUIRED', 10), subFlow(verification, 'REQUIRED', 20)],
  );
  const creationOrLinking = defineFlow('User creation or linking', 'Flow for the existing/non-existing user alternatives', [
    step('idp-create-user-if-unique', 'ALTERNATIVE', 10, { alias: 'create unique user config', config: { 'require.password.update.after.registration': 'false' } }),
    subFlow(existing, 'ALTERNATIVE', 20),
  ]);
  const organization = defineFlow(
    'First Broker Login - Conditional Organization',
    'Flow to determine if the authenticator that adds organization members is to be used',
    [step('conditional-user-configured', 'REQUIRED', 10), step('idp-add-organization-member', 'REQUIRED', 20)],
  );
  return defineFlow(
    'first broker login',
    'Actions taken after first broker login with identity provider account, which is not yet linked to any Keycloak account',
    [
      step('idp-review-profile', 'REQUIRED', 10, { alias: 'review profile config', config: { 'update.profile.on.first.login': 'missing' } }),
      subFlow(creationOrLinking, 'REQUIRED', 20),
      ...(withOrganization ? [subFlow(organization, 'CONDITIONAL', 60)] : []),
    ],
  );
}
