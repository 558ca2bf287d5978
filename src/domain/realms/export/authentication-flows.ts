import type { ExportContext } from './export-context.ts';

/** `authenticationFlows`, `authenticatorConfig` and `requiredActions` in Keycloak's export shape. */
export async function exportFlows(ctx: ExportContext): Promise<{ authenticationFlows: unknown[]; authenticatorConfig: unknown[]; requiredActions: unknown[] }> {
  const flows = await ctx.repos.flows.listFlows(ctx.realm.id);
  const executions = await ctx.repos.flows.listRealmExecutions(ctx.realm.id);
  const configs = await ctx.repos.flows.listConfigs(ctx.realm.id);
  const aliasOfFlow = new Map(flows.map((f) => [f.id, f.alias]));
  const aliasOfConfig = new Map(configs.map((c) => [c.id, c.alias]));
  const stepName = (e: { authenticator: string | null; childFlowId: string | null }) => e.authenticator ?? aliasOfFlow.get(e.childFlowId ?? '') ?? '';
  const authenticationFlows = flows.map((flow) => ({
    id: flow.id,
    alias: flow.alias,
    description: flow.description ?? '',
    providerId: flow.providerId,
    topLevel: flow.topLevel,
    builtIn: flow.builtIn,
    authenticationExecutions: executions
      .filter((e) => e.flowId === flow.id)
      // Equal priorities (common in older exports) are ordered by step, so that exports compare.
      .sort((a, b) => a.priority - b.priority || stepName(a).localeCompare(stepName(b)))
      .map((e) => ({
        ...(e.configId && aliasOfConfig.has(e.configId) ? { authenticatorConfig: aliasOfConfig.get(e.configId) } : {}),
        ...(e.authenticator !== null ? { authenticator: e.authenticator } : {}),
        authenticatorFlow: e.childFlowId !== null,
        ...(e.childFlowId !== null ? { flowAlias: aliasOfFlow.get(e.childFlowId) } : {}),
        requirement: e.requirement,
        priority: e.priority,
        // Keycloak writes the misspelt field too, and older servers read only that one.
        autheticatorFlow: e.childFlowId !== null,
        userSetupAllowed: false,
      })),
  }));
  const authenticatorConfig = configs
    .map((c) => ({ id: c.id, alias: c.alias, config: c.config }))
    .sort((a, b) => a.alias.localeCompare(b.alias) || JSON.stringify(a.config).localeCompare(JSON.stringify(b.config)));
  const requiredActions = (await ctx.repos.requiredActions.list(ctx.realm.id)).map((a) => ({
    alias: a.alias,
    name: a.name,
    providerId: a.providerId,
    enabled: a.enabled,
    defaultAction: a.defaultAction,
    priority: a.priority,
    config: a.config,
  }));
  return { authenticationFlows, authenticatorConfig, requiredActions };
}
