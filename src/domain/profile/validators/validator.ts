import type { ValidatorConfig } from '../model.ts';

/**
 * A field error as Keycloak reports it: a message key for the theme bundles and its
 * parameters. As in Keycloak (`ValidationError.getInputHintWithMessageParameters`), the first
 * parameter is the attribute's name and the validator's own parameters follow, so a bundle
 * line such as `error-invalid-length=Length must be between {1} and {2}.` reads the same here.
 */
export interface FieldError {
  readonly key: string;
  readonly params: readonly string[];
}

/** What a validator may know about the attribute it checks. */
export interface ValidatorContext {
  /** The attribute's name: Keycloak's input hint, the first message parameter. */
  readonly attribute: string;
  /** Whether the attribute is required here; the `multivalued` validator's default minimum depends on it. */
  readonly required: boolean;
  /** The user's or realm's locale, for `local-date`. */
  readonly locale?: string;
}

/**
 * A user-profile validator, registered under Keycloak's id. `validate` receives the trimmed,
 * non-empty values; empty values are never validated here (only `required` rejects them).
 */
export interface ProfileValidator {
  readonly id: string;
  validate(values: readonly string[], config: ValidatorConfig, context: ValidatorContext): FieldError[];
  /** Problems with a configuration an admin is saving; none when it is usable. */
  validateConfig?(config: ValidatorConfig): string[];
}

/** Builds an error with the attribute name first, as Keycloak does. */
export function fieldError(key: string, context: ValidatorContext, ...params: (string | number | undefined)[]): FieldError {
  return { key, params: [context.attribute, ...params.map((p) => (p === undefined ? '' : String(p)))] };
}

/** Runs a per-value check on each value, as Keycloak's AbstractSimpleValidator does for collections. */
export function eachValue(values: readonly string[], check: (value: string) => FieldError | undefined): FieldError[] {
  return values.flatMap((value) => check(value) ?? []);
}

/** An integer config entry; Keycloak accepts `3` and `"3"` alike. Undefined when absent or not a number. */
export function configNumber(config: ValidatorConfig, key: string, integer = true): number | undefined {
  const raw = config[key];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) return undefined;
  return value;
}

export function configBoolean(config: ValidatorConfig, key: string, fallback: boolean): boolean {
  const raw = config[key];
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return fallback;
}

export function configStrings(config: ValidatorConfig, key: string): string[] | undefined {
  const raw = config[key];
  if (Array.isArray(raw)) return raw.map(String);
  return undefined;
}

/** Config problems shared by validators with numeric `min`/`max` bounds. */
export function boundsProblems(config: ValidatorConfig, integer: boolean, requireOne: boolean): string[] {
  const problems: string[] = [];
  const hasMin = config.min !== undefined;
  const hasMax = config.max !== undefined;
  if (requireOne && !hasMin && !hasMax) problems.push('min or max is required');
  if (hasMin && configNumber(config, 'min', integer) === undefined) problems.push(`min is not a number: ${String(config.min)}`);
  if (hasMax && configNumber(config, 'max', integer) === undefined) problems.push(`max is not a number: ${String(config.max)}`);
  const min = configNumber(config, 'min', integer);
  const max = configNumber(config, 'max', integer);
  if (problems.length === 0 && min !== undefined && max !== undefined && min > max) problems.push('min is greater than max');
  return problems;
}
