import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JourneyState } from '../../engine/journey.ts';
import type { StepContext } from '../../engine/step.ts';
import { identityProviderRedirector } from './step.ts';

describe('identity-provider-redirector', () => {
  const ctx = (idpHint: string | null, config: Record<string, string> = {}) =>
    ({ journey: { idpHint } as JourneyState, execution: { config } }) as unknown as StepContext;

  it('stands aside when there is no kc_idp_hint', async () => {
    assert.deepEqual(await identityProviderRedirector.authenticate(ctx(null)), { kind: 'attempted' });
  });

  it('stands aside when the hinted or default provider does not exist (Gatehouse has no identity providers yet)', async () => {
    assert.deepEqual(await identityProviderRedirector.authenticate(ctx('github')), { kind: 'attempted' });
    assert.deepEqual(await identityProviderRedirector.authenticate(ctx(null, { defaultProvider: 'saml-idp' })), { kind: 'attempted' });
  });
});
