import type { Authenticator } from '../../engine/step.ts';

/**
 * Keycloak's `identity-provider-redirector`: send the browser straight to the identity
 * provider named by `kc_idp_hint` (or by its `defaultProvider` config). Keycloak stands aside
 * when there is no hint or the named provider does not exist; Gatehouse has no identity
 * brokering yet, so every name is one that does not exist, and the step always stands aside.
 */
export const identityProviderRedirector: Authenticator = {
  kind: 'authenticator',
  id: 'identity-provider-redirector',
  requiresUser: false,
  configuredFor: async () => true,
  authenticate: async () => ({ kind: 'attempted' }),
  action: async () => ({ kind: 'attempted' }),
};
