import { builtinSteps } from '../steps/registry.ts';
import type { FlowOutcome, Submission } from './outcomes.ts';
import { runJourney } from './run-journey.ts';
import type { JourneyContext } from './step.ts';

/**
 * Runs a sign-in journey with Gatehouse's built-in steps: first without `submission` (the
 * first page), then with each form the browser POSTs. The caller saves `ctx.journey` after
 * every call, and on `authenticated` creates the session and records the LOGIN event.
 */
export async function runBrowserFlow(ctx: JourneyContext, submission?: Submission): Promise<FlowOutcome> {
  return runJourney(ctx, submission, builtinSteps);
}
