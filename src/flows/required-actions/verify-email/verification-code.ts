import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Five wrong codes, then the code is spent and a new email is needed (Gatehouse, beyond Keycloak). */
export const MAX_CODE_ATTEMPTS = 5;

/** A code as the journey keeps it: hashed, with its expiry and the wrong attempts so far. */
export interface StoredCode {
  hash: string;
  salt: string;
  expiresAt: number;
  attempts: number;
}

export type CodeCheck = 'ok' | 'wrong' | 'expired' | 'locked' | 'none';

/** A new six-digit code, and how the journey stores it (never the code itself). */
export function newVerificationCode(expiresAt: number): { code: string; stored: StoredCode } {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const salt = randomBytes(16).toString('base64url');
  return { code, stored: { hash: hashCode(code, salt), salt, expiresAt, attempts: 0 } };
}

function hashCode(code: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('base64url');
}

/**
 * Checks a typed code and counts a wrong one in `stored` (the caller saves it). A spent code
 * (`locked`) stays spent whatever is typed next, the right code included.
 */
export function checkVerificationCode(stored: StoredCode | undefined, typed: string, now: number): CodeCheck {
  if (!stored) return 'none';
  if (stored.attempts >= MAX_CODE_ATTEMPTS) return 'locked';
  if (now >= stored.expiresAt) return 'expired';
  const candidate = Buffer.from(hashCode(typed.replace(/\s+/g, ''), stored.salt));
  const expected = Buffer.from(stored.hash);
  if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) return 'ok';
  stored.attempts += 1;
  return stored.attempts >= MAX_CODE_ATTEMPTS ? 'locked' : 'wrong';
}
