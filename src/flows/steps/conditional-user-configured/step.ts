import type { Condition } from '../../engine/step.ts';
import { isConditionExecution } from '../../engine/walk.ts';

/**
 * Keycloak's `conditional-user-configured`: its sub-flow runs when the user is set up for the
 * steps in it — all of the REQUIRED ones, or else any of the ALTERNATIVE ones (an `otp`
 * credential for `auth-otp-form`). A step Gatehouse does not know counts as set up, so that
 * the sub-flow runs and stops on a page naming it rather than silently skipping a factor.
 */
export const conditionalUserConfigured: Condition = {
  kind: 'condition',
  id: 'conditional-user-configured',
  async matches(ctx) {
    const siblings = ctx.flow.executions.filter((e) => e.id !== ctx.execution.id && !e.flow && !isConditionExecution(ctx.steps, e));
    const required = siblings.filter((e) => e.requirement === 'REQUIRED');
    const considered = required.length > 0 ? required : siblings.filter((e) => e.requirement === 'ALTERNATIVE');
    if (considered.length === 0) return true;
    const configured = async (authenticator: string | null): Promise<boolean> => {
      const step = authenticator ? ctx.steps.get(authenticator) : undefined;
      if (!step) return true;
      return step.kind === 'authenticator' ? step.configuredFor(ctx, ctx.user) : true;
    };
    const results = await Promise.all(considered.map((e) => configured(e.authenticator)));
    return required.length > 0 ? results.every(Boolean) : results.some(Boolean);
  },
};
