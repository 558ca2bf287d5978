import type { ExecutionNode, FlowNode } from './flow-tree.ts';
import type { FieldErrors, Page } from './outcomes.ts';
import { FormFieldError } from './form-field-error.ts';
import type { FormAction, StepContext } from './step.ts';
import type { FormRefusal } from './step.ts';
import { stampPage, stepContext, success, unknownProvider, type Run, type Walk } from './walk.ts';

/**
 * Runs an execution whose sub-flow is a form flow (Keycloak's FormAuthenticationFlow): one
 * page built by its form page step and every enabled form action; on submit every action
 * validates, and only when none reports a field error do they all succeed, in one
 * transaction. A REQUIRED form action Gatehouse does not know stops the journey.
 */
export async function runFormFlow(run: Run, parent: FlowNode, execution: ExecutionNode): Promise<Walk> {
  const form = execution.flow!;
  const pageStep = execution.authenticator ? run.steps.get(execution.authenticator) : undefined;
  if (!pageStep || pageStep.kind !== 'form-page') {
    if (execution.requirement !== 'ALTERNATIVE') return unknownProvider(execution.authenticator);
    run.ctx.journey.executions[execution.id] = 'skipped';
    return { kind: 'incomplete' };
  }

  const parts: { action: FormAction; ctx: StepContext }[] = [];
  for (const part of form.executions) {
    if (part.requirement === 'DISABLED') continue;
    const action = part.authenticator ? run.steps.get(part.authenticator) : undefined;
    if (!action || action.kind !== 'form-action') {
      if (part.requirement === 'REQUIRED') return unknownProvider(part.authenticator);
      continue;
    }
    parts.push({ action, ctx: stepContext(run, form, part) });
  }

  const journey = run.ctx.journey;
  const submission = run.submission?.execution === execution.id && journey.challenged === execution.id ? run.submission : undefined;
  let errors: FieldErrors = {};
  let refusal: FormRefusal | undefined;
  if (submission) {
    run.submission = undefined;
    for (const { action, ctx } of parts) errors = merge(errors, await action.validate(ctx, submission.form));
    for (const { action, ctx } of parts) {
      if (Object.keys(errors).length > 0 || refusal) break;
      refusal = await action.beforeSave?.(ctx, submission.form);
      if (refusal) errors = refusal.fieldErrors;
    }
    if (Object.keys(errors).length === 0 && !refusal) {
      const userBefore = journey.userId;
      try {
        await run.ctx.repos.transaction(async (tx) => {
          for (const { action, ctx } of parts) await action.success(ctx, submission.form, tx);
        });
      } catch (error) {
        if (!(error instanceof FormFieldError)) throw error;
        // Nothing was saved; whatever the actions noted about the rolled-back work goes too.
        journey.userId = userBefore;
        errors = error.fieldErrors;
        await error.afterRollback?.();
      }
      if (Object.keys(errors).length === 0) {
        if (journey.userId) run.user = await run.ctx.repos.users.findById(run.ctx.realm.id, journey.userId);
        journey.executions[execution.id] = 'success';
        journey.challenged = null;
        return success;
      }
    }
  }

  const pageCtx = stepContext(run, parent, execution);
  const data = await pageStep.pageData(pageCtx);
  for (const { action, ctx } of parts) await action.buildPage(ctx, data, submission?.form);
  const page: Page = { template: pageStep.template, data: { ...data, fieldErrors: errors, ...(refusal?.message ? { message: refusal.message } : {}) } };
  journey.executions[execution.id] = 'challenged';
  journey.challenged = execution.id;
  return { kind: 'stop', outcome: { kind: 'page', page: stampPage(page, execution.id, 'authenticate') } };
}

function merge(into: FieldErrors, more: FieldErrors): FieldErrors {
  const out: FieldErrors = { ...into };
  for (const [field, messages] of Object.entries(more)) if (messages.length > 0) out[field] = [...(out[field] ?? []), ...messages];
  return out;
}
