/**
 * The pre-registration hook phase of `registration-user-creation`: builds what the hooks are
 * sent from the validated profile (never the password), asks them, and turns their verdict
 * into a refusal of the form or the enrichment the user will be created with.
 */
import { readProfileConfig, type ProfileValues } from '../../../domain/profile/index.ts';
import type { PreRegistration } from '../../../domain/registration-hooks/hook-decision.ts';
import { allowedHookAttributes } from '../../../domain/registration-hooks/hook-enrichment.ts';
import type { Attributes } from '../../../storage/ports.ts';
import type { FormRefusal, StepContext } from '../../engine/step.ts';
import { consultRegistrationHooks } from './pre-registration-hooks.ts';

/** Where the allowed enrichment waits for `success`, in the step's state. */
export const ENRICHMENT_KEY = 'hookEnrichment';

/** What allowing hooks add to the new user. */
export interface HookEnrichment {
  attributes: Attributes;
  groups: string[];
}

/** Keycloak-style event errors for a refused sign-up. */
export const HOOK_DENIED = 'registration_denied_by_hook';
export const HOOK_FAILED = 'registration_hook_failed';

/**
 * Asks the hooks about the sign-up. Answers the refusal to show (and the event error to
 * record), or nothing, having left the enrichment in the step's state.
 */
export async function preRegistrationCheck(
  ctx: StepContext,
  values: ProfileValues,
  formFields: readonly string[],
): Promise<{ refusal: FormRefusal; error: string } | undefined> {
  delete ctx.stepState[ENRICHMENT_KEY];
  const request: PreRegistration = {
    type: 'PRE_REGISTRATION',
    realm: ctx.realm.name,
    realmId: ctx.realm.id,
    time: ctx.clock.now(),
    clientId: ctx.journey.clientId ?? null,
    ipAddress: ctx.request.ip,
    locale: ctx.journey.locale ?? null,
    user: { username: values.username ?? null, email: values.email ?? null, firstName: values.firstName ?? null, lastName: values.lastName ?? null, attributes: values.attributes ?? {} },
  };
  const verdict = await consultRegistrationHooks(ctx, request);
  if (verdict.kind === 'failed') {
    return { refusal: { fieldErrors: {}, message: { type: 'error', key: 'registrationHookFailedMessage' } }, error: HOOK_FAILED };
  }
  if (verdict.kind === 'deny') {
    const message = verdict.message === null ? { key: 'registrationDeniedMessage', params: [] } : { key: 'registrationDeniedByHookMessage', params: [verdict.message] };
    // A field the page does not show would hide the message: then it goes above the form.
    const refusal: FormRefusal = verdict.field !== null && formFields.includes(verdict.field)
      ? { fieldErrors: { [verdict.field]: [message] } }
      : { fieldErrors: {}, message: { type: 'error', ...message } };
    return { refusal, error: HOOK_DENIED };
  }
  const { allowed, refused } = allowedHookAttributes(await readProfileConfig(ctx.repos, ctx.realm), verdict.attributes);
  if (refused.length > 0) ctx.logger?.warn({ realm: ctx.realm.name, attributes: refused }, 'pre-registration hook attributes ignored: the user profile does not allow them');
  const enrichment: HookEnrichment = { attributes: allowed, groups: verdict.groups };
  ctx.stepState[ENRICHMENT_KEY] = enrichment;
  return undefined;
}
