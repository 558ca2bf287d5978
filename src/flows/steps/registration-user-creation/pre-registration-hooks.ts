/**
 * Asks the realm's pre-registration hooks (HTTP endpoints configured through the Admin API,
 * then in-process plugins) about a sign-up that passed the form's validation, before the
 * user-creation transaction opens: no transaction is ever held across the network.
 */
import type { HookDecision, PreRegistration } from '../../../domain/registration-hooks/hook-decision.ts';
import { checkHookDecision } from '../../../domain/registration-hooks/hook-decision.ts';
import { registrationHookPluginsFor, type RegistrationHookPlugin } from '../../../domain/registration-hooks/registration-hook-plugin.ts';
import { requestHookDecision } from '../../../notify/registration-hook-request.ts';
import type { Attributes } from '../../../storage/ports.ts';
import type { StepContext } from '../../engine/step.ts';

/** What the hooks together decided. */
export type HooksVerdict =
  | { kind: 'allow'; attributes: Attributes; groups: string[] }
  | { kind: 'deny'; hook: string; message: string | null; field: string | null }
  | { kind: 'failed'; hook: string; reason: string };

/** A plugin's default time limit, as an HTTP hook's. */
const PLUGIN_TIMEOUT_MS = 3000;

async function pluginDecision(plugin: RegistrationHookPlugin, request: PreRegistration): Promise<HookDecision | { failure: string }> {
  const timeoutMs = plugin.timeoutMs ?? PLUGIN_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = Symbol('timed out');
  try {
    const answer = await Promise.race([plugin.decide(request), new Promise<typeof timedOut>((resolve) => (timer = setTimeout(() => resolve(timedOut), timeoutMs)))]);
    if (answer === timedOut) return { failure: `timed out after ${timeoutMs} ms` };
    const decision = checkHookDecision(answer);
    return 'malformed' in decision ? { failure: `malformed answer: ${decision.malformed}` } : decision;
  } catch (error) {
    return { failure: `threw ${(error as Error)?.name ?? 'an error'}` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls every enabled hook in turn (oldest first, then plugins in registration order). The
 * first deny, or the first failure of a hook that fails closed, decides; a hook that fails
 * open is logged and skipped; the attributes and groups of the allowing hooks add up (a later
 * hook's value for an attribute wins).
 */
export async function consultRegistrationHooks(ctx: StepContext, request: PreRegistration): Promise<HooksVerdict> {
  const http = (await ctx.repos.registrationHooks.list(ctx.realm.id)).filter((h) => h.enabled);
  const callers: { id: string; failurePolicy: 'open' | 'closed'; decide: () => Promise<HookDecision | { failure: string }> }[] = [
    ...http.map((h) => ({ id: h.id, failurePolicy: h.failurePolicy, decide: () => requestHookDecision(h, request, ctx.clock.now()) })),
    ...registrationHookPluginsFor(ctx.realm).map((p) => ({ id: `plugin:${p.id}`, failurePolicy: p.failurePolicy ?? ('open' as const), decide: () => pluginDecision(p, request) })),
  ];
  const attributes: Attributes = {};
  const groups = new Set<string>();
  for (const caller of callers) {
    const started = Date.now();
    const answer = await caller.decide();
    const fields = { realm: ctx.realm.name, hook: caller.id, durationMs: Date.now() - started };
    if ('failure' in answer) {
      if (caller.failurePolicy === 'closed') {
        ctx.logger?.warn({ ...fields, reason: answer.failure }, 'pre-registration hook failed; registration refused (failurePolicy closed)');
        return { kind: 'failed', hook: caller.id, reason: answer.failure };
      }
      ctx.logger?.warn({ ...fields, reason: answer.failure }, 'pre-registration hook failed; registration proceeds (failurePolicy open)');
      continue;
    }
    if (answer.decision === 'deny') {
      ctx.logger?.info(fields, 'pre-registration hook denied a registration');
      return { kind: 'deny', hook: caller.id, message: answer.message, field: answer.field };
    }
    Object.assign(attributes, answer.attributes);
    for (const g of answer.groups) groups.add(g);
  }
  return { kind: 'allow', attributes, groups: [...groups] };
}
