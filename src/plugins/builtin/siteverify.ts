import type { CaptchaRuntime, CaptchaVerdict } from '../api.ts';

/** The JSON answer of a `siteverify` endpoint (reCAPTCHA, hCaptcha and Turnstile share it). */
export interface SiteverifyAnswer {
  success?: unknown;
  score?: unknown;
  action?: unknown;
  'error-codes'?: unknown;
}

/**
 * POSTs the vendor's form (`secret`, `response`, `remoteip`, …) and reads its JSON. A
 * timeout, a refused connection, a non-2xx status or a body that is not JSON fails closed,
 * with the reason in the log.
 */
export async function siteverify(
  vendor: string,
  url: string,
  form: Record<string, string | null | undefined>,
  runtime: CaptchaRuntime,
): Promise<{ answer: SiteverifyAnswer } | { verdict: CaptchaVerdict }> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) if (value) body.set(name, value);
  let response: Response;
  try {
    response = await runtime.fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError' ? 'timed out' : (error as Error).message;
    runtime.warn(`${vendor} verify endpoint did not answer (${reason}); captcha refused`, { url });
    return { verdict: { success: false, errorCodes: ['verify-unreachable'] } };
  }
  if (!response.ok) {
    runtime.warn(`${vendor} verify endpoint answered HTTP ${response.status}; captcha refused`, { url });
    return { verdict: { success: false, errorCodes: ['verify-failed'] } };
  }
  try {
    return { answer: (await response.json()) as SiteverifyAnswer };
  } catch {
    runtime.warn(`${vendor} verify endpoint answered something other than JSON; captcha refused`, { url });
    return { verdict: { success: false, errorCodes: ['verify-failed'] } };
  }
}

/** The verdict of a siteverify answer: `success` must be exactly `true`. */
export function verdictOf(answer: SiteverifyAnswer): CaptchaVerdict {
  const codes = Array.isArray(answer['error-codes']) ? answer['error-codes'].map(String) : [];
  const verdict: CaptchaVerdict = { success: answer.success === true, errorCodes: codes };
  if (typeof answer.score === 'number') verdict.score = answer.score;
  return verdict;
}
