import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestRealm } from '../../../test/support/test-realm.ts';
import { useTestStore } from '../../../test/support/test-store.ts';
import { systemClock } from '../../kernel/clock.ts';
import { createUser } from '../../domain/users/service.ts';
import type { RealmRecord } from '../../storage/ports.ts';
import type { JourneyState } from '../engine/journey.ts';
import type { JourneyContext } from '../engine/step.ts';
import { pendingRequiredActions } from './pending-required-actions.ts';
import { runRequiredAction } from './run-required-action.ts';

describe('required actions', () => {
  const t = useTestStore();

  const realm = (name: string): Promise<RealmRecord> => createTestRealm(t.store, name);

  it("lists the user's actions the realm has enabled, in the realm's priority order", async () => {
    const r = await realm('pending');
    const user = await t.store.transaction((tx) =>
      createUser(tx, r, { username: 'pia', email: 'pia@example.test', firstName: 'Pia', lastName: 'Tester', requiredActions: ['VERIFY_EMAIL', 'TERMS_AND_CONDITIONS', 'acme-custom', 'UPDATE_PASSWORD'] }, systemClock),
    );
    assert.deepEqual(await pendingRequiredActions(t.store, r, user), ['UPDATE_PASSWORD', 'VERIFY_EMAIL']);
    const verify = (await t.store.requiredActions.find(r.id, 'VERIFY_EMAIL'))!;
    await t.store.requiredActions.update({ ...verify, priority: 5 });
    assert.deepEqual(await pendingRequiredActions(t.store, r, user), ['VERIFY_EMAIL', 'UPDATE_PASSWORD']);
  });

  it('shows the page of an action, posting to required-action with the alias', async () => {
    const r = await realm('run-page');
    const user = await t.store.transaction((tx) => createUser(tx, r, { username: 'quinn', email: 'quinn@example.test', firstName: 'Quinn', lastName: 'Tester', requiredActions: ['UPDATE_PASSWORD'] }, systemClock));
    const ctx: JourneyContext = { repos: t.store, realm: r, journey: { userId: user.id, requiredActionsDone: [] } as unknown as JourneyState, clock: systemClock, request: { ip: null, userAgent: null } };
    const outcome = await runRequiredAction(ctx, 'UPDATE_PASSWORD');
    assert.equal(outcome.kind, 'page');
    const data = (outcome as { page: { data: Record<string, unknown> } }).page.data;
    assert.deepEqual([data.execution, data.loginActionEndpoint], ['UPDATE_PASSWORD', 'required-action']);
    assert.equal(ctx.journey.challenged, 'UPDATE_PASSWORD');
  });

  it('stops on a page naming an action Gatehouse does not implement, rather than skipping it', async () => {
    const r = await realm('run-unknown');
    const ctx = { repos: t.store, realm: r, journey: {} as JourneyState, clock: systemClock, request: { ip: null, userAgent: null } };
    assert.deepEqual(await runRequiredAction(ctx, 'CONFIGURE_TOTP'), {
      kind: 'error',
      page: { template: 'error.liquid', status: 500, data: { message: { type: 'error', key: 'requiredActionNotAvailableMessage', params: ['CONFIGURE_TOTP'] } } },
    });
  });
});
