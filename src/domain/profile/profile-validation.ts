import type { Attributes } from '../../storage/ports.ts';
import type { AttributeRules, RuleSettings } from './attribute-rules.ts';
import { attributeRules, unmanagedRules } from './attribute-rules.ts';
import type { RootAttribute, UPAttribute, UPConfig } from './model.ts';
import { isRootAttribute } from './model.ts';
import type { FieldError, ValidatorRegistry } from './validators/index.ts';
import { runValidator } from './validators/index.ts';
import { MESSAGE_INVALID_LENGTH } from './validators/length.ts';

/** Keycloak's `error-user-attribute-required` (AttributeRequiredByMetadataValidator). */
export const MESSAGE_ATTRIBUTE_REQUIRED = 'error-user-attribute-required';
/**
 * Keycloak's `error-user-attribute-read-only` (ImmutableAttributeValidator). Not produced
 * here: a value submitted for a read-only field is ignored rather than refused, so a stale
 * form cannot fail. Exported for callers that want Keycloak's strict Admin API answer.
 */
export const MESSAGE_ATTRIBUTE_READ_ONLY = 'error-user-attribute-read-only';
/** Keycloak's DefaultAttributes.DEFAULT_MAX_LENGTH_ATTRIBUTES: the cap on any attribute without a `length` validator. */
export const DEFAULT_MAX_LENGTH = 2048;

/** Submitted form or API values, one string or several per field. */
export type ProfileInput = Record<string, string | string[] | undefined>;

/**
 * What to save. A root field that is `undefined` is not writable here (keep the stored value);
 * `null` clears it. `attributes` holds only attributes this context may write, `[]` clearing
 * one; an attribute absent from it keeps its stored values.
 */
export interface ProfileValues {
  username?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  attributes: Attributes;
}

export interface ProfileValidation {
  /** Field name → its errors, in the order found; empty when the input is valid. */
  readonly errors: Record<string, FieldError[]>;
  readonly values: ProfileValues;
}

// Keycloak's legacy form prefix for custom attributes.
const ATTRIBUTE_PREFIX = 'user.attributes.';
// Credentials travel in the same registration form; they must never become attributes.
const NEVER_ATTRIBUTES = new Set(['password', 'password-confirm']);

/** Trims every value and drops empty ones; strips the `user.attributes.` prefix. */
export function normalizeInput(input: ProfileInput): Map<string, string[]> {
  const normalized = new Map<string, string[]>();
  for (const [rawName, raw] of Object.entries(input)) {
    const name = rawName.startsWith(ATTRIBUTE_PREFIX) ? rawName.slice(ATTRIBUTE_PREFIX.length) : rawName;
    if (NEVER_ATTRIBUTES.has(name) || raw === undefined) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v).trim()).filter((v) => v !== '');
    normalized.set(name, [...(normalized.get(name) ?? []), ...values]);
  }
  return normalized;
}

export interface ValidationSettings extends RuleSettings {
  readonly config: UPConfig;
  readonly registry: ValidatorRegistry;
  readonly locale?: string;
}

function checkManaged(attribute: UPAttribute, rules: AttributeRules, values: string[], s: ValidationSettings): FieldError[] {
  const context = { attribute: attribute.name, required: rules.required, locale: s.locale };
  if (values.length === 0) return rules.required ? [{ key: MESSAGE_ATTRIBUTE_REQUIRED, params: [attribute.name] }] : [];
  const validations = attribute.validations ?? {};
  const errors: FieldError[] = [];
  for (const [id, config] of Object.entries(validations)) {
    // With email as username the email's own validators decide (Keycloak skips this one too).
    if (id === 'username-prohibited-characters' && s.emailAsUsername) continue;
    errors.push(...runValidator(s.registry, id, values, config ?? {}, context));
  }
  if (!('length' in validations)) errors.push(...runValidator(s.registry, 'length', values, { min: 0, max: DEFAULT_MAX_LENGTH }, context));
  if (!attribute.multivalued && !('multivalued' in validations)) errors.push(...runValidator(s.registry, 'multivalued', values, { max: 1 }, context));
  return errors;
}

function checkUnmanaged(name: string, values: string[]): FieldError[] {
  return values.some((v) => v.length > DEFAULT_MAX_LENGTH) ? [{ key: MESSAGE_INVALID_LENGTH, params: [name, '0', String(DEFAULT_MAX_LENGTH)] }] : [];
}

function assign(values: ProfileValues, name: string, list: string[]): void {
  if (isRootAttribute(name)) values[name as RootAttribute] = list[0] ?? null;
  else values.attributes[name] = list;
}

/**
 * Validates submitted values against the configuration in one context and returns what to
 * save. Read-only and unselected attributes are skipped entirely: their submitted values are
 * neither checked nor kept. Username and email are lower-cased, as Keycloak stores them.
 */
export function validateProfileInput(input: ProfileInput, s: ValidationSettings): ProfileValidation {
  const submitted = normalizeInput(input);
  const errors: Record<string, FieldError[]> = {};
  const values: ProfileValues = { attributes: {} };
  const managed = new Set<string>();

  for (const attribute of s.config.attributes) {
    managed.add(attribute.name);
    const rules = attributeRules(attribute, s);
    if (!rules.selected || !rules.canEdit) continue;
    let list = submitted.get(attribute.name) ?? [];
    if (list.length === 0 && s.newUser && attribute.defaultValue) list = [attribute.defaultValue];
    if (attribute.name === 'username' || attribute.name === 'email') list = list.map((v) => v.toLowerCase());
    const found = checkManaged(attribute, rules, list, s);
    if (found.length > 0) errors[attribute.name] = found;
    assign(values, attribute.name, list);
  }

  if (unmanagedRules(s.config.unmanagedAttributePolicy, s.context).canEdit) {
    for (const [name, list] of submitted) {
      if (managed.has(name)) continue;
      const found = checkUnmanaged(name, list);
      if (found.length > 0) errors[name] = found;
      assign(values, name, list);
    }
  }

  if (s.emailAsUsername && values.email) values.username = values.email;
  return { errors, values };
}
