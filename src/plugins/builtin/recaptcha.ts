import type { CaptchaConfig, CaptchaProvider, CaptchaWidget } from '../api.ts';
import { siteverify, verdictOf } from './siteverify.ts';

/** `www.recaptcha.net` where `useRecaptchaNet` is `true` (Keycloak's switch for where google.com is blocked). */
const host = (config: CaptchaConfig): string => (config.useRecaptchaNet === 'true' ? 'https://www.recaptcha.net' : 'https://www.google.com');

const isV3 = (config: CaptchaConfig, forced: boolean): boolean => forced || config['recaptcha.v3'] === 'true';

/** Keycloak's default score threshold for score-based reCAPTCHA. */
const DEFAULT_THRESHOLD = 0.7;

function threshold(config: CaptchaConfig): number {
  const value = Number(config['score.threshold']);
  return Number.isFinite(value) && value >= 0 && value <= 1 && config['score.threshold'] !== '' && config['score.threshold'] !== undefined ? value : DEFAULT_THRESHOLD;
}

/**
 * Google reCAPTCHA with Keycloak's `registration-recaptcha-action` config keys: `site.key`,
 * `secret`, `useRecaptchaNet`, `action` (default `register`), `recaptcha.v3`; plus
 * `score.threshold` for v3 and `verifyUrl` to send verification elsewhere (a test server).
 */
function recaptcha(id: string, forceV3: boolean): CaptchaProvider {
  return {
    id,
    displayName: forceV3 ? 'reCAPTCHA v3' : 'reCAPTCHA',
    requiredConfig: ['site.key', 'secret'],
    fieldName: 'g-recaptcha-response',

    async widget(config): Promise<CaptchaWidget> {
      const v3 = isV3(config, forceV3);
      const siteKey = config['site.key'] ?? '';
      return {
        scriptUrl: `${host(config)}/recaptcha/api.js${v3 ? `?render=${encodeURIComponent(siteKey)}` : ''}`,
        themeScript: v3 ? 'js/recaptcha-v3.js' : undefined,
        className: v3 ? 'gh-recaptcha-v3' : 'g-recaptcha',
        attributes: { 'data-sitekey': siteKey, 'data-action': config.action || 'register', ...(v3 ? {} : { 'data-size': 'normal' }) },
        fieldName: 'g-recaptcha-response',
      };
    },

    async verify(response, remoteIp, config, runtime) {
      const url = config.verifyUrl || `${host(config)}/recaptcha/api/siteverify`;
      const result = await siteverify('reCAPTCHA', url, { secret: config.secret, response, remoteip: remoteIp }, runtime);
      if ('verdict' in result) return result.verdict;
      const verdict = verdictOf(result.answer);
      if (!verdict.success || !isV3(config, forceV3)) return verdict;
      // Score-based: a missing score, a low one or another action's token is a failure.
      const action = config.action || 'register';
      if (typeof result.answer.action === 'string' && result.answer.action !== action) return { ...verdict, success: false, errorCodes: ['action-mismatch'] };
      if (verdict.score === undefined || verdict.score < threshold(config)) return { ...verdict, success: false, errorCodes: ['score-too-low'] };
      return verdict;
    },
  };
}

/** reCAPTCHA v2 (checkbox or invisible), or v3 when the config says `recaptcha.v3=true`. */
export const recaptchaProvider = recaptcha('recaptcha', false);
/** reCAPTCHA v3 (score-based), whatever `recaptcha.v3` says. */
export const recaptchaV3Provider = recaptcha('recaptcha-v3', true);
