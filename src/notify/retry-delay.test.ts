import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retriesExhausted, retryDelay } from './retry-delay.ts';
import { smtpFailureText } from './smtp-failure.ts';

describe('retry delay', () => {
  const policy = { initialDelayMs: 10_000, maxDelayMs: 600_000, periodMs: 86_400_000 };

  it('doubles after each failed attempt up to the longest wait', () => {
    assert.deepEqual([1, 2, 3, 4].map((n) => retryDelay(policy, n)), [10_000, 20_000, 40_000, 80_000]);
    assert.equal(retryDelay(policy, 7), 600_000);
    assert.equal(retryDelay(policy, 500), 600_000);
  });

  it('gives up once the retry period since the email was written is over', () => {
    assert.equal(retriesExhausted(policy, 1_000, 1_000 + 86_399_999), false);
    assert.equal(retriesExhausted(policy, 1_000, 1_000 + 86_400_000), true);
  });
});

describe('SMTP failure text', () => {
  it("prefers the server's answer and names the command it answered", () => {
    const error = Object.assign(new Error('Invalid login: 535 Authentication credentials invalid'), { response: '535 Authentication credentials invalid', responseCode: 535, command: 'AUTH PLAIN' });
    assert.equal(smtpFailureText(error), '535 Authentication credentials invalid (after AUTH)');
  });

  it('names the connection problem when there is no answer', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' });
    assert.equal(smtpFailureText(error), 'ESOCKET: connect ECONNREFUSED 127.0.0.1:2525');
  });
});
