/**
 * The realm's authentication flows as the Admin API reads them: lookups with Keycloak's 404s,
 * executions in priority order, and the AuthenticationFlowRepresentation.
 */
import type { ExecutionRecord, FlowRecord, RealmRecord, Repositories, Requirement } from '../storage/ports.ts';
import { AdminError, badRequest, notFound } from './types.ts';

/** Keycloak's requirement values. */
export const REQUIREMENTS: readonly Requirement[] = ['REQUIRED', 'ALTERNATIVE', 'CONDITIONAL', 'DISABLED'];

/** A requirement named in a body, or 400. */
export function requirementOf(value: unknown): Requirement {
  if (typeof value === 'string' && (REQUIREMENTS as readonly string[]).includes(value)) return value as Requirement;
  throw badRequest(`Invalid requirement: ${String(value)}`, 'requirement');
}

/** The flow with this id, or Keycloak's 404. */
export async function flowById(repos: Repositories, realm: RealmRecord, id: string | undefined, message = 'Could not find flow with id'): Promise<FlowRecord> {
  const flow = id ? await repos.flows.findFlowById(realm.id, id) : undefined;
  if (!flow) throw notFound(message);
  return flow;
}

/** The flow with this alias, or Keycloak's 404. */
export async function flowByAlias(repos: Repositories, realm: RealmRecord, alias: string | undefined, message = 'Flow not found'): Promise<FlowRecord> {
  const flow = alias ? await repos.flows.findFlowByAlias(realm.id, alias) : undefined;
  if (!flow) throw notFound(message);
  return flow;
}

/** The execution with this id, or Keycloak's 404 `Illegal execution`. */
export async function executionOf(repos: Repositories, realm: RealmRecord, id: string | undefined): Promise<ExecutionRecord> {
  const execution = id ? await repos.flows.findExecution(realm.id, id) : undefined;
  if (!execution) throw notFound('Illegal execution');
  return execution;
}

/** A flow's executions by priority (ties by id, so the order is stable). */
export async function orderedExecutions(repos: Repositories, flowId: string): Promise<ExecutionRecord[]> {
  return (await repos.flows.listExecutions(flowId)).sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
}

/** The priority a new execution of the flow gets: one after the last, as Keycloak does. */
export async function nextPriority(repos: Repositories, flowId: string): Promise<number> {
  const executions = await orderedExecutions(repos, flowId);
  return executions.length === 0 ? 0 : executions[executions.length - 1]!.priority + 1;
}

/** Refuses changes to the inside of a built-in flow, with Keycloak's text. */
export function refuseBuiltIn(flow: FlowRecord, message: string): void {
  if (flow.builtIn) throw new AdminError(400, { error: message });
}

/** Keycloak's AuthenticationFlowRepresentation, with its executions. */
export async function flowRepresentation(repos: Repositories, realm: RealmRecord, flow: FlowRecord): Promise<Record<string, unknown>> {
  const executions = [];
  for (const e of await orderedExecutions(repos, flow.id)) {
    const child = e.childFlowId ? await repos.flows.findFlowById(realm.id, e.childFlowId) : undefined;
    const config = e.configId ? await repos.flows.findConfig(realm.id, e.configId) : undefined;
    executions.push({
      ...(e.authenticator !== null ? { authenticator: e.authenticator } : {}),
      ...(config ? { authenticatorConfig: config.alias } : {}),
      authenticatorFlow: e.childFlowId !== null,
      ...(child ? { flowAlias: child.alias } : {}),
      requirement: e.requirement,
      priority: e.priority,
      autheticatorFlow: e.childFlowId !== null,
      userSetupAllowed: false,
    });
  }
  return {
    id: flow.id,
    alias: flow.alias,
    description: flow.description ?? '',
    providerId: flow.providerId,
    topLevel: flow.topLevel,
    builtIn: flow.builtIn,
    authenticationExecutions: executions,
  };
}
