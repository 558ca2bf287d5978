import type { CaptchaProvider } from '../api.ts';
import { siteverify, verdictOf } from './siteverify.ts';

/** hCaptcha: `site.key`, `secret`, and `verifyUrl` (default `https://api.hcaptcha.com/siteverify`). */
export const hcaptchaProvider: CaptchaProvider = {
  id: 'hcaptcha',
  displayName: 'hCaptcha',
  requiredConfig: ['site.key', 'secret'],
  fieldName: 'h-captcha-response',

  async widget(config) {
    return {
      scriptUrl: 'https://js.hcaptcha.com/1/api.js',
      className: 'h-captcha',
      attributes: { 'data-sitekey': config['site.key'] ?? '' },
      fieldName: 'h-captcha-response',
    };
  },

  async verify(response, remoteIp, config, runtime) {
    const url = config.verifyUrl || 'https://api.hcaptcha.com/siteverify';
    const result = await siteverify('hCaptcha', url, { secret: config.secret, response, remoteip: remoteIp, sitekey: config['site.key'] }, runtime);
    return 'verdict' in result ? result.verdict : verdictOf(result.answer);
  },
};
