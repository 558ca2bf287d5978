import { errorPage, type Page } from './outcomes.ts';
import type { ExecutionNode, FlowNode } from './flow-tree.ts';
import { runFormFlow } from './run-form-flow.ts';
import { isConditionExecution, stampPage, stepContext, success, unknownProvider, type Run, type Walk } from './walk.ts';

/**
 * Runs a basic flow with Keycloak's semantics (DefaultAuthenticationFlow.processFlow):
 * DISABLED executions and conditions are left out; REQUIRED and CONDITIONAL executions all
 * run in priority order and must succeed, a CONDITIONAL sub-flow only when its conditions
 * hold; ALTERNATIVE executions count only when no REQUIRED one is left, and the first to
 * succeed wins. Finished executions keep their status in the journey, so each call walks the
 * tree from the top and picks up where the last page left off.
 */
export async function runFlow(run: Run, flow: FlowNode): Promise<Walk> {
  const live = flow.executions.filter((e) => e.requirement !== 'DISABLED' && !isConditionExecution(run.steps, e));
  const required = live.filter((e) => e.requirement === 'REQUIRED' || e.requirement === 'CONDITIONAL');
  // Keycloak ignores ALTERNATIVE executions beside REQUIRED ones, even when every REQUIRED one turns out to be a skipped condition.
  const alternatives = required.length > 0 ? [] : live.filter((e) => e.requirement === 'ALTERNATIVE');

  let ran = 0;
  for (const execution of required) {
    if (execution.requirement === 'CONDITIONAL' && execution.flow) {
      const on = await conditionsHold(run, execution.flow);
      if (on !== true && on !== false) return on;
      if (!on) {
        run.ctx.journey.executions[execution.id] = 'skipped';
        continue;
      }
    }
    ran++;
    const result = await runExecution(run, flow, execution);
    if (result.kind !== 'success') return result;
  }
  if (ran > 0) return success;

  let failure: Page | undefined;
  for (const execution of alternatives) {
    const result = await runExecution(run, flow, execution);
    if (result.kind === 'success' || result.kind === 'stop') return result;
    if (result.kind === 'failed') {
      // An alternative that failed gives way to the next one, as Keycloak's catch does.
      run.ctx.journey.executions[execution.id] = 'skipped';
      failure = result.page;
    } else if (result.failure) failure = result.failure;
  }
  return failure ? { kind: 'incomplete', failure } : { kind: 'incomplete' };
}

async function runExecution(run: Run, flow: FlowNode, execution: ExecutionNode): Promise<Walk> {
  const journey = run.ctx.journey;
  const status = journey.executions[execution.id];
  if (status === 'success') return success;
  if (status === 'attempted' || status === 'skipped') return { kind: 'incomplete' };

  if (execution.flow) {
    const result = execution.flow.providerId === 'form-flow' ? await runFormFlow(run, flow, execution) : await runFlow(run, execution.flow);
    if (result.kind === 'success') journey.executions[execution.id] = 'success';
    return result;
  }

  const step = execution.authenticator ? run.steps.get(execution.authenticator) : undefined;
  if (!step || step.kind !== 'authenticator') {
    if (execution.requirement !== 'ALTERNATIVE') return unknownProvider(execution.authenticator);
    journey.executions[execution.id] = 'skipped';
    return { kind: 'incomplete' };
  }

  const ctx = stepContext(run, flow, execution);
  if (step.requiresUser) {
    if (!run.user) return { kind: 'failed', page: errorPage('invalidUserMessage') };
    if (!(await step.configuredFor(ctx, run.user))) return { kind: 'failed', page: errorPage('credentialSetupRequired') };
  }

  const submission = run.submission?.execution === execution.id && journey.challenged === execution.id ? run.submission : undefined;
  if (submission) run.submission = undefined;
  const result = submission ? await step.action(ctx, submission.form) : await step.authenticate(ctx);

  switch (result.kind) {
    case 'attempted':
      journey.executions[execution.id] = 'attempted';
      return { kind: 'incomplete' };
    case 'success':
      journey.executions[execution.id] = 'success';
      journey.challenged = null;
      if (result.credentialType && !journey.credentials.includes(result.credentialType)) journey.credentials.push(result.credentialType);
      if (result.userId) {
        journey.userId = result.userId;
        run.user = result.user?.id === result.userId ? result.user : await run.ctx.repos.users.findById(run.ctx.realm.id, result.userId);
      }
      return success;
    case 'failure':
    case 'challenge':
      if (result.kind === 'failure' && !result.retry) return { kind: 'failed', page: result.page };
      // A failure that shows the form again is a challenge that carries errors.
      journey.executions[execution.id] = 'challenged';
      journey.challenged = execution.id;
      return { kind: 'stop', outcome: { kind: 'page', page: stampPage(result.page, execution.id, 'authenticate') } };
  }
}

/**
 * Whether a CONDITIONAL sub-flow runs: it has conditions and every enabled one holds.
 * Results are kept in the journey, as Keycloak keeps them, so a later step cannot flip a
 * decision already acted on. A condition Gatehouse does not know stops the journey: guessing
 * either way could skip a second factor or demand one that cannot be given.
 */
async function conditionsHold(run: Run, flow: FlowNode): Promise<boolean | Walk> {
  const conditions = flow.executions.filter((e) => e.requirement !== 'DISABLED' && isConditionExecution(run.steps, e));
  if (conditions.length === 0) return false;
  for (const condition of conditions) {
    const known = run.ctx.journey.executions[condition.id];
    let holds = known === 'evaluated-true';
    if (known !== 'evaluated-true' && known !== 'evaluated-false') {
      const step = run.steps.get(condition.authenticator ?? '');
      if (!step || step.kind !== 'condition') return unknownProvider(condition.authenticator);
      holds = await step.matches(stepContext(run, flow, condition));
      run.ctx.journey.executions[condition.id] = holds ? 'evaluated-true' : 'evaluated-false';
    }
    if (!holds) return false;
  }
  return true;
}
