import { continueActionJourney, isActionJourneyRequest } from './action-journey.ts';
import { actionTokenAction } from './action-token.ts';
import { loginAction, type LoginActionDeps, type LoginActionRequest, type LoginActionResult } from './authenticate.ts';

/**
 * Sends a login-actions request where it belongs: an email link (`action-token?key=…`), a
 * page of the journey such a link started (its cookie and `tab_id`), or the sign-in journey
 * of the OIDC interaction.
 */
export async function routeLoginAction(deps: LoginActionDeps, request: LoginActionRequest): Promise<LoginActionResult> {
  if (request.action === 'action-token') return actionTokenAction(deps, request);
  if (isActionJourneyRequest(request)) return continueActionJourney(deps, request);
  return loginAction(deps, request);
}
