import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepContext } from '../../engine/step.ts';
import { authCookie } from './step.ts';

describe('auth-cookie', () => {
  it('stands aside for the login form, since the OIDC engine already resumed any SSO session', async () => {
    const ctx = {} as StepContext;
    assert.deepEqual(await authCookie.authenticate(ctx), { kind: 'attempted' });
    assert.deepEqual(await authCookie.action(ctx, {}), { kind: 'attempted' });
    assert.equal(authCookie.requiresUser, false);
  });
});
