import { definePlugin } from '../api.ts';
import { hcaptchaProvider } from './hcaptcha.ts';
import { proofOfWorkProvider } from './proof-of-work.ts';
import { recaptchaEnterpriseProvider } from './recaptcha-enterprise.ts';
import { recaptchaProvider, recaptchaV3Provider } from './recaptcha.ts';
import { turnstileProvider } from './turnstile.ts';

/** What Gatehouse ships: every captcha provider, registered like any plugin's. */
export const builtinPlugin = definePlugin({
  id: 'gatehouse-builtin',
  version: '1',
  captchaProviders: [recaptchaProvider, recaptchaV3Provider, recaptchaEnterpriseProvider, hcaptchaProvider, turnstileProvider, proofOfWorkProvider],
});
