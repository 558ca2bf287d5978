import type { RealmRecord, Repositories, UserRecord } from '../../storage/ports.ts';
import type { FormInput, Page } from '../engine/outcomes.ts';
import type { JourneyContext } from '../engine/step.ts';

/** Where a required action stands after one call. */
export type RequiredActionOutcome = { kind: 'page'; page: Page } | { kind: 'done' } | { kind: 'error'; page: Page };

/** A required action (Keycloak's RequiredActionProvider), by provider id. */
export interface RequiredAction {
  readonly providerId: string;
  /** Other names a realm or a user may store it under (older Keycloak exports' spellings). */
  readonly aliases?: readonly string[];
  /**
   * Keycloak's `evaluateTriggers`: whether the user needs the action now although it is not
   * among their stored required actions. Asked only while the realm has the action enabled;
   * nothing is stored, so switching the action off stops asking at once.
   */
  evaluateTriggers?(repos: Repositories, realm: RealmRecord, user: UserRecord): Promise<boolean>;
  /**
   * Whether the user needs nothing more (an address verified meanwhile): the runner then
   * removes the stored action and moves on without showing a page.
   */
  satisfied?(ctx: JourneyContext, user: UserRecord): Promise<boolean>;
  /** The page that asks for the action. */
  challenge(ctx: JourneyContext, user: UserRecord): Promise<Page>;
  /** The form POSTed to that page: `page` again with errors, or `done`. */
  process(ctx: JourneyContext, user: UserRecord, form: FormInput): Promise<RequiredActionOutcome>;
}

/** Every name the action answers to: its provider id, then its aliases. */
export function actionNames(action: RequiredAction): readonly string[] {
  return [action.providerId, ...(action.aliases ?? [])];
}
