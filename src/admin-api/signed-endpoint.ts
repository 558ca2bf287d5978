/**
 * The URL and shared secret of an endpoint Gatehouse calls and signs its calls to (webhooks,
 * pre-registration hooks): how the Admin API checks them, with messages naming the endpoint.
 */
import { randomBytes } from 'node:crypto';
import { MASKED } from './realms.ts';
import { badRequest } from './types.ts';
import { optString } from './validate.ts';

/** Shorter secrets are too easy to guess for an HMAC key. */
const MIN_SECRET_LENGTH = 16;

/** An absolute http(s) URL, normalised; 400 on field `url` otherwise. `what` names the endpoint ("A webhook"). */
export function endpointUrlOf(value: string | null | undefined, what: string): string {
  let url: URL;
  try {
    url = new URL(value ?? '');
  } catch {
    throw badRequest(`${what} needs an absolute http or https URL`, 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest(`${what} needs an absolute http or https URL`, 'url');
  return url.href;
}

/**
 * The secret a body sets: undefined when absent or the mask sent back unchanged (the secret
 * stays as it is); 400 on field `secret` when too short. `what` names it ("A webhook secret").
 */
export function endpointSecretOf(body: Record<string, unknown>, what: string): string | undefined {
  const secret = optString(body, 'secret');
  if (secret === undefined || secret === null || secret === MASKED) return undefined;
  if (secret.length < MIN_SECRET_LENGTH) throw badRequest(`${what} needs at least ${MIN_SECRET_LENGTH} characters`, 'secret');
  return secret;
}

/** A fresh secret for an endpoint created without one. */
export const newEndpointSecret = (): string => randomBytes(32).toString('base64url');
