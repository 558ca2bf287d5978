/**
 * The one catalogue of Gatehouse errors. Every error that crosses a layer carries a stable
 * `GH_*` code; the HTTP layer maps the code to a status and to one of the three outward
 * shapes (protocol, form field, Admin API). `expose` says whether the message may be shown
 * to the caller as it is; when false the caller sees a generic message and the log keeps
 * the detail.
 */
export interface ErrorSpec {
  readonly status: number;
  /** Message key (Keycloak's where it has one) or an English sentence with `{0}` slots. */
  readonly message: string;
  readonly expose: boolean;
}

export const errorCatalogue = {
  GH_CONFIG_INVALID: { status: 400, message: 'Invalid configuration: {0}', expose: true },
  GH_DB_UNREACHABLE: { status: 503, message: 'Database unreachable at {0}', expose: true },
  GH_MIGRATION_FAILED: { status: 500, message: 'Database migration failed: {0}', expose: false },
  GH_NOT_FOUND: { status: 404, message: '{0} not found', expose: true },
  GH_CONFLICT: { status: 409, message: '{0}', expose: true },
  GH_INVALID_INPUT: { status: 400, message: '{0}', expose: true },
  GH_UNSUPPORTED_HASH: { status: 400, message: 'Unsupported password hash algorithm: {0}', expose: true },
  GH_INTERNAL: { status: 500, message: 'Unexpected server error', expose: false },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalogue;

/** An error with a catalogue code; `params` fill the message's `{n}` slots. */
export class GatehouseError extends Error {
  readonly code: ErrorCode;
  readonly params: readonly string[];
  /** The input field the error is about, when there is one (Admin API `field`). */
  readonly field: string | undefined;

  constructor(code: ErrorCode, params: readonly string[] = [], options: { field?: string; cause?: unknown } = {}) {
    super(formatMessage(errorCatalogue[code].message, params), { cause: options.cause });
    this.name = 'GatehouseError';
    this.code = code;
    this.params = params;
    this.field = options.field;
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }

  get expose(): boolean {
    return errorCatalogue[this.code].expose;
  }
}

/** Fills `{0}`, `{1}`, … with the given parameters. */
export function formatMessage(template: string, params: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => params[Number(index)] ?? whole);
}

export function isGatehouseError(value: unknown, code?: ErrorCode): value is GatehouseError {
  return value instanceof GatehouseError && (code === undefined || value.code === code);
}
