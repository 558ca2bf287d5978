import type { FormAction } from '../../engine/step.ts';
import { formValue } from '../../engine/outcomes.ts';
import { captchaPageData, checkCaptcha } from '../captcha/captcha-check.ts';

/**
 * A captcha on the registration form. The execution's config names the provider
 * (`captcha.provider`: `recaptcha`, `recaptcha-v3`, `recaptcha-enterprise`, `hcaptcha`,
 * `turnstile`, `proof-of-work`, or a plugin's) and carries its keys; without
 * `captcha.provider` it is `fallback`, so Keycloak's reCAPTCHA configs keep working.
 */
function captchaFormAction(id: string, fallback: string): FormAction {
  return {
    kind: 'form-action',
    id,

    async buildPage(ctx, data) {
      Object.assign(data, await captchaPageData(ctx, ctx.execution.config, fallback));
    },

    async validate(ctx, form) {
      const email = formValue(form, 'email') || undefined;
      return checkCaptcha(ctx, ctx.execution.config, fallback, form, 'REGISTER_ERROR', {
        auth_method: 'openid-connect',
        register_method: 'form',
        redirect_uri: ctx.journey.redirectUri ?? undefined,
        username: formValue(form, 'username') || email,
        email,
      });
    },

    async success() {},
  };
}

/** Keycloak's `registration-recaptcha-action`, open to every captcha provider. */
export const registrationRecaptchaAction = captchaFormAction('registration-recaptcha-action', 'recaptcha');
/** Keycloak's `registration-recaptcha-enterprise` (25+). */
export const registrationRecaptchaEnterprise = captchaFormAction('registration-recaptcha-enterprise', 'recaptcha-enterprise');
