import { recordEvent } from '../../../domain/events/service.ts';
import type { CaptchaConfig, CaptchaProvider } from '../../../plugins/api.ts';
import { defaultPlugins } from '../../../plugins/registry.ts';
import { formValue, type FieldErrors, type FormInput } from '../../engine/outcomes.ts';
import type { StepContext } from '../../engine/step.ts';
import { captchaRuntime, DEFAULT_VERIFY_TIMEOUT_MS } from './captcha-runtime.ts';

/** The field name under which a captcha's error shows (`messagesPerField.captcha`). */
export const CAPTCHA_FIELD = 'captcha';

/** The provider a step's config names (`captcha.provider`), or `fallback` (Keycloak's reCAPTCHA keys keep working). */
export function captchaProvider(config: CaptchaConfig, fallback: string): CaptchaProvider | undefined {
  return defaultPlugins.captchaProvider(config['captcha.provider'] || fallback);
}

const timeoutOf = (config: CaptchaConfig): number => {
  const value = Number(config.timeout);
  return Number.isInteger(value) && value > 0 && value <= 60_000 ? value : DEFAULT_VERIFY_TIMEOUT_MS;
};

const configured = (provider: CaptchaProvider, config: CaptchaConfig): boolean => provider.requiredConfig.every((key) => (config[key] ?? '') !== '');

/**
 * The captcha's page data (`captcha`: script, element class and attributes, field name), or
 * `captchaNotConfigured` when the provider is unknown or lacks its keys (Keycloak's
 * `recaptchaNotConfigured`).
 */
export async function captchaPageData(ctx: StepContext, config: CaptchaConfig, fallback: string): Promise<Record<string, unknown>> {
  const provider = captchaProvider(config, fallback);
  if (!provider || !configured(provider, config)) return { captchaNotConfigured: true };
  const widget = await provider.widget(config, await captchaRuntime(ctx, timeoutOf(config)));
  return {
    captcha: {
      provider: provider.id,
      scriptUrl: widget.scriptUrl,
      themeScript: widget.themeScript,
      className: widget.className,
      attributes: Object.entries(widget.attributes).map(([name, value]) => ({ name, value })),
      fieldName: widget.fieldName,
      // Vendor widgets add their own field; Gatehouse's scripts fill this one.
      hiddenField: widget.themeScript !== undefined,
    },
  };
}

/**
 * Verifies the posted captcha. A missing answer, a refusal, or a verify endpoint that does
 * not answer in time is a field error at the captcha and an event with error `captcha_failed`
 * (`eventType` is `REGISTER_ERROR` on the sign-up form, `LOGIN_ERROR` on sign-in).
 */
export async function checkCaptcha(ctx: StepContext, config: CaptchaConfig, fallback: string, form: FormInput, eventType: string, details: Record<string, string | undefined>): Promise<FieldErrors> {
  const provider = captchaProvider(config, fallback);
  let ok = false;
  let reason = 'not_configured';
  if (provider && configured(provider, config)) {
    const runtime = await captchaRuntime(ctx, timeoutOf(config));
    const response = formValue(form, provider.fieldName);
    if (response === '') reason = 'missing';
    else {
      const verdict = await provider.verify(response, ctx.request.ip, config, runtime);
      ok = verdict.success;
      reason = verdict.errorCodes.join(',') || 'refused';
    }
  } else {
    ctx.logger?.warn({ realm: ctx.realm.name, provider: config['captcha.provider'] || fallback }, 'captcha is enabled but its provider is unknown or not configured; refusing the form');
  }
  if (ok) return {};
  await recordEvent(
    ctx.repos,
    ctx.realm,
    { type: eventType, clientId: ctx.journey.clientId, ipAddress: ctx.request.ip, error: 'captcha_failed', details: { ...details, reason } },
    ctx.clock,
  );
  if (!provider || !configured(provider, config)) return { [CAPTCHA_FIELD]: ['recaptchaNotConfigured'] };
  // Keycloak's key for its own reCAPTCHA providers; a neutral wording for the others.
  return { [CAPTCHA_FIELD]: [provider.id.startsWith('recaptcha') ? 'recaptchaFailed' : 'captchaFailed'] };
}
