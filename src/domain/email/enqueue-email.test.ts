import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from '../../kernel/ids.ts';
import type { RealmRecord } from '../../storage/ports.ts';
import { useTestStore } from '../../../test/support/test-store.ts';
import { enqueueEmail, headerText, isValidRecipient, onEmailEnqueued } from './index.ts';

describe('enqueueEmail', () => {
  const holder = useTestStore();
  const clock = { now: () => 1_700_000_000_000 };
  const realm = async (): Promise<RealmRecord> => {
    const record = { id: newId(), name: `r-${newId().slice(0, 8)}`, enabled: true, settings: {}, createdAt: 1 };
    await holder.store.realms.create(record);
    return record;
  };
  const request = { to: 'ann@example.test', userId: 'u-1', template: 'email-verification', subjectKey: 'emailVerificationSubject',
    attributes: { link: 'https://id.test/x', linkExpiration: 5 }, locale: 'de' };

  it('writes a pending email due now with what it needs to render later', async () => {
    const r = await realm();
    let nudged = 0;
    const stop = onEmailEnqueued(() => (nudged += 1));
    await holder.store.transaction((tx) => enqueueEmail(tx, r, request, clock));
    stop();
    const [email] = await holder.store.emailOutbox.list({ realmId: r.id });
    assert.deepEqual(
      [email?.status, email?.recipient, email?.template, email?.subjectKey, email?.subjectParams, email?.attributes, email?.locale, email?.userId, email?.nextAttemptAt],
      ['pending', 'ann@example.test', 'email-verification', 'emailVerificationSubject', [], request.attributes, 'de', 'u-1', clock.now()],
    );
    assert.equal(nudged, 1);
  });

  it('refuses a recipient with a line break or a second address', async () => {
    const r = await realm();
    for (const to of ['ann@example.test\r\nBcc: eve@evil.test', 'ann@example.test, eve@evil.test', 'not-an-address', '<ann@example.test>']) {
      await assert.rejects(holder.store.transaction((tx) => enqueueEmail(tx, r, { ...request, to }, clock)), /invalid email recipient/);
    }
    assert.deepEqual(await holder.store.emailOutbox.list({ realmId: r.id }), []);
    assert.equal(isValidRecipient('änne@exämple.test'), true);
  });
});

describe('headerText', () => {
  it('turns line breaks and control characters into spaces so no header can be injected', () => {
    assert.equal(headerText('Ann\r\nBcc: eve@evil.test'), 'Ann Bcc: eve@evil.test');
    assert.equal(headerText('Verify\nemail\u2028now\u0000!'), 'Verify email now !');
    assert.equal(headerText('  Réalm  Ünïcode  '), 'Réalm Ünïcode');
  });
});
