import type { Repositories, Requirement } from '../../storage/ports.ts';

/** A flow with its executions by priority, sub-flows resolved. */
export interface FlowNode {
  id: string;
  alias: string;
  providerId: string;
  executions: ExecutionNode[];
}

/** One execution: a step (`authenticator`), a sub-flow (`flow`), or for a form flow both. */
export interface ExecutionNode {
  id: string;
  authenticator: string | null;
  requirement: Requirement;
  priority: number;
  /** The authenticator config's values; empty when the execution has none. */
  config: Record<string, string>;
  flow: FlowNode | null;
}

/**
 * Loads a realm's flow by alias as a tree: three queries (flows, every execution of the realm,
 * configs), whatever the depth. Undefined when the realm has no such flow. A sub-flow that
 * contains itself (possible in a hand-edited import) is cut off where it repeats, so a broken
 * import fails its journey instead of looping.
 */
export async function loadFlowTree(repos: Repositories, realmId: string, alias: string): Promise<FlowNode | undefined> {
  const [flows, executions, configs] = await Promise.all([
    repos.flows.listFlows(realmId),
    repos.flows.listRealmExecutions(realmId),
    repos.flows.listConfigs(realmId),
  ]);
  const root = flows.find((f) => f.alias === alias);
  if (!root) return undefined;
  const flowById = new Map(flows.map((f) => [f.id, f]));
  const configById = new Map(configs.map((c) => [c.id, c.config]));
  const byFlow = new Map<string, typeof executions>();
  for (const e of executions) byFlow.set(e.flowId, [...(byFlow.get(e.flowId) ?? []), e]);

  const build = (flowId: string, path: ReadonlySet<string>): FlowNode | null => {
    const flow = flowById.get(flowId);
    if (!flow || path.has(flowId)) return null;
    const inner = new Set(path).add(flowId);
    const nodes = (byFlow.get(flowId) ?? [])
      .slice()
      .sort((a, b) => a.priority - b.priority)
      .map((e) => ({
        id: e.id,
        authenticator: e.authenticator,
        requirement: e.requirement,
        priority: e.priority,
        config: (e.configId && configById.get(e.configId)) || {},
        flow: e.childFlowId ? build(e.childFlowId, inner) : null,
      }));
    return { id: flow.id, alias: flow.alias, providerId: flow.providerId, executions: nodes };
  };
  return build(root.id, new Set()) ?? undefined;
}
