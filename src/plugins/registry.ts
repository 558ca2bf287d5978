import type { CaptchaProvider, PluginDefinition } from './api.ts';
import { builtinPlugin } from './builtin/index.ts';

/**
 * The plugins a server runs with, by extension point. The built-in plugin is always there;
 * others are added with {@link PluginRegistry.add} before the server starts.
 */
export class PluginRegistry {
  private readonly captcha = new Map<string, CaptchaProvider>();

  constructor(plugins: readonly PluginDefinition[] = [builtinPlugin]) {
    for (const plugin of plugins) this.add(plugin);
  }

  add(plugin: PluginDefinition): this {
    for (const provider of plugin.captchaProviders ?? []) {
      if (this.captcha.has(provider.id)) throw new Error(`plugin ${plugin.id}: captcha provider "${provider.id}" is already registered`);
      this.captcha.set(provider.id, provider);
    }
    return this;
  }

  captchaProvider(id: string): CaptchaProvider | undefined {
    return this.captcha.get(id);
  }

  captchaProviderIds(): string[] {
    return [...this.captcha.keys()];
  }
}

/** The registry the built-in steps use unless the server is given another. */
export const defaultPlugins = new PluginRegistry();
