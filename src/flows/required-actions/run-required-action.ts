import { errorPage, type Submission } from '../engine/outcomes.ts';
import { messageKeys } from '../engine/message-keys.ts';
import type { JourneyContext } from '../engine/step.ts';
import { stampPage } from '../engine/walk.ts';
import { builtinRequiredActions } from './registry.ts';
import type { RequiredAction, RequiredActionOutcome } from './required-action.ts';

/** The required actions Gatehouse implements, by provider id and alias (kept here for existing importers). */
export { builtinRequiredActions };

/**
 * Runs one required action for the journey's user: its page, or the POSTed form (when
 * `submission` is for this alias). An action Gatehouse does not implement ends the journey
 * on a page naming it: skipping it would let the user in without, say, a verified email.
 * Pages post to `required-action` with `execution` = the alias, as Keycloak's do.
 */
export async function runRequiredAction(
  ctx: JourneyContext,
  alias: string,
  submission?: Submission,
  actions: ReadonlyMap<string, RequiredAction> = builtinRequiredActions,
): Promise<RequiredActionOutcome> {
  const record = await ctx.repos.requiredActions.find(ctx.realm.id, alias);
  const action = (record && actions.get(record.providerId)) ?? actions.get(alias);
  if (!action) return { kind: 'error', page: errorPage(messageKeys.requiredActionNotAvailable, [alias], 500) };
  const user = ctx.journey.userId ? await ctx.repos.users.findById(ctx.realm.id, ctx.journey.userId) : undefined;
  if (!user) return { kind: 'error', page: errorPage('invalidUserMessage') };
  if (await action.satisfied?.(ctx, user)) {
    await ctx.repos.users.removeRequiredAction(user.id, alias);
    if (!ctx.journey.requiredActionsDone.includes(alias)) ctx.journey.requiredActionsDone.push(alias);
    return { kind: 'done' };
  }

  const outcome: RequiredActionOutcome =
    submission?.execution === alias ? await action.process(ctx, user, submission.form) : { kind: 'page', page: await action.challenge(ctx, user) };
  if (outcome.kind === 'done') {
    if (!ctx.journey.requiredActionsDone.includes(alias)) ctx.journey.requiredActionsDone.push(alias);
    return outcome;
  }
  if (outcome.kind === 'page') {
    ctx.journey.challenged = alias;
    return { kind: 'page', page: stampPage(outcome.page, alias, 'required-action') };
  }
  return outcome;
}
