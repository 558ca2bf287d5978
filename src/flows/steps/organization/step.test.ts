import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepContext } from '../../engine/step.ts';
import { organization } from './step.ts';

describe('organization', () => {
  it('is never set up for a user, so its conditional sub-flow is skipped, and stands aside when run', async () => {
    const ctx = {} as StepContext;
    assert.equal(await organization.configuredFor(ctx, undefined), false);
    assert.deepEqual(await organization.authenticate(ctx), { kind: 'attempted' });
  });
});
