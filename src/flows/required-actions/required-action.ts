import type { UserRecord } from '../../storage/ports.ts';
import type { FormInput, Page } from '../engine/outcomes.ts';
import type { JourneyContext } from '../engine/step.ts';

/** Where a required action stands after one call. */
export type RequiredActionOutcome = { kind: 'page'; page: Page } | { kind: 'done' } | { kind: 'error'; page: Page };

/** A required action (Keycloak's RequiredActionProvider), by provider id. */
export interface RequiredAction {
  readonly providerId: string;
  /** The page that asks for the action. */
  challenge(ctx: JourneyContext, user: UserRecord): Promise<Page>;
  /** The form POSTed to that page: `page` again with errors, or `done`. */
  process(ctx: JourneyContext, user: UserRecord, form: FormInput): Promise<RequiredActionOutcome>;
}
