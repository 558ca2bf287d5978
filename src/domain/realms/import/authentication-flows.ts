import { newId } from '../../../kernel/ids.ts';
import type { ExecutionRecord, FlowRecord, Requirement } from '../../../storage/ports.ts';
import type { ImportContext } from './import-context.ts';
import { arrayAt, boolAt, importProblem, objectAt, requiredStringAt, stringAt } from './import-problem.ts';

const REQUIREMENTS = new Set(['REQUIRED', 'ALTERNATIVE', 'CONDITIONAL', 'DISABLED']);

/** Keycloak before 8 had OPTIONAL; its own migration turns such steps off unless configured, and so does this. */
function requirementAt(value: unknown, path: string): Requirement {
  const text = (stringAt(value, path) ?? 'DISABLED').toUpperCase();
  if (text === 'OPTIONAL') return 'DISABLED';
  if (!REQUIREMENTS.has(text)) throw importProblem(path, `unknown requirement "${text}"`);
  return text as Requirement;
}

/**
 * Removes the seeded flows the file brings its own version of: each whole top-level tree
 * that holds a flow of one of those aliases, so no orphaned sub-flow stays behind.
 */
async function removeReplacedFlows(ctx: ImportContext, aliases: Set<string>): Promise<void> {
  const flows = await ctx.tx.flows.listFlows(ctx.realm.id);
  const executions = await ctx.tx.flows.listRealmExecutions(ctx.realm.id);
  const parentOf = new Map<string, string>();
  for (const e of executions) if (e.childFlowId) parentOf.set(e.childFlowId, e.flowId);
  const rootOf = (id: string): string => {
    let current = id;
    for (let guard = 0; parentOf.has(current) && guard < 100; guard++) current = parentOf.get(current)!;
    return current;
  };
  const doomedRoots = new Set(flows.filter((f) => aliases.has(f.alias)).map((f) => rootOf(f.id)));
  const doomed = flows.filter((f) => doomedRoots.has(rootOf(f.id)));
  const configIds = new Set(executions.filter((e) => doomed.some((f) => f.id === e.flowId) && e.configId).map((e) => e.configId!));
  // Children first: an execution row points at its sub-flow.
  for (const flow of doomed.reverse()) await ctx.tx.flows.deleteFlow(ctx.realm.id, flow.id);
  for (const id of configIds) await ctx.tx.flows.deleteConfig(ctx.realm.id, id);
}

/**
 * `authenticationFlows`, `authenticatorConfig`: the file's flows replace the built-in ones
 * of the same alias; built-in flows it lacks stay (an old export knows fewer). Executions
 * name their sub-flow by `flowAlias` and their config by alias. Providers Gatehouse does not
 * run (another server's extensions) are kept as data.
 */
