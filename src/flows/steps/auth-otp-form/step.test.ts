import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStore } from '../../../../test/support/test-store.ts';
import { systemClock } from '../../../kernel/clock.ts';
import { newId } from '../../../kernel/ids.ts';
import { createRealm, prepareRealmKeys } from '../../../domain/realms/service.ts';
import { createUser } from '../../../domain/users/service.ts';
import type { StepContext } from '../../engine/step.ts';
import { OTP, otpForm } from './step.ts';

describe('auth-otp-form', () => {
  const t = useTestStore();

  it('counts as set up only for a user with an otp credential', async () => {
    const id = newId();
    const keys = await prepareRealmKeys(id, systemClock);
    const realm = await t.store.transaction((tx) => createRealm(tx, { id, name: 'otp', keys }, systemClock));
    const [withOtp, without] = await t.store.transaction(async (tx) => [
      await createUser(tx, realm, { username: 'with' }, systemClock),
      await createUser(tx, realm, { username: 'without' }, systemClock),
    ]);
    await t.store.credentials.create(realm.id, { id: newId(), userId: withOtp.id, type: OTP, userLabel: null, secretData: '{}', credentialData: '{}', createdDate: 0, priority: 20 });
    const ctx = { repos: t.store } as StepContext;
    assert.equal(await otpForm.configuredFor(ctx, withOtp), true);
    assert.equal(await otpForm.configuredFor(ctx, without), false);
    assert.equal(await otpForm.configuredFor(ctx, undefined), false);
  });

  it('stops with a page saying OTP sign-in is not available yet, never letting the user through', async () => {
    const ctx = {} as StepContext;
    for (const result of [await otpForm.authenticate(ctx), await otpForm.action(ctx, { otp: '123456' })]) {
      assert.deepEqual(result, {
        kind: 'failure',
        retry: false,
        page: { template: 'error.liquid', status: 400, data: { message: { type: 'error', key: 'otpNotAvailableMessage', params: [] } } },
      });
    }
  });
});
