/** Action tokens: the realm-signed, single-use, expiring links of verification and recovery emails. */
export { actionTokenLifespan, formatLifespan } from './lifespan.ts';
export { ACTION, actionIds, type ActionId, type ActionTokenClaims, type ActionTokenProblem } from './model.ts';
export { actionTokenLink, consumeActionToken, issueActionToken, verifyActionToken, type ActionTokenCheck, type ActionTokenRequest, type IssuedActionToken } from './service.ts';
export { sendEmailUpdateConfirmation, sendExecuteActionsEmail, sendResetPasswordEmail, sendVerifyEmail, type LinkOptions } from './action-emails.ts';
