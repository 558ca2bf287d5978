/**
 * The account console as an OpenID Connect relying party of its own realm: the authorization
 * code flow with PKCE (S256) as Keycloak's `account-console` client, the code exchanged at
 * the realm's token endpoint over HTTP, and the ID token checked against the realm's keys.
 */
import { createHash } from 'node:crypto';
import { jwtVerify, type JWTPayload } from 'jose';
import { realmKeySet, type RealmSnapshot } from '../protocol/oidc/realm-snapshot.ts';
import { randomToken, sameToken, type SignInState } from './cookies.ts';
import { ACCOUNT_CONSOLE, type AccountUrls } from './deps.ts';

/** Where to send the browser to sign in, and the state to keep in the sign-in cookie until it returns. */
export function beginSignIn(urls: AccountUrls, now: number, lifetimeMs: number): { location: string; pending: SignInState } {
  const pending: SignInState = { verifier: randomToken(), state: randomToken(), nonce: randomToken(), exp: now + lifetimeMs };
  const query = new URLSearchParams({
    client_id: ACCOUNT_CONSOLE,
    redirect_uri: urls.callback,
    response_type: 'code',
    scope: 'openid',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  return { location: `${urls.authorization}?${query}`, pending };
}

/** A finished sign-in, or why it failed (for the log; the person sees a generic page). */
export type SignInResult = { ok: true; userId: string; sessionId?: string; idToken: string } | { ok: false; reason: string };

/**
 * Completes a sign-in at the callback: the returned `state` must match the cookie's, the code
 * is exchanged with the PKCE verifier, and the ID token must be the realm's, for
 * `account-console`, with the cookie's nonce.
 */
export async function finishSignIn(
  snapshot: RealmSnapshot,
  urls: AccountUrls,
  query: Record<string, string | undefined>,
  pending: SignInState | undefined,
  fetchImpl: typeof fetch = fetch,
): Promise<SignInResult> {
  if (!pending) return { ok: false, reason: 'no sign-in in progress (sign-in cookie missing or expired)' };
  if (query.error) return { ok: false, reason: `authorization error: ${query.error}` };
  if (!query.state || !sameToken(query.state, pending.state)) return { ok: false, reason: 'state does not match' };
  if (query.iss !== undefined && query.iss !== urls.issuer) return { ok: false, reason: 'issuer in the response does not match' };
  if (!query.code) return { ok: false, reason: 'no code in the response' };

  let tokens: { id_token?: unknown };
  try {
    const response = await fetchImpl(urls.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: ACCOUNT_CONSOLE, code: query.code, redirect_uri: urls.callback, code_verifier: pending.verifier }),
      signal: AbortSignal.timeout(10_000),
    });
    tokens = (await response.json()) as { id_token?: unknown };
    if (!response.ok) return { ok: false, reason: `token endpoint answered ${response.status} ${String((tokens as { error?: unknown }).error ?? '')}` };
  } catch (error) {
    return { ok: false, reason: `token endpoint unreachable: ${(error as Error).message}` };
  }
  if (typeof tokens.id_token !== 'string') return { ok: false, reason: 'no ID token in the token response' };

  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(tokens.id_token, realmKeySet(snapshot), { issuer: urls.issuer, audience: ACCOUNT_CONSOLE, algorithms: ['RS256'] }));
  } catch (error) {
    return { ok: false, reason: `ID token rejected: ${(error as Error).message}` };
  }
  if (typeof claims.nonce !== 'string' || !sameToken(claims.nonce, pending.nonce)) return { ok: false, reason: 'ID token nonce does not match' };
  if (typeof claims.sub !== 'string' || claims.sub === '') return { ok: false, reason: 'ID token has no subject' };
  return { ok: true, userId: claims.sub, sessionId: typeof claims.sid === 'string' ? claims.sid : undefined, idToken: tokens.id_token };
}

/** The realm's end-session URL that signs the browser out and comes back to the account page. */
export function signOutLocation(urls: AccountUrls, idToken: string): string {
  const query = new URLSearchParams({ client_id: ACCOUNT_CONSOLE, id_token_hint: idToken, post_logout_redirect_uri: urls.account });
  return `${urls.endSession}?${query}`;
}
