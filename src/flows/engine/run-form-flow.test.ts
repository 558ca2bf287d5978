import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestRealm } from '../../../test/support/test-realm.ts';
import { useTestStore } from '../../../test/support/test-store.ts';
import { systemClock } from '../../kernel/clock.ts';
import { createUser } from '../../domain/users/service.ts';
import type { RealmRecord } from '../../storage/ports.ts';
import { startJourney } from './journey.ts';
import { formValue, type FieldErrors, type FlowOutcome, type Page } from './outcomes.ts';
import { runJourney } from './run-journey.ts';
import type { FormAction, FormPage, JourneyContext, Step } from './step.ts';

/** Stand-ins for the registration steps, to exercise the form-flow mechanics. */
const registerPage: FormPage = { kind: 'form-page', id: 'registration-page-form', template: 'register.liquid', pageData: async () => ({ page: 'register' }) };

const userCreation: FormAction = {
  kind: 'form-action',
  id: 'registration-user-creation',
  async buildPage(_ctx, data, form) {
    data.register = { username: form ? formValue(form, 'username') : '' };
  },
  async validate(_ctx, form): Promise<FieldErrors> {
    return formValue(form, 'username') === '' ? { username: ['missingUsernameMessage'] } : {};
  },
  async success(ctx, form, tx) {
    ctx.journey.userId = (await createUser(tx, ctx.realm, { username: formValue(form, 'username'), email: `${formValue(form, 'username')}@example.test`, firstName: 'Test', lastName: 'Tester' }, ctx.clock)).id;
  },
};

const passwordAction: FormAction = {
  kind: 'form-action',
  id: 'registration-password-action',
  buildPage: async () => undefined,
  async validate(_ctx, form): Promise<FieldErrors> {
    return formValue(form, 'password') === '' ? { password: ['missingPasswordMessage'] } : {};
  },
  success: async () => undefined,
};

describe('form flows', () => {
  const t = useTestStore();

  const realm = (name: string): Promise<RealmRecord> => createTestRealm(t.store, name);

  async function registration(r: RealmRecord): Promise<JourneyContext> {
    const started = await startJourney(t.store, r, { clientId: 'shop', flowAlias: 'registration' }, systemClock);
    return { repos: t.store, realm: r, journey: started.state, clock: systemClock, request: { ip: null, userAgent: null } };
  }

  const registry = (...steps: Step[]) => new Map(steps.map((s) => [s.id, s]));
  const page = (outcome: FlowOutcome): Page => (outcome as { page: Page }).page;

  it('shows one page built by every form action, and reports every field error at once', async () => {
    const r = await realm('form-errors');
    const ctx = await registration(r);
    const steps = registry(registerPage, userCreation, passwordAction);
    const first = page(await runJourney(ctx, undefined, steps));
    assert.deepEqual(first.data, { page: 'register', register: { username: '' }, fieldErrors: {}, execution: first.data.execution, loginActionEndpoint: 'authenticate' });
    const invalid = page(await runJourney(ctx, { execution: first.data.execution as string, form: {} }, steps));
    assert.deepEqual(invalid.data.fieldErrors, { username: ['missingUsernameMessage'], password: ['missingPasswordMessage'] });
    assert.equal((await t.store.users.search(r.id, {})).length, 0);
  });

  it('runs every form action once the form is valid, and signs the new user in', async () => {
    const r = await realm('form-success');
    const ctx = await registration(r);
    const steps = registry(registerPage, userCreation, passwordAction);
    const first = page(await runJourney(ctx, undefined, steps));
    const outcome = await runJourney(ctx, { execution: first.data.execution as string, form: { username: 'newbie', password: 'x' } }, steps);
    const created = await t.store.users.findByUsername(r.id, 'newbie');
    assert.deepEqual(outcome, { kind: 'authenticated', userId: created!.id, user: created, rememberMe: false, amr: [], acr: '1' });
  });

  it('stops on a page naming a REQUIRED form action it does not have', async () => {
    const r = await realm('form-unknown');
    const outcome = await runJourney(await registration(r), undefined, registry(registerPage, userCreation));
    assert.equal(outcome.kind, 'error');
    assert.deepEqual(page(outcome).data.message, { type: 'error', key: 'unknownAuthenticatorMessage', params: ['registration-password-action'] });
  });
});
