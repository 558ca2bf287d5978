import { GatehouseError } from '../../kernel/errors.ts';

/** Booleans are stored as 0/1 in both dialects. */
export const toInt = (value: boolean): number => (value ? 1 : 0);
export const toBool = (value: number | string | boolean | null): boolean => value === 1 || value === '1' || value === true;

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? {});
}

export function fromJson<T>(text: string | null): T {
  return (text ? JSON.parse(text) : {}) as T;
}

/** Whether a driver error is a unique-constraint violation, in either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Names the violated constraint (PostgreSQL's `constraint`, SQLite's message) for callers that must tell two apart. */
export function violatedConstraint(error: unknown): string {
  const e = error as { constraint?: string; message?: string };
  return e.constraint ?? e.message ?? '';
}

/**
 * Runs a write and turns a unique violation into `GH_CONFLICT` with `what` as its parameter,
 * so that callers see one error whichever database said no.
 */
export async function conflictAs<T>(what: (error: unknown) => string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new GatehouseError('GH_CONFLICT', [what(error)], { cause: error });
    throw error;
  }
}

/** The largest page: SQLite cannot take an OFFSET without a LIMIT, PostgreSQL no negative LIMIT. */
const NO_LIMIT = 2_147_483_647;

/** Keycloak's `first`/`max` paging; an absent or negative value means "from the start" or "all". */
export function paging(first?: number, max?: number): { offset: number; limit: number } {
  return { offset: first && first > 0 ? first : 0, limit: max !== undefined && max >= 0 ? max : NO_LIMIT };
}
