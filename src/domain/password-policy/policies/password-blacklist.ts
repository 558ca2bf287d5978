import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GatehouseError } from '../../../kernel/errors.ts';
import { definePolicy, PolicyConfigError } from '../types.ts';

/** A parsed `passwordBlacklist`: the list's file name under `<dataDir>/password-blacklists/`. */
export interface BlacklistConfig { name: string }

interface CachedList { mtimeMs: number; size: number; words: Promise<ReadonlySet<string>> }

// Keyed by path; a list is read on first use and again only when the file's mtime or size changes.
const cache = new Map<string, CachedList>();

/** Where a blacklist named in a policy lives. */
export function blacklistPath(dataDir: string, name: string): string {
  return join(dataDir, 'password-blacklists', name);
}

/**
 * The lower-cased passwords of a blacklist file (one a line), loaded lazily and cached.
 * @throws GatehouseError `GH_CONFIG_INVALID` naming the path when the file is missing or unreadable.
 */
export async function loadBlacklist(path: string): Promise<ReadonlySet<string>> {
  const missing = (): GatehouseError => new GatehouseError('GH_CONFIG_INVALID', [`passwordBlacklist: password blacklist ${path} not found or unreadable`]);
  const info = await stat(path).catch(() => { throw missing(); });
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit.words;
  const words = readFile(path, 'utf8').then(
    (text) => new Set(text.split(/\r\n|\r|\n/).filter((line) => line !== '').map((line) => line.toLowerCase())),
    () => { throw missing(); },
  );
  cache.set(path, { mtimeMs: info.mtimeMs, size: info.size, words });
  words.catch(() => cache.delete(path));
  return words;
}

/**
 * `passwordBlacklist(file name)`: refuses passwords listed in the file, compared
 * case-insensitively. Without a value the policy does nothing, as in Keycloak. The whole list
 * is kept in memory (Keycloak uses a Bloom filter), so very large lists cost memory.
 */
export const passwordBlacklistPolicy = definePolicy({
  id: 'passwordBlacklist', displayName: 'Password Blacklist', configType: 'String', defaultValue: '', multipleSupported: false,
  messageKey: 'invalidPasswordBlacklistedMessage',
  parse(value): BlacklistConfig | null {
    if (value === undefined) return null;
    const name = value.trim();
    if (name === '') throw new PolicyConfigError('Password blacklist name must not be empty!');
    if (/[/\\]/.test(name) || name === '.' || name === '..') throw new PolicyConfigError(`${name} must not contain slashes!`);
    return { name };
  },
  async check(config, password, run) {
    if (config === null) return undefined;
    const words = await loadBlacklist(blacklistPath(run.dataDir, config.name));
    return words.has(password.toLowerCase()) ? { key: 'invalidPasswordBlacklistedMessage', params: [] } : undefined;
  },
});
