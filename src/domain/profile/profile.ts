import type { Attributes, RealmRecord } from '../../storage/ports.ts';
import { realmSetting } from '../realms/model.ts';
import type { AttributeRules, ProfileContext, RuleSettings } from './attribute-rules.ts';
import { attributeRules, unmanagedRules } from './attribute-rules.ts';
import type { UPAttribute, UPConfig, UPGroup, ValidatorConfig } from './model.ts';
import { isRootAttribute } from './model.ts';
import type { ProfileInput, ProfileValidation } from './profile-validation.ts';
import { normalizeInput, validateProfileInput } from './profile-validation.ts';
import type { ValidatorRegistry } from './validators/index.ts';
import { defaultValidatorRegistry } from './validators/index.ts';

/** The user being edited: its fields and attributes as stored. */
export interface CurrentUser {
  username?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  attributes?: Attributes;
  /** Set for a client's service account, which no attribute is ever required of. */
  serviceAccountClientLink?: string | null;
}

export interface BuildProfileOptions {
  config: UPConfig;
  realm: RealmRecord;
  context: ProfileContext;
  /** The client scopes of the current sign-in, for `selector` and `required.scopes`. */
  requestedScopes?: readonly string[];
  /** Absent when the user is being created. */
  current?: CurrentUser;
  /** For `local-date`; English when absent. */
  locale?: string;
  /** Built-ins plus plugin validators; the built-ins when absent. */
  validators?: ValidatorRegistry;
}

/** A group as login templates see it (`attribute.group.displayHeader`…). */
export interface ProfileAttributeGroup {
  name: string;
  /** Falls back to the name, as Keycloak's template bean does. */
  displayHeader: string;
  displayDescription: string | null;
  annotations: Record<string, unknown>;
}

/** One attribute with the fields Keycloak's login templates read from `profile.attributes`. */
export interface ProfileAttribute {
  name: string;
  /** Plain text or `${messageKey}`, for the theme to resolve. */
  displayName: string;
  required: boolean;
  readOnly: boolean;
  value: string | null;
  values: string[];
  annotations: Record<string, unknown>;
  validators: Record<string, ValidatorConfig>;
  group: ProfileAttributeGroup | null;
  multivalued: boolean;
  defaultValue: string | null;
  /** The input's `autocomplete`: Keycloak sets it on username and email only. */
  autocomplete: string | null;
  /** The `kc*` annotations of the attribute and its group, rendered as `data-kc*` attributes. */
  html5DataAnnotations: Record<string, unknown>;
}

/** A user profile bound to one context, realm and user. */
export interface Profile {
  readonly context: ProfileContext;
  readonly config: UPConfig;
  readonly groups: readonly UPGroup[];
  /** Each configured attribute visible here, in configuration order; `formData` re-fills a form after errors. */
  attributes(formData?: ProfileInput): ProfileAttribute[];
  /** The current user's undeclared attributes that the unmanaged-attribute policy lets this context see. */
  unmanagedAttributes(): Attributes;
  readonly isReadOnly: (name: string) => boolean;
  validate(input: ProfileInput): ProfileValidation;
}

function storedValues(current: CurrentUser | undefined, name: string): string[] {
  if (!current) return [];
  if (isRootAttribute(name)) {
    const value = current[name];
    return value === null || value === undefined || value === '' ? [] : [value];
  }
  return current.attributes?.[name] ?? [];
}

function toGroup(group: UPGroup | undefined): ProfileAttributeGroup | null {
  if (!group) return null;
  return { name: group.name, displayHeader: group.displayHeader || group.name, displayDescription: group.displayDescription ?? null, annotations: group.annotations ?? {} };
}

function html5DataAnnotations(attribute: UPAttribute, group: ProfileAttributeGroup | null): Record<string, unknown> {
  const all = { ...(group?.annotations ?? {}), ...(attribute.annotations ?? {}) };
  const data = Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith('kc')));
  return attribute.multivalued ? { ...data, kcMultivalued: '' } : data;
}

/**
 * Binds a UPConfig to a context, a realm and (when editing) a user. The same profile serves
 * registration, update-profile, the account console and the Admin API; only the context
 * changes which attributes are visible, writable and required.
 */
export function buildProfile(options: BuildProfileOptions): Profile {
  const { config, context, current } = options;
  const settings: RuleSettings = {
    context,
    requestedScopes: options.requestedScopes ?? [],
    emailAsUsername: realmSetting(options.realm, 'registrationEmailAsUsername', false),
    editUsernameAllowed: realmSetting(options.realm, 'editUsernameAllowed', false),
    newUser: current === undefined,
    serviceAccount: Boolean(current?.serviceAccountClientLink),
  };
  const groups = config.groups ?? [];
  const rules = new Map<string, AttributeRules>(config.attributes.map((a) => [a.name, attributeRules(a, settings)]));
  const unmanaged = unmanagedRules(config.unmanagedAttributePolicy, context);

  function attributeView(attribute: UPAttribute, form: Map<string, string[]> | undefined): ProfileAttribute {
    const rule = rules.get(attribute.name)!;
    const group = toGroup(groups.find((g) => g.name === attribute.group));
    const stored = storedValues(current, attribute.name);
    // What the user typed (even a cleared field) wins; then the stored value; a new user starts from the default.
    const typed = rule.canEdit ? form?.get(attribute.name) : undefined;
    let values = typed ?? stored;
    if (!typed && values.length === 0 && !current && attribute.defaultValue) values = [attribute.defaultValue];
    return {
      name: attribute.name,
      displayName: attribute.displayName ?? attribute.name,
      required: rule.required,
      readOnly: !rule.canEdit,
      value: values[0] ?? null,
      values,
      annotations: attribute.annotations ?? {},
      validators: attribute.validations ?? {},
      group,
      multivalued: attribute.multivalued ?? false,
      defaultValue: attribute.defaultValue ?? null,
      autocomplete: attribute.name === 'username' || attribute.name === 'email' ? attribute.name : null,
      html5DataAnnotations: html5DataAnnotations(attribute, group),
    };
  }

  return {
    context,
    config,
    groups,
    attributes(formData) {
      const form = formData ? normalizeInput(formData) : undefined;
      return config.attributes.filter((a) => rules.get(a.name)!.canView).map((a) => attributeView(a, form));
    },
    unmanagedAttributes() {
      if (!unmanaged.canView) return {};
      return Object.fromEntries(Object.entries(current?.attributes ?? {}).filter(([name]) => !rules.has(name)));
    },
    isReadOnly: (name) => {
      const rule = rules.get(name);
      return rule ? !rule.canEdit : !unmanaged.canEdit;
    },
    validate: (input) =>
      validateProfileInput(input, { ...settings, config, registry: options.validators ?? defaultValidatorRegistry, locale: options.locale }),
  };
}
