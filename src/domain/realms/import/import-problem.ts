import { GatehouseError } from '../../../kernel/errors.ts';

/**
 * A broken part of an imported representation: a 400 whose message starts with the part's
 * path (`users[12].credentials[0]: unknown algorithm "md5"`), so that the author finds it.
 */
export function importProblem(path: string, message: string): GatehouseError {
  return new GatehouseError('GH_INVALID_INPUT', [`${path}: ${message}`], { field: path });
}

type Json = Record<string, unknown>;

/** The object at `path`, `{}` when absent; anything else is a problem named by its path. */
export function objectAt(value: unknown, path: string): Json {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw importProblem(path, 'expected an object');
  return value as Json;
}

/** The array at `path`, `[]` when absent. */
export function arrayAt(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw importProblem(path, 'expected an array');
  return value;
}

/** An optional string; a number or boolean is taken as its text (hand-written files do that). */
export function stringAt(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw importProblem(path, 'expected a string');
}

/** A string that must be there and not blank. */
export function requiredStringAt(value: unknown, path: string): string {
  const text = stringAt(value, path);
  if (text === undefined || text.trim() === '') throw importProblem(path, 'is missing');
  return text;
}

/** An optional boolean (`"true"`/`"false"` strings accepted). */
export function boolAt(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw importProblem(path, 'expected a boolean');
}

/** An optional array of strings. */
export function stringsAt(value: unknown, path: string): string[] {
  return arrayAt(value, path).map((item, i) => requiredStringAt(item, `${path}[${i}]`));
}

/** Keycloak's multi-valued attributes: name → string or array of strings. */
export function attributesAt(value: unknown, path: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(objectAt(value, path))) {
    if (raw === null || raw === undefined) continue;
    result[name] = Array.isArray(raw) ? raw.map((v, i) => stringAt(v, `${path}.${name}[${i}]`) ?? '') : [stringAt(raw, `${path}.${name}`) ?? ''];
  }
  return result;
}

/** The fields of `source` other than `known`: what Gatehouse keeps without reading. */
export function unknownFields(source: Json, known: ReadonlySet<string>): Json {
  const rest: Json = {};
  for (const [key, value] of Object.entries(source)) if (!known.has(key) && value !== undefined) rest[key] = value;
  return rest;
}

/**
 * Stands in for an entry a partial import skips: the parts pass over it, and every other
 * entry keeps its index, so that problems still name the entry's place in the request.
 */
export const SKIPPED: Readonly<Record<string, never>> = Object.freeze({});
