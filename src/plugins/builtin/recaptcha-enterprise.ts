import type { CaptchaConfig, CaptchaProvider, CaptchaVerdict } from '../api.ts';

const DEFAULT_THRESHOLD = 0.7;

function threshold(config: CaptchaConfig): number {
  const raw = config['score.threshold'];
  const value = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(value) && value >= 0 && value <= 1 ? value : DEFAULT_THRESHOLD;
}

interface Assessment {
  tokenProperties?: { valid?: unknown; action?: unknown; invalidReason?: unknown };
  riskAnalysis?: { score?: unknown; reasons?: unknown };
}

/**
 * reCAPTCHA Enterprise with Keycloak's `registration-recaptcha-enterprise` config keys:
 * `project.id`, `site.key`, `api.key`, `score.threshold` (default 0.7), `action`,
 * `useRecaptchaNet`, `recaptcha.v3`; `verifyUrl` replaces the assessments endpoint.
 */
export const recaptchaEnterpriseProvider: CaptchaProvider = {
  id: 'recaptcha-enterprise',
  displayName: 'reCAPTCHA Enterprise',
  requiredConfig: ['project.id', 'site.key', 'api.key'],
  fieldName: 'g-recaptcha-response',

  async widget(config) {
    const host = config.useRecaptchaNet === 'true' ? 'https://www.recaptcha.net' : 'https://www.google.com';
    const v3 = config['recaptcha.v3'] === 'true';
    const siteKey = config['site.key'] ?? '';
    return {
      scriptUrl: `${host}/recaptcha/enterprise.js${v3 ? `?render=${encodeURIComponent(siteKey)}` : ''}`,
      themeScript: v3 ? 'js/recaptcha-v3.js' : undefined,
      className: v3 ? 'gh-recaptcha-v3' : 'g-recaptcha',
      attributes: { 'data-sitekey': siteKey, 'data-action': config.action || 'register', ...(v3 ? { 'data-enterprise': 'true' } : {}) },
      fieldName: 'g-recaptcha-response',
    };
  },

  async verify(response, remoteIp, config, runtime): Promise<CaptchaVerdict> {
    const project = encodeURIComponent(config['project.id'] ?? '');
    const url = new URL(config.verifyUrl || `https://recaptchaenterprise.googleapis.com/v1/projects/${project}/assessments`);
    url.searchParams.set('key', config['api.key'] ?? '');
    const action = config.action || 'register';
    let answer: Assessment;
    try {
      const reply = await runtime.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: { token: response, siteKey: config['site.key'], expectedAction: action, userIpAddress: remoteIp ?? undefined } }),
      });
      if (!reply.ok) {
        runtime.warn(`reCAPTCHA Enterprise assessment answered HTTP ${reply.status}; captcha refused`);
        return { success: false, errorCodes: ['verify-failed'] };
      }
      answer = (await reply.json()) as Assessment;
    } catch (error) {
      const name = (error as Error).name;
      runtime.warn(`reCAPTCHA Enterprise assessment did not answer (${name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : (error as Error).message}); captcha refused`);
      return { success: false, errorCodes: ['verify-unreachable'] };
    }
    const token = answer.tokenProperties ?? {};
    const score = typeof answer.riskAnalysis?.score === 'number' ? answer.riskAnalysis.score : undefined;
    if (token.valid !== true) return { success: false, score, errorCodes: [typeof token.invalidReason === 'string' ? token.invalidReason : 'invalid-token'] };
    if (token.action !== action) return { success: false, score, errorCodes: ['action-mismatch'] };
    if (score === undefined || score < threshold(config)) return { success: false, score, errorCodes: ['score-too-low'] };
    return { success: true, score, errorCodes: [] };
  },
};
