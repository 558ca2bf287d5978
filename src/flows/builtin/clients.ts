import { defineFlow, step, type FlowDefinition } from '../engine/define-flow.ts';

/** Keycloak 26.6's `clients` flow: how a confidential client proves who it is. */
export function clientsFlow(): FlowDefinition {
  return defineFlow(
    'clients',
    'Base authentication for clients',
    [
      step('client-secret', 'ALTERNATIVE', 10),
      step('client-jwt', 'ALTERNATIVE', 20),
      step('client-secret-jwt', 'ALTERNATIVE', 30),
      step('client-x509', 'ALTERNATIVE', 40),
      step('federated-jwt', 'ALTERNATIVE', 50),
    ],
    'client-flow',
  );
}
