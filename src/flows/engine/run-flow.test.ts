import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../../kernel/clock.ts';
import type { RealmRecord, Requirement, Store } from '../../storage/ports.ts';
import type { ExecutionNode, FlowNode } from './flow-tree.ts';
import type { JourneyState } from './journey.ts';
import { errorPage } from './outcomes.ts';
import { runFlow } from './run-flow.ts';
import type { Authenticator, Condition, StepRegistry, StepResult } from './step.ts';
import type { Run } from './walk.ts';

/** A step that returns `result` and logs that it ran. */
function fake(id: string, result: StepResult, log: string[]): Authenticator {
  const run = async () => {
    log.push(id);
    return result;
  };
  return { kind: 'authenticator', id, requiresUser: false, configuredFor: async () => true, authenticate: run, action: run };
}

function condition(id: string, holds: boolean, log: string[]): Condition {
  return {
    kind: 'condition',
    id,
    matches: async () => {
      log.push(id);
      return holds;
    },
  };
}

let counter = 0;
const exec = (authenticator: string | null, requirement: Requirement, flow: FlowNode | null = null): ExecutionNode => ({
  id: `e${++counter}`,
  authenticator,
  requirement,
  priority: counter,
  config: {},
  flow,
});
const flow = (alias: string, executions: ExecutionNode[]): FlowNode => ({ id: alias, alias, providerId: 'basic-flow', executions });

function newRun(steps: StepRegistry): Run {
  const journey = { executions: {}, credentials: [], steps: {}, challenged: null, userId: null } as unknown as JourneyState;
  const ctx = { repos: {} as Store, realm: { id: 'r' } as RealmRecord, journey, clock: systemClock, request: { ip: null, userAgent: null } };
  return { ctx, steps, submission: undefined, user: undefined };
}

describe('flow semantics', () => {
  const attempt = { kind: 'attempted' } as const;
  const succeed = { kind: 'success' } as const;
  const show = { kind: 'challenge', page: { template: 'x.liquid', data: {} } } as const;

  it('lets the first ALTERNATIVE that succeeds win, skipping DISABLED ones and entering sub-flows', async () => {
    const log: string[] = [];
    const steps = new Map([fake('a', attempt, log), fake('off', succeed, log), fake('b', succeed, log), fake('c', succeed, log)].map((s) => [s.id, s]));
    const tree = flow('top', [exec('a', 'ALTERNATIVE'), exec('off', 'DISABLED'), exec(null, 'ALTERNATIVE', flow('sub', [exec('b', 'REQUIRED')])), exec('c', 'ALTERNATIVE')]);
    assert.deepEqual(await runFlow(newRun(steps), tree), { kind: 'success' });
    assert.deepEqual(log, ['a', 'b']);
  });

  it('requires every REQUIRED step, and ignores ALTERNATIVE ones beside them, as Keycloak does', async () => {
    const log: string[] = [];
    const steps = new Map([fake('a', succeed, log), fake('b', attempt, log), fake('alt', succeed, log)].map((s) => [s.id, s]));
    const result = await runFlow(newRun(steps), flow('top', [exec('a', 'REQUIRED'), exec('alt', 'ALTERNATIVE'), exec('b', 'REQUIRED')]));
    assert.equal(result.kind, 'incomplete');
    assert.deepEqual(log, ['a', 'b']);
  });

  it('runs a CONDITIONAL sub-flow only when all its conditions hold', async () => {
    for (const [holds, expected] of [
      [true, ['yes', 'no', 'second']],
      [false, ['yes', 'no']],
    ] as const) {
      const log: string[] = [];
      const steps = new Map<string, Authenticator | Condition>(
        [condition('yes', true, log), condition('no', holds, log), fake('first', succeed, log), fake('second', succeed, log)].map((s) => [s.id, s]),
      );
      const sub = flow('cond', [exec('yes', 'REQUIRED'), exec('no', 'REQUIRED'), exec('second', 'ALTERNATIVE')]);
      const run = newRun(steps);
      const result = await runFlow(run, flow('top', [exec('first', 'REQUIRED'), exec(null, 'CONDITIONAL', sub)]));
      assert.deepEqual(result, { kind: 'success' });
      assert.deepEqual(log, ['first', ...expected]);
    }
  });

  it('stops on a page naming a condition it does not know', async () => {
    const steps = new Map([fake('first', succeed, [])].map((s) => [s.id, s]));
    const sub = flow('cond', [exec('conditional-user-role', 'REQUIRED'), exec('first', 'REQUIRED')]);
    const result = await runFlow(newRun(steps), flow('top', [exec(null, 'CONDITIONAL', sub)]));
    assert.equal(result.kind, 'stop');
    assert.deepEqual((result as { outcome: { page: { data: unknown } } }).outcome.page.data, {
      message: { type: 'error', key: 'unknownAuthenticatorMessage', params: ['conditional-user-role'] },
    });
  });

  it('waits on a challenge and resumes at the same step with the posted form', async () => {
    const log: string[] = [];
    const form: Authenticator = { ...fake('form', show, log), action: async () => (log.push('action'), succeed) };
    const steps = new Map([fake('before', attempt, log), form, fake('after', succeed, log)].map((s) => [s.id, s]));
    const challenged = exec('form', 'REQUIRED');
    const tree = flow('top', [exec('before', 'ALTERNATIVE'), exec(null, 'ALTERNATIVE', flow('forms', [challenged, exec('after', 'REQUIRED')]))]);
    const run = newRun(steps);
    assert.equal((await runFlow(run, tree)).kind, 'stop');
    assert.equal(run.ctx.journey.challenged, challenged.id);
    run.submission = { execution: challenged.id, form: {} };
    assert.deepEqual(await runFlow(run, tree), { kind: 'success' });
    assert.deepEqual(log, ['before', 'form', 'action', 'after']);
  });

  it('lets the next ALTERNATIVE try after one fails, and explains the failure when none succeeds', async () => {
    const log: string[] = [];
    const failing = fake('failing', { kind: 'failure', retry: false, page: errorPage('somethingBroke') }, log);
    const steps = new Map([failing, fake('b', succeed, log)].map((s) => [s.id, s]));
    assert.deepEqual(await runFlow(newRun(steps), flow('top', [exec('failing', 'ALTERNATIVE'), exec('b', 'ALTERNATIVE')])), { kind: 'success' });
    const alone = await runFlow(newRun(steps), flow('top', [exec('failing', 'ALTERNATIVE')]));
    assert.deepEqual(alone, { kind: 'incomplete', failure: errorPage('somethingBroke') });
  });
});
