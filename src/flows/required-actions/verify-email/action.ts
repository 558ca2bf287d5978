import { sendVerifyEmail } from '../../../domain/action-tokens/index.ts';
import { recordEvent } from '../../../domain/events/service.ts';
import { realmSetting } from '../../../domain/realms/model.ts';
import { isGatehouseError } from '../../../kernel/errors.ts';
import type { RealmRecord, UserRecord } from '../../../storage/ports.ts';
import { formValue, type FieldErrors, type Page, type PageMessage } from '../../engine/outcomes.ts';
import { realmPageData } from '../../engine/page-data.ts';
import type { JourneyContext } from '../../engine/step.ts';
import type { RequiredAction, RequiredActionOutcome } from '../required-action.ts';
import { markEmailVerified } from './mark-verified.ts';
import { checkVerificationCode, MAX_CODE_ATTEMPTS, newVerificationCode, type StoredCode } from './verification-code.ts';

const ALIAS = 'VERIFY_EMAIL';

/** One more email per journey only after this long, so that the resend link cannot flood an inbox. */
export const RESEND_COOLDOWN_MS = 30_000;

/**
 * How the realm has addresses proven, from its attribute `verifyEmailMethod` (Gatehouse's,
 * beyond Keycloak): `link` (Keycloak's, the default), `code` (a six-digit code typed into the
 * page, for mail that someone else might open) or `link-and-code`.
 */
export type VerifyEmailMethod = 'link' | 'code' | 'link-and-code';

export function verifyEmailMethod(realm: RealmRecord): VerifyEmailMethod {
  const attributes = realm.settings.attributes as Record<string, unknown> | undefined;
  const value = attributes?.verifyEmailMethod;
  return value === 'code' || value === 'link-and-code' ? value : 'link';
}

/** What the journey keeps between the page's requests. */
interface VerifyEmailState {
  /** The address the last email went to. */
  email?: string;
  sentAt?: number;
  code?: StoredCode;
}

const stateOf = (ctx: JourneyContext): VerifyEmailState => (ctx.journey.steps[ALIAS] ??= {}) as VerifyEmailState;

const eventBase = (ctx: JourneyContext, user: UserRecord) => ({ clientId: ctx.journey.clientId, userId: user.id, ipAddress: ctx.request.ip });

/**
 * Sends the verification email (with a new code where the realm uses codes) and records
 * SEND_VERIFY_EMAIL; false, with SEND_VERIFY_EMAIL_ERROR `email_send_failed`, when the stored
 * address cannot take mail (an import may hold anything).
 */
async function send(ctx: JourneyContext, user: UserRecord, state: VerifyEmailState): Promise<boolean> {
  try {
    await write(ctx, user, state);
    return true;
  } catch (error) {
    if (!isGatehouseError(error, 'GH_INVALID_INPUT')) throw error;
    await recordEvent(ctx.repos, ctx.realm, { type: 'SEND_VERIFY_EMAIL_ERROR', ...eventBase(ctx, user), error: 'email_send_failed', details: { email: user.email ?? undefined } }, ctx.clock);
    return false;
  }
}

async function write(ctx: JourneyContext, user: UserRecord, state: VerifyEmailState): Promise<void> {
  const method = verifyEmailMethod(ctx.realm);
  const fresh = method === 'link' ? undefined : newVerificationCode(0);
  await ctx.repos.transaction(async (tx) => {
    const issued = await sendVerifyEmail(
      tx,
      ctx.realm,
      user,
      { baseUrl: ctx.baseUrl ?? '', issuedBy: 'user', clientId: ctx.journey.clientId, journeyId: ctx.journey.tabId, code: fresh?.code, withLink: method !== 'code' },
      ctx.clock,
    );
    // The code lives as long as the link sent with it.
    if (fresh) fresh.stored.expiresAt = issued.claims.exp * 1000;
    await recordEvent(tx, ctx.realm, { type: 'SEND_VERIFY_EMAIL', ...eventBase(ctx, user), details: { email: user.email ?? undefined } }, ctx.clock);
  });
  state.email = user.email ?? undefined;
  state.sentAt = ctx.clock.now();
  if (fresh) state.code = fresh.stored;
  else delete state.code;
}

/** Keycloak's login-verify-email page, with the code field where the realm uses codes. */
function page(ctx: JourneyContext, user: UserRecord, extra: { message?: PageMessage; fieldErrors?: FieldErrors } = {}): Page {
  const method = verifyEmailMethod(ctx.realm);
  return {
    template: 'login-verify-email.liquid',
    data: {
      realm: realmPageData(ctx.realm),
      user: { email: user.email, username: user.username },
      verifyEmailMethod: method,
      codeEnabled: method !== 'link',
      linkEnabled: method !== 'code',
      fieldErrors: extra.fieldErrors ?? {},
      message: extra.message ?? { type: 'warning', key: 'verifyEmailMessage' },
    },
  };
}

