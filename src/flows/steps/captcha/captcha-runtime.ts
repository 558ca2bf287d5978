import type { CaptchaRuntime } from '../../../plugins/api.ts';
import type { StepContext } from '../../engine/step.ts';

/** How long a captcha vendor gets to answer before the check fails closed. */
export const DEFAULT_VERIFY_TIMEOUT_MS = 5_000;

/**
 * The realm's HS512 secret (Keycloak's `hmac-generated-hs512`): the same on every node and
 * across restarts, so a challenge signed on one node verifies on another.
 */
async function realmSecret(ctx: StepContext): Promise<string> {
  const keys = await ctx.repos.keys.listForRealm(ctx.realm.id);
  const hmac = keys.find((k) => k.providerId.startsWith('hmac-generated') && k.enabled && typeof k.privateJwk.k === 'string');
  // A realm always has one; the realm id is a last resort that still ties a challenge to its realm.
  return (hmac?.privateJwk.k as string | undefined) ?? `realm:${ctx.realm.id}`;
}

/** What a captcha provider may use while it serves one step of one journey. */
export async function captchaRuntime(ctx: StepContext, timeoutMs: number): Promise<CaptchaRuntime> {
  return {
    realmName: ctx.realm.name,
    realmSecret: await realmSecret(ctx),
    now: ctx.clock.now(),
    fetch: ((input: string | URL | Request, init?: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as typeof fetch,
    markUsed: (id, expiresAt) => ctx.repos.usedChallenges.use(id, expiresAt),
    warn: (reason, detail) => ctx.logger?.warn({ realm: ctx.realm.name, execution: ctx.execution.authenticator, ...detail }, reason),
  };
}
