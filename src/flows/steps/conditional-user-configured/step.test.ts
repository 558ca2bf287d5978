import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Requirement, UserRecord } from '../../../storage/ports.ts';
import type { ExecutionNode } from '../../engine/flow-tree.ts';
import type { Authenticator, StepContext } from '../../engine/step.ts';
import { conditionalUserConfigured } from './step.ts';

/** A step the user is (or is not) set up for. */
const step = (id: string, configured: boolean): Authenticator => ({
  kind: 'authenticator',
  id,
  requiresUser: true,
  configuredFor: async () => configured,
  authenticate: async () => ({ kind: 'attempted' }),
  action: async () => ({ kind: 'attempted' }),
});

const exec = (authenticator: string, requirement: Requirement): ExecutionNode => ({ id: authenticator, authenticator, requirement, priority: 0, config: {}, flow: null });

function matches(siblings: ExecutionNode[]): Promise<boolean> {
  const self = exec('conditional-user-configured', 'REQUIRED');
  const steps = new Map([conditionalUserConfigured, step('has-otp', true), step('no-webauthn', false)].map((s) => [s.id, s]));
  const ctx = { execution: self, flow: { id: 'f', alias: 'f', providerId: 'basic-flow', executions: [self, ...siblings] }, steps, user: {} as UserRecord };
  return conditionalUserConfigured.matches(ctx as unknown as StepContext);
}

describe('conditional-user-configured', () => {
  it('holds when the user is set up for any of the ALTERNATIVE steps (an otp credential for auth-otp-form)', async () => {
    assert.equal(await matches([exec('has-otp', 'ALTERNATIVE'), exec('no-webauthn', 'ALTERNATIVE')]), true);
    assert.equal(await matches([exec('no-webauthn', 'ALTERNATIVE'), exec('has-otp', 'DISABLED')]), false);
  });

  it('needs every REQUIRED step set up when there are REQUIRED ones', async () => {
    assert.equal(await matches([exec('has-otp', 'REQUIRED'), exec('no-webauthn', 'REQUIRED')]), false);
    assert.equal(await matches([exec('has-otp', 'REQUIRED'), exec('no-webauthn', 'ALTERNATIVE')]), true);
  });

  it('counts a step it does not know as set up, so that the sub-flow runs and names it', async () => {
    assert.equal(await matches([exec('acme-sms', 'ALTERNATIVE'), exec('no-webauthn', 'ALTERNATIVE')]), true);
  });
});
