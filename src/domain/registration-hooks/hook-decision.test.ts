import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_DENY_MESSAGE, checkHookDecision, parseHookDecision } from './hook-decision.ts';

describe('pre-registration hook decisions', () => {
  it('reads a plain allow as allowing with nothing added', () => {
    assert.deepEqual(parseHookDecision('{"decision":"allow"}'), { decision: 'allow', attributes: {}, groups: [] });
  });

  it('reads attributes (a single string becomes one value) and group paths of an allow', () => {
    assert.deepEqual(parseHookDecision('{"decision":"allow","attributes":{"tier":["gold"],"crm":"c-1"},"groups":["/customers/gold"],"extra":1}'), {
      decision: 'allow',
      attributes: { tier: ['gold'], crm: ['c-1'] },
      groups: ['/customers/gold'],
    });
  });

  it('reads a deny with its message and field, trimmed, and one without either', () => {
    assert.deepEqual(parseHookDecision('{"decision":"deny","message":"  Use your work address. ","field":"email"}'), { decision: 'deny', message: 'Use your work address.', field: 'email' });
    assert.deepEqual(parseHookDecision('{"decision":"deny"}'), { decision: 'deny', message: null, field: null });
    assert.deepEqual(checkHookDecision({ decision: 'deny', message: '', field: null }), { decision: 'deny', message: null, field: null });
  });

  it('cuts an overlong deny message', () => {
    const answer = checkHookDecision({ decision: 'deny', message: 'x'.repeat(5000) });
    assert.ok('decision' in answer && answer.decision === 'deny');
    assert.equal(answer.message?.length, MAX_DENY_MESSAGE);
  });

  it('calls anything else malformed, with a reason', () => {
    const malformed = (body: string) => {
      const answer = parseHookDecision(body);
      assert.ok('malformed' in answer, `${body} is malformed`);
      return answer.malformed;
    };
    assert.match(malformed('not json'), /not JSON/);
    assert.match(malformed(''), /not JSON/);
    assert.match(malformed('[]'), /not a JSON object/);
    assert.match(malformed('null'), /not a JSON object/);
    assert.match(malformed('{}'), /decision/);
    assert.match(malformed('{"decision":"ALLOW"}'), /decision/);
    assert.match(malformed('{"decision":"maybe"}'), /decision/);
    assert.match(malformed('{"decision":"allow","attributes":["a"]}'), /attributes/);
    assert.match(malformed('{"decision":"allow","attributes":{"a":[1]}}'), /attribute 'a'/);
    assert.match(malformed('{"decision":"allow","groups":"/g"}'), /groups/);
    assert.match(malformed('{"decision":"allow","groups":[1]}'), /groups/);
    assert.match(malformed('{"decision":"deny","message":42}'), /message/);
    assert.match(malformed('{"decision":"deny","field":["email"]}'), /field/);
  });
});
