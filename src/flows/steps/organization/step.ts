import type { Authenticator } from '../../engine/step.ts';

/**
 * Keycloak's `organization` step (identity-first sign-in for organization members), in every
 * non-master realm's browser flow. Gatehouse has no organizations: no user is set up for it,
 * so its conditional sub-flow is skipped, and run directly it stands aside.
 */
export const organization: Authenticator = {
  kind: 'authenticator',
  id: 'organization',
  requiresUser: false,
  configuredFor: async () => false,
  authenticate: async () => ({ kind: 'attempted' }),
  action: async () => ({ kind: 'attempted' }),
};
