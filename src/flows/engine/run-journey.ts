import { pendingRequiredActions } from '../required-actions/pending-required-actions.ts';
import { runRequiredAction } from '../required-actions/run-required-action.ts';
import { loadFlowTree } from './flow-tree.ts';
import { messageKeys } from './message-keys.ts';
import { errorPage, type FlowOutcome, type Submission } from './outcomes.ts';
import { runFlow } from './run-flow.ts';
import type { JourneyContext, StepRegistry } from './step.ts';
import type { Run } from './walk.ts';

/** `amr` values (RFC 8176) for the credential types a journey used. */
const amrOf: Record<string, string> = { password: 'pwd', otp: 'otp' };

/**
 * Runs the journey's flow (`ctx.journey.flowAlias`) and then the user's pending required
 * actions, one call per request: the first call shows the first page; each later call passes
 * the form POSTed to `submission.execution`. Returns `authenticated` only once the flow
 * identified a user and no required action is left, so that no caller can skip one.
 */
export async function runJourney(ctx: JourneyContext, submission: Submission | undefined, steps: StepRegistry): Promise<FlowOutcome> {
  const journey = ctx.journey;
  const run: Run = { ctx, steps, submission, user: journey.userId ? await ctx.repos.users.findById(ctx.realm.id, journey.userId) : undefined };

  if (!journey.flowDone) {
    const tree = await loadFlowTree(ctx.repos, ctx.realm.id, journey.flowAlias);
    if (!tree) return { kind: 'error', page: errorPage(messageKeys.flowIncomplete, [journey.flowAlias], 500) };
    const walk = await runFlow(run, tree);
    if (walk.kind === 'stop') return walk.outcome;
    if (walk.kind === 'failed') return { kind: 'error', page: walk.page };
    if (walk.kind === 'incomplete') return { kind: 'error', page: walk.failure ?? errorPage(messageKeys.flowIncomplete, [journey.flowAlias], 500) };
    journey.flowDone = true;
    journey.challenged = null;
  }
  if (!run.user || !journey.userId) return { kind: 'error', page: errorPage('invalidUserMessage') };

  // An action that ran may have changed the user (a new name, a verified address).
  let actionRan = false;
  for (const alias of await pendingRequiredActions(ctx.repos, ctx.realm, run.user)) {
    if (journey.requiredActionsDone.includes(alias)) continue;
    const form = run.submission?.execution === alias && journey.challenged === alias ? run.submission : undefined;
    run.submission = undefined;
    const outcome = await runRequiredAction(ctx, alias, form);
    actionRan = true;
    if (outcome.kind !== 'done') return outcome;
    journey.challenged = null;
  }

  return {
    kind: 'authenticated',
    userId: run.user.id,
    ...(actionRan ? {} : { user: run.user }),
    rememberMe: journey.rememberMe,
    amr: journey.credentials.map((type) => amrOf[type] ?? type),
    // Keycloak's acr for a sign-in that passed the forms (0 is reserved for SSO cookie reuse).
    acr: '1',
  };
}
