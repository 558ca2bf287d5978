import { defineFlow, step, type FlowDefinition } from '../engine/define-flow.ts';

/** Keycloak 26's `docker auth` flow. */
export function dockerAuthFlow(): FlowDefinition {
  return defineFlow('docker auth', 'Used by Docker clients to authenticate against the IDP', [step('docker-http-basic-authenticator', 'REQUIRED', 10)]);
}
