/**
 * The synchronous call to an HTTP pre-registration hook: a signed JSON POST with the
 * sign-up (the signature scheme of webhooks), answered by a decision within the hook's
 * timeout. Every way of not getting a usable decision comes back as a failure with a reason
 * fit for a log line (no secret, no body).
 */
import type { HookDecision, PreRegistration } from '../domain/registration-hooks/hook-decision.ts';
import { parseHookDecision } from '../domain/registration-hooks/hook-decision.ts';
import { SIGNATURE_HEADER, signature } from './webhook-sender.ts';

/** An answer larger than this is not a decision. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** Where and how to call one hook. */
export interface HookEndpoint {
  id: string;
  url: string;
  secret: string;
  timeoutMs: number;
}

/** Calls the hook; a decision, or `{failure}` saying why there is none. */
export async function requestHookDecision(hook: HookEndpoint, request: PreRegistration, now: number): Promise<HookDecision | { failure: string }> {
  const body = JSON.stringify(request);
  const signal = AbortSignal.timeout(hook.timeoutMs);
  let text: string;
  try {
    const response = await fetch(hook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', [SIGNATURE_HEADER]: signature(hook.secret, Math.floor(now / 1000), body), 'Gatehouse-Hook': hook.id },
      body,
      redirect: 'manual',
      signal,
    });
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel();
      return { failure: `HTTP ${response.status}` };
    }
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_ANSWER_BYTES) {
      await response.body?.cancel();
      return { failure: 'answer too large' };
    }
    text = await response.text();
  } catch (cause) {
    const e = cause as { name?: string; cause?: { code?: string } };
    if (e.name === 'TimeoutError' || signal.aborted) return { failure: `timed out after ${hook.timeoutMs} ms` };
    return { failure: e.cause?.code ?? 'connection failed' };
  }
  if (text.length > MAX_ANSWER_BYTES) return { failure: 'answer too large' };
  const decision = parseHookDecision(text);
  return 'malformed' in decision ? { failure: `malformed answer: ${decision.malformed}` } : decision;
}
