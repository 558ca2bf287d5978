/**
 * The account console's two browser cookies, both HMAC-signed with a key derived from the
 * realm's HS512 key and scoped to `/realms/{realm}/account`: the short-lived sign-in state
 * (PKCE verifier, state, nonce) and the account session (user, ID token, CSRF token, expiry).
 * Nothing is stored server-side; rotating the realm's HS512 key signs everyone out.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RealmSnapshot } from '../protocol/oidc/realm-snapshot.ts';

/** The account session cookie. */
export const SESSION_COOKIE = 'GATEHOUSE_ACCOUNT';
/** The sign-in state cookie, alive between the redirect to sign in and the callback. */
export const SIGN_IN_COOKIE = 'GATEHOUSE_ACCOUNT_SIGN_IN';

/** What the account session cookie holds. Times are milliseconds since the epoch. */
export interface AccountSession {
  /** The user's id (the ID token's `sub`). */
  uid: string;
  /** The OIDC session id (`sid`), for events. */
  sid?: string;
  /** The ID token, sent back as `id_token_hint` when signing out. */
  idToken: string;
  /** The form token every POST must carry. */
  csrf: string;
  /** Idle expiry: renewed on each request, never past `max`. */
  exp: number;
  /** The realm's SSO session maximum, from the sign-in. */
  max: number;
  /** A message key to show once on the next page (`accountUpdatedMessage`). */
  flash?: string;
}

/** What the sign-in state cookie holds. */
export interface SignInState {
  verifier: string;
  state: string;
  nonce: string;
  exp: number;
}

/** 32 random bytes, base64url. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** Compares two secrets in constant time (for equal lengths). */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const keys = new WeakMap<RealmSnapshot, Buffer>();

/**
 * The cookie key of a realm: HKDF-SHA256 over the realm's active HS512 secret, so the secret
 * itself never signs anything outside the token engine.
 * @throws Error when the realm has no enabled HS512 key.
 */
export function cookieKey(snapshot: RealmSnapshot): Buffer {
  let key = keys.get(snapshot);
  if (!key) {
    const hmac = snapshot.keys.find((k) => k.active && k.enabled && k.algorithm === 'HS512') ?? snapshot.keys.find((k) => k.enabled && k.algorithm === 'HS512');
    const secret = typeof hmac?.privateJwk.k === 'string' ? Buffer.from(hmac.privateJwk.k, 'base64url') : undefined;
    if (!secret || secret.length === 0) throw new Error(`realm ${snapshot.realm.name} has no HS512 key to sign account cookies with`);
    key = Buffer.from(hkdfSync('sha256', secret, Buffer.from(snapshot.realm.id), 'gatehouse account cookies', 32));
    keys.set(snapshot, key);
  }
  return key;
}

const mac = (key: Buffer, purpose: string, body: string) => createHmac('sha256', key).update(`${purpose}.${body}`).digest('base64url');

/** Signs a value for one purpose (the cookie's name): `base64url(json).mac`. */
export function seal(key: Buffer, purpose: string, value: object): string {
  const body = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${body}.${mac(key, purpose, body)}`;
}

/** The value of a sealed cookie when its signature and purpose check out and its `exp` is in the future. */
export function unseal<T extends { exp: number }>(key: Buffer, purpose: string, sealed: string | undefined, now: number): T | undefined {
  if (!sealed) return undefined;
  const dot = sealed.indexOf('.');
  if (dot < 1) return undefined;
  const body = sealed.slice(0, dot);
  if (!sameToken(sealed.slice(dot + 1), mac(key, purpose, body))) return undefined;
  try {
    const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
    return typeof value === 'object' && value !== null && typeof value.exp === 'number' && value.exp > now ? value : undefined;
  } catch {
    return undefined;
  }
}

/** One cookie's value from a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A `Set-Cookie` value: httpOnly, SameSite=Lax, Secure unless in dev mode; `maxAge` 0 deletes. */
export function setCookie(name: string, value: string, options: { path: string; maxAge: number; secure: boolean }): string {
  const parts = [`${name}=${value}`, `Path=${options.path}`, `Max-Age=${Math.max(0, Math.floor(options.maxAge))}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.maxAge <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
