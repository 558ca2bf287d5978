import type { Condition } from '../../engine/step.ts';

/**
 * Keycloak's `conditional-credential`: whether the journey so far used one of the credential
 * types in config `credentials` (`##`-separated), or with `included` not `true`, used none of
 * them. Keycloak 26's 2FA sub-flows use it so that a passkey sign-in skips the second factor.
 */
export const conditionalCredential: Condition = {
  kind: 'condition',
  id: 'conditional-credential',
  async matches(ctx) {
    const listed = new Set((ctx.execution.config.credentials ?? '').split('##').filter((t) => t !== ''));
    const used = ctx.journey.credentials.length > 0 ? ctx.journey.credentials : ['none'];
    const anyUsed = used.some((type) => listed.has(type));
    return ctx.execution.config.included === 'true' ? anyUsed : !anyUsed;
  },
};
