import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JourneyState } from '../../engine/journey.ts';
import type { StepContext } from '../../engine/step.ts';
import { conditionalCredential } from './step.ts';

describe('conditional-credential', () => {
  const ctx = (credentials: string[], config: Record<string, string>) =>
    ({ journey: { credentials } as JourneyState, execution: { config } }) as unknown as StepContext;
  const passkeys = { credentials: 'webauthn-passwordless' };

  it('asks for a second factor after a password sign-in, not after a passkey one (Keycloak 26 default)', async () => {
    assert.equal(await conditionalCredential.matches(ctx(['password'], passkeys)), true);
    assert.equal(await conditionalCredential.matches(ctx(['webauthn-passwordless'], passkeys)), false);
    assert.equal(await conditionalCredential.matches(ctx([], passkeys)), true);
  });

  it('with included=true, holds only when one of the listed credentials was used', async () => {
    const config = { credentials: 'otp##password', included: 'true' };
    assert.equal(await conditionalCredential.matches(ctx(['password'], config)), true);
    assert.equal(await conditionalCredential.matches(ctx(['webauthn'], config)), false);
    assert.equal(await conditionalCredential.matches(ctx([], { credentials: 'none', included: 'true' })), true);
  });
});
