/**
 * Form field errors as a page sees them: Keycloak's `messagesPerField`, built from the
 * `field → messages` map that a flow step's validation returns.
 */

/** A message key (or finished text), optionally with `{n}` parameters. */
export type FieldMessage = string | { readonly key: string; readonly params?: readonly unknown[] };

/** Keycloak's `messagesPerField`, as a plain object. */
export interface FieldMessages {
  /** The messages as given, by field name. */
  readonly errors: Readonly<Record<string, readonly FieldMessage[]>>;
  /** Whether `field` has any message. */
  exists(field: string): boolean;
  /** Whether any of `fields` has an error. */
  existsError(...fields: string[]): boolean;
  /** Every message of `field`, formatted; empty when there is none. */
  get(field: string): string[];
  /** The first message of the first of `fields` that has one, formatted; `''` when none has. */
  getFirstError(...fields: string[]): string;
}

/**
 * Wraps `field → messages`. `format` turns a message into text; the renderer passes the page's
 * `msg` so that keys come out translated, and without it a key is returned as is.
 */
export function fieldMessages(
  errors: Readonly<Record<string, readonly FieldMessage[]>> = {},
  format: (message: FieldMessage) => string = (m) => (typeof m === 'string' ? m : m.key),
): FieldMessages {
  const own = (field: string): readonly FieldMessage[] => (Object.hasOwn(errors, field) ? (errors[field] ?? []) : []);
  const exists = (field: string): boolean => own(field).length > 0;
  return {
    errors,
    exists,
    existsError: (...fields) => fields.some(exists),
    get: (field) => own(field).map(format),
    getFirstError(...fields) {
      const field = fields.find(exists);
      return field === undefined ? '' : format(own(field)[0]!);
    },
  };
}

/** Whether `value` is a {@link FieldMessages} (as opposed to a bare `field → messages` map). */
export function isFieldMessages(value: unknown): value is FieldMessages {
  return typeof value === 'object' && value !== null && typeof (value as FieldMessages).getFirstError === 'function' && 'errors' in value;
}