export async function importFlows(ctx: ImportContext): Promise<void> {
  const list = arrayAt(ctx.rep.authenticationFlows, 'authenticationFlows');
  const configs = new Map<string, string>();
  for (const [i, raw] of arrayAt(ctx.rep.authenticatorConfig, 'authenticatorConfig').entries()) {
    const path = `authenticatorConfig[${i}]`;
    const rep = objectAt(raw, path);
    const alias = requiredStringAt(rep.alias, `${path}.alias`);
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(objectAt(rep.config, `${path}.config`))) config[key] = stringAt(value, `${path}.config.${key}`) ?? '';
    configs.set(alias, newId());
    await ctx.tx.flows.createConfig({ id: configs.get(alias)!, realmId: ctx.realm.id, alias, config });
  }
  if (list.length === 0) return;

  const reps = list.map((raw, i) => objectAt(raw, `authenticationFlows[${i}]`));
  const aliases = new Set(reps.map((rep, i) => requiredStringAt(rep.alias, `authenticationFlows[${i}].alias`)));
  if (aliases.size !== reps.length) throw importProblem('authenticationFlows', 'two flows have the same alias');
  // The replaced built-in flows go first, with their configs; the file's configs are new rows.
  await removeReplacedFlows(ctx, aliases);

  const flowIds = new Map<string, string>();
  for (const flow of await ctx.tx.flows.listFlows(ctx.realm.id)) flowIds.set(flow.alias, flow.id);
  for (const [i, rep] of reps.entries()) {
    const path = `authenticationFlows[${i}]`;
    const record: FlowRecord = {
      id: newId(),
      realmId: ctx.realm.id,
      alias: String(rep.alias),
      description: stringAt(rep.description, `${path}.description`) ?? null,
      providerId: stringAt(rep.providerId, `${path}.providerId`) ?? 'basic-flow',
      topLevel: boolAt(rep.topLevel, `${path}.topLevel`) ?? true,
      builtIn: boolAt(rep.builtIn, `${path}.builtIn`) ?? false,
    };
    await ctx.tx.flows.createFlow(record);
    flowIds.set(record.alias, record.id);
  }
  for (const [i, rep] of reps.entries()) {
    const path = `authenticationFlows[${i}]`;
    for (const [j, raw] of arrayAt(rep.authenticationExecutions, `${path}.authenticationExecutions`).entries()) {
      const ePath = `${path}.authenticationExecutions[${j}]`;
      const e = objectAt(raw, ePath);
      const isFlow = boolAt(e.authenticatorFlow ?? e.autheticatorFlow, `${ePath}.authenticatorFlow`) ?? false;
      let childFlowId: string | null = null;
      if (isFlow) {
        const flowAlias = requiredStringAt(e.flowAlias, `${ePath}.flowAlias`);
        childFlowId = flowIds.get(flowAlias) ?? null;
        if (!childFlowId) throw importProblem(`${ePath}.flowAlias`, `flow "${flowAlias}" not found`);
      }
      const configAlias = stringAt(e.authenticatorConfig, `${ePath}.authenticatorConfig`);
      let configId: string | null = null;
      if (configAlias !== undefined) {
        configId = configs.get(configAlias) ?? null;
        if (!configId) throw importProblem(`${ePath}.authenticatorConfig`, `authenticator config "${configAlias}" not found`);
      }
      const priority = Number(e.priority ?? j * 10);
      const execution: ExecutionRecord = {
        id: newId(),
        realmId: ctx.realm.id,
        flowId: flowIds.get(String(rep.alias))!,
        authenticator: isFlow ? (stringAt(e.authenticator, `${ePath}.authenticator`) ?? null) : requiredStringAt(e.authenticator, `${ePath}.authenticator`),
        childFlowId,
        requirement: requirementAt(e.requirement, `${ePath}.requirement`),
        priority: Number.isFinite(priority) ? priority : j * 10,
        configId,
      };
      await ctx.tx.flows.createExecution(execution);
    }
  }
}

/** `requiredActions`: created, or the built-in action of that alias updated. */
export async function importRequiredActions(ctx: ImportContext): Promise<void> {
  for (const [i, raw] of arrayAt(ctx.rep.requiredActions, 'requiredActions').entries()) {
    const path = `requiredActions[${i}]`;
    const rep = objectAt(raw, path);
    const alias = requiredStringAt(rep.alias, `${path}.alias`);
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(objectAt(rep.config, `${path}.config`))) config[key] = stringAt(value, `${path}.config.${key}`) ?? '';
    const existing = await ctx.tx.requiredActions.find(ctx.realm.id, alias);
    const record = {
      id: existing?.id ?? newId(),
      realmId: ctx.realm.id,
      alias,
      name: stringAt(rep.name, `${path}.name`) ?? existing?.name ?? alias,
      providerId: stringAt(rep.providerId, `${path}.providerId`) ?? existing?.providerId ?? alias,
      enabled: boolAt(rep.enabled, `${path}.enabled`) ?? existing?.enabled ?? true,
      defaultAction: boolAt(rep.defaultAction, `${path}.defaultAction`) ?? false,
      priority: Number(rep.priority ?? existing?.priority ?? 1000),
      config,
    };
    if (existing) await ctx.tx.requiredActions.update(record);
    else await ctx.tx.requiredActions.create(record);
  }
}