async function resend(ctx: JourneyContext, user: UserRecord, state: VerifyEmailState): Promise<RequiredActionOutcome> {
  const waited = ctx.clock.now() - (state.sentAt ?? 0);
  if (waited < RESEND_COOLDOWN_MS) {
    const seconds = String(Math.ceil((RESEND_COOLDOWN_MS - waited) / 1000));
    return { kind: 'page', page: page(ctx, user, { message: { type: 'warning', key: 'emailVerifySendCooldown', params: [seconds] } }) };
  }
  // Besides the per-journey pause, a limit per address: new journeys must not become a way around it.
  const verdict = await ctx.rateLimit?.('resend-verification');
  if (verdict && !verdict.allowed) {
    return { kind: 'page', page: page(ctx, user, { message: { type: 'warning', key: 'emailVerifySendCooldown', params: [String(verdict.retryAfterSeconds)] } }) };
  }
  const sent = await send(ctx, user, state);
  return { kind: 'page', page: page(ctx, user, { message: sent ? { type: 'success', key: 'emailSentMessage' } : { type: 'error', key: 'emailSendErrorMessage' } }) };
}

async function enterCode(ctx: JourneyContext, user: UserRecord, state: VerifyEmailState, typed: string): Promise<RequiredActionOutcome> {
  if (typed.trim() === '') return { kind: 'page', page: page(ctx, user, { fieldErrors: { code: ['missingVerifyEmailCodeMessage'] } }) };
  const result = checkVerificationCode(state.code, typed, ctx.clock.now());
  if (result === 'ok') {
    await ctx.repos.transaction((tx) => markEmailVerified(tx, ctx.realm, user, { clientId: ctx.journey.clientId, ipAddress: ctx.request.ip, method: 'code' }, ctx.clock));
    delete state.code;
    return { kind: 'done' };
  }
  const error = result === 'expired' ? 'expired_code' : 'invalid_code';
  const details = { email: user.email ?? undefined, reason: result === 'locked' ? 'too_many_attempts' : result === 'expired' ? 'code_expired' : result === 'none' ? 'no_code' : 'wrong_code' };
  await recordEvent(ctx.repos, ctx.realm, { type: 'VERIFY_EMAIL_ERROR', ...eventBase(ctx, user), error, details }, ctx.clock);
  const left = String(MAX_CODE_ATTEMPTS - (state.code?.attempts ?? MAX_CODE_ATTEMPTS));
  const field =
    result === 'wrong' ? { key: 'invalidVerifyEmailCodeMessage', params: [left] }
    : result === 'expired' ? 'verifyEmailCodeExpiredMessage'
    : 'verifyEmailCodeLockedMessage';
  return { kind: 'page', page: page(ctx, user, { fieldErrors: { code: [field] } }) };
}

/**
 * Keycloak's VERIFY_EMAIL: while the realm has `verifyEmail` on, a user with an unverified
 * address gets a "check your email" page and an email whose link proves the address (the
 * link itself is handled at `login-actions/action-token`). The page can send the email again,
 * once per {@link RESEND_COOLDOWN_MS}; where the realm uses codes it also takes the code.
 */
export const verifyEmail: RequiredAction = {
  providerId: ALIAS,

  async evaluateTriggers(_repos, realm, user) {
    if (!realmSetting(realm, 'verifyEmail', false)) return false;
    return Boolean(user.email && !user.emailVerified);
  },

  async satisfied(_ctx, user) {
    // Keycloak skips the action for a verified address, and for a user without one.
    return user.emailVerified || !user.email;
  },

  async challenge(ctx, user) {
    const state = stateOf(ctx);
    // A reload of the page must not send another email; a changed address must.
    if ((!state.sentAt || state.email !== user.email) && !(await send(ctx, user, state))) return page(ctx, user, { message: { type: 'error', key: 'emailSendErrorMessage' } });
    return page(ctx, user);
  },

  async process(ctx, user, form): Promise<RequiredActionOutcome> {
    const state = stateOf(ctx);
    if (formValue(form, 'resend') !== '') return resend(ctx, user, state);
    if (verifyEmailMethod(ctx.realm) !== 'link' && form.code !== undefined) return enterCode(ctx, user, state, formValue(form, 'code'));
    if ((!state.sentAt || state.email !== user.email) && !(await send(ctx, user, state))) return { kind: 'page', page: page(ctx, user, { message: { type: 'error', key: 'emailSendErrorMessage' } }) };
    return { kind: 'page', page: page(ctx, user) };
  },
};
