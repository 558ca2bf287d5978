/**
 * The in-process alternative to an HTTP pre-registration hook: code loaded into Gatehouse
 * that answers with the same decision objects, without a network round trip.
 */
import type { RealmRecord } from '../../storage/ports.ts';
import type { PreRegistration } from './hook-decision.ts';

/** A pre-registration hook implemented in process. */
export interface RegistrationHookPlugin {
  /** Names the plugin in logs and events. */
  readonly id: string;
  /** Whether it looks at sign-ups of this realm; every realm when absent. */
  appliesTo?(realm: RealmRecord): boolean;
  /** What a throw or a timeout means (as an HTTP hook's `failurePolicy`); `open` when absent. */
  readonly failurePolicy?: 'open' | 'closed';
  /** How long `decide` may take; 3000 ms when absent. */
  readonly timeoutMs?: number;
  /**
   * Answers `{decision: 'allow', attributes?, groups?}` or `{decision: 'deny', message?,
   * field?}`; the answer is checked as an HTTP hook's JSON is.
   */
  decide(request: PreRegistration): Promise<unknown>;
}

const plugins = new Map<string, RegistrationHookPlugin>();

/** Makes a plugin take part in every later sign-up; one with the same id is replaced. */
export function registerRegistrationHookPlugin(plugin: RegistrationHookPlugin): void {
  plugins.set(plugin.id, plugin);
}

/** Takes a plugin out again. */
export function unregisterRegistrationHookPlugin(id: string): void {
  plugins.delete(id);
}

/** The plugins that look at sign-ups of a realm, in the order they were registered. */
export function registrationHookPluginsFor(realm: RealmRecord): RegistrationHookPlugin[] {
  return [...plugins.values()].filter((p) => p.appliesTo?.(realm) ?? true);
}
