import { GatehouseError } from '../../../kernel/errors.ts';
import type { ValidatorConfig } from '../model.ts';
import { doubleValidator } from './double.ts';
import { emailValidator } from './email.ts';
import { integerValidator } from './integer.ts';
import { isoDateValidator } from './iso-date.ts';
import { lengthValidator } from './length.ts';
import { localDateValidator } from './local-date.ts';
import { multivaluedValidator } from './multivalued.ts';
import { optionsValidator } from './options.ts';
import { patternValidator } from './pattern.ts';
import { personNameProhibitedCharactersValidator } from './person-name-prohibited-characters.ts';
import { usernameNotIdnHomographValidator } from './up-username-not-idn-homograph.ts';
import { uriValidator } from './uri.ts';
import { usernameProhibitedCharactersValidator } from './username-prohibited-characters.ts';
import type { FieldError, ProfileValidator, ValidatorContext } from './validator.ts';

export type { FieldError, ProfileValidator, ValidatorContext } from './validator.ts';

/** Validators by Keycloak id. */
export type ValidatorRegistry = ReadonlyMap<string, ProfileValidator>;

/** The validators Keycloak ships for user profiles, under Keycloak's ids. */
export const builtinValidators: readonly ProfileValidator[] = [
  lengthValidator,
  integerValidator,
  doubleValidator,
  uriValidator,
  patternValidator,
  emailValidator,
  localDateValidator,
  isoDateValidator,
  personNameProhibitedCharactersValidator,
  usernameProhibitedCharactersValidator,
  usernameNotIdnHomographValidator,
  optionsValidator,
  multivaluedValidator,
];

/**
 * The built-in validators plus those a plugin contributes. An id may be registered once, so a
 * plugin cannot quietly replace a built-in check with a weaker one.
 */
export function createValidatorRegistry(extra: readonly ProfileValidator[] = []): ValidatorRegistry {
  const registry = new Map<string, ProfileValidator>();
  for (const validator of [...builtinValidators, ...extra]) {
    if (registry.has(validator.id)) throw new GatehouseError('GH_CONFIG_INVALID', [`user profile validator '${validator.id}' is registered twice`]);
    registry.set(validator.id, validator);
  }
  return registry;
}

export const defaultValidatorRegistry: ValidatorRegistry = createValidatorRegistry();

/**
 * Runs one configured validation. A non-blank `error-message` in its config replaces the
 * message key of every error (Keycloak honours it on pattern and the character validators;
 * here it holds for all). An unknown id fails loudly, as in Keycloak: skipping it would
 * silently accept values the admin meant to refuse.
 */
export function runValidator(registry: ValidatorRegistry, id: string, values: readonly string[], config: ValidatorConfig, context: ValidatorContext): FieldError[] {
  const validator = registry.get(id);
  if (!validator) throw new GatehouseError('GH_CONFIG_INVALID', [`user profile validator '${id}' of attribute '${context.attribute}' does not exist`]);
  const errors = validator.validate(values, config ?? {}, context);
  const custom = config?.['error-message'];
  if (typeof custom !== 'string' || custom.trim() === '') return errors;
  return errors.map((error) => ({ key: custom, params: error.params }));
}
