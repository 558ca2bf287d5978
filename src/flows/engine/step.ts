import type { Clock } from '../../kernel/clock.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { LimiterName } from '../../domain/rate-limits/rate-limit-settings.ts';
import type { RateLimitVerdict } from '../../domain/rate-limits/rate-limits.ts';
import type { RealmRecord, Repositories, Store, UserRecord } from '../../storage/ports.ts';
import type { ExecutionNode, FlowNode } from './flow-tree.ts';
import type { JourneyState } from './journey.ts';
import type { FieldErrors, FormInput, Page } from './outcomes.ts';
import type { PageMessage } from './outcomes.ts';

/** What every journey call runs with. The runner changes `journey`; the caller saves it. */
export interface JourneyContext {
  repos: Store;
  realm: RealmRecord;
  journey: JourneyState;
  clock: Clock;
  request: { ip: string | null; userAgent: string | null };
  /** The server's data directory (password blacklists live there); `data` when unset. */
  dataDir?: string;
  /** The public base URL (scheme://host[:port]) of this request, for links in emails. */
  baseUrl?: string;
  /** Where steps report what the operator should know (a captcha service that did not answer). */
  logger?: Logger;
  /**
   * Counts this request against one of the realm's named rate limits for the client's address
   * (`reset-password`, `resend-verification`, …); undefined when the server runs without limits.
   */
  rateLimit?: (name: LimiterName) => Promise<RateLimitVerdict>;
}

/** What one step sees: the journey, its execution and config, the flow holding it, the user so far. */
export interface StepContext extends JourneyContext {
  execution: ExecutionNode;
  /** The flow the execution belongs to (conditions look at their siblings). */
  flow: FlowNode;
  /** The steps this journey runs with, for conditions that ask their siblings. */
  steps: StepRegistry;
  /** The user identified by an earlier step, if any. */
  user: UserRecord | undefined;
  /** This execution's own state in the journey; changes are saved with it. */
  stepState: Record<string, unknown>;
}

/**
 * What a step returns (Keycloak's `attempted`, `challenge`, `success`, `failure`):
 * - `attempted`: not applicable here; the flow moves on (an ALTERNATIVE that did not apply);
 * - `challenge`: show the page and wait for its form;
 * - `success`, having identified `userId` where the step does that (with the `user` record when
 *   the step has just read it, so that the engine need not read it again), and with the
 *   credential type it checked, for conditions and `amr`;
 * - `failure`: `retry` pages are the step's form again with errors, to be resubmitted; other
 *   failures end the journey on that page (an ALTERNATIVE failing lets the next one try).
 */
export type StepResult =
  | { kind: 'attempted' }
  | { kind: 'challenge'; page: Page }
  | { kind: 'success'; userId?: string; user?: UserRecord; credentialType?: string }
  | { kind: 'failure'; page: Page; retry: boolean };

/** An authenticator (Keycloak's Authenticator): a step of a basic flow. */
export interface Authenticator {
  readonly kind: 'authenticator';
  readonly id: string;
  /** Whether it only makes sense once an earlier step identified the user. */
  readonly requiresUser: boolean;
  /** Whether the user has what this step checks (an `otp` credential…); `conditional-user-configured` asks. */
  configuredFor(ctx: StepContext, user: UserRecord | undefined): Promise<boolean>;
  /** The first visit: decide, or show a page. */
  authenticate(ctx: StepContext): Promise<StepResult>;
  /** The form POSTed to this step's page. */
  action(ctx: StepContext, form: FormInput): Promise<StepResult>;
}

/** A condition (Keycloak's ConditionalAuthenticator): decides whether its CONDITIONAL sub-flow runs. */
export interface Condition {
  readonly kind: 'condition';
  readonly id: string;
  matches(ctx: StepContext): Promise<boolean>;
}

/** The page of a form flow (Keycloak's FormAuthenticator, `registration-page-form`). */
export interface FormPage {
  readonly kind: 'form-page';
  readonly id: string;
  /** The theme template, e.g. `register.liquid`. */
  readonly template: string;
  /** The data every visit of the page starts from, before the form actions add theirs. */
  pageData(ctx: StepContext): Promise<Record<string, unknown>>;
}

/**
 * One part of a form flow's page (Keycloak's FormAction). All parts validate before any
 * succeeds; `success` runs for every part inside one transaction, so slow work (hashing)
 * belongs in `validate`, kept in `stepState` for `success`.
 */
export interface FormAction {
  readonly kind: 'form-action';
  readonly id: string;
  /** What it adds to the page (`data`), given the values submitted so far, if any. */
  buildPage(ctx: StepContext, data: Record<string, unknown>, form: FormInput | undefined): Promise<void>;
  /** Field errors for the submitted form; empty when the part is valid. Never throws them. */
  validate(ctx: StepContext, form: FormInput): Promise<FieldErrors>;
  /** What it does once the whole form is valid; may set `ctx.journey.userId`. */
  success(ctx: StepContext, form: FormInput, tx: Repositories): Promise<void>;
  /**
   * Runs once every part validated, before the transaction of `success` opens: the place
   * for network calls whose answer may still refuse the form (a pre-registration hook).
   * Answers a refusal to show the form again with it, or nothing to go on.
   */
  beforeSave?(ctx: StepContext, form: FormInput): Promise<FormRefusal | undefined>;
}

/** Why a valid form is shown again: messages under fields, or one above the form. */
export interface FormRefusal {
  fieldErrors: FieldErrors;
  message?: PageMessage;
}

export type Step = Authenticator | Condition | FormPage | FormAction;

/** The steps a journey can run, by provider id. */
export type StepRegistry = ReadonlyMap<string, Step>;
