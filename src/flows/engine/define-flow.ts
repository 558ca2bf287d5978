import type { Requirement } from '../../storage/ports.ts';

/**
 * Flows as data, the shape of Keycloak's AuthenticationFlowRepresentation: what the built-in
 * flows are written in and what seedBuiltinFlows stores.
 */
export interface FlowDefinition {
  alias: string;
  description: string | null;
  /** `basic-flow`, `form-flow` (its executions are form actions) or `client-flow`. */
  providerId: 'basic-flow' | 'form-flow' | 'client-flow';
  executions: ExecutionDefinition[];
}

export interface ExecutionDefinition {
  /** The step's provider id; for a form flow, its page (`registration-page-form`). */
  authenticator: string | null;
  requirement: Requirement;
  priority: number;
  /** The authenticator config this execution reads. */
  config?: ConfigDefinition;
  flow?: FlowDefinition;
}

/** Keycloak's AuthenticatorConfigRepresentation, referenced by alias. */
export interface ConfigDefinition {
  alias: string;
  config: Record<string, string>;
}

/** A flow; `basic-flow` unless said otherwise. */
export function defineFlow(
  alias: string,
  description: string | null,
  executions: ExecutionDefinition[],
  providerId: FlowDefinition['providerId'] = 'basic-flow',
): FlowDefinition {
  return { alias, description, providerId, executions };
}

/** An execution of a step. */
export function step(authenticator: string, requirement: Requirement, priority: number, config?: ConfigDefinition): ExecutionDefinition {
  return config ? { authenticator, requirement, priority, config } : { authenticator, requirement, priority };
}

/** An execution that runs a sub-flow; a form flow also names its page authenticator. */
export function subFlow(flow: FlowDefinition, requirement: Requirement, priority: number, authenticator: string | null = null): ExecutionDefinition {
  return { authenticator, requirement, priority, flow };
}
