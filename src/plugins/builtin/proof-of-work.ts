import { createHmac } from 'node:crypto';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Challenge, Solution } from 'altcha-lib/types';
import type { CaptchaConfig, CaptchaProvider, CaptchaVerdict } from '../api.ts';

/** Default cost: the solver tries on average half of this many SHA-256 hashes (well under a second in a browser). */
const DEFAULT_MAX_NUMBER = 50_000;
const DEFAULT_EXPIRES_SECONDS = 600;

const intConfig = (config: CaptchaConfig, key: string, fallback: number, min: number, max: number): number => {
  const value = Number(config[key]);
  return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
};

/** Two secrets of the realm's, one to sign the challenge, one to sign the expected answer. */
function secrets(realmSecret: string): { challenge: string; key: string } {
  const derive = (label: string) => createHmac('sha256', realmSecret).update(`gatehouse proof-of-work ${label}`).digest('base64url');
  return { challenge: derive('challenge'), key: derive('key') };
}

/** What the widget posts: base64 of `{challenge, solution}`. Anything else is undefined. */
function parsePayload(response: string): { challenge: Challenge; solution: Solution } | undefined {
  try {
    const payload = JSON.parse(Buffer.from(response, 'base64').toString('utf8')) as { challenge?: Challenge; solution?: Solution };
    if (!payload || typeof payload !== 'object' || !payload.challenge?.parameters || !payload.solution) return undefined;
    return { challenge: payload.challenge, solution: payload.solution };
  } catch {
    return undefined;
  }
}

/**
 * A self-hosted proof-of-work challenge (ALTCHA's v2 format, SHA-256): no third party, no
 * cookie, no network. Each page gets a fresh challenge signed with a realm secret, expiring
 * after `expires` seconds (default 600), and each solved challenge is accepted once. The cost
 * is `maxNumber` (default 50000): the secret counter lies below it, and the browser finds it
 * by trying counters from 0.
 */
export const proofOfWorkProvider: CaptchaProvider = {
  id: 'proof-of-work',
  displayName: 'Proof of work (self-hosted)',
  requiredConfig: [],
  fieldName: 'gh-pow-response',

  async widget(config, runtime) {
    const maxNumber = intConfig(config, 'maxNumber', DEFAULT_MAX_NUMBER, 1, 10_000_000);
    const expires = intConfig(config, 'expires', DEFAULT_EXPIRES_SECONDS, 10, 86_400);
    const keys = secrets(runtime.realmSecret);
    const challenge = await createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      counter: randomInt(maxNumber, 0),
      deriveKey,
      expiresAt: Math.floor(runtime.now / 1000) + expires,
      hmacSignatureSecret: keys.challenge,
      hmacKeySignatureSecret: keys.key,
    });
    return {
      themeScript: 'js/pow-captcha.js',
      className: 'gh-pow-captcha',
      attributes: { 'data-challenge': JSON.stringify(challenge), 'data-max-number': String(maxNumber) },
      fieldName: 'gh-pow-response',
    };
  },

  async verify(response, _remoteIp, _config, runtime): Promise<CaptchaVerdict> {
    const payload = parsePayload(response);
    if (!payload) return { success: false, errorCodes: ['missing-input-response'] };
    const keys = secrets(runtime.realmSecret);
    let result;
    try {
      result = await verifySolution({ challenge: payload.challenge, solution: payload.solution, deriveKey, hmacSignatureSecret: keys.challenge, hmacKeySignatureSecret: keys.key });
    } catch {
      return { success: false, errorCodes: ['invalid-input-response'] };
    }
    if (result.expired) return { success: false, errorCodes: ['timeout-or-duplicate'] };
    if (!result.verified) return { success: false, errorCodes: ['invalid-input-response'] };
    const expiresAt = (payload.challenge.parameters.expiresAt ?? Math.floor(runtime.now / 1000) + DEFAULT_EXPIRES_SECONDS) * 1000;
    if (!(await runtime.markUsed(`pow:${payload.challenge.parameters.nonce}`, expiresAt))) return { success: false, errorCodes: ['timeout-or-duplicate'] };
    return { success: true, errorCodes: [] };
  },
};
