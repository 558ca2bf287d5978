import { defineFlow, step, type FlowDefinition } from '../engine/define-flow.ts';

/** Keycloak 26's `saml ecp` flow; seeded so that exports and the admin console match Keycloak's. */
export function samlEcpFlow(): FlowDefinition {
  return defineFlow('saml ecp', 'SAML ECP Profile Authentication Flow', [step('http-basic-authenticator', 'REQUIRED', 10)]);
}
