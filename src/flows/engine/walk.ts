import type { UserRecord } from '../../storage/ports.ts';
import type { ExecutionNode, FlowNode } from './flow-tree.ts';
import { errorPage, type FlowOutcome, type Page, type Submission } from './outcomes.ts';
import { messageKeys } from './message-keys.ts';
import type { JourneyContext, StepContext, StepRegistry } from './step.ts';

/** One call's walk through the flow tree. */
export interface Run {
  ctx: JourneyContext;
  steps: StepRegistry;
  /** The form of this request, until the execution it was POSTed to consumes it. */
  submission: Submission | undefined;
  user: UserRecord | undefined;
}

/**
 * How a flow or execution ended in this walk (Keycloak's processFlow results):
 * - `success`;
 * - `incomplete`: not successful and nothing to show (attempted, skipped, no alternative
 *   worked); `failure` keeps the most recent failure an alternative swallowed, to explain it;
 * - `failed`: a step failed; this climbs REQUIRED levels until an ALTERNATIVE catches it;
 * - `stop`: a page to show, or an error that no alternative may hide.
 */
export type Walk =
  | { kind: 'success' }
  | { kind: 'incomplete'; failure?: Page }
  | { kind: 'failed'; page: Page }
  | { kind: 'stop'; outcome: FlowOutcome };

export const success: Walk = { kind: 'success' };

export function stepContext(run: Run, flow: FlowNode, execution: ExecutionNode): StepContext {
  const steps = run.ctx.journey.steps;
  const stepState = (steps[execution.id] ??= {});
  return { ...run.ctx, execution, flow, steps: run.steps, user: run.user, stepState };
}

/** Marks a page with the execution its form posts to; the caller turns it into `url.loginAction`. */
export function stampPage(page: Page, execution: string, endpoint: 'authenticate' | 'required-action'): Page {
  return { ...page, data: { ...page.data, execution, loginActionEndpoint: endpoint } };
}

/** The journey stops on a page naming a provider it cannot run: a realm problem, not the user's. */
export function unknownProvider(providerId: string | null): Walk {
  return { kind: 'stop', outcome: { kind: 'error', page: errorPage(messageKeys.unknownAuthenticator, [providerId ?? '(none)'], 500) } };
}

/**
 * Whether an execution is a condition. A provider we do not know counts as one when its id
 * says so (`conditional-…`, Keycloak's naming), so that it stops the journey instead of
 * running as a step.
 */
export function isConditionExecution(steps: StepRegistry, execution: ExecutionNode): boolean {
  if (execution.flow || !execution.authenticator) return false;
  const step = steps.get(execution.authenticator);
  return step ? step.kind === 'condition' : execution.authenticator.startsWith('conditional-');
}
