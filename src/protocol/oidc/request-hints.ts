import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the HTTP layer knows about the request the engine is handling. Keycloak accepts a
 * client secret in the Authorization header or in the form body from any confidential
 * client, while the engine wants one registered method per client; the engine is told the
 * method the request actually uses.
 */
export interface RequestHints {
  basicAuth: boolean;
  /** What this request has read of its user, shared by the engine's callbacks (see `readOnce`). */
  reads: Map<string, Promise<unknown>>;
}

export const requestHints = new AsyncLocalStorage<RequestHints>();

/** The hints of an engine request, with nothing read yet. */
export function newRequestHints(basicAuth: boolean): RequestHints {
  return { basicAuth, reads: new Map() };
}

/**
 * Reads `key` at most once per engine request. A token request builds the access token's
 * claims and the ID token's (and the engine looks the account up) one after another from the
 * same user, their attributes and roles: each is read once, and the callbacks share it.
 * Outside an engine request, `load` runs every time. Only what the request itself does not
 * change belongs here: its user as the claims see it. A failed read is not kept.
 */
export function readOnce<T>(key: string, load: () => Promise<T>): Promise<T> {
  const reads = requestHints.getStore()?.reads;
  if (!reads) return load();
  let read = reads.get(key) as Promise<T> | undefined;
  if (!read) {
    read = load();
    reads.set(key, read);
    read.catch(() => reads.delete(key));
  }
  return read;
}

/** Keeps a value the request has just read (e.g. the user a password check found) for `readOnce`. */
export function keepRead(key: string, value: unknown): void {
  requestHints.getStore()?.reads.set(key, Promise.resolve(value));
}
