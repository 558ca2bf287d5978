import type { CaptchaProvider } from '../api.ts';
import { siteverify, verdictOf } from './siteverify.ts';

/** Cloudflare Turnstile: `site.key`, `secret`, `action`, and `verifyUrl` (default Cloudflare's siteverify). */
export const turnstileProvider: CaptchaProvider = {
  id: 'turnstile',
  displayName: 'Cloudflare Turnstile',
  requiredConfig: ['site.key', 'secret'],
  fieldName: 'cf-turnstile-response',

  async widget(config) {
    return {
      scriptUrl: 'https://challenges.cloudflare.com/turnstile/v0/api.js',
      className: 'cf-turnstile',
      attributes: { 'data-sitekey': config['site.key'] ?? '', ...(config.action ? { 'data-action': config.action } : {}) },
      fieldName: 'cf-turnstile-response',
    };
  },

  async verify(response, remoteIp, config, runtime) {
    const url = config.verifyUrl || 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
    const result = await siteverify('Turnstile', url, { secret: config.secret, response, remoteip: remoteIp }, runtime);
    if ('verdict' in result) return result.verdict;
    const verdict = verdictOf(result.answer);
    if (verdict.success && config.action && typeof result.answer.action === 'string' && result.answer.action !== config.action) {
      return { ...verdict, success: false, errorCodes: ['action-mismatch'] };
    }
    return verdict;
  },
};
