import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the HTTP layer knows about the request the engine is handling. Keycloak accepts a
 * client secret in the Authorization header or in the form body from any confidential
 * client, while the engine wants one registered method per client; the engine is told the
 * method the request actually uses.
 */
export interface RequestHints {
  basicAuth: boolean;
}

export const requestHints = new AsyncLocalStorage<RequestHints>();
