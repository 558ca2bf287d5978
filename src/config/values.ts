/**
 * Turning one raw option value (a flag's text, an environment variable, a JSON value from
 * the config file) into a typed value, with messages that name where the value came from.
 */
import { GatehouseError } from '../kernel/errors.ts';
import { envNames, type OptionSpec, type OptionValue } from './schema.ts';

/** Where a resolved value came from; error messages and warnings name it. */
export type ValueSource =
  | { readonly kind: 'flag' }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string; readonly name: string }
  | { readonly kind: 'default' };

/** A `GH_CONFIG_INVALID` error with a one-line message. */
export function configError(message: string): GatehouseError {
  return new GatehouseError('GH_CONFIG_INVALID', [message]);
}

/** How a message refers to the option: by the flag, or by the variable or file key that set it. */
export function describeSource(spec: OptionSpec, source: ValueSource): string {
  switch (source.kind) {
    case 'env':
      return `${source.name} (${spec.flag})`;
    case 'file':
      return `"${source.name}" in ${source.path} (${spec.flag})`;
    default:
      return spec.flag;
  }
}

/** The error for a value that does not fit; secrets are never echoed. */
export function invalidValue(spec: OptionSpec, source: ValueSource, raw: unknown, problem: string): GatehouseError {
  const shown = spec.secret ? 'the value' : JSON.stringify(typeof raw === 'string' ? raw : raw ?? null);
  return configError(`Invalid value for ${describeSource(spec, source)}: ${shown} ${problem}`);
}

/**
 * Parses a raw value for `spec`. Strings come from flags and the environment; the config
 * file may also give JSON numbers, booleans and arrays, which are accepted where they fit.
 */
export function parseValue(spec: OptionSpec, raw: unknown, source: ValueSource): OptionValue {
  const fail = (problem: string) => invalidValue(spec, source, raw, problem);
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  switch (spec.type) {
    case 'integer': {
      const min = spec.min ?? 0;
      const max = spec.max ?? Number.MAX_SAFE_INTEGER;
      const value = typeof raw === 'number' ? raw : text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(value) || value < min || value > max) {
        throw fail(`is not an integer between ${min} and ${max}`);
      }
      return value;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const lower = text?.toLowerCase();
      if (lower === 'true' || lower === 'false') return lower === 'true';
      throw fail('is not true or false');
    }
    case 'enum': {
      const values = spec.values ?? [];
      if (text !== undefined && values.includes(text)) return text;
      const hint = text === undefined ? undefined : suggest(text, values);
      throw fail(`is not one of ${values.join(', ')}${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
    case 'list': {
      const items = Array.isArray(raw) ? raw : text?.split(',');
      if (!items || !items.every((item) => typeof item === 'string')) throw fail('is not a comma-separated list');
      return items.map((item: string) => item.trim()).filter((item) => item !== '');
    }
    case 'string': {
      if (typeof raw !== 'string') throw fail('is not a string');
      const check = stringChecks[spec.key];
      return check ? check(raw, fail) : raw;
    }
  }
}

type StringCheck = (value: string, fail: (problem: string) => GatehouseError) => string;

const hostnamePattern = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

// Only the values whose mistakes would otherwise surface late (as wrong issuer URLs) are
// checked here; database URLs are checked with --db in load.ts, where the vendor is known.
const stringChecks: Partial<Record<OptionSpec['key'], StringCheck>> = {
  hostname: (value, fail) => {
    if (!value.includes('://')) {
      if (hostnamePattern.test(value)) return value;
      throw fail(value.includes(':')
        ? 'is not a hostname (to give a port, write a URL such as https://id.example.com:8443)'
        : 'is not a hostname or an http(s) URL');
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw fail('is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail('is not an http:// or https:// URL');
    if (url.search || url.hash || url.username || url.password) {
      throw fail('must not contain credentials, a query or a fragment');
    }
    // Issuers are built by appending paths, so a trailing slash would double up.
    return value.replace(/\/+$/, '');
  },
};

/** The environment variable that sets `spec`, GATEHOUSE_ first; empty values count as unset. */
export function envValue(spec: OptionSpec, env: NodeJS.ProcessEnv): { value: string; name: string } | undefined {
  for (const name of envNames(spec)) {
    const value = env[name];
    if (value !== undefined && value !== '') return { value, name };
  }
  return undefined;
}

/** The candidate closest to `input`, if it is close enough to be a plausible typo. */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
