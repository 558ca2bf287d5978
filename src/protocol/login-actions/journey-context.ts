import type { Journey, JourneyContext } from '../../flows/index.ts';
import type { RealmRecord } from '../../storage/ports.ts';
import type { LoginActionDeps, LoginActionRequest } from './authenticate.ts';

/**
 * What a journey runs with for one login-action request: the store, clock, data directory,
 * the browser's address and agent, and the base URL for links in emails. Callers add what
 * only their journeys use (a logger, rate limits).
 */
export function journeyContextOf(deps: LoginActionDeps, realm: RealmRecord, journey: Journey, request: LoginActionRequest): JourneyContext {
  return {
    repos: deps.store,
    realm,
    journey: journey.state,
    clock: deps.clock,
    request: { ip: request.ip, userAgent: request.userAgent },
    dataDir: deps.dataDir,
    baseUrl: request.baseUrl,
  };
}
