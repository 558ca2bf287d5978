import type { Authenticator } from '../../engine/step.ts';

/**
 * Keycloak's `auth-cookie`: reuse the SSO session. Gatehouse's OIDC engine resumes a session
 * from its own cookie before a journey starts, so a journey only runs when there was none to
 * reuse: the step always stands aside for the next alternative.
 */
export const authCookie: Authenticator = {
  kind: 'authenticator',
  id: 'auth-cookie',
  requiresUser: false,
  configuredFor: async () => true,
  authenticate: async () => ({ kind: 'attempted' }),
  action: async () => ({ kind: 'attempted' }),
};
