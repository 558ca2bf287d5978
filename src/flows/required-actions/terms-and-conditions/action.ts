import { recordEvent } from '../../../domain/events/service.ts';
import type { UserRecord } from '../../../storage/ports.ts';
import { errorPage } from '../../engine/outcomes.ts';
import { realmPageData } from '../../engine/page-data.ts';
import type { JourneyContext } from '../../engine/step.ts';
import { acceptedCurrentTerms, recordTermsAcceptance, TERMS_ATTRIBUTE, termsVersion } from '../../terms/terms.ts';
import type { RequiredAction, RequiredActionOutcome } from '../required-action.ts';

/** Keycloak's provider id and alias since 22 (`UserModel.RequiredAction.TERMS_AND_CONDITIONS`). */
const PROVIDER_ID = 'TERMS_AND_CONDITIONS';
/** The spelling of Keycloak 21 and older, still found in exports. */
const LEGACY_ALIAS = 'terms_and_conditions';

/** Keycloak's message key for declined terms (`Messages.TERMS_AND_CONDITIONS_DECLINED`). */
export const termsDeclinedMessageKey = 'termsAndConditionsDeclined';

/**
 * Details of Keycloak's CUSTOM_REQUIRED_ACTION(_ERROR) events. As in Keycloak's tests, the
 * success event has no `redirect_uri`, the error event has it.
 */
function eventDetails(ctx: JourneyContext, user: UserRecord, withRedirect: boolean) {
  return {
    clientId: ctx.journey.clientId,
    userId: user.id,
    ipAddress: ctx.request.ip,
    details: {
      auth_method: 'openid-connect',
      auth_type: 'code',
      custom_required_action: PROVIDER_ID,
      redirect_uri: withRedirect ? (ctx.journey.redirectUri ?? undefined) : undefined,
      username: user.username,
    },
  };
}

/**
 * Declining, as Keycloak does: the acceptance time goes (so that the terms are asked again;
 * the version and history of earlier acceptances stay), the required action stays, and the
 * sign-in ends on an error page.
 */
async function decline(ctx: JourneyContext, user: UserRecord): Promise<RequiredActionOutcome> {
  await ctx.repos.transaction(async (tx) => {
    const attributes = await tx.users.getAttributes(user.id);
    if (attributes[TERMS_ATTRIBUTE] !== undefined) {
      delete attributes[TERMS_ATTRIBUTE];
      await tx.users.setAttributes(ctx.realm.id, user.id, attributes);
    }
    await recordEvent(tx, ctx.realm, { type: 'CUSTOM_REQUIRED_ACTION_ERROR', error: 'rejected_by_user', ...eventDetails(ctx, user, true) }, ctx.clock);
  });
  return { kind: 'error', page: errorPage(termsDeclinedMessageKey, [], 403) };
}

/**
 * Keycloak's TERMS_AND_CONDITIONS (also under its older alias `terms_and_conditions`): the
 * terms page with Accept and Decline. Beyond Keycloak, the acceptance is recorded with the
 * realm's terms version (`termsVersion`), and while the realm has the action enabled, a user
 * who has not accepted the current version is asked at sign-in without the action being
 * stored for them.
 */
export const termsAndConditions: RequiredAction = {
  providerId: PROVIDER_ID,
  aliases: [LEGACY_ALIAS],

  async evaluateTriggers(repos, realm, user) {
    return !(await acceptedCurrentTerms(repos, realm, user.id));
  },

  async challenge(ctx) {
    return { template: 'terms.liquid', data: { realm: realmPageData(ctx.realm), termsVersion: termsVersion(ctx.realm) } };
  },

  async process(ctx, user, form): Promise<RequiredActionOutcome> {
    // As in Keycloak: the Decline button's `cancel` declines, any other submission accepts.
    if (form.cancel !== undefined) return decline(ctx, user);
    await ctx.repos.transaction(async (tx) => {
      await recordTermsAcceptance(tx, ctx.realm, user.id, ctx.clock);
      await tx.users.removeRequiredAction(user.id, PROVIDER_ID);
      await tx.users.removeRequiredAction(user.id, LEGACY_ALIAS);
      await recordEvent(tx, ctx.realm, { type: 'CUSTOM_REQUIRED_ACTION', ...eventDetails(ctx, user, false) }, ctx.clock);
    });
    return { kind: 'done' };
  },
};
